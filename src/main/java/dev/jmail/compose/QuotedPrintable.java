package dev.jmail.compose;

import java.io.ByteArrayOutputStream;

/**
 * The quoted-printable encoding of a text body (RFC 2045 6.7), written by jmail rather than by
 * Jakarta Mail for two reasons a reader notices:
 *
 * <ul>
 *   <li>A bare CR (progress output piped into a message) is {@code =0D}: Jakarta Mail's encoder
 *       turns it into a line break, so the text that arrives is not the text that was sent.
 *   <li>A line starting with {@code From } (or {@code >From }, {@code >>From }, …) starts with an
 *       encoded octet ({@code =46rom}, {@code =3EFrom}), as s-nail does: no mbox writer on the way
 *       (the receiving MTA's local delivery writes mboxo, jmail's mboxrd) then needs to quote it,
 *       so every reader shows the line exactly as written — quoting {@code >From } in mboxrd, or
 *       {@code From } in mboxo, is undone by no common reader (mutt, s-nail, Python mailbox).
 * </ul>
 *
 * Everything else is what Jakarta Mail writes: CRLF and LF are line breaks (CRLF out), {@code =},
 * controls (TAB too) and 8-bit octets are {@code =XX}, a space before a line break is {@code =20},
 * and soft line breaks keep every line within 76 characters.
 *
 * <pre>
 * RFC 2045 6.7:
 * quoted-printable := qp-line *(CRLF qp-line)
 * qp-line := *(qp-segment transport-padding CRLF) qp-part transport-padding
 * qp-segment := qp-section *(SPACE / TAB) "="      ; soft line break
 * hex-octet := "=" 2(DIGIT / "A" / "B" / "C" / "D" / "E" / "F")
 * safe-char := &lt;any octet with decimal value of 33 through 126 inclusive, except "=" (61)&gt;
 * </pre>
 */
final class QuotedPrintable {
  private QuotedPrintable() {}

  /**
   * RFC 2045 6.7 (5): encoded lines are at most 76 characters; one is kept for the soft break "=".
   */
  private static final int PER_LINE = 75;

  private static final byte[] HEX =
      "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static byte[] encode(byte[] text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + text.length / 8 + 16);
    int count = 0; // characters on the current output line
    for (int i = 0; i < text.length; i++) {
      int c = text[i] & 0xff;
      boolean crlf = c == '\r' && i + 1 < text.length && text[i + 1] == '\n';
      if (c == '\n' || crlf) {
        if (crlf) i++;
        out.write('\r');
        out.write('\n');
        count = 0;
        continue;
      }
      boolean lineEndsNext =
          i + 1 == text.length
              || text[i + 1] == '\n'
              || (text[i + 1] == '\r' && i + 2 < text.length && text[i + 2] == '\n');
      boolean encode =
          c < 33 && c != ' ' // controls, TAB, a bare CR
              || c > 126
              || c == '='
              || (c == ' ' && lineEndsNext); // trailing white space would be stripped on the way
      int width = encode ? 3 : 1;
      if (count + width > PER_LINE) {
        out.write('=');
        out.write('\r');
        out.write('\n');
        count = 0;
      }
      // Every output line, a soft-broken one too, that would start with >*"From " starts encoded.
      if (count == 0 && !encode && startsFromLine(text, i)) {
        encode = true;
        width = 3;
      }
      if (encode) {
        out.write('=');
        out.write(HEX[c >> 4]);
        out.write(HEX[c & 0xf]);
      } else {
        out.write(c);
      }
      count += width;
    }
    return out.toByteArray();
  }

  /** Whether the line at {@code i} matches {@code ^>*From } (an mbox From_ line, quoted or not). */
  private static boolean startsFromLine(byte[] text, int i) {
    int j = i;
    while (j < text.length && text[j] == '>') j++;
    byte[] from = {'F', 'r', 'o', 'm', ' '};
    if (text.length - j < from.length) return false;
    for (int k = 0; k < from.length; k++) if (text[j + k] != from[k]) return false;
    return true;
  }

  /** Whether a body needs this encoding to arrive intact in every mbox reader: see the class. */
  static boolean hasFromLine(byte[] text) {
    for (int i = 0; i < text.length; i++) {
      if ((i == 0 || text[i - 1] == '\n') && startsFromLine(text, i)) return true;
    }
    return false;
  }
}
