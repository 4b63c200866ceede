package dev.jmail.render;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jmail.store.Fixtures;
import jakarta.mail.internet.MimeBodyPart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a message's header section ends: at its blank line (LF or CRLF), at its first line that is
 * not a field, or, for a section over {@link HeaderSectionEnd#MAX_HEADER}, at the field that
 * crosses it. Cut wrong, a body line shows as a header (or vanishes), or a header shows as text.
 */
class HeaderSectionEndTest {
  private static final int MAX = HeaderSectionEnd.MAX_HEADER;

  private static MessageView view(byte[] message) {
    return MimeWalker.view(1, MessageBytes.of(message), true);
  }

  private static MessageView fixture(String name) {
    try {
      return view(Files.readAllBytes(Fixtures.path("mime/" + name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(MessageView v) {
    List<String> out = new ArrayList<>();
    for (MessageView.Header h : v.headers()) out.add(h.name());
    return out;
  }

  private static HeaderSectionEnd.Cut cut(String message) throws IOException {
    return HeaderSectionEnd.cut(new ByteArrayInputStream(message.getBytes(ISO_8859_1)));
  }

  @Test
  void a_crlf_message_ends_its_header_section_at_the_crlf_blank_line() {
    MessageView v = fixture("crlf.eml");
    assertEquals(List.of("From", "Subject"), names(v));
    assertEquals("first body line\r\nX-Not-A-Header: after the blank line\r\n", v.body());
  }

  @Test
  void in_a_crlf_message_a_line_without_a_colon_ends_the_header_section_and_is_text() {
    MessageView v = fixture("crlf-header-line-without-colon.eml");
    assertEquals(List.of("From", "Subject", "Date"), names(v));
    assertEquals("This line has no colon\r\nX-After: after\r\n\r\nbody\r\n", v.body());
    assertEquals(List.of(), v.problems());
  }

  @Test
  void a_header_section_without_a_blank_line_and_without_a_body_is_all_headers() throws Exception {
    assertNull(cut("From: a@example.com\nSubject: only headers\n"));
    assertNull(cut("From: a@example.com\nSubject: no line end"));
    assertNull(cut(""));
    MessageView v = view("From: a@example.com\nSubject: only headers\n".getBytes(ISO_8859_1));
    assertEquals(List.of("From", "Subject"), names(v));
    assertEquals("", v.body());
  }

  @Test
  void the_cut_is_at_the_first_line_that_is_not_a_field_and_nowhere_else() throws Exception {
    assertEquals(
        new HeaderSectionEnd.Cut(20, 20, false), cut("From: a@example.com\nnot a field\n\nbody\n"));
    assertEquals(new HeaderSectionEnd.Cut(0, 0, false), cut("not a field\nFrom: a@example.com\n"));
    assertNull(cut("From: a@example.com\n folded\n\nnot a field\n"));
    assertNull(cut("From: a@example.com\r\n\r\nnot a field\r\n"));
    assertEquals(new HeaderSectionEnd.Cut(0, 0, false), cut("\rnot blank\n"));
  }

  @Test
  void a_field_line_longer_than_what_is_looked_at_is_still_a_field() {
    String refs = "References:" + " <a@example.com>".repeat(300); // 4,811 bytes on one line
    MessageView v =
        view(("From: a@example.com\n" + refs + "\nnot a field\n\nbody\n").getBytes(ISO_8859_1));
    assertEquals(List.of("From", "References"), names(v));
    assertEquals(refs.substring("References: ".length()), v.headers().get(1).value());
    assertEquals("not a field\n\nbody\n", v.body());
  }

  @Test
  void a_header_section_of_more_than_64_kib_is_read_whole_across_reads() {
    // fields of 1,012 bytes: the 64 KiB reads end inside a field line, whose second half has no
    // colon; a non-field line after them, past the first read
    StringBuilder m = new StringBuilder("From: a@example.com\n");
    for (int i = 0; i < 100; i++) m.append(String.format("X-Pad-%03d: %s\n", i, "a".repeat(1000)));
    m.append("Subject: after the padding\nnot a field\nX-After: after\n\nbody\n");
    MessageView v = view(m.toString().getBytes(ISO_8859_1));
    assertEquals(102, v.headers().size());
    assertEquals("Subject", v.headers().get(101).name());
    assertEquals("not a field\nX-After: after\n\nbody\n", v.body());
    assertEquals(List.of(), v.problems());
  }

  /** A header section of {@code size} bytes (without its blank line): a Subject and one pad. */
  private static String section(int size) {
    String subject = "Subject: s\n";
    return subject + "X-Pad: " + "x".repeat(size - subject.length() - "X-Pad: \n".length()) + "\n";
  }

  @Test
  void a_header_section_of_exactly_the_limit_is_not_cut() throws Exception {
    assertNull(cut(section(MAX) + "\nbody\n"));
    assertNull(cut(section(MAX)));
  }

  @Test
  void a_header_section_one_byte_over_the_limit_drops_the_field_that_crosses_it() throws Exception {
    String head = section(MAX + 1);
    assertEquals(new HeaderSectionEnd.Cut(11, head.length() + 1, true), cut(head + "\nbody\n"));
    assertEquals(new HeaderSectionEnd.Cut(11, head.length() + 2, true), cut(head + "\r\nbody\n"));
    assertEquals(new HeaderSectionEnd.Cut(11, head.length(), true), cut(head));
    // after the cut, a line that is not a field still starts the body
    String more = head + "X-More: m\n";
    assertEquals(
        new HeaderSectionEnd.Cut(11, more.length(), true), cut(more + "not a field\n\nbody\n"));
  }

  @Test
  void a_first_field_over_the_limit_is_dropped_and_so_is_everything_after_it() throws Exception {
    String huge = "X-Huge: " + "x".repeat(MAX) + "\n"; // crosses the limit at offset 0
    assertEquals(new HeaderSectionEnd.Cut(0, huge.length() + 1, true), cut(huge + "\nbody\n"));
    String more = huge + "Subject: s\n";
    assertEquals(new HeaderSectionEnd.Cut(0, more.length() + 1, true), cut(more + "\nbody\n"));
    assertEquals(new HeaderSectionEnd.Cut(0, more.length(), true), cut(more + "not a field\n"));
    MessageView v = view((more + "\nthe body\n").getBytes(ISO_8859_1));
    assertEquals(List.of(), v.headers());
    assertEquals("the body\n", v.body());
    assertEquals(
        List.of("header section over 4.0 MiB: the fields after the first 0 B not shown"),
        v.problems());
  }

  @Test
  void a_lone_cr_at_the_end_of_the_header_section_is_not_a_blank_line() throws Exception {
    // the line before leaves an LF at the index after the CR in the line buffer
    assertEquals(new HeaderSectionEnd.Cut(10, 10, false), cut("From: a\n \n\r"));
  }

  @Test
  void a_message_whose_header_section_is_over_the_limit_shows_the_fields_before_it_and_the_body() {
    String m = section(MAX + 1) + "To: dropped@example.com\n\nthe body\n";
    MessageView v = view(m.getBytes(ISO_8859_1));
    assertEquals(List.of("Subject"), names(v));
    assertEquals("the body\n", v.body());
    assertEquals(
        List.of("header section over 4.0 MiB: the fields after the first 11 B not shown"),
        v.problems());
  }

  @Test
  void a_message_from_a_stream_that_is_not_shared_is_cut_the_same() throws Exception {
    byte[] m = "From: a@example.com\nnot a field\n\nbody\n".getBytes(ISO_8859_1);
    MimeBodyPart p = HeaderSectionEnd.parse(new ByteArrayInputStream(m));
    assertEquals("a@example.com", p.getHeader("From", null));
    try (InputStream in = p.getRawInputStream()) {
      assertEquals("not a field\n\nbody\n", new String(in.readAllBytes(), ISO_8859_1));
    }
    p = HeaderSectionEnd.parse(new ByteArrayInputStream("From: b@example.com\n\nx\n".getBytes()));
    assertEquals("b@example.com", p.getHeader("From", null));
    try (InputStream in = p.getRawInputStream()) {
      assertEquals("x\n", new String(in.readAllBytes(), ISO_8859_1));
    }
  }
}
