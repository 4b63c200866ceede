package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.IoFailureException;
import dev.jmail.store.lock.LockPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxAppenderTest {
  @TempDir Path dir;
  static final Instant T = Instant.parse("2024-01-04T09:05:02Z");

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  String read(Path p) throws Exception {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  @Test
  void a_new_mbox_is_created_private_with_from_line_and_blank_separator() throws Exception {
    Path box = dir.resolve("box");
    MboxAppender.append(
        box, LockPolicy.DEFAULT, "alice@example.org", T, b("Subject: hi\r\n\r\nbody\r\n"));
    String s = read(box);
    assertTrue(
        s.matches(
            "From alice@example\\.org \\w{3} Jan [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d 2024\nSubject: hi\n\nbody\n\n"),
        s);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(box)));
    assertFalse(Files.exists(dir.resolve("box.lock")), "lock released");
  }

  @Test
  void from_lines_in_the_body_are_quoted_mboxrd_style() throws Exception {
    Path box = dir.resolve("box");
    MboxAppender.append(
        box,
        LockPolicy.DEFAULT,
        "a@b",
        T,
        b("S: x\n\nFrom me\n>From you\n>>From x\nFromage\n From\n"));
    String s = read(box);
    assertTrue(s.endsWith("\n\n>From me\n>>From you\n>>>From x\nFromage\n From\n\n"), s);
  }

  @Test
  void a_message_without_final_newline_still_gets_one_plus_separator() throws Exception {
    Path box = dir.resolve("box");
    MboxAppender.append(box, LockPolicy.DEFAULT, "a@b", T, b("S: x\n\nno newline"));
    MboxAppender.append(box, LockPolicy.DEFAULT, "", T, b("S: y\n\ntwo\n"));
    String s = read(box);
    assertTrue(s.contains("no newline\n\nFrom MAILER-DAEMON "), s);
  }

  @Test
  void existing_content_without_blank_line_gets_one_before_the_new_message() throws Exception {
    Path box = dir.resolve("box");
    Files.writeString(box, "From x Thu Jan  4 09:05:02 2024\nS: a\n\nold");
    MboxAppender.append(box, LockPolicy.DEFAULT, "a@b", T, b("S: y\n\nnew\n"));
    assertTrue(read(box).contains("old\n\nFrom a@b "), read(box));
    Path box2 = dir.resolve("box2");
    Files.writeString(box2, "From x Thu Jan  4 09:05:02 2024\nS: a\n\nold\n");
    MboxAppender.append(box2, LockPolicy.DEFAULT, "a@b", T, b("S: y\n\nnew\n"));
    assertTrue(read(box2).contains("old\n\nFrom a@b "), read(box2));
    assertFalse(read(box2).contains("old\n\n\n"));
  }

  @Test
  void asctime_pads_the_day_with_a_space() {
    String line =
        new String(
            MboxAppender.fromLine("a b", Instant.parse("2024-03-05T12:00:00Z")),
            StandardCharsets.UTF_8);
    assertTrue(line.matches("From a_b \\w{3} Mar  [4-6] \\d\\d:\\d\\d:\\d\\d 2024"), line);
  }

  @Test
  void a_failure_in_the_middle_truncates_back_and_leaves_the_mbox_as_it_was() throws Exception {
    Path box = dir.resolve("box");
    MboxAppender.append(box, LockPolicy.DEFAULT, "a@b", T, b("S: 1\n\none\n"));
    byte[] before = Files.readAllBytes(box);
    Iterable<MboxAppender.Entry> failing =
        () ->
            new Iterator<>() {
              int n;

              public boolean hasNext() {
                return true;
              }

              public MboxAppender.Entry next() {
                if (n++ == 2)
                  throw new java.io.UncheckedIOException(
                      new java.io.IOException("No space left on device"));
                if (n > 3) throw new NoSuchElementException();
                return MboxAppender.Entry.of("a@b", T, new byte[100_000]);
              }
            };
    IoFailureException e =
        assertThrows(
            IoFailureException.class,
            () -> MboxAppender.appendAll(box, LockPolicy.DEFAULT, failing));
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertEquals(List.of(), diff(before, Files.readAllBytes(box)));
  }

  @Test
  void a_target_created_by_a_failed_append_is_removed_again() throws Exception {
    Path box = dir.resolve("new-target");
    Iterable<MboxAppender.Entry> failing =
        () ->
            new Iterator<>() {
              public boolean hasNext() {
                return true;
              }

              public MboxAppender.Entry next() {
                throw new java.io.UncheckedIOException(
                    new java.io.IOException("No space left on device"));
              }
            };
    assertThrows(
        IoFailureException.class, () -> MboxAppender.appendAll(box, LockPolicy.DEFAULT, failing));
    assertFalse(Files.exists(box), "no empty file left behind");
    assertFalse(Files.exists(dir.resolve("new-target.lock")));
  }

  static List<String> diff(byte[] a, byte[] b) {
    return java.util.Arrays.equals(a, b)
        ? List.of()
        : List.of("differs: " + a.length + " vs " + b.length);
  }
}
