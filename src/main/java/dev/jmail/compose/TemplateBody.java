package dev.jmail.compose;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.UsageException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code -t}: the body of the message on stdin, as its own {@code Content-*} header fields describe
 * it (RFC 2045). Two outcomes:
 *
 * <ul>
 *   <li>{@link Text}: no {@code Content-Type}, or a {@code text/*} one. The body is undone from its
 *       declared {@code Content-Transfer-Encoding} (quoted-printable, base64; 7bit, 8bit, binary as
 *       they are) and decoded strictly in its declared {@code charset} (without one, the {@code
 *       input-charset}), then sent like any typed text: UTF-8, 7bit or quoted-printable.
 *   <li>{@link Entity}: any other type ({@code multipart/*}, {@code message/*}, {@code
 *       application/*}, …): a prepared MIME entity. Its {@code Content-*} fields and body go out
 *       unchanged, only with CRLF line ends; nothing is re-encoded. It must already be 7-bit (RFC
 *       2045 2.7: no NUL, no bare CR, lines of at most 998 octets); 8-bit data is refused, never
 *       sent mislabelled or mangled.
 * </ul>
 *
 * <p>s-nail's {@code -t} passes such a {@code Content-Type} through as a custom header and sends
 * the body as it is, 8-bit or not; Heirloom and POSIX mailx do not speak of MIME input at all.
 */
sealed interface TemplateBody {

  /** Text to encode as jmail encodes any text; {@code params}: Content-Type parameters to keep. */
  record Text(String text, String subtype, String params) implements TemplateBody {}

  /**
   * A prepared MIME entity: its Content-* fields (name, value) and its body with CRLF line ends.
   */
  record Entity(List<String[]> fields, byte[] crlfBody) implements TemplateBody {}

  /**
   * @param fields the Content-* fields from the header section, values as written
   * @param body the bytes after the header section
   */
  static TemplateBody of(List<String[]> fields, byte[] body, Charset inputCharset) {
    String type = value(fields, "content-type");
    String cte = value(fields, "content-transfer-encoding");
    ContentType ct;
    try {
      ct = new ContentType(type == null ? "text/plain" : type);
    } catch (ParseException e) {
      throw new UsageException("-t: invalid Content-Type '" + type + "'");
    }
    if (!ct.getPrimaryType().equalsIgnoreCase("text")) return entity(ct, fields, body);

    byte[] raw = undo(cte, body);
    String charsetName = ct.getParameter("charset");
    Charset charset = inputCharset;
    String what = "stdin";
    if (charsetName != null && !charsetName.isBlank()) {
      try {
        charset = Charset.forName(charsetName.strip());
      } catch (IllegalArgumentException e) {
        throw new DataFormatException("-t: unknown charset '" + charsetName + "' in Content-Type");
      }
      what = "stdin (Content-Type charset " + charsetName.strip() + ")";
    }
    String text = BodyText.decode(raw, charset, what);
    if (isEncoded(cte))
      text = text.replace("\r\n", "\n"); // RFC 2045 6.7/6.8: canonical CRLF line breaks
    ParameterList kept =
        ct.getParameterList() == null ? new ParameterList() : ct.getParameterList();
    kept.remove("charset");
    return new Text(text, ct.getSubType().toLowerCase(Locale.ROOT), kept.toString());
  }

  private static String value(List<String[]> fields, String name) {
    String v = null;
    for (String[] f : fields) if (f[0].equalsIgnoreCase(name)) v = f[1];
    return v;
  }

  private static boolean isEncoded(String cte) {
    return cte != null && !isIdentity(cte);
  }

  /** RFC 2045 6.1: 7bit, 8bit and binary mean the body is as it is. */
  private static boolean isIdentity(String cte) {
    String c = cte.strip().toLowerCase(Locale.ROOT);
    return c.isEmpty() || c.equals("7bit") || c.equals("8bit") || c.equals("binary");
  }

  /** The body with its Content-Transfer-Encoding undone. */
  private static byte[] undo(String cte, byte[] body) {
    if (cte == null || isIdentity(cte)) return body;
    String c = cte.strip().toLowerCase(Locale.ROOT);
    if (!c.equals("quoted-printable") && !c.equals("base64")) {
      throw new DataFormatException(
          "-t: unsupported Content-Transfer-Encoding '" + cte.strip() + "'");
    }
    try {
      return MimeUtility.decode(new ByteArrayInputStream(body), c).readAllBytes();
    } catch (MessagingException | IOException e) {
      throw new DataFormatException("-t: the body is not valid " + c + ": " + e.getMessage(), e);
    }
  }

  private static Entity entity(ContentType ct, List<String[]> fields, byte[] body) {
    for (String[] f : fields) {
      for (char ch : f[1].toCharArray()) {
        if (ch >= 0x80)
          throw new DataFormatException(
              "-t: non-ASCII text in the " + f[0] + " field of a MIME message");
      }
    }
    byte[] crlf = crlf(body);
    if (ct.getPrimaryType().equalsIgnoreCase("multipart")) {
      String boundary = ct.getParameter("boundary");
      if (boundary == null || boundary.isEmpty()) {
        throw new DataFormatException("-t: " + ct.getBaseType() + " without a boundary parameter");
      }
      String text = "\r\n" + new String(crlf, StandardCharsets.US_ASCII);
      if (!text.contains("\r\n--" + boundary + "--")) {
        throw new DataFormatException(
            "-t: " + ct.getBaseType() + " body without its closing boundary --" + boundary + "--");
      }
    }
    return new Entity(fields, crlf);
  }

  /** LF or CRLF line ends to CRLF; refuses what is not 7-bit data (RFC 2045 2.7). */
  private static byte[] crlf(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + body.length / 40);
    int lineLength = 0;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (b == '\n') {
        lineLength = 0;
      } else if (b != '\r' && ++lineLength > BodyText.MAX_LINE) {
        throw new DataFormatException(
            "-t: the MIME message has a line longer than "
                + BodyText.MAX_LINE
                + " octets (offset "
                + i
                + "); encode its parts as quoted-printable or base64");
      }
      if (b < 0 || b == 0) {
        throw new DataFormatException(
            "-t: the MIME message has 8-bit data (offset "
                + i
                + "); encode its parts as quoted-printable or base64");
      }
      if (b == '\r') {
        if (i + 1 < body.length && body[i + 1] == '\n') continue; // written with the LF
        throw new DataFormatException("-t: the MIME message has a bare CR (offset " + i + ")");
      }
      if (b == '\n') out.write('\r');
      out.write(b);
    }
    return out.toByteArray();
  }
}
