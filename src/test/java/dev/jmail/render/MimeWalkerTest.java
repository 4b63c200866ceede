package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.store.Fixtures;
import dev.jmail.testing.Bounds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MimeWalkerTest {
  static MessageView view(String fixture) {
    try {
      return MimeWalker.view(1, Files.newInputStream(Fixtures.path("mime/" + fixture)), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String header(MessageView v, String name) {
    return v.headers().stream()
        .filter(h -> h.name().equals(name))
        .findFirst()
        .orElseThrow()
        .value();
  }

  @Test
  void plain_text_is_preferred_in_multipart_alternative_and_headers_are_decoded() {
    MessageView v = view("alternative.eml");
    assertEquals("Jürgen <j@example.com>", header(v, "From"));
    assertEquals("Grüße aus Köln", header(v, "Subject"));
    assertEquals("Plain text wins: Köln.\n", v.body());
    assertTrue(v.attachments().isEmpty());
  }

  @Test
  void html_only_mail_is_rendered_as_readable_text() {
    String body = view("html-only.eml").body();
    assertTrue(
        body.startsWith("Title\n\nFirst & para.\n\nSee the site <https://example.com/x>."), body);
    assertTrue(body.contains("* one") && body.contains("* two"), body);
    assertFalse(body.contains("alert") || body.contains("color:red") || body.contains("<p>"), body);
  }

  @Test
  void attachments_are_listed_with_name_type_and_size_not_dumped() {
    MessageView v = view("attachment.eml");
    assertEquals("See attached.\n", v.body());
    List<MessageView.Part> att = v.attachments();
    assertEquals(2, att.size());
    assertEquals("réport final.pdf", att.get(0).name());
    assertEquals("application/pdf", att.get(0).type());
    assertEquals(19, att.get(0).size());
    assertTrue(
        v.toText().contains("[attachment 2] réport final.pdf (application/pdf, 19 B)"), v.toText());
    assertFalse(v.toText().contains("JVBER"));
  }

  @Test
  void a_forwarded_message_is_shown_with_its_own_headers() {
    String body = view("forwarded-rfc822.eml").body();
    assertTrue(body.startsWith("Here is the message.\n"), body);
    assertTrue(
        body.contains(
            "From: inner@example.com\nDate: Wed, 3 Jan 2024 09:00:00 +0200\nSubject: inner subject\n"),
        body);
    assertTrue(body.contains("Inner body."), body);
  }

  @Test
  void broken_base64_shows_what_decodes_and_says_what_did_not() {
    MessageView v = view("broken-base64.eml");
    assertTrue(v.body().startsWith("Hello world"), v.body());
    assertTrue(
        v.problems().stream().anyMatch(p -> p.contains("broken base64")), v.problems().toString());
  }

  @Test
  void a_missing_closing_boundary_keeps_every_part_and_says_so() {
    MessageView v = view("missing-closing-boundary.eml");
    assertEquals("first part\n\nsecond part, file cut here\n", v.body());
    assertEquals(
        List.of("multipart/mixed without its closing boundary: the last part runs to the end"),
        v.problems());
    assertTrue(
        v.toText()
            .endsWith(
                "[jmail: multipart/mixed without its closing boundary: the last part runs to the end]\n"));
    assertTrue(
        Json.write(v.toJson())
            .contains("\"problems\":[\"multipart/mixed without its closing boundary"));
  }

  @Test
  void a_missing_closing_boundary_keeps_lines_that_are_not_fields_in_the_last_part() {
    MessageView v = view("missing-closing-boundary-after-a-line-without-colon.eml");
    assertEquals("first part\n\na line that is not a field\nand the file is cut here\n", v.body());
    assertEquals(
        List.of("multipart/mixed without its closing boundary: the last part runs to the end"),
        v.problems());
  }

  @Test
  void a_line_that_is_not_a_field_ends_a_part_header_section_and_is_text_as_at_the_top() {
    MessageView v = view("part-header-line-without-colon.eml");
    assertEquals(
        "bar\nbaz: not a field, the line before ended the headers\n\nsecond part\n", v.body());
    assertEquals(List.of(), v.problems());
    assertEquals(2, v.parts().size());
  }

  @Test
  void a_line_that_is_not_a_field_ends_a_part_header_section_at_every_depth() {
    MessageView v = view("part-header-line-without-colon-at-depth.eml");
    assertTrue(
        v.body().contains("Subject: inner\n\ndeep text right under the part header\n"), v.body());
    assertTrue(v.body().startsWith("outer text\n"), v.body());
    assertEquals(List.of(), v.problems());
  }

  @Test
  void a_multipart_without_boundary_parameter_is_named_so_and_shown_as_text() {
    MessageView v = view("missing-boundary-parameter.eml");
    assertEquals("--abc\nContent-Type: text/plain\n\nstill readable\n--abc--\n", v.body());
    assertEquals(
        List.of("multipart/mixed without boundary parameter: shown as text"), v.problems());
  }

  @Test
  void a_multipart_whose_boundary_never_appears_is_shown_as_text_and_said_so() {
    MessageView v = view("missing-start-boundary.eml");
    assertEquals(
        "This text is all there is.\n--not-the-boundary\nContent-Type: text/plain\n\nstill text\n",
        v.body());
    assertEquals(
        List.of("multipart/mixed without its first boundary line: shown as text"), v.problems());
  }

  @Test
  void a_close_delimiter_before_any_delimiter_leaves_the_whole_body_as_text_as_python_reads_it() {
    MessageView v = view("close-delimiter-before-any-delimiter.eml");
    assertEquals(
        "The writer put the text here,\nand only the closing line:\n--b--\nafter it\n", v.body());
    assertEquals(
        List.of("multipart/mixed without its first boundary line: shown as text"), v.problems());
  }

  @Test
  void unknown_text_subtypes_are_shown_as_text_plain_unless_attached() {
    MessageView v = view("unknown-text-subtype.eml");
    assertEquals("shown as plain text: é\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n", v.body());
    assertEquals(
        List.of("fix.diff"), v.attachments().stream().map(MessageView.Part::name).toList());
    assertEquals(
        List.of("text/x-anything", "text/calendar", "text/x-diff"),
        v.parts().stream().map(MessageView.Part::type).toList());
  }

  @Test
  void an_unknown_charset_is_guessed_and_reported() {
    MessageView v = view("unknown-charset.eml");
    assertEquals("Café ok\n", v.body());
    assertTrue(v.problems().get(0).contains("x-no-such-charset"));
  }

  @Test
  void eight_bit_headers_decode_as_utf8_or_latin1() {
    MessageView v = view("eight-bit-headers.eml");
    assertEquals("Jürgen Müller <j@example.com>", header(v, "From"));
    assertEquals("Grüße 8-bit UTF-8 header", header(v, "Subject"));
    assertEquals("Köln\n", v.body());
  }

  @Test
  void utf8_text_mislabelled_as_latin1_is_shown_as_utf8() {
    assertEquals("Actually UTF-8: été\n", view("mislabelled-utf8.eml").body());
  }

  @Test
  void nul_bytes_never_reach_the_terminal() {
    String text = view("nul-bytes.eml").toText();
    assertFalse(text.contains("\0"));
    assertTrue(text.contains("before^@after"), text);
  }

  @Test
  void escape_sequences_and_bidi_overrides_are_neutralised() {
    String text = view("escape-sequences.eml").toText();
    assertFalse(text.contains("\u001b"), text);
    assertFalse(text.contains("\u0007"), text);
    assertFalse(text.contains("\u202e"), text);
    assertTrue(text.contains("red ^[[31mtext^[[0m"), text);
  }

  @Test
  void a_truncated_message_shows_what_is_there() {
    MessageView v = view("truncated.eml");
    assertTrue(v.body().startsWith("Hello wor"), v.body());
  }

  @Test
  void a_one_megabyte_line_is_shown_without_hanging() {
    String msg = "From: a@example.com\nSubject: long\n\nstart " + "x".repeat(1 << 20) + " end\n";
    MessageView v =
        assertTimeoutPreemptively(
            Bounds.of(Duration.ofSeconds(10)),
            () ->
                MimeWalker.view(
                    1, new ByteArrayInputStream(msg.getBytes(StandardCharsets.US_ASCII)), false));
    assertTrue(v.body().endsWith(" end\n"));
  }

  @Test
  void the_json_view_has_headers_body_and_parts() {
    String json = Json.write(view("attachment.eml").toJson());
    assertTrue(
        json.startsWith(
            "{\"index\":1,\"headers\":[{\"name\":\"From\",\"value\":\"a@example.com\"}"),
        json);
    assertTrue(json.contains("\"body\":\"See attached.\\n\""), json);
    assertTrue(
        json.contains(
            "{\"index\":2,\"type\":\"application/pdf\",\"name\":\"réport final.pdf\",\"size\":19,\"inline\":false}"),
        json);
  }

  @Test
  void all_headers_are_shown_on_request() {
    try {
      MessageView v =
          MimeWalker.view(1, Files.newInputStream(Fixtures.path("mime/alternative.eml")), true);
      assertTrue(v.headers().stream().anyMatch(h -> h.name().equals("MIME-Version")));
      assertTrue(v.headers().stream().anyMatch(h -> h.name().equals("Content-Type")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
