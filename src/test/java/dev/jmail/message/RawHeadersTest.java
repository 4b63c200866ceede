package dev.jmail.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Field lookups of the listing, checked against the rule {@code read} uses for the header's end.
 */
class RawHeadersTest {
  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A block as Maildir makes it (no line starts). */
  static RawHeaders plain(String header) {
    byte[] b = ascii(header);
    return new RawHeaders(b, b.length, false);
  }

  /** A block as the mbox scanner makes it: line starts known, and the From_ line. */
  static RawHeaders scanned(String header, String fromLine) {
    byte[] b = ascii(header);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < b.length; i = header.indexOf('\n', i) + 1) {
      starts.add(i);
      if (header.indexOf('\n', i) < 0) break;
    }
    int[] ls = starts.stream().mapToInt(Integer::intValue).toArray();
    RawHeaders h = new RawHeaders(new byte[0], 0, false);
    byte[] fl = fromLine == null ? null : ascii(fromLine);
    h.set(b, b.length, false, ls, ls.length, fl, fl == null ? 0 : fl.length);
    return h;
  }

  static final String STRAY =
      "From: Alice <alice@example.com>\nSubject: seen\nThis line has no colon\nDate: Tue, 2 Jan 2024 10:00:00 +0000\n"
          + "Message-ID: <hidden@example.com>\n";

  @Test
  void field_lookups_stop_at_the_first_line_that_is_not_a_header_line() {
    for (RawHeaders h : List.of(plain(STRAY), scanned(STRAY, null))) {
      assertArrayEquals(
          new String[] {"Alice <alice@example.com>", "seen", null, null},
          h.fields(RawHeaders.names("From", "Subject", "Date", "Message-ID")));
      assertNull(h.field("Date"));
      assertNull(h.field("message-id"));
      assertEquals("seen", h.field("subject"));
    }
  }

  @Test
  void continuation_lines_from_lines_and_blanks_before_the_colon_do_not_end_the_header() {
    String header =
        "From someone Mon Jan  1 00:00:00 2024\n>From quoted Mon Jan  1 00:00:00 2024\nSubject: folded\n\tmore\n"
            + "X-Old : obsolete form\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n";
    for (RawHeaders h : List.of(plain(header), scanned(header, null))) {
      assertEquals("Mon, 1 Jan 2024 10:00:00 +0000", h.field("Date"));
      assertArrayEquals(
          new String[] {"folded\tmore", "Mon, 1 Jan 2024 10:00:00 +0000"},
          h.fields(RawHeaders.names("Subject", "Date")));
    }
  }

  @Test
  void a_header_line_is_a_continuation_a_field_name_and_colon_or_a_from_line() {
    String[] yes = {" folded", "\tfolded", "To: x", "X-Old \t: y", "From x", ">From x", "A:"};
    String[] no = {
      "This line has no colon", "", ": no name", "Na me: x", "Caf\u00e9: x", "From", ">From", "\r\n"
    };
    for (String s : yes) assertTrue(RawHeaders.isHeaderLine(ascii(s), 0, s.length()), s);
    for (String s : no) assertFalse(RawHeaders.isHeaderLine(ascii(s), 0, s.length()), s);
  }

  @Test
  void the_from_line_date_is_what_follows_the_envelope_sender() {
    assertEquals(
        "Mon Jan  1 09:08:07 2024",
        scanned("", "From alice@example.com Mon Jan  1 09:08:07 2024").envelopeDate());
    assertEquals(
        "Sat Mar  9 01:02:03 CET 2024",
        scanned("", "From \"a b\"@example.com  Sat Mar  9 01:02:03 CET 2024\r").envelopeDate());
    assertEquals(
        "\"a b\"@example.com",
        scanned("", "From \"a b\"@example.com  Sat Mar  9 01:02:03 CET 2024").envelopeSender());
    assertNull(scanned("", "From MAILER-DAEMON").envelopeDate());
    assertNull(plain("Subject: x\n").envelopeDate()); // Maildir: no From_ line
  }
}
