package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.junit.jupiter.api.Test;

/** RFC 5321 4.5.2 and 2.3.8: what the DATA phase puts on the wire for a composed message. */
class SmtpDataTest {
  private static String wire(String message) {
    return new String(
        SmtpTransport.wire(message.getBytes(StandardCharsets.ISO_8859_1)),
        StandardCharsets.ISO_8859_1);
  }

  @Test
  void a_line_starting_with_a_dot_gets_one_more_dot_and_other_dots_stay() {
    assertEquals("..\r\n...x\r\na.b\r\n", wire(".\r\n..x\r\na.b\r\n"));
    assertEquals("..first\r\n", wire(".first\r\n"));
  }

  @Test
  void bare_lf_and_bare_cr_become_crlf_as_jakarta_mail_sent_them() {
    assertEquals("a\r\nb\r\nc\r\n..d\r\n", wire("a\nb\rc\r\n.d"));
    assertEquals("x\r\n\r\n", wire("x\n\n"));
  }

  @Test
  void the_data_always_ends_with_a_line_end_before_the_final_dot() {
    assertEquals("no newline\r\n", wire("no newline"));
    assertEquals("", wire(""));
  }

  /**
   * Differential: the bytes of the DATA phase are those Jakarta Mail's SMTP transport wrote (its
   * SMTPOutputStream, then ensureAtBOL before the final dot) for random messages made of the octets
   * that matter (dots, CR, LF, 8-bit, ordinary text).
   */
  @Test
  void the_data_phase_is_byte_for_byte_what_jakarta_mails_smtp_stream_wrote() throws IOException {
    byte[] alphabet = {'.', '.', '\r', '\n', '\n', 'a', ' ', (byte) 0xc3, (byte) 0xa9, 0};
    Random random = new Random(20261207);
    for (int round = 0; round < 5000; round++) {
      byte[] m = new byte[random.nextInt(40)];
      for (int i = 0; i < m.length; i++) m[i] = alphabet[random.nextInt(alphabet.length)];
      ByteArrayOutputStream angus = new ByteArrayOutputStream();
      SMTPOutputStream out = new SMTPOutputStream(angus);
      out.write(m, 0, m.length);
      out.ensureAtBOL();
      out.flush();
      assertArrayEquals(
          angus.toByteArray(),
          SmtpTransport.wire(m),
          () -> "message " + new String(m, StandardCharsets.ISO_8859_1).replace("\r", "\\r"));
    }
  }
}
