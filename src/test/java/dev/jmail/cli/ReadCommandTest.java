package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.store.Fixtures;
import dev.jmail.testing.InProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadCommandTest {
  @TempDir Path home;

  InProcess jmail() {
    return InProcess.isolated(home, "alice");
  }

  /** An mbox holding the given .eml fixtures, in order. */
  Path mboxOf(String... emls) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String e : emls) {
      b.append("From x@example.com Mon Jan  1 10:00:00 2024\n");
      String text = Files.readString(Fixtures.path("mime/" + e), StandardCharsets.ISO_8859_1);
      b.append(text.replaceAll("(?m)^(>*From )", ">$1"));
      if (!text.endsWith("\n")) b.append('\n');
      b.append('\n');
    }
    Path p = home.resolve("box.mbox");
    Files.write(p, b.toString().getBytes(StandardCharsets.ISO_8859_1));
    return p;
  }

  @Test
  void read_shows_decoded_headers_a_blank_line_and_the_text() throws IOException {
    Path box = mboxOf("alternative.eml");
    var r = jmail().run("read", "-f", box.toString(), "1").succeeded();
    assertEquals(
        "From: Jürgen <j@example.com>\nTo: a@example.com\nDate: Tue, 2 Jan 2024 08:00:00 +0000\n"
            + "Subject: Grüße aus Köln\n\nPlain text wins: Köln.\n",
        r.out());
  }

  @Test
  void raw_gives_the_stored_bytes_exactly() throws IOException {
    Path box = mboxOf("eight-bit-headers.eml", "alternative.eml");
    var r = jmail().run("read", "-f", box.toString(), "--raw", "1").succeeded();
    assertArrayEquals(Files.readAllBytes(Fixtures.path("mime/eight-bit-headers.eml")), r.stdout());
  }

  @Test
  void the_last_message_reads_by_dollar() throws IOException {
    Path box = mboxOf("alternative.eml", "html-only.eml");
    assertTrue(
        jmail()
            .run("read", "-f", box.toString(), "$")
            .succeeded()
            .out()
            .contains("Subject: html only"));
  }

  @Test
  void several_numbers_show_each_message_under_its_number() throws IOException {
    Path box = mboxOf("alternative.eml", "html-only.eml", "nul-bytes.eml");
    String out = jmail().run("read", "-f", box.toString(), "1-2", "3").succeeded().out();
    assertTrue(out.startsWith("Message 1:\n"), out);
    assertTrue(out.contains("\nMessage 2:\n") && out.contains("\nMessage 3:\n"), out);
  }

  @Test
  void a_number_out_of_range_is_a_usage_error() throws IOException {
    Path box = mboxOf("alternative.eml");
    jmail()
        .run("read", "-f", box.toString(), "2")
        .exits(64)
        .errIsOneLine()
        .errContains("no message 2");
  }

  @Test
  void json_is_one_object_for_one_message() throws IOException {
    Path box = mboxOf("attachment.eml");
    String out = jmail().run("read", "--json", "-f", box.toString(), "1").succeeded().out();
    assertTrue(out.startsWith("{\"index\":1,\"headers\":["), out);
    assertTrue(out.contains("\"parts\":[{\"index\":1,\"type\":\"text/plain\""), out);
  }

  @Test
  void headers_all_shows_every_header() throws IOException {
    Path box = mboxOf("alternative.eml");
    String out =
        jmail().run("read", "--headers", "all", "-f", box.toString(), "1").succeeded().out();
    assertTrue(
        out.contains("MIME-Version: 1.0\n") && out.contains("Content-Type: multipart/alternative"),
        out);
  }

  @Test
  void attachments_are_saved_with_safe_names_inside_the_directory_never_overwriting()
      throws IOException {
    Path box = mboxOf("attachment.eml");
    Path dir = Files.createDirectories(home.resolve("att"));
    Files.writeString(dir.resolve("réport final.pdf"), "already here");
    jmail()
        .run("read", "--save-attachments", dir.toString(), "-f", box.toString(), "1")
        .succeeded();
    assertEquals("already here", Files.readString(dir.resolve("réport final.pdf")));
    assertTrue(
        Files.readString(dir.resolve("réport final-1.pdf"), StandardCharsets.ISO_8859_1)
            .startsWith("%PDF-1.4"));
    assertEquals("hack", Files.readString(dir.resolve("passwd")));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(3, s.count());
    }
    assertFalse(Files.exists(home.resolve("etc")));
  }

  @Test
  void the_pager_runs_only_when_stdout_is_a_terminal() throws IOException {
    Path box = mboxOf("html-only.eml");
    Path paged = home.resolve("paged");
    // not a terminal: printed, no pager
    var plain =
        jmail()
            .env("PAGER", "cat > " + paged)
            .env("LINES", "3")
            .run("read", "-f", box.toString(), "1")
            .succeeded();
    assertTrue(plain.out().contains("Title"));
    assertFalse(Files.exists(paged));
    // a terminal and longer than the screen: through $PAGER
    jmail()
        .tty()
        .env("PAGER", "cat > " + paged)
        .env("LINES", "3")
        .run("read", "-f", box.toString(), "1")
        .succeeded();
    assertTrue(Files.readString(paged).contains("Title"));
  }

  @Test
  void raw_output_to_a_terminal_is_neutralised() throws IOException {
    Path box = mboxOf("escape-sequences.eml");
    String tty =
        jmail().tty().run("read", "--peek", "--raw", "-f", box.toString(), "1").succeeded().out();
    assertFalse(tty.contains("\u001b"), tty);
    byte[] piped = jmail().run("read", "--raw", "-f", box.toString(), "1").succeeded().stdout();
    assertArrayEquals(Files.readAllBytes(Fixtures.path("mime/escape-sequences.eml")), piped);
  }

  @Test
  void long_crlf_raw_output_to_a_terminal_is_streamed_without_stray_carriage_returns()
      throws IOException {
    // lines of 7 and 9 bytes: CRLFs fall across every chunk boundary of the streamed output
    StringBuilder b =
        new StringBuilder("From x@example.com Mon Jan  1 10:00:00 2024\r\nSubject: crlf\r\n\r\n");
    for (int i = 0; i < 20_000; i++) b.append(i % 2 == 0 ? "abcde\r\n" : "fghijkl\r\n");
    Path box = home.resolve("crlf.mbox");
    Files.writeString(box, b.toString(), StandardCharsets.US_ASCII);
    String tty =
        jmail().tty().run("read", "--peek", "--raw", "-f", box.toString(), "1").succeeded().out();
    assertFalse(tty.contains("^M") || tty.contains("\r"), "a CR before LF is dropped");
    assertEquals(b.substring(b.indexOf("\n") + 1).replace("\r\n", "\n"), tty);
  }

  @Test
  void listing_and_peeking_leave_the_mbox_byte_for_byte_unchanged() throws Exception {
    Path box = mboxOf("alternative.eml", "attachment.eml");
    byte[] before = Files.readAllBytes(box);
    var mtime = Files.getLastModifiedTime(box);
    var inode = Files.getAttribute(box, "unix:ino");
    jmail().run("list", "-f", box.toString()).succeeded();
    jmail().run("-H", "-f", box.toString()).succeeded();
    jmail().run("read", "--peek", "-f", box.toString(), "*").succeeded();
    jmail().run("read", "--peek", "--raw", "-f", box.toString(), "1").succeeded();
    jmail().run("read", "--peek", "--json", "-f", box.toString(), "2").succeeded();
    assertArrayEquals(before, Files.readAllBytes(box));
    assertEquals(mtime, Files.getLastModifiedTime(box));
    assertEquals(inode, Files.getAttribute(box, "unix:ino"));
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(
          0,
          files.filter(p -> p.getFileName().toString().contains(".lock")).count(),
          "no lock was even taken");
    }
  }

  static final String NEW_MAIL =
      "From a@example.com Mon Jan  1 10:00:00 2024\nFrom: a@example.com\nSubject: one\n\nbody one\n\n"
          + "From b@example.com Mon Jan  1 11:00:00 2024\nFrom: b@example.com\nSubject: two\nStatus: O\n\nbody two\n\n"
          + "From c@example.com Mon Jan  1 12:00:00 2024\nFrom: c@example.com\nSubject: three\n\nbody three\n";

  @Test
  void reading_marks_the_message_seen_with_a_status_header_and_nothing_else_changes()
      throws Exception {
    Path box = home.resolve("new.mbox");
    Files.writeString(box, NEW_MAIL);
    jmail().run("read", "-f", box.toString(), "2").succeeded();
    assertEquals(NEW_MAIL.replace("Status: O\n", "Status: RO\n"), Files.readString(box));
    jmail().run("read", "-f", box.toString(), "1").succeeded();
    assertEquals(
        NEW_MAIL
            .replace("Status: O\n", "Status: RO\n")
            .replace("Subject: one\n", "Subject: one\nStatus: RO\n"),
        Files.readString(box));
    var json = jmail().run("list", "--json", "-f", box.toString()).succeeded().out();
    assertEquals(2, json.split("\"seen\"", -1).length - 1, json);
  }

  @Test
  void raw_and_json_reads_mark_seen_too_but_the_raw_output_is_what_was_stored() throws Exception {
    Path box = home.resolve("new.mbox");
    Files.writeString(box, NEW_MAIL);
    var raw = jmail().run("read", "--raw", "-f", box.toString(), "1").succeeded();
    assertEquals("From: a@example.com\nSubject: one\n\nbody one\n", raw.out());
    jmail().run("read", "--json", "-f", box.toString(), "3").succeeded();
    String now = Files.readString(box);
    assertTrue(now.contains("Subject: one\nStatus: RO\n\nbody one"), now);
    assertTrue(now.contains("Subject: three\nStatus: RO\n\nbody three"), now);
    assertTrue(now.contains("Subject: two\nStatus: O\n"), now);
  }

  @Test
  void reading_a_seen_message_again_does_not_rewrite_the_mbox() throws Exception {
    Path box = home.resolve("seen.mbox");
    Files.writeString(box, NEW_MAIL.replace("Status: O", "Status: RO"));
    var inode = Files.getAttribute(box, "unix:ino");
    jmail().run("read", "-f", box.toString(), "2").succeeded();
    assertEquals(inode, Files.getAttribute(box, "unix:ino"), "not rewritten");
  }

  @Test
  void reading_a_maildir_message_moves_it_from_new_to_cur_with_the_seen_flag() throws Exception {
    Path md = home.resolve("Mail");
    for (String d : new String[] {"new", "cur", "tmp"}) Files.createDirectories(md.resolve(d));
    Files.writeString(
        md.resolve("new/1700000000.1.host"), "From: a@example.com\nSubject: one\n\nbody\n");
    Files.writeString(
        md.resolve("cur/1700000001.2.host:2,F"), "From: b@example.com\nSubject: two\n\nbody\n");
    jmail().run("read", "--peek", "-f", md.toString(), "1", "2").succeeded();
    assertTrue(Files.exists(md.resolve("new/1700000000.1.host")), "--peek renames nothing");
    assertTrue(Files.exists(md.resolve("cur/1700000001.2.host:2,F")), "--peek renames nothing");
    jmail().run("read", "-f", md.toString(), "1", "2").succeeded();
    assertTrue(Files.exists(md.resolve("cur/1700000000.1.host:2,S")), "new/ -> cur/ with :2,S");
    assertTrue(Files.exists(md.resolve("cur/1700000001.2.host:2,FS")), "other flags kept");
    try (Stream<Path> files = Files.list(md.resolve("new"))) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void a_folder_that_cannot_be_marked_is_still_read_with_a_warning() throws Exception {
    Path box = home.resolve("new.mbox");
    Files.writeString(box, NEW_MAIL);
    Path lock = home.resolve("new.mbox.lock");
    // held by a live foreign holder (this test's JVM; a dead pid's lock would be stale at once)
    Files.writeString(lock, ProcessHandle.current().pid() + "\n");
    var r = jmail().run("-S", "lock-timeout=0", "read", "-f", box.toString(), "1");
    Files.delete(lock);
    r.succeeded();
    assertTrue(r.out().contains("body one"), r.out());
    assertTrue(r.err().contains("not marked seen"), r.err());
    assertEquals(NEW_MAIL, Files.readString(box));
  }
}
