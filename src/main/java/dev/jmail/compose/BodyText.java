package dev.jmail.compose;

import dev.jmail.error.DataFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * The message text read from stdin: decoded strictly in the input charset (UTF-8 unless {@code
 * input-charset} says otherwise — never the locale's charset), and chosen a transfer encoding.
 *
 * <p>Binary input is refused, not mangled: a NUL byte, or bytes that are not valid in the input
 * charset, make a data error (exit 65) telling the user to attach the data with {@code -a FILE}.
 */
public final class BodyText {
  private BodyText() {}

  /** RFC 5321 4.5.3.1.6: a line is at most 1000 octets including CRLF. */
  static final int MAX_LINE = 998;

  public static String decode(byte[] bytes, Charset charset, String what) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new DataFormatException(
            what
                + ": binary data (NUL byte at offset "
                + i
                + "); send binary data as an"
                + " attachment with -a FILE");
      }
    }
    CharsetDecoder d =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return d.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new DataFormatException(
          what
              + ": not valid "
              + charset.name()
              + " text; set input-charset to its charset, or"
              + " send binary data as an attachment with -a FILE");
    }
  }

  /**
   * RFC 2045 6: 7bit when every octet is ASCII, there is no bare CR and no line is longer than 998
   * octets, and no line starts with {@code From } or {@code >From } (see {@link QuotedPrintable});
   * otherwise quoted-printable, which keeps the text readable and every octet exact.
   */
  public static String transferEncoding(byte[] utf8) {
    if (QuotedPrintable.hasFromLine(utf8)) return "quoted-printable";
    int lineLength = 0;
    for (byte b : utf8) {
      if (b == '\n') {
        lineLength = 0;
        continue;
      }
      if (b < 0 || b == '\r' || b == 0) return "quoted-printable";
      if (++lineLength > MAX_LINE) return "quoted-printable";
    }
    return "7bit";
  }
}
