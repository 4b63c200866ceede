package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.RawHeaders;
import dev.jmail.store.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quirks found by running jmail over a real-world corpus (Python's email test messages) and
 * hand-made nasty messages: each one a fixture under {@code fixtures/mime/}, listed in
 * VIOLATIONS.md when it is a tolerated violation.
 */
class RealWorldMailTest {
  static MessageView view(String fixture) {
    return view(fixture, false);
  }

  static MessageView view(String fixture, boolean all) {
    try {
      return MimeWalker.view(1, Files.newInputStream(Fixtures.path("mime/" + fixture)), all);
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

  /** The summary fields of a fixture's header section, as {@code jmail list} computes them. */
  static Summaries.Fields listed(String fixture) {
    try {
      byte[] b = Files.readAllBytes(Fixtures.path("mime/" + fixture));
      int end = 0;
      while (end + 1 < b.length && !(b[end] == '\n' && b[end + 1] == '\n')) end++;
      return Summaries.fields(new RawHeaders(b, end + 1, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rfc2231_continued_and_encoded_file_names_are_joined_and_decoded() {
    List<MessageView.Part> att = view("rfc2231-continued-filename.eml").attachments();
    assertEquals(
        List.of("日本語.txt", "Grüße.txt", "日本語.pdf"),
        att.stream().map(MessageView.Part::name).toList());
  }

  @Test
  void charset_labels_as_real_mail_spells_them_are_recognised_not_guessed() {
    String[][] cases = {
      {"charset-cp-850.eml", "été"},
      {"charset-latin-1.eml", "café"},
      {"charset-macintosh.eml", "café"},
      {"charset-iso-8859-8-i.eml", "שלום"},
      {"charset-win-1251.eml", "при"},
      {"charset-x-mac-cyrillic.eml", "при"},
    };
    for (String[] c : cases) {
      MessageView v = view(c[0]);
      assertEquals(c[1] + "\n", v.body(), c[0]);
      assertEquals(List.of(), v.problems(), c[0]);
    }
  }

  @Test
  void encoded_words_in_gb2312_ks_c_5601_iso_2022_jp_and_cp_850_decode() {
    Summaries.Fields f = listed("header-charset-spellings.eml");
    assertEquals("中文 镕", f.fromName()); // 镕 exists only in GBK: gb2312 is read as GB18030
    assertEquals("한국어日本étécafé", f.subject());
  }

  @Test
  void parts_of_a_digest_without_content_type_are_messages_with_their_own_headers() {
    String body = view("digest-default-rfc822.eml").body();
    assertEquals(
        "---------- forwarded message ----------\n"
            + "From: one@example.com\nSubject: first in digest\n\nfirst body\n\n"
            + "---------- forwarded message ----------\n"
            + "From: two@example.com\nSubject: second é\n\nsecond body é\n\n"
            + "explicit text part\n",
        body);
  }

  @Test
  void a_duplicated_from_date_or_subject_shows_the_first_as_the_listing_does() {
    MessageView v = view("duplicate-headers.eml");
    assertEquals("first@example.com", header(v, "From"));
    assertEquals("first subject", header(v, "Subject"));
    assertEquals("Mon, 1 Jan 2024 10:00:00 +0000", header(v, "Date"));
    Summaries.Fields f = listed("duplicate-headers.eml");
    assertEquals("first@example.com", f.fromAddress());
    assertEquals("first subject", f.subject());
  }

  @Test
  void a_field_name_followed_by_blanks_before_the_colon_is_still_read() {
    MessageView v = view("space-before-colon.eml");
    assertEquals("Obsolete <obs@example.com>", header(v, "From"));
    assertEquals("blanks before the colon", header(v, "Subject"));
    Summaries.Fields f = listed("space-before-colon.eml");
    assertEquals("obs@example.com", f.fromAddress());
    assertEquals("blanks before the colon", f.subject());
    assertEquals(OffsetDateTime.parse("2024-01-01T10:00:00Z"), f.date());
  }

  @Test
  void an_obsolete_route_is_dropped_and_a_quoted_local_part_keeps_its_quotes() {
    Summaries.Fields f = listed("obs-route-quoted-local.eml");
    assertEquals("route@example.com", f.fromAddress());
    assertEquals(
        new Mailbox("", "\"john smith\"@example.com"),
        Mailbox.parseFirst("\"john smith\"@example.com"));
    assertEquals(
        new Mailbox("", "\"a\\\"b\"@example.com"), Mailbox.parseFirst("\"a\\\"b\"@example.com"));
  }

  @Test
  void an_unquoted_boundary_with_tspecials_still_splits_the_parts() {
    MessageView v = view("unquoted-boundary-tspecials.eml");
    assertEquals("slash boundary\n", v.body());
    assertEquals(List.of(), v.problems());
  }

  @Test
  void read_json_escapes_c1_controls_and_bidi_overrides_so_a_terminal_never_acts_on_them() {
    String json = Json.write(view("c1-controls.eml").toJson());
    assertTrue(json.contains("over \\u009b31m"), json);
    for (char c : json.toCharArray())
      assertFalse(c < 0x20 || (c >= 0x7f && c <= 0x9f), "raw control " + (int) c);
    String bidi = Json.write(List.of("a\u202eb\u2066c"));
    assertEquals("[\"a\\u202eb\\u2066c\"]", bidi);
  }

  @Test
  void a_forwarded_message_has_one_blank_line_between_its_headers_and_its_text() {
    String body = view("nested-rfc822.eml").body();
    assertTrue(body.contains("Subject: inner\n\ninner text\n"), body);
    assertTrue(body.contains("Subject: innermost\n\ninnermost body\n"), body);
    assertFalse(body.contains("\n\n\n"), body);
  }

  @Test
  void a_message_with_only_an_attachment_has_one_blank_line_after_its_headers() {
    String text = view("attachment-only.eml").toText();
    assertTrue(
        text.contains(
            "Subject: rfc822 attachment\n\n[attachment 1] fwd.eml (message/rfc822, 45 B)\n"),
        text);
  }

  @Test
  void dates_with_colon_offsets_or_dotted_times_parse() {
    assertEquals(
        OffsetDateTime.parse("2024-01-01T10:00:00+05:30"),
        Rfc5322Date.parse("Mon, 1 Jan 2024 10:00:00 +05:30"));
    assertEquals(
        OffsetDateTime.parse("2024-01-01T10:20:30Z"),
        Rfc5322Date.parse("Mon, 1 Jan 2024 10.20.30 +0000"));
    assertEquals(
        OffsetDateTime.parse("1924-01-01T10:00:00Z"),
        Rfc5322Date.parse("Mon, 1 Jan 024 10:00:00 +0000"));
    assertNotNull(
        Rfc5322Date.parse("Fri, 1 Jan 2024 10:00:00 +0100")); // day of week wrong: ignored
  }

  @Test
  void a_line_without_a_colon_ends_the_header_section_and_is_shown_as_text() {
    MessageView v = view("header-line-without-colon.eml");
    assertEquals("header line without colon", header(v, "Subject"));
    assertEquals("This line has no colon\nX-After: after\n\nbody\n", v.body());
  }

  @Test
  void a_message_without_a_header_section_is_all_text() {
    MessageView v = view("no-header-section.eml");
    assertEquals(List.of(), v.headers());
    assertTrue(
        v.body().startsWith("Send list submissions to\n\tlist@example.com\n\nToday's topics:"),
        v.body());
  }

  @Test
  void a_from_line_on_top_of_the_headers_is_not_taken_for_text() {
    MessageView v = view("from-line-on-top.eml");
    assertEquals("a from line on top", header(v, "Subject"));
    assertEquals("body\n", v.body());
  }

  @Test
  void empty_text_parts_add_no_blank_lines() {
    MessageView v = view("empty-text-parts.eml");
    assertEquals("the only text\n", v.body());
    assertTrue(v.toText().endsWith("Subject: empty parts\n\nthe only text\n"), v.toText());
  }
}
