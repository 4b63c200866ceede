package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Encoded words (RFC 2047) as a subject or a name shows them: decoded exactly, and text that only
 * looks like an encoded word left as written.
 */
class Rfc2047Test {
  @Test
  void base64_reads_every_letter_of_the_alphabet_and_the_url_safe_one() {
    String all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    assertArrayEquals(Base64.getDecoder().decode(all), Rfc2047.base64(all));
    assertArrayEquals(
        Base64.getDecoder().decode(all), Rfc2047.base64(all.replace('+', '-').replace('/', '_')));
    assertEquals("@", Rfc2047.decode("=?utf-8?b?QA==?="));
  }

  @Test
  void base64_skips_characters_outside_the_alphabet_and_stops_at_the_padding() {
    assertArrayEquals("AAA".getBytes(StandardCharsets.US_ASCII), Rfc2047.base64("QU!F B.{"));
    assertArrayEquals("AA".getBytes(StandardCharsets.US_ASCII), Rfc2047.base64("QUE=QUFB"));
    assertEquals("café", Rfc2047.decode("=?utf-8?b?Y2Fmw6k?=")); // padding missing
  }

  @Test
  void a_q_encoded_word_decodes_hex_pairs_underscores_and_keeps_a_broken_escape() {
    assertEquals("\t0 x", Rfc2047.decode("=?iso-8859-1?q?=09=30_x?="));
    assertEquals("a=4", Rfc2047.decode("=?us-ascii?q?a=4?="));
    assertEquals("a=G1=1", Rfc2047.decode("=?us-ascii?q?a=G1=1?="));
    assertEquals("ÿ", Rfc2047.decode("=?iso-8859-1?Q?=ff?="));
  }

  @Test
  void an_encoded_word_with_empty_text_decodes_to_nothing() {
    assertEquals("ab", Rfc2047.decode("a=?utf-8?q??=b"));
  }

  @Test
  void text_that_only_looks_like_an_encoded_word_is_left_as_written() {
    for (String s :
        new String[] {
          "=? utf-8?q?a?=", // a blank in the charset
          "=??q?a?=", // no charset
          "subject =?utf-8?q", // ends before the encoding's '?'
          "subject =?utf-8?",
          "=?utf-8?qq?a?=", // an encoding of two letters
          "=?utf-8?q?a", // never closed
          "=?utf-8?q?a ?=" + "=?x", // a close before the next word only
        }) {
      assertEquals(s.startsWith("=?utf-8?q?a ?=") ? "a =?x" : s, Rfc2047.decode(s), s);
    }
  }

  @Test
  void a_charset_name_of_up_to_62_characters_makes_an_encoded_word() {
    String name = "x-" + "c".repeat(60); // 62 characters: "=?" + name is 64 before the '?'
    assertEquals("abc", Rfc2047.decode("=?" + name + "?q?abc?="));
    String longer = name + "c";
    assertEquals("=?" + longer + "?q?abc?=", Rfc2047.decode("=?" + longer + "?q?abc?="));
  }

  @Test
  void decoded_text_before_a_broken_word_keeps_its_place() {
    assertEquals("café =?x", Rfc2047.decode("=?utf-8?q?caf=C3=A9?= =?x"));
    assertEquals("café =?x?q?", Rfc2047.decode("=?utf-8?q?caf=C3=A9?= =?x?q?"));
    assertEquals("é and =?bad", Rfc2047.decode("=?iso-8859-1?q?=E9?= and =?bad"));
  }
}
