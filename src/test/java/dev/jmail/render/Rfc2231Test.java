package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Attachment file names as mail writes them in Content-Disposition and Content-Type. */
class Rfc2231Test {
  private static String filename(String disposition) {
    return Rfc2231.parameter(disposition, "filename");
  }

  @Test
  void a_part_without_the_header_has_no_file_name() {
    assertNull(filename(null));
    assertNull(filename("attachment"));
    assertNull(filename("attachment; size=12"));
  }

  @Test
  void a_quoted_file_name_keeps_its_escaped_quotes_and_backslashes() {
    assertEquals("report.pdf", filename("attachment; filename=\"report.pdf\""));
    assertEquals("a \"b\" c\\d.txt", filename("attachment; filename=\"a \\\"b\\\" c\\\\d.txt\""));
  }

  @Test
  void blanks_between_the_equals_sign_and_the_quote_are_skipped() {
    assertEquals("x.txt", filename("attachment; filename= \t\"x.txt\"; size=3"));
  }

  @Test
  void an_unquoted_file_name_runs_to_the_next_semicolon_blanks_included() {
    assertEquals("my file.txt", filename("attachment; filename=my file.txt ; size=3"));
    assertEquals("last.txt", filename("attachment;filename=last.txt"));
  }

  @Test
  void parameter_names_are_case_insensitive() {
    assertEquals("x.txt", filename("Attachment; FileName=\"x.txt\""));
  }

  @Test
  void words_without_an_equals_sign_between_parameters_are_skipped() {
    assertEquals("a.txt", filename("attachment; junk; more junk ; filename=a.txt"));
  }

  @Test
  void a_header_without_a_disposition_type_still_names_its_file() {
    assertEquals("x.txt", filename(";filename=x.txt"));
  }

  @Test
  void an_empty_or_unterminated_value_at_the_end_of_the_header_is_read_as_written() {
    assertEquals("", filename("attachment; filename="));
    assertEquals("abc", filename("attachment; filename=\"abc"));
    assertEquals("abc\\", filename("attachment; filename=\"abc\\"));
  }

  @Test
  void a_folded_header_is_unfolded_before_it_is_read() {
    assertEquals("long name.txt", filename("attachment;\r\n filename=\"long\r\n name.txt\""));
  }

  @Test
  void the_extended_form_is_decoded_in_its_charset_and_wins_over_the_plain_one() {
    assertEquals("日本.txt", filename("attachment; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt"));
    assertEquals("Grüße.txt", filename("attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt"));
    assertEquals(
        "café.txt",
        filename("attachment; filename=\"fallback.txt\"; filename*=UTF-8''caf%C3%A9.txt"));
    assertEquals(
        "café.txt",
        filename("attachment; filename*=UTF-8''caf%C3%A9.txt; filename=\"fallback.txt\""));
  }

  @Test
  void an_extended_value_with_an_empty_charset_is_still_percent_decoded() {
    assertEquals("a b.txt", filename("attachment; filename*=''a%20b.txt"));
  }

  @Test
  void an_extended_value_without_its_charset_quotes_is_read_as_a_plain_value() {
    assertEquals("plain.txt", filename("attachment; filename*=plain.txt"));
  }

  @Test
  void percent_escapes_that_are_broken_or_cut_off_are_kept_as_written() {
    assertEquals("100%.txt", filename("attachment; filename*=UTF-8''100%25.txt"));
    assertEquals("a%zz%4", filename("attachment; filename*=UTF-8''a%zz%4"));
    assertEquals("a%", filename("attachment; filename*=UTF-8''a%"));
  }

  @Test
  void escapes_of_control_characters_are_decoded_like_any_octet() {
    assertEquals("a\tb\nc", filename("attachment; filename*=UTF-8''a%09b%0Ac"));
  }

  @Test
  void continuations_are_joined_in_numeric_order_whatever_order_they_come_in() {
    assertEquals(
        "日.txt", filename("attachment; filename*0*=UTF-8''%E6%97%A5; filename*1=\".txt\""));
    assertEquals("part1part2", filename("attachment; filename*1=part2; filename*0=part1"));
    StringBuilder header = new StringBuilder("attachment");
    StringBuilder expected = new StringBuilder();
    for (int n = 11; n >= 0; n--) header.append("; filename*").append(n).append("=s").append(n);
    for (int n = 0; n <= 11; n++) expected.append("s").append(n);
    assertEquals(expected.toString(), filename(header.toString()));
  }

  @Test
  void continuations_win_over_the_plain_and_the_extended_form() {
    assertEquals(
        "ab",
        filename(
            "attachment; filename=\"plain\"; filename*=UTF-8''ext; filename*0=a; filename*1=b"));
  }

  @Test
  void an_empty_charset_on_the_first_continuation_is_not_part_of_the_name() {
    assertEquals("ab.txt", filename("attachment; filename*0*=''ab; filename*1=.txt"));
  }

  @Test
  void an_encoded_word_split_across_continuations_is_decoded_when_no_charset_is_given() {
    // Outlook splits a long RFC 2047 name into RFC 2231 continuations (VIOLATIONS.md).
    assertEquals(
        "résumé.pdf",
        filename("attachment; filename*0=\"=?UTF-8?B?csOpc3Vt\"; filename*1=\"w6kucGRm?=\""));
  }

  @Test
  void a_continuation_numbered_past_999_is_not_joined() {
    assertEquals("a", filename("attachment; filename*0=a; filename*1000=b"));
    assertEquals("ab", filename("attachment; filename*0=a; filename*999=b"));
  }

  @Test
  void a_parameter_whose_name_only_starts_with_the_wanted_one_is_not_taken() {
    assertEquals("x.txt", filename("attachment; filename*x=nope; filenamex=no; filename=x.txt"));
  }
}
