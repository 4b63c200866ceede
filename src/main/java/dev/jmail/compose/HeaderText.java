package dev.jmail.compose;

import dev.jmail.error.UsageException;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Guards every piece of text that ends up in a header. Jakarta Mail's {@code setHeader} and {@code
 * addHeader} let CR and LF through, so a subject {@code "x\nBcc: y"} would become a second header
 * (GNU mail 3.15 did exactly that). jmail refuses such input before a message exists.
 */
public final class HeaderText {
  private HeaderText() {}

  /** Throws a usage error (exit 64) when {@code value} holds CR, LF or NUL. */
  public static String requireSingleLine(String what, String value) {
    if (value == null) return null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        String name = c == 0 ? "NUL" : c == '\r' ? "CR" : "LF";
        throw new UsageException(
            what + ": contains a " + name + " character; refused (it could inject a header)");
      }
    }
    return value;
  }

  // RFC 5322 3.6.8: field-name = 1*ftext; ftext = %d33-57 / %d59-126 (printable ASCII but ":")
  static boolean isFieldName(String name) {
    if (name.isEmpty()) return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126 || c == ':') return false;
    }
    return true;
  }

  /** RFC 5322 2.1.1: each line of a message, header lines included, is at most 998 octets. */
  static final int MAX_LINE = 998;

  /**
   * The value of an unstructured field (RFC 5322 3.2.5: Subject, custom headers), RFC 2047-encoded
   * when not ASCII and folded at whitespace. A word too long for one line (a URL, a token, 1,000
   * letters) cannot be folded as it is, so then the whole value is written as encoded-words (RFC
   * 2047 5(1)), which may be folded between any two of them.
   */
  static String unstructured(String name, String value) {
    String folded;
    try {
      folded = MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(value, "UTF-8", null));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
    if (folded.lines().allMatch(l -> l.length() + name.length() + 2 <= MAX_LINE)) return folded;
    return encodedWords(value);
  }

  // RFC 2047 2: encoded-word = "=?" charset "?" encoding "?" encoded-text "?=", at most 75
  // characters: 45 octets of UTF-8, base64-encoded, fit; a character is never split.
  static String encodedWords(String value) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      int end = i;
      int octets = 0;
      while (end < value.length()) {
        int cp = value.codePointAt(end);
        int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (octets + n > 45) break;
        octets += n;
        end += Character.charCount(cp);
      }
      if (out.length() > 0) out.append("\r\n ");
      byte[] chunk = value.substring(i, end).getBytes(StandardCharsets.UTF_8);
      out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(chunk)).append("?=");
      i = end;
    }
    return out.toString();
  }

  /**
   * The last guard: a header line longer than RFC 5322 allows (a display name of 1,000 letters with
   * no space) is refused rather than sent for a server to break or bounce.
   */
  static void requireShortLines(byte[] message) {
    int start = 0;
    for (int i = 0; i < message.length; i++) {
      if (message[i] != '\n') continue;
      int len = i - start - (i > start && message[i - 1] == '\r' ? 1 : 0);
      if (len == 0) return; // end of the header section
      if (len > MAX_LINE) {
        int colon = start;
        while (colon < i && message[colon] != ':') colon++;
        String field =
            new String(message, start, Math.min(colon - start, 60), StandardCharsets.US_ASCII);
        throw new UsageException(
            "header "
                + field
                + ": a line longer than "
                + MAX_LINE
                + " characters with no place to fold it");
      }
      start = i + 1;
    }
  }
}
