package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The text body goes in as bytes (no activation mailcap look-up at start-up); what is written must
 * stay exactly what {@code MimePart.setText(text, "utf-8", subtype)} writes — except for a bare CR
 * and a line starting with "From ", which {@link QuotedPrintableTest} covers.
 */
class TextPartTest {
  private static String written(String text, String subtype, boolean inMultipart, boolean ours)
      throws Exception {
    MimeMessage m =
        ours
            ? new Composer.FixedIdMessage("<id@example.org>")
            : new MimeMessage((jakarta.mail.Session) null);
    MimeBodyPart part = new MimeBodyPart();
    MimePart target = inMultipart ? part : m;
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (ours && inMultipart) {
      part = Composer.textPart(utf8, subtype);
    } else if (ours) {
      ((Composer.FixedIdMessage) m).setTextBody(utf8, subtype);
    } else {
      target.setText(text, "utf-8", subtype);
      target.setHeader("Content-Transfer-Encoding", BodyText.transferEncoding(utf8));
    }
    if (inMultipart) {
      MimeMultipart mixed = new FixedBoundary();
      // One boundary for both: a random one with a short hash (7 digits or fewer) is not
      // folded, and ";\r\n\tboundary" unfolds to two spaces where the other has one (PIT's
      // fresh JVMs, with few parts made before, failed this test now and then).
      mixed.addBodyPart(part);
      m.setContent(mixed);
    }
    m.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toString(StandardCharsets.ISO_8859_1)
        .replaceAll("\r\n[ \t]+", " ")
        .replaceAll("(?m)^(Date|Message-ID): .*$", "$1:");
  }

  private static final class FixedBoundary extends MimeMultipart {
    FixedBoundary() {
      super("mixed");
      contentType = "multipart/mixed; boundary=\"----=_Part_0_1234567890.1796641966750\"";
    }
  }

  /**
   * Bodies that stress the encoding choice and line ends (also PlainTextWithoutMimeMessageTest).
   */
  static final String[] TEXTS = {
    "",
    "hello\n",
    "Grüße\nfrom me\n.\n",
    "a\r\nb",
    "x".repeat(2000) + "\n",
    "no newline",
    "tab\there  \n trailing  \n",
    "\uD83D\uDE00 emoji\n",
    "=3D already encoded?\n",
  };

  @Test
  void the_text_part_is_written_byte_for_byte_as_set_text_writes_it() throws Exception {
    for (String text : TEXTS) {
      for (String subtype : new String[] {"plain", "html"}) {
        for (boolean inMultipart : new boolean[] {false, true}) {
          assertEquals(
              written(text, subtype, inMultipart, false),
              written(text, subtype, inMultipart, true),
              text + " " + subtype + " multipart=" + inMultipart);
        }
      }
    }
  }
}
