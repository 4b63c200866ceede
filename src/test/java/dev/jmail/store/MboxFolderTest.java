package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.mbox.MboxFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxFolderTest {
  @TempDir Path tmp;

  private static MboxFolder mbox(String fixture) {
    return new MboxFolder(Fixtures.path("mbox/" + fixture), false);
  }

  private static List<String> subjects(Folder f) {
    List<String> out = new ArrayList<>();
    f.scan((e, h) -> out.add(h.field("Subject")));
    return out;
  }

  private static String raw(Folder f, int n) {
    MessageEntry e = f.entries().get(n - 1);
    return new String(Fixtures.bytes(f.open(e)), StandardCharsets.UTF_8);
  }

  @Test
  void messages_are_split_at_from_lines_after_a_blank_line() {
    assertEquals(List.of("first", "second"), subjects(mbox("mboxrd-quoting.mbox")));
  }

  @Test
  void a_from_line_in_a_body_is_unquoted_on_read() {
    String body = raw(mbox("mboxrd-quoting.mbox"), 1);
    assertTrue(body.startsWith("From: Alice <alice@example.com>\n"), body);
    assertTrue(body.endsWith("\n\nHello.\nFrom the start\n>From deeper\n"), body);
  }

  @Test
  void the_stored_size_excludes_the_from_line_and_the_separator() {
    MboxFolder f = mbox("mboxrd-quoting.mbox");
    MessageEntry second = f.entries().get(1);
    MessageLocation.Mbox loc = (MessageLocation.Mbox) second.location();
    assertEquals(
        "From: bob@example.com\nSubject: second\nStatus: RO\nX-Status: AF\n\nBody two.\n".length(),
        second.size());
    assertEquals(6, second.lines());
    assertEquals(loc.end(), loc.contentEnd() + 1);
  }

  @Test
  void status_headers_give_the_flags() {
    List<MessageEntry> e = mbox("mboxrd-quoting.mbox").entries();
    assertEquals(Set.of(Flag.NEW), e.get(0).flags());
    assertEquals(Set.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED), e.get(1).flags());
  }

  @Test
  void crlf_files_split_and_keep_their_bytes() {
    MboxFolder f = mbox("crlf.mbox");
    assertEquals(List.of("crlf one", "crlf two"), subjects(f));
    assertEquals("From: a@example.com\r\nSubject: crlf one\r\n\r\nline\r\n", raw(f, 1));
    assertEquals(Set.of(), f.entries().get(1).flags(), "Status: O is old, not new, not seen");
  }

  @Test
  void a_last_message_without_a_trailing_newline_is_read_whole() {
    MboxFolder f = mbox("no-trailing-newline.mbox");
    assertEquals("Subject: no newline\n\nlast line without newline", raw(f, 1));
    assertEquals(3, f.entries().get(0).lines());
  }

  @Test
  void a_from_line_without_a_blank_line_before_it_is_body_text() {
    MboxFolder f = mbox("from-without-blank-line.mbox");
    assertEquals(List.of("one", "two"), subjects(f));
    assertTrue(raw(f, 1).contains("\nFrom here is not a separator"));
  }

  @Test
  void a_file_that_does_not_start_with_a_from_line_is_not_an_mbox() {
    var e = assertThrows(DataFormatException.class, () -> mbox("not-an-mbox.txt").entries());
    assertTrue(e.getMessage().contains("not an mbox"), e.getMessage());
  }

  @Test
  void an_empty_file_has_no_messages() {
    assertEquals(List.of(), mbox("empty.mbox").entries());
  }

  @Test
  void a_file_truncated_inside_the_headers_still_lists_its_message() {
    MboxFolder f = mbox("truncated-in-headers.mbox");
    assertEquals(List.of("truncated"), subjects(f));
    assertEquals("Subject: truncated\nFrom: a@exam", raw(f, 1));
  }

  @Test
  void a_missing_named_folder_is_no_input_and_a_missing_spool_is_empty() {
    assertThrows(
        NoInputException.class, () -> new MboxFolder(tmp.resolve("nope"), false).entries());
    assertEquals(List.of(), new MboxFolder(tmp.resolve("nope"), true).entries());
  }

  @Test
  void messages_larger_than_the_scan_buffer_and_long_lines_split_correctly() throws IOException {
    StringBuilder b = new StringBuilder();
    String longLine = "x".repeat(3 * (1 << 20) + 17);
    for (int i = 1; i <= 3; i++) {
      b.append("From a@example.com Mon Jan  1 10:00:00 2024\n");
      b.append("Subject: m").append(i).append("\n");
      b.append("X-Long: ").append(longLine).append("\n\n");
      b.append(longLine).append("\n\n");
    }
    Path p = tmp.resolve("big.mbox");
    Files.writeString(p, b, StandardCharsets.US_ASCII);
    MboxFolder f = new MboxFolder(p, false);
    assertEquals(List.of("m1", "m2", "m3"), subjects(f));
    String third = raw(f, 3);
    assertTrue(third.startsWith("Subject: m3\n") && third.endsWith(longLine + "\n"));
  }

  @Test
  void reading_never_changes_a_byte_of_the_file() throws Exception {
    Path p = tmp.resolve("copy.mbox");
    Files.copy(Fixtures.path("mbox/mboxrd-quoting.mbox"), p);
    String before = sha(p);
    long mtime = Files.getLastModifiedTime(p).toMillis();
    MboxFolder f = new MboxFolder(p, false);
    subjects(f);
    raw(f, 2);
    assertEquals(before, sha(p));
    assertEquals(mtime, Files.getLastModifiedTime(p).toMillis());
  }

  @Test
  void small_scan_chunks_give_the_same_split_as_large_ones() throws Exception {
    // every chunk boundary position inside a CRLF separator and a From_ line
    byte[] all = Files.readAllBytes(Fixtures.path("mbox/crlf.mbox"));
    Path p = tmp.resolve("c.mbox");
    Files.write(p, all);
    List<MessageEntry> expected = new MboxFolder(p, false).entries();
    for (int chunk = 12; chunk < 40; chunk++) {
      assertEquals(expected, ScanWithChunk.entries(p, chunk), "chunk " + chunk);
    }
  }

  @Test
  void the_fast_body_scan_splits_exactly_like_the_line_by_line_scan() throws Exception {
    // bodies with blank lines, From inside text, CRLF and LF mixed, empty bodies
    StringBuilder b = new StringBuilder();
    java.util.Random r = new java.util.Random(7);
    for (int m = 0; m < 300; m++) {
      String nl = r.nextInt(4) == 0 ? "\r\n" : "\n";
      b.append("From x@example.com Mon Jan  1 10:00:00 2024").append(nl);
      b.append("Subject: m").append(m).append(nl).append(nl);
      int lines = r.nextInt(40);
      for (int l = 0; l < lines; l++) {
        switch (r.nextInt(6)) {
          case 0 -> b.append(nl);
          case 1 -> b.append(">From quoted").append(nl);
          case 2 -> b.append("Fromage is not a separator").append(nl);
          default -> b.append("x".repeat(r.nextInt(120))).append(nl);
        }
      }
      b.append(nl);
    }
    Path p = tmp.resolve("mixed.mbox");
    Files.writeString(p, b, StandardCharsets.US_ASCII);
    List<MessageEntry> expected = ScanWithChunk.entries(p, 16); // below the fast path's threshold
    assertEquals(300, expected.size());
    assertEquals(expected, new MboxFolder(p, false).entries());
    for (int chunk : new int[] {80, 97, 128, 201, 333, 4096}) {
      assertEquals(expected, ScanWithChunk.entries(p, chunk), "chunk " + chunk);
    }
    List<String> subjectsAndFlags = new ArrayList<>();
    new MboxFolder(p, false)
        .scan((e, h) -> subjectsAndFlags.add(h.field("Subject") + " " + e.flags()));
    assertEquals(
        subjectsAndFlags, dev.jmail.store.mbox.MboxTestAccess.parallelMappedSubjects(p, 999));
    for (long segment : new long[] {1, 100, 1000, 7777, 50_000}) {
      assertEquals(
          expected,
          dev.jmail.store.mbox.MboxTestAccess.parallelEntries(p, segment),
          "segment " + segment);
    }
  }

  static String sha(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  @Test
  void the_raw_bytes_round_trip_for_an_unquoted_message() {
    MboxFolder f = mbox("crlf.mbox");
    byte[] second = Fixtures.bytes(f.open(f.entries().get(1)));
    assertArrayEquals(
        "From: b@example.com\r\nSubject: crlf two\r\nStatus: O\r\n\r\nline2\r\n"
            .getBytes(StandardCharsets.US_ASCII),
        second);
  }

  @Test
  void each_message_carries_the_sender_of_its_from_line_whatever_the_chunk_or_segment() {
    Path p = Fixtures.path("mbox/no-from-header.mbox");
    List<String> expected =
        List.of(
            "alice@example.com",
            "carol@example.org",
            "dave@example.net",
            "MAILER-DAEMON",
            "erin@example.com");
    List<String> seen = new ArrayList<>();
    mbox("no-from-header.mbox").scan((e, h) -> seen.add(h.envelopeSender()));
    assertEquals(expected, seen);
    for (int chunk : new int[] {12, 13, 17, 31, 64}) {
      assertEquals(
          expected,
          dev.jmail.store.mbox.MboxTestAccess.envelopeSenders(p, chunk),
          "chunk " + chunk);
    }
    for (long segment : new long[] {1, 50, 120, 999}) {
      assertEquals(
          expected,
          dev.jmail.store.mbox.MboxTestAccess.parallelMappedEnvelopeSenders(p, segment),
          "segment " + segment);
    }
    List<String> copied = new ArrayList<>();
    mbox("no-from-header.mbox").scan((e, h) -> copied.add(h.copy().envelopeSender()));
    assertEquals(expected, copied);
  }
}
