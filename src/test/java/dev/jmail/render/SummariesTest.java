package dev.jmail.render;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.MessageSummary;
import dev.jmail.message.RawHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a listing shows of a message's header section: sender, subject, date, Message-ID. */
class SummariesTest {
  private static final String FROM_LINE = "From env@example.com Mon Jan  1 10:00:00 2024";

  /** The fields of a header section, with an mbox From_ line when {@code fromLine} is set. */
  private static Summaries.Fields fields(String header, String fromLine) {
    byte[] b = header.getBytes(ISO_8859_1);
    RawHeaders h = new RawHeaders(b, b.length, false);
    if (fromLine != null) {
      byte[] f = fromLine.getBytes(ISO_8859_1);
      h.set(b, b.length, false, null, 0, f, f.length);
    }
    return Summaries.fields(h);
  }

  @Test
  void a_from_address_is_shown_not_the_envelope_sender() {
    Summaries.Fields f = fields("From: a@example.com\nSubject: s\n", FROM_LINE);
    assertEquals("a@example.com", f.fromAddress());
    assertEquals("", f.fromName());
  }

  @Test
  void a_from_of_only_an_encoded_name_is_shown_not_the_envelope_sender() {
    Summaries.Fields f = fields("From: =?utf-8?q?B=C3=B6b?=\n", FROM_LINE);
    assertEquals("Böb", f.fromName());
    assertEquals("", f.fromAddress());
  }

  @Test
  void without_a_usable_from_the_sender_field_then_the_envelope_sender_is_shown() {
    assertEquals(
        "s@example.com", fields("From:\nSender: s@example.com\n", FROM_LINE).fromAddress());
    assertEquals("env@example.com", fields("Subject: s\n", FROM_LINE).fromAddress());
    assertEquals("r@example.com", fields("Return-Path: <r@example.com>\n", null).fromAddress());
    assertEquals("", fields("Return-Path: <>\n", null).fromAddress());
  }

  @Test
  void a_missing_or_unreadable_date_is_taken_from_the_from_line() {
    OffsetDateTime envelope = OffsetDateTime.parse("2024-01-01T10:00Z");
    assertEquals(envelope, fields("Subject: s\n", FROM_LINE).date());
    assertEquals(envelope, fields("Date: garbage\n", FROM_LINE).date());
    assertFalse(fields("Date: garbage\n", FROM_LINE).dateOffsetKnown());
    assertNull(fields("Date: garbage\n", null).date());
    Summaries.Fields f = fields("Date: Mon, 1 Jan 2024 12:00:00 +0200\n", FROM_LINE);
    assertEquals(OffsetDateTime.parse("2024-01-01T12:00+02:00"), f.date());
    assertEquals(true, f.dateOffsetKnown());
  }

  @Test
  void a_message_id_is_trimmed_and_an_empty_one_is_none() {
    assertEquals("<x@example.com>", fields("Message-ID:  <x@example.com> \n", null).messageId());
    assertNull(fields("Message-ID:   \n", null).messageId());
    assertNull(fields("Subject: s\n", null).messageId());
  }

  @Test
  void header_text_for_a_terminal_is_one_line_with_single_blanks() {
    assertEquals("Re: Hello world", Summaries.forTerminal("  Re:\t\tHello \r\n  world  "));
    assertEquals("a b", Summaries.forTerminal(" a b "));
    assertEquals("a ^@ b", Summaries.forTerminal("a \u0000  b"));
    assertEquals("", Summaries.forTerminal("  "));
    assertEquals("", Summaries.forTerminal(""));
  }

  @Test
  void a_long_listing_made_in_one_buffer_is_its_lines_one_after_another() {
    Summaries.LineBytes out = new Summaries.LineBytes();
    StringBuilder expected = new StringBuilder();
    for (int n = 1; n <= 3_000; n++) {
      MessageEntry e =
          new MessageEntry(n, new MessageLocation.Mbox(0, 0, n, n), 1000L * n, n, Set.of());
      String subject =
          n % 3 == 0 ? "Grüße " + "中文".repeat(n % 40) : "subject " + "x".repeat(n % 90);
      MessageSummary s =
          new MessageSummary(e, "Sender " + n, "s@example.com", subject, null, false, null);
      out.add(0, n, n, 1000L * n, ByteBuffer.wrap(Summaries.display(s)), 80);
      expected.append(Summaries.line(s, false, 80)).append('\n');
    }
    String got = new String(out.bytes(), 0, out.size(), StandardCharsets.UTF_8);
    assertEquals(expected.length(), got.length());
    assertEquals(expected.toString(), got);
    out.clear();
    assertEquals(0, out.size());
  }
}
