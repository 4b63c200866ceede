package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class HeaderDecodingTest {
  @Test
  void adjacent_encoded_words_join_without_the_space_between_them() {
    assertEquals("ab", Rfc2047.decode("=?UTF-8?Q?a?= =?UTF-8?Q?b?="));
    assertEquals("a b", Rfc2047.decode("=?UTF-8?Q?a?= b"));
  }

  @Test
  void a_character_split_across_two_encoded_words_is_rejoined() {
    // "é" = C3 A9 split between two base64 words
    assertEquals("é", Rfc2047.decode("=?UTF-8?B?ww==?= =?UTF-8?B?qQ==?="));
  }

  @Test
  void rfc2231_language_and_lowercase_encoding_are_accepted() {
    assertEquals("Grüße", Rfc2047.decode("=?utf-8*de?q?Gr=C3=BC=C3=9Fe?="));
  }

  @Test
  void malformed_encoded_words_are_left_as_written() {
    assertEquals("=?UTF-8?X?abc?=", Rfc2047.decode("=?UTF-8?X?abc?="));
    assertEquals("=?broken", Rfc2047.decode("=?broken"));
  }

  @Test
  void an_unknown_charset_in_an_encoded_word_is_guessed() {
    assertEquals("Köln", Rfc2047.decode("=?x-unknown?Q?K=C3=B6ln?="));
  }

  @Test
  void dates_in_rfc5322_and_obsolete_forms_parse_with_their_offset() {
    assertEquals(
        OffsetDateTime.parse("2024-01-01T10:00:00+01:00"),
        Rfc5322Date.parse("Mon, 1 Jan 2024 10:00:00 +0100"));
    assertEquals(
        OffsetDateTime.parse("2024-01-01T10:00:00-05:00"),
        Rfc5322Date.parse("1 Jan 24 10:00:00 EST"));
    assertEquals(
        OffsetDateTime.parse("1999-03-04T05:06:00Z"),
        Rfc5322Date.parse("Thu, 4 Mar 99 05:06 GMT (comment)"));
    assertEquals(
        OffsetDateTime.parse("2024-01-01T10:00:00Z"),
        Rfc5322Date.parse("Mon Jan  1 10:00:00 2024"));
    assertEquals(
        OffsetDateTime.parse("2024-02-03T04:05:06+02:00"),
        Rfc5322Date.parse("2024-02-03T04:05:06+02:00"));
  }

  @Test
  void twenty_four_hundred_hours_is_midnight_of_the_next_day() {
    assertEquals(
        OffsetDateTime.parse("2024-01-02T00:00:00+01:00"),
        Rfc5322Date.parse("Mon, 1 Jan 2024 24:00:00 +0100"));
    assertEquals(
        OffsetDateTime.parse("2024-03-01T00:00:00Z"),
        Rfc5322Date.parse("29 Feb 2024 24:00:00 +0000"));
  }

  @Test
  void garbage_dates_are_null_not_errors() {
    assertNull(Rfc5322Date.parse("yesterday"));
    assertNull(Rfc5322Date.parse(""));
    assertNull(Rfc5322Date.parse("32 Foo 2024 99:99"));
  }

  @Test
  void the_first_mailbox_is_found_in_every_common_from_form() {
    assertEquals(
        new Mailbox("Doe, Jane", "jane@example.com"),
        Mailbox.parseFirst("\"Doe, Jane\" <jane@example.com>"));
    assertEquals(new Mailbox("", "bob@example.com"), Mailbox.parseFirst("bob@example.com"));
    assertEquals(
        new Mailbox("Bob", "bob@example.com"), Mailbox.parseFirst("bob@example.com (Bob)"));
    assertEquals(
        new Mailbox("Jürgen", "j@example.com"),
        Mailbox.parseFirst("=?UTF-8?B?SsO8cmdlbg==?= <j@example.com>"));
    assertEquals(
        new Mailbox("A", "a@example.com"),
        Mailbox.parseFirst("A <a@example.com>, B <b@example.com>"));
    assertEquals("A <a@example.com>", Mailbox.parseFirst("A <a@example.com>").full());
  }

  @Test
  void display_width_counts_cjk_and_emoji_as_two_columns() {
    assertEquals(4, DisplayWidth.of("日本"));
    assertEquals(2, DisplayWidth.of("😀"));
    assertEquals(1, DisplayWidth.of("e\u0301"));
    assertEquals("日本", DisplayWidth.truncate("日本語", 5));
    assertEquals("日本 ", DisplayWidth.fit("日本語", 5));
  }

  @Test
  void json_strings_escape_controls_and_keep_unicode() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0001é\"", Json.write("a\"b\\c\n\u0001é"));
    assertEquals(
        "[1,null,true,{\"k\":[]}]",
        Json.write(
            java.util.Arrays.asList(1, null, true, java.util.Map.of("k", java.util.List.of()))));
  }

  @Test
  void unknown_zones_keep_the_time_as_written_and_say_the_offset_is_unknown() {
    // RFC 5322 4.3: -0000, no zone, and zones whose meaning is not known are "UTC, offset unknown"
    for (String d :
        new String[] {
          "Mon, 1 Jan 2024 10:00:00 MET DST", "Mon, 1 Jan 2024 10:00:00 CEST",
              "Mon, 1 Jan 2024 10:00:00 +2400",
          "Mon, 1 Jan 2024 10:00:00 -0000", "Mon, 1 Jan 2024 10:00:00", "Mon Jan  1 10:00:00 2024",
          "1 Jan 2024 10:00 -0000 (comment)", "Mon, 1 Jan 2024 10:00:00 A"
        }) {
      Rfc5322Date.Stamp s = Rfc5322Date.stamp(d);
      assertEquals(OffsetDateTime.parse("2024-01-01T10:00:00Z"), s.time(), d);
      assertFalse(s.offsetKnown(), d);
    }
    for (String d :
        new String[] {
          "Mon, 1 Jan 2024 10:00:00 +0000", "Mon, 1 Jan 2024 10:00:00 GMT", "2024-01-01T10:00:00Z"
        }) {
      assertTrue(Rfc5322Date.stamp(d).offsetKnown(), d);
    }
    assertEquals(
        OffsetDateTime.parse("2024-01-01T10:00:00-05:00"),
        Rfc5322Date.stamp("Mon, 1 Jan 2024 10:00:00 EST").time());
  }

  @Test
  void encoded_words_in_address_fields_are_decoded_in_names_and_comments_never_in_addresses() {
    // RFC 2047 5: "An 'encoded-word' MUST NOT appear in any portion of an 'addr-spec'"
    assertEquals(
        "=?UTF-8?Q?alice?=@example.com", Mailbox.decodeList("<=?UTF-8?Q?alice?=@example.com>"));
    assertEquals(
        "Alïce <=?UTF-8?Q?a?=@example.com>",
        Mailbox.decodeList("=?UTF-8?Q?a?=@example.com (=?UTF-8?Q?Al=C3=AFce?=)"));
    assertEquals(
        "Alïce <=?UTF-8?Q?a?=@example.com>, Café <c@example.com>",
        Mailbox.decodeList(
            "=?UTF-8?Q?Al=C3=AFce?= <=?UTF-8?Q?a?=@example.com>, \"=?UTF-8?Q?Caf=C3=A9?=\" <c@example.com>"));
    assertEquals(
        "Amis: \"=?x?q?a?=\"@example.com;",
        Mailbox.decodeList("=?UTF-8?Q?Amis?=: \"=?x?q?a?=\"@example.com;"));
    assertEquals("Alïce", Mailbox.decodeList("=?UTF-8?Q?Al=C3=AFce?=")); // a name alone is a name
    // the listing draws the same line
    assertEquals(
        new Mailbox("", "=?UTF-8?Q?a?=@example.com"),
        Mailbox.parseFirst("=?UTF-8?Q?a?=@example.com"));
    assertEquals(
        new Mailbox("", "=?UTF-8?Q?a?=@example.com"),
        Mailbox.parseFirst("<=?UTF-8?Q?a?=@example.com>"));
    assertEquals(
        new Mailbox("Alïce", "=?UTF-8?Q?a?=@example.com"),
        Mailbox.parseFirst("=?UTF-8?Q?a?=@example.com (=?UTF-8?Q?Al=C3=AFce?=)"));
  }
}
