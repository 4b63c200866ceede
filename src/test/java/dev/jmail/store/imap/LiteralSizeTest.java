package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The size a response line's literal announces (RFC 3501 9: {@code literal = "{" number ["+"] "}"
 * CRLF}), read from its digits: leading zeros, the non-synchronising "+", and numbers past what a
 * long holds (refused later as over the limit) as before the digits were read without a string.
 */
class LiteralSizeTest {
  private static long size(String line) {
    byte[] b = ("xx " + line).getBytes(StandardCharsets.US_ASCII);
    return ImapClient.literalSize(b, 3, b.length);
  }

  @Test
  void the_digits_between_the_braces_are_the_size_whatever_their_zeros() {
    assertEquals(0, size("* 1 FETCH (BODY[] {0}"));
    assertEquals(213, size("* 1 FETCH (BODY[] {213}"));
    assertEquals(213, size("A1 APPEND INBOX {213+}"));
    assertEquals(5, size("{0000000000000000000000000005}"));
    assertEquals(123456789012345678L, size("{123456789012345678}"));
    assertEquals(1234567890123456789L, size("{1234567890123456789}"));
    assertEquals(Long.MAX_VALUE, size("{9223372036854775807}"));
    assertEquals(Long.MAX_VALUE, size("{9223372036854775808}"));
    assertEquals(Long.MAX_VALUE, size("{99999999999999999999999}"));
  }

  @Test
  void a_line_without_a_literal_at_its_end_announces_none() {
    for (String line : new String[] {"{}", "{+}", "{5", "5}", "{5}x", "{-5}", "{5 }", "}", ""})
      assertEquals(-1, size(line), line);
  }
}
