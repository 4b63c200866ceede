package dev.jmail.compose;

import dev.jmail.config.Settings;
import dev.jmail.error.JmailException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A draft jmail refused to send (a bad address, a line break in the subject, binary stdin, a
 * missing attachment, …) written as a message for {@code dead.letter}, as complete as it was given,
 * so nothing the user wrote is lost:
 *
 * <ul>
 *   <li>the fields as typed — invalid addresses included — one line each; a value with a line break
 *       or another control character is RFC 2047-encoded (exact, and no injected field);
 *   <li>a text body as text; a body that is not text in the input charset (NUL bytes, Latin-1 bytes
 *       under UTF-8) byte-exact as a base64 {@code application/octet-stream} part named {@code
 *       stdin};
 *   <li>each {@code -a} file: its bytes as a part when it can be read, and always an {@code
 *       X-Jmail-Attachment:} field naming it (so a missing one is still recorded);
 *   <li>with {@code -t}, a text stdin exactly as given, after the fields from the command line.
 * </ul>
 */
public final class UnsentDraft {
  private UnsentDraft() {}

  /** The draft as an RFC 5322 message with LF line ends. */
  public static byte[] bytes(Draft d, Settings settings) {
    StringBuilder h = new StringBuilder();
    String from = d.from() != null ? d.from() : settings.get("from").orElse(null);
    if (from != null) field(h, "From", from);
    if (!d.to().isEmpty()) field(h, "To", String.join(", ", d.to()));
    if (!d.cc().isEmpty()) field(h, "Cc", String.join(", ", d.cc()));
    if (!d.bcc().isEmpty()) field(h, "Bcc", String.join(", ", d.bcc()));
    if (d.subject() != null) field(h, "Subject", d.subject());
    for (String c : d.headers()) {
      int colon = c.indexOf(':');
      if (colon > 0 && HeaderText.isFieldName(c.substring(0, colon).strip())) {
        field(h, c.substring(0, colon).strip(), c.substring(colon + 1).strip());
      } else {
        field(h, "X-Jmail-Header", c);
      }
    }
    for (String a : d.attachments()) field(h, "X-Jmail-Attachment", a);

    String text = text(d.body(), settings);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (d.readHeaders() && text != null && d.attachments().isEmpty()) {
      write(out, h.toString());
      out.writeBytes(d.body()); // -t: stdin is itself a message, kept as it was given
      return out.toByteArray();
    }
    h.append("MIME-Version: 1.0\n");
    if (text != null && d.attachments().isEmpty()) {
      h.append("Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n");
      write(out, h.toString());
      write(out, text);
      return out.toByteArray();
    }
    String boundary =
        "=_jmail_unsent_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    h.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\n\n");
    write(out, h.toString());
    if (text != null) {
      write(
          out,
          "--"
              + boundary
              + "\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n");
      write(out, text);
      // The line break before a delimiter belongs to it (RFC 2046 5.1.1): the text's own last
      // line break stays part of the text.
      write(out, "\n");
    } else {
      binaryPart(out, boundary, "stdin", d.body());
    }
    for (String a : d.attachments()) {
      Path p = Path.of(a);
      try {
        if (Files.isRegularFile(p))
          binaryPart(out, boundary, String.valueOf(p.getFileName()), Files.readAllBytes(p));
      } catch (IOException | SecurityException e) {
        // unreadable: the X-Jmail-Attachment field still names it
      }
    }
    write(out, "--" + boundary + "--\n");
    return out.toByteArray();
  }

  /** The body as text, or null when it is not text in the input charset (kept as bytes then). */
  private static String text(byte[] body, Settings settings) {
    try {
      return BodyText.decode(body, Composer.inputCharset(settings), "stdin");
    } catch (JmailException e) {
      return null;
    }
  }

  private static void binaryPart(
      ByteArrayOutputStream out, String boundary, String name, byte[] bytes) {
    String safe = name.replace("\\", "\\\\").replace("\"", "\\\"");
    write(
        out,
        "--"
            + boundary
            + "\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
            + "Content-Disposition: attachment; filename=\""
            + (needsEncoding(safe) ? "attachment" : safe)
            + "\"\n\n");
    write(out, Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(bytes));
    write(out, "\n");
  }

  /** One field; a value that would break the header (a line break, a control) is encoded. */
  private static void field(StringBuilder h, String name, String value) {
    h.append(name)
        .append(": ")
        .append(needsEncoding(value) ? HeaderText.encodedWords(value).replace("\r\n", "\n") : value)
        .append('\n');
  }

  private static boolean needsEncoding(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) return true;
    }
    return false;
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
