package dev.jmail.render;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 2047 encoded words in header text, decoded leniently.
 *
 * <pre>
 * encoded-word = "=?" charset ["*" language] "?" encoding "?" encoded-text "?="   (RFC 2047 2, RFC 2231 5)
 * encoding     = "B" / "Q"                     ; case-insensitive
 * </pre>
 *
 * Whitespace between adjacent encoded words is dropped (RFC 2047 6.2). Tolerated (see
 * VIOLATIONS.md): encoded words inside a word or a quoted string, spaces inside encoded-text, words
 * longer than 75 characters, a multibyte character split across two adjacent words (their bytes are
 * joined before decoding), bad base64 (invalid characters skipped, missing padding), unknown
 * charsets (best-effort guess).
 */
public final class Rfc2047 {
  private Rfc2047() {}

  /** Decodes a header value; 8-bit bytes (as ISO-8859-1 chars) are decoded first. */
  public static String decodeHeader(String raw) {
    if (raw == null) return null;
    return decode(Charsets.rawHeader(raw));
  }

  public static String decode(String s) {
    if (s.indexOf("=?") < 0) return s;
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    String pendingCharset = null;
    // no word ends after the last "?=": knowing it, an unclosed "=?x?q?" does not search the rest
    // of the value again (100,000 of them took seconds)
    int lastClose = s.lastIndexOf("?=");
    int i = 0;
    int[] end = new int[1];
    String[] cs = new String[1];
    while (i < s.length()) {
      int start = s.indexOf("=?", i);
      if (start < 0) break;
      byte[] bytes = parse(s, start, lastClose, end, cs);
      if (bytes == null) {
        flush(out, pending, pendingCharset);
        pendingCharset = null;
        out.append(s, i, start + 2);
        i = start + 2;
        continue;
      }
      String between = s.substring(i, start);
      boolean adjacent = pendingCharset != null && between.isBlank();
      if (!adjacent) {
        flush(out, pending, pendingCharset);
        pendingCharset = null;
        out.append(between);
      } else if (!cs[0].equalsIgnoreCase(pendingCharset)) {
        flush(out, pending, pendingCharset);
      }
      pending.write(bytes, 0, bytes.length);
      pendingCharset = cs[0];
      i = end[0];
    }
    flush(out, pending, pendingCharset);
    if (i < s.length()) out.append(s, i, s.length());
    return out.toString();
  }

  private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
    if (pending.size() == 0) return;
    byte[] b = pending.toByteArray();
    out.append(Charsets.decode(b, 0, b.length, charset));
    pending.reset();
  }

  /** Parses one encoded word at {@code at}; null if there is none. */
  private static byte[] parse(String s, int at, int lastClose, int[] end, String[] charset) {
    int q1 = s.indexOf('?', at + 2);
    if (q1 < 0 || q1 - at > 64) return null;
    String cs = s.substring(at + 2, q1);
    if (cs.isEmpty() || cs.indexOf(' ') >= 0) return null;
    if (q1 + 2 >= s.length() || s.charAt(q1 + 2) != '?') return null;
    char enc = Character.toUpperCase(s.charAt(q1 + 1));
    if (enc != 'B' && enc != 'Q') return null;
    int textStart = q1 + 3;
    if (textStart > lastClose) return null;
    int close = s.indexOf("?=", textStart);
    if (close < 0) return null;
    String text = s.substring(textStart, close);
    charset[0] = cs.toLowerCase(Locale.ROOT);
    end[0] = close + 2;
    return enc == 'B' ? base64(text) : quotedPrintableWord(text);
  }

  static byte[] quotedPrintableWord(String t) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '_') b.write(' ');
      else if (c == '='
          && i + 2 < t.length()
          && hex(t.charAt(i + 1)) >= 0
          && hex(t.charAt(i + 2)) >= 0) {
        b.write(hex(t.charAt(i + 1)) * 16 + hex(t.charAt(i + 2)));
        i += 2;
      } else b.write(c & 0xff);
    }
    return b.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** Base64 that skips anything outside the alphabet and copes with missing padding. */
  public static byte[] base64(String t) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(t.length() * 3 / 4 + 3);
    int acc = 0, bits = 0;
    for (int i = 0; i < t.length(); i++) {
      int v = b64(t.charAt(i));
      if (t.charAt(i) == '=') break;
      if (v < 0) continue;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        b.write((acc >> bits) & 0xff);
      }
    }
    return b.toByteArray();
  }

  private static int b64(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  }
}
