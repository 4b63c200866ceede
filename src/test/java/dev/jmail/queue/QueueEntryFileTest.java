package dev.jmail.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jmail.error.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A queued message's file: its envelope read back as written, and when it is tried again. */
class QueueEntryFileTest {
  private static final Instant T0 = Instant.parse("2026-12-07T03:48:25Z");

  private static QueueEntry entry(String message) {
    return new QueueEntry(
        "q1",
        "bot@example.org",
        List.of("ops@example.com", "bcc@example.net"),
        "smtp+starttls://mail.example.org:587",
        "<id@example.org>",
        T0,
        0,
        T0,
        "",
        message.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void an_entry_reads_back_as_it_was_written_message_bytes_included() {
    QueueEntry e =
        entry("Subject: hi\r\n\r\nbody\r\n\r\n\r\nend\r\n")
            .failed("smtp: 451 try later\r\nsecond line", List.of("ops@example.com"), true, T0);
    QueueEntry back = QueueEntry.parse("q1", e.toBytes());
    assertEquals(e.sender(), back.sender());
    assertEquals(List.of("ops@example.com"), back.recipients());
    assertEquals(e.transport(), back.transport());
    assertEquals(e.messageId(), back.messageId());
    assertEquals(T0, back.created());
    assertEquals(1, back.attempts());
    assertEquals(e.nextTry(), back.nextTry());
    assertEquals("smtp: 451 try later second line", back.lastError());
    assertArrayEquals(e.message(), back.message());
  }

  @Test
  void an_entry_without_a_next_try_is_due_from_its_creation() {
    byte[] file =
        ("jmail-queue: 1\nrecipient: a@example.org\ncreated: 2026-12-07T03:48:25Z\n"
                + "from-a-newer-jmail: x\n\nSubject: s\r\n")
            .getBytes(StandardCharsets.UTF_8);
    QueueEntry e = QueueEntry.parse("q2", file);
    assertEquals(T0, e.nextTry());
    assertEquals("Subject: s\r\n", new String(e.message(), StandardCharsets.UTF_8));
  }

  @Test
  void a_damaged_file_is_a_data_error_saying_what_is_wrong() {
    assertEquals(
        "queue entry q3: no envelope",
        assertThrows(
                DataFormatException.class,
                () -> QueueEntry.parse("q3", "jmail-queue: 1\nrecipient: a".getBytes()))
            .getMessage());
    assertEquals(
        "queue entry q3: not a jmail queue file",
        assertThrows(
                DataFormatException.class,
                () -> QueueEntry.parse("q3", "From: a\n\nbody".getBytes()))
            .getMessage());
    assertEquals(
        "queue entry q3: envelope without recipients or date",
        assertThrows(
                DataFormatException.class,
                () -> QueueEntry.parse("q3", "jmail-queue: 1\nsender: a\n\n".getBytes()))
            .getMessage());
  }

  @Test
  void a_deferred_message_waits_five_minutes_doubling_up_to_an_hour() {
    QueueEntry e = entry("Subject: s\r\n\r\nb\r\n");
    long[] waits = {300, 600, 1200, 2400, 3600, 3600};
    for (long wait : waits) {
      e = e.failed("451 later", e.recipients(), true, T0);
      assertEquals(T0.plusSeconds(wait), e.nextTry(), "attempt " + e.attempts());
    }
    for (int i = 0; i < 40; i++) e = e.failed("451 later", e.recipients(), true, T0);
    assertEquals(T0.plusSeconds(3600), e.nextTry(), "after many attempts");
  }

  @Test
  void a_server_that_could_not_be_reached_leaves_the_message_due() {
    QueueEntry e = entry("Subject: s\r\n\r\nb\r\n").failed("refused", List.of("a@x"), false, T0);
    assertEquals(T0, e.nextTry());
    assertEquals(1, e.attempts());
  }

  @Test
  void the_listing_shows_the_subject_field_unfolded_and_only_from_the_header() {
    assertEquals(
        "=?UTF-8?Q?long?=\t subject",
        entry(
                "From: a\r\nSUBJECT: =?UTF-8?Q?long?=\r\n\t subject\r\nTo: b\r\n \tfolded to\r\n\r\nb")
            .subjectField());
    assertEquals("", entry("From: a\r\n\r\nSubject: in the body\r\n").subjectField());
    assertEquals("last", entry("From: a\r\nSubject: last").subjectField());
  }
}
