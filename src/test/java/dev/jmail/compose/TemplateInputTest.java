package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -t}: the message on stdin is sent as its own Content-* fields describe it. */
class TemplateInputTest {
  @TempDir Path home;

  private static final String MULTIPART =
      "To: you@example.com\nSubject: report\nMIME-Version: 1.0\n"
          + "Content-Type: multipart/mixed;\n boundary=\"==XYZ==\"\n\n"
          + "preamble\n--==XYZ==\nContent-Type: text/plain; charset=iso-8859-1\n"
          + "Content-Transfer-Encoding: quoted-printable\n\ncaf=E9\n"
          + "--==XYZ==\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"d.bin\"\n"
          + "Content-Transfer-Encoding: base64\n\nAAECAwQF/w==\n--==XYZ==--\n";

  private InProcess jmail() {
    return new InProcess()
        .env("HOME", home.toString())
        .env("USER", "tester")
        .env("HOSTNAME", "box.example")
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null");
  }

  private Result dryT(byte[] stdin, String... more) {
    String[] args = new String[more.length + 2];
    args[0] = "--dry-run";
    args[1] = "-t";
    System.arraycopy(more, 0, args, 2, more.length);
    return jmail().stdin(stdin).run(args);
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static MimeMessage parse(String dryRunOut) throws Exception {
    String msg = dryRunOut.substring(dryRunOut.indexOf("\n\n") + 2);
    return new MimeMessage(
        Session.getInstance(new Properties()),
        new ByteArrayInputStream(msg.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void a_message_saved_from_an_mbox_is_sent_without_its_from_line_as_sendmail_t_does()
      throws Exception {
    Result r =
        dryT(("From someone@example.org Sat Nov 21 10:00:00 2026\nTo: you@example.com\n"
                    + "Subject: resent\n\nFrom the body, kept\n")
                .getBytes(StandardCharsets.UTF_8))
            .succeeded();
    assertTrue(
        r.out().startsWith("MAIL FROM:<tester@box.example>\nRCPT TO:<you@example.com>\n\n"),
        r.out());
    assertFalse(r.out().contains("someone@example.org"), r.out());
    assertTrue(
        r.out().contains("Subject: resent\n") && r.out().endsWith("\n\n=46rom the body, kept\n"),
        r.out());
    dryT("From: a@example.com\nSubject: no recipients here\n\nx\n".getBytes(StandardCharsets.UTF_8))
        .exits(64);
  }

  @Test
  void a_latin1_body_declared_by_its_content_type_is_read_as_latin1_and_sent_as_utf8()
      throws Exception {
    // input-charset is UTF-8, where these bytes are invalid: the declared charset decides.
    Result r =
        dryT(latin1(
                "To: you@example.com\nSubject: s\nContent-Type: text/plain; charset=ISO-8859-1\n"
                    + "Content-Transfer-Encoding: 8bit\n\ncafé crème\n"))
            .succeeded();
    MimeMessage m = parse(r.out());
    assertTrue(m.getContentType().toLowerCase().contains("charset=utf-8"), m.getContentType());
    assertEquals("café crème\n", m.getContent());
    assertEquals(1, r.out().split("Content-Type:", -1).length - 1, "one Content-Type:\n" + r.out());
  }

  @Test
  void a_quoted_printable_body_is_decoded_once_not_sent_encoded_twice() throws Exception {
    Result r =
        dryT(latin1(
                "To: you@example.com\nContent-Type: text/plain; charset=iso-8859-1\n"
                    + "Content-Transfer-Encoding: quoted-printable\n\ncaf=E9 and a soft=\n break\n"))
            .succeeded();
    assertEquals("café and a soft break\n", parse(r.out()).getContent());
    assertFalse(r.out().contains("=3DE9"), r.out());
  }

  @Test
  void a_base64_utf8_body_is_decoded_with_crlf_line_breaks_made_plain_newlines() throws Exception {
    String b64 =
        java.util.Base64.getMimeEncoder()
            .encodeToString("Grüße\r\nzweite Zeile\r\n".getBytes(StandardCharsets.UTF_8));
    Result r =
        dryT(latin1(
                "To: you@example.com\nContent-Type: text/plain; charset=\"utf-8\"\n"
                    + "Content-Transfer-Encoding: base64\n\n"
                    + b64
                    + "\n"))
            .succeeded();
    assertEquals("Grüße\nzweite Zeile\n", parse(r.out()).getContent());
  }

  @Test
  void a_format_flowed_parameter_and_an_html_subtype_are_kept() throws Exception {
    Result r =
        dryT(latin1(
                "To: you@example.com\nContent-Type: text/html; charset=us-ascii; format=flowed\n\n<p>hi</p>\n"))
            .succeeded();
    String ct = parse(r.out()).getContentType().toLowerCase();
    assertTrue(
        ct.startsWith("text/html") && ct.contains("format=flowed") && ct.contains("charset=utf-8"),
        ct);
  }

  @Test
  void a_body_that_is_not_valid_in_its_declared_charset_is_refused_with_65() {
    dryT(latin1("To: you@example.com\nContent-Type: text/plain; charset=us-ascii\n\ncafé\n"))
        .exits(65)
        .errIsOneLine()
        .errContains("charset us-ascii");
    dryT(latin1("To: you@example.com\nContent-Type: text/plain; charset=no-such-charset\n\nx\n"))
        .exits(65)
        .errIsOneLine()
        .errContains("unknown charset 'no-such-charset'");
  }

  @Test
  void a_multipart_message_goes_out_with_its_structure_and_body_bytes_intact() throws Exception {
    Path got = home.resolve("got");
    Path sm = home.resolve("sendmail");
    Files.writeString(sm, "#!/bin/sh\ncat > '" + got + "'\n");
    Files.setPosixFilePermissions(sm, PosixFilePermissions.fromString("rwx------"));
    jmail().stdin(MULTIPART).run("-S", "sendmail=" + sm, "-t").succeeded();
    String sent = Files.readString(got, StandardCharsets.US_ASCII);
    String body = MULTIPART.substring(MULTIPART.indexOf("\n\n") + 2);
    assertTrue(sent.endsWith("\n\n" + body), "the body byte for byte:\n" + sent);
    String headers = sent.substring(0, sent.indexOf("\n\n") + 1);
    assertEquals(
        1,
        headers.split("\nMIME-Version:", -1).length
            - 1
            + (headers.startsWith("MIME-Version:") ? 1 : 0),
        headers);
    assertTrue(headers.contains("Content-Type: multipart/mixed;"), headers);

    MimeMessage m =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(sent.getBytes(StandardCharsets.US_ASCII)));
    assertEquals("report", m.getSubject());
    MimeMultipart mp = (MimeMultipart) m.getContent();
    assertEquals(2, mp.getCount());
    assertEquals(
        "café",
        mp.getBodyPart(0).getContent()); // the line break before a boundary is the delimiter's
    MimeBodyPart bin = (MimeBodyPart) mp.getBodyPart(1);
    assertEquals("d.bin", bin.getFileName());
    assertArrayEquals(
        new byte[] {0, 1, 2, 3, 4, 5, (byte) 0xff}, bin.getInputStream().readAllBytes());
  }

  @Test
  void a_mime_message_with_8bit_data_is_refused_with_65_and_nothing_is_sent() {
    String eightBit = MULTIPART.replace("caf=E9", "café");
    dryT(eightBit.getBytes(StandardCharsets.UTF_8))
        .exits(65)
        .errIsOneLine()
        .errContains("8-bit data");
    assertFalse(Files.exists(home.resolve("dead.letter")));
  }

  @Test
  void a_multipart_without_its_closing_boundary_or_with_attachments_from_dash_a_is_refused()
      throws Exception {
    dryT(latin1(MULTIPART.replace("--==XYZ==--", "--==XYZ==")))
        .exits(65)
        .errIsOneLine()
        .errContains("closing boundary");
    Path f = home.resolve("f.txt");
    Files.writeString(f, "x");
    dryT(latin1(MULTIPART), "-a", f.toString()).exits(64).errIsOneLine().errContains("-a");
  }
}
