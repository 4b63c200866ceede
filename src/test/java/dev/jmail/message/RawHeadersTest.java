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

  static byte[] fixture(String name) {
    try (java.io.InputStream in =
        RawHeadersTest.class.getResourceAsStream("/fixtures/headers/" + name)) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The same header block as every store hands it out: plain, with line starts, copied. */
  static List<RawHeaders> blocks(byte[] b) {
    String text = new String(b, StandardCharsets.ISO_8859_1);
    RawHeaders reused = scanned(text, "From bob@example.org Mon Jan  1 09:08:07 2024");
    RawHeaders copy = reused.copy();
    java.util.Arrays.fill(reused.bytes(), (byte) 'x'); // the scan's buffer, reused for another
    return List.of(plain(text), scanned(text, null), copy);
  }

  @Test
  void folded_fields_unfold_to_one_line_with_crlf_or_lf_and_lookups_ignore_case() {
    for (String file : List.of("folded-crlf.txt", "folded-lf.txt")) {
      for (RawHeaders h : blocks(fixture(file))) {
        String[] expected = {
          "from a\tby b  with c",
          "Re: the budget for 2027\tand after",
          "bob@example.org",
          "",
          "caf\u00c3\u00a9",
          "one two three",
          null
        };
        String[] names = {"received", "SUBJECT", "to", "X-Empty", "x-latin", "X-Long", "Cc"};
        assertArrayEquals(expected, h.fields(RawHeaders.names(names)), file);
        for (int k = 0; k < names.length; k++) assertEquals(expected[k], h.field(names[k]), file);
        assertEquals("not To", h.field("Tomorrow"));
        assertArrayEquals(
            new String[] {"not To either", "not To"},
            h.fields(RawHeaders.names("to-do", "tomorrow")),
            file);
      }
    }
  }

  @Test
  void a_copy_keeps_its_bytes_line_starts_and_from_line_after_the_scan_reuses_its_buffer() {
    byte[] b = fixture("folded-lf.txt");
    RawHeaders reused =
        scanned(
            new String(b, StandardCharsets.ISO_8859_1),
            "From bob@example.org Mon Jan  1 09:08:07 2024");
    int[] starts = reused.lineStartsCopy();
    RawHeaders copy = reused.copy();
    java.util.Arrays.fill(reused.bytes(), (byte) 'x');
    assertArrayEquals(b, copy.toByteArray());
    assertEquals(b.length, copy.length());
    assertArrayEquals(starts, copy.lineStartsCopy());
    assertEquals("bob@example.org", copy.envelopeSender());
    assertEquals("Mon Jan  1 09:08:07 2024", copy.envelopeDate());
    assertArrayEquals(ascii("From bob@example.org Mon Jan  1 09:08:07 2024"), copy.fromLineCopy());
    assertFalse(copy.truncated());
    assertTrue(new RawHeaders(b, b.length, true).copy().truncated());
    assertNull(plain("Subject: x\n").lineStartsCopy());
    assertNull(plain("Subject: x\n").fromLineCopy());
    assertEquals("Subject: x\n", plain("Subject: x\n").toString());
  }

  @Test
  void a_field_whose_name_differs_only_after_its_first_letter_is_not_taken_for_another() {
    String header = "Cd: decoy\nX-B: b\nX-a: lower a\nX-Z: upper z\nCc: carol@example.org\n";
    for (RawHeaders h : List.of(plain(header), scanned(header, null))) {
      assertArrayEquals(
          new String[] {"carol@example.org", "lower a", "upper z", null},
          h.fields(RawHeaders.names("Cc", "X-A", "x-z", "X-C")));
      assertEquals("carol@example.org", h.field("cc"));
      assertEquals("upper z", h.field("x-z"));
    }
  }

  @Test
  void a_field_on_the_last_line_without_a_line_end_is_read_whole() {
    for (RawHeaders h :
        List.of(plain("To: a\nSubject: last"), scanned("To: a\nSubject: last", null))) {
      assertEquals("last", h.field("Subject"));
      assertArrayEquals(new String[] {"last", "a"}, h.fields(RawHeaders.names("subject", "to")));
    }
    assertNull(plain("To: a\nSubject").field("Subject"));
    assertArrayEquals(
        new String[] {null}, plain("To: a\nSubject").fields(RawHeaders.names("subject")));
    assertNull(plain("To: a\nSubj").field("Subject"));
    assertEquals("folded", plain("Subject: \n folded").field("Subject"));
    assertEquals("two  lines", plain("Subject: two\r\n  lines\r\n").field("Subject"));
  }

  @Test
  void the_envelope_sender_is_the_first_word_of_the_from_line() {
    assertEquals(
        "alice@example.com",
        scanned("", "From  \talice@example.com\tMon Jan  1 09:08:07 2024").envelopeSender());
    assertEquals(
        "Mon Jan  1 09:08:07 2024",
        scanned("", "From  \talice@example.com\tMon Jan  1 09:08:07 2024").envelopeDate());
    assertEquals("a@b", scanned("", "From a@b\r").envelopeSender());
    assertNull(scanned("", "From a@b\r").envelopeDate());
    assertNull(scanned("", "From ").envelopeSender());
    assertNull(scanned("", "From \r\n").envelopeSender());
    assertNull(plain("Subject: x\n").envelopeSender());
  }
}
