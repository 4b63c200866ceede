package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.UsageException;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderTextTest {

  @Test
  void a_subject_with_a_line_break_or_nul_is_refused_naming_the_character() {
    assertEquals(
        "subject: contains a LF character; refused (it could inject a header)",
        assertThrows(
                UsageException.class, () -> HeaderText.requireSingleLine("subject", "x\nBcc: y"))
            .getMessage());
    assertTrue(
        assertThrows(UsageException.class, () -> HeaderText.requireSingleLine("to", "a\rb"))
            .getMessage()
            .contains("a CR character"));
    assertTrue(
        assertThrows(UsageException.class, () -> HeaderText.requireSingleLine("to", "a\0"))
            .getMessage()
            .contains("a NUL character"));
    assertEquals("plain \t text", HeaderText.requireSingleLine("subject", "plain \t text"));
    assertNull(HeaderText.requireSingleLine("subject", null));
  }

  @Test
  void a_field_name_is_printable_ascii_without_colon_or_space() {
    assertTrue(HeaderText.isFieldName("X-Mailer"));
    assertTrue(HeaderText.isFieldName("!~"));
    assertFalse(HeaderText.isFieldName(""));
    assertFalse(HeaderText.isFieldName("X Mailer"));
    assertFalse(HeaderText.isFieldName("X:Mailer"));
    assertFalse(HeaderText.isFieldName("X\u007f"));
    assertFalse(HeaderText.isFieldName("Caf\u00e9"));
  }

  @Test
  void an_ascii_subject_is_folded_at_spaces_and_kept_readable() throws Exception {
    String subject = "word ".repeat(40).trim();
    String v = HeaderText.unstructured("Subject", subject);
    assertTrue(v.contains("\r\n"), v);
    assertEquals(subject, MimeUtility.unfold(v));
    String[] lines = v.split("\r\n");
    assertTrue("Subject: ".length() + lines[0].length() <= 76, lines[0]);
    for (String line : lines) assertTrue(line.length() <= 76, line);
    assertEquals("short", HeaderText.unstructured("Subject", "short"));
  }

  @Test
  void a_non_ascii_subject_is_encoded_and_decodes_back_to_the_same_text() throws Exception {
    String v = HeaderText.unstructured("Subject", "Caf\u00e9 cr\u00e8me");
    assertTrue(v.startsWith("=?UTF-8?"), v);
    assertEquals("Caf\u00e9 cr\u00e8me", MimeUtility.decodeText(MimeUtility.unfold(v)));
  }

  @Test
  void a_word_too_long_for_one_line_becomes_encoded_words_of_at_most_75_characters()
      throws Exception {
    String url = "https://example.org/" + "a".repeat(1000);
    String v = HeaderText.unstructured("Subject", url);
    assertTrue(v.startsWith("=?UTF-8?B?"), v);
    for (String line : v.split("\r\n")) {
      String word = line.strip();
      assertTrue(word.length() <= 75, word);
      assertTrue(word.startsWith("=?UTF-8?B?") && word.endsWith("?="), word);
    }
    assertEquals(url, MimeUtility.decodeText(MimeUtility.unfold(v)));
  }

  @Test
  void a_line_just_within_the_limit_is_folded_normally_and_one_just_over_is_encoded() {
    // "Subject: " + value: 9 + 989 = 998 octets fits; one more does not
    String fits = "a".repeat(998 - "Subject".length() - 2);
    assertEquals(fits, HeaderText.unstructured("Subject", fits));
    String over = fits + "a";
    assertTrue(HeaderText.unstructured("Subject", over).startsWith("=?UTF-8?B?"));
  }

  @Test
  void encoded_words_carry_45_octets_each_and_never_split_a_character() {
    String v = HeaderText.encodedWords("a".repeat(45));
    assertEquals("=?UTF-8?B?" + b64("a".repeat(45)) + "?=", v);
    String w = HeaderText.encodedWords("a".repeat(46));
    assertEquals("=?UTF-8?B?" + b64("a".repeat(45)) + "?=\r\n =?UTF-8?B?" + b64("a") + "?=", w);
    // 44 ASCII octets + a 2-octet é would be 46: é goes to the next word whole
    String x = HeaderText.encodedWords("a".repeat(44) + "\u00e9");
    assertEquals(
        "=?UTF-8?B?" + b64("a".repeat(44)) + "?=\r\n =?UTF-8?B?" + b64("\u00e9") + "?=", x);
    // an emoji (4 octets, two chars) is kept whole
    String y = HeaderText.encodedWords("a".repeat(42) + "\uD83D\uDE00");
    assertEquals(
        "=?UTF-8?B?" + b64("a".repeat(42)) + "?=\r\n =?UTF-8?B?" + b64("\uD83D\uDE00") + "?=", y);
    assertEquals("", HeaderText.encodedWords(""));
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_header_line_longer_than_998_octets_is_refused_naming_the_field() {
    byte[] ok =
        ("To: " + "a".repeat(994) + "\r\n\r\n" + "b".repeat(5000) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertDoesNotThrow(() -> HeaderText.requireShortLines(ok));
    byte[] okLf = ("To: " + "a".repeat(994) + "\n\n").getBytes(StandardCharsets.US_ASCII);
    assertDoesNotThrow(() -> HeaderText.requireShortLines(okLf));
    byte[] bad =
        ("Subject: x\r\nTo: " + "a".repeat(995) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    UsageException e = assertThrows(UsageException.class, () -> HeaderText.requireShortLines(bad));
    assertEquals(
        "header To: a line longer than 998 characters with no place to fold it", e.getMessage());
    byte[] badLf = ("X-Long: " + "a".repeat(991) + "\n\n").getBytes(StandardCharsets.US_ASCII);
    assertThrows(UsageException.class, () -> HeaderText.requireShortLines(badLf));
    byte[] noColon = ("x".repeat(1200) + "\n\n").getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        "header " + "x".repeat(60) + ": a line longer than 998 characters with no place to fold it",
        assertThrows(UsageException.class, () -> HeaderText.requireShortLines(noColon))
            .getMessage());
  }
}
