package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sending over real SMTP on 127.0.0.1: GreenMail, and a scripted server for what it cannot do. */
class SmtpSendTest {
  static final Path TLS = LoopbackGreenMail.TLS;
  static GreenMail greenMail;

  @TempDir Path home;

  @BeforeAll
  static void startGreenMail() {
    greenMail = LoopbackGreenMail.of(ServerSetup.PROTOCOL_SMTP, ServerSetup.PROTOCOL_SMTPS);
    greenMail.withConfiguration(
        GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "open sesame"));
    greenMail.start();
  }

  @AfterAll
  static void stopGreenMail() {
    greenMail.stop();
  }

  @BeforeEach
  void purge() throws Exception {
    greenMail.purgeEmailFromAllMailboxes();
  }

  private InProcess jmail() {
    return new InProcess()
        .env("HOME", home.toString())
        .env("USER", "tester")
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null");
  }

  private String smtp() {
    return "mta=smtp://127.0.0.1:" + greenMail.getSmtp().getPort();
  }

  private String smtps() {
    return "mta=smtps://localhost:" + greenMail.getSmtps().getPort();
  }

  private Path deadLetter() {
    return home.resolve("dead.letter");
  }

  @Test
  void a_message_over_plain_smtp_arrives_with_subject_body_attachment_and_recipients_intact()
      throws Exception {
    String longLine = "x".repeat(2000);
    String body =
        "Grüße aus Köln ✓\nFrom the start of a line\n.\n..two dots\ntrailing spaces   \n"
            + longLine
            + "\nlast\n";
    byte[] pdf = new byte[3000];
    for (int i = 0; i < pdf.length; i++) pdf[i] = (byte) (i * 7);
    System.arraycopy("%PDF-1.4".getBytes(StandardCharsets.US_ASCII), 0, pdf, 0, 8);
    Path attachment = home.resolve("Bericht März.pdf");
    Files.write(attachment, pdf);

    Result r =
        jmail()
            .stdin(body)
            .run(
                "-S",
                smtp(),
                "--json",
                "-s",
                "Grüße — report ✓",
                "-r",
                "Bot <bot@example.org>",
                "-c",
                "Jörg <joerg@example.com>",
                "-b",
                "hidden@example.net",
                "-a",
                attachment.toString(),
                "to@example.com")
            .succeeded();
    assertTrue(r.out().contains("\"status\":\"sent\""), r.out());
    assertTrue(
        r.out()
            .contains(
                "\"accepted\":[\"to@example.com\",\"joerg@example.com\",\"hidden@example.net\"]"),
        r.out());

    assertTrue(greenMail.waitForIncomingEmail(5000, 3));
    MimeMessage[] got = greenMail.getReceivedMessages();
    assertEquals(3, got.length, "one copy per envelope recipient, Bcc included");
    assertEquals(
        1,
        greenMail
            .findReceivedMessages(u -> u.getEmail().equals("hidden@example.net"), x -> true)
            .count(),
        "the Bcc recipient got it");
    MimeMessage m = got[0];
    assertEquals("Grüße — report ✓", m.getSubject());
    assertNull(m.getHeader("Bcc"), "no Bcc header");
    assertEquals("bot@example.org", ((InternetAddress) m.getFrom()[0]).getAddress());
    assertEquals("Bot", ((InternetAddress) m.getFrom()[0]).getPersonal());
    assertEquals(
        "Jörg", ((InternetAddress) m.getRecipients(Message.RecipientType.CC)[0]).getPersonal());
    assertEquals("to@example.com", m.getRecipients(Message.RecipientType.TO)[0].toString());
    assertTrue(r.out().contains(m.getMessageID()), "--json names the Message-ID");
    assertTrue(m.getHeader("User-Agent")[0].startsWith("jmail/"));
    assertEquals("1.0", m.getHeader("MIME-Version")[0]);
    assertTrue(m.getHeader("Date") != null);

    Multipart mp = (Multipart) m.getContent();
    Part text = mp.getBodyPart(0);
    assertTrue(
        text.getContentType().toLowerCase().contains("charset=utf-8"), text.getContentType());
    assertEquals(body, ((String) text.getContent()).replace("\r\n", "\n"), "body byte-exact");
    Part att = mp.getBodyPart(1);
    assertEquals("Bericht März.pdf", att.getFileName());
    assertTrue(att.getContentType().startsWith("application/pdf"), att.getContentType());
    assertArrayEquals(pdf, att.getInputStream().readAllBytes());
    assertFalse(Files.exists(deadLetter()));
  }

  @Test
  void implicit_tls_with_the_servers_ca_file_delivers() throws Exception {
    jmail()
        .stdin("over TLS\n")
        .run(
            "-S",
            smtps(),
            "-S",
            "tls-ca-file=" + TLS.resolve("localhost.pem"),
            "-s",
            "tls",
            "to@example.com")
        .succeeded();
    assertTrue(greenMail.waitForIncomingEmail(5000, 1));
    assertEquals("tls", greenMail.getReceivedMessages()[0].getSubject());
  }

  @Test
  void an_untrusted_certificate_fails_with_69_and_the_message_is_kept_in_dead_letter()
      throws Exception {
    Result r =
        jmail()
            .stdin("secret body\n")
            .run(
                "-S",
                smtps(),
                "-S",
                "tls-ca-file=" + TLS.resolve("other.pem"),
                "-s",
                "tls",
                "to@example.com")
            .exits(69)
            .errIsOneLine()
            .errContains("TLS failed")
            .errContains(deadLetter().toString());
    assertEquals(0, greenMail.getReceivedMessages().length);
    assertTrue(Files.readString(deadLetter()).contains("secret body"), r.err());
  }

  @Test
  void a_plain_server_on_an_smtps_port_is_named_as_not_speaking_tls() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      jmail()
          .stdin("x\n")
          .run("-S", "mta=smtps://127.0.0.1:" + s.port(), "-s", "t", "to@example.com")
          .exits(69)
          .errIsOneLine()
          .errContains(
              "TLS failed: the server does not speak TLS on this port (smtps:// is TLS from the first byte;"
                  + " for a plain or STARTTLS port use smtp:// or submission://)");
    }
  }

  @Test
  void an_untrusted_certificate_is_named_and_the_hint_is_tls_ca_file() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.implicitTls = "/tls/localhost.p12";
      Result r =
          jmail()
              .stdin("x\n")
              .run("-S", "mta=smtps://localhost:" + s.port(), "-s", "t", "to@example.com")
              .exits(69)
              .errIsOneLine()
              .errContains(
                  "TLS failed: certificate not trusted (set tls-ca-file=FILE.pem if the server uses a private CA)");
      assertFalse(r.err().contains("host name"), r.err());
    }
  }

  @Test
  void a_certificate_without_subject_alt_name_is_named_as_a_host_name_mismatch_not_as_untrusted()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.implicitTls = "/tls/nosan.p12";
      Result r =
          jmail()
              .stdin("x\n")
              .run(
                  "-S",
                  "mta=smtps://127.0.0.1:" + s.port(),
                  "-S",
                  "tls-ca-file=" + TLS.resolve("nosan.pem"),
                  "-s",
                  "t",
                  "to@example.com")
              .exits(69)
              .errIsOneLine()
              .errContains(
                  "TLS failed: host name does not match the certificate (no subjectAltName for 127.0.0.1)");
      assertFalse(r.err().contains("tls-ca-file"), r.err());
    }
  }

  @Test
  void verification_off_only_when_asked_explicitly() throws Exception {
    jmail().stdin("x\n").run("-S", smtps(), "-s", "t", "to@example.com").exits(69);
    jmail()
        .stdin("x\n")
        .run("-S", smtps(), "-S", "tls-verify=ignore", "-s", "t", "to@example.com")
        .succeeded();
  }

  @Test
  void auth_plain_and_login_over_tls_deliver() throws Exception {
    for (String mech : new String[] {"plain", "login"}) {
      jmail()
          .stdin("auth " + mech + "\n")
          .run(
              "-S",
              smtps(),
              "-S",
              "tls-ca-file=" + TLS.resolve("localhost.pem"),
              "-S",
              "smtp-auth=" + mech,
              "-S",
              "smtp-auth-user=alice",
              "-S",
              "smtp-auth-password=open sesame",
              "-s",
              mech,
              "to@example.com")
          .succeeded();
    }
    assertTrue(greenMail.waitForIncomingEmail(5000, 2));
  }

  @Test
  void a_wrong_password_exits_77_and_keeps_the_message() throws Exception {
    for (String mechanism : new String[] {"plain", "login"}) {
      jmail()
          .stdin("never sent\n")
          .run(
              "-S",
              smtps(),
              "-S",
              "tls-ca-file=" + TLS.resolve("localhost.pem"),
              "-S",
              "smtp-auth=" + mechanism,
              "-S",
              "smtp-auth-user=alice",
              "-S",
              "smtp-auth-password=wrong",
              "-s",
              "x",
              "to@example.com")
          .exits(77)
          .errIsOneLine()
          .errContains("authentication failed for alice");
      assertTrue(Files.readString(deadLetter()).contains("never sent"), mechanism);
      Files.delete(deadLetter());
    }
    assertEquals(0, greenMail.getReceivedMessages().length);
  }

  @Test
  void a_plain_text_body_with_dot_lines_arrives_byte_for_byte() throws Exception {
    String body = ".\n..\n.x\n. \nx.\n...\nend\n";
    jmail().stdin(body).run("-S", smtp(), "-s", "d", "to@x.org").succeeded();
    assertTrue(greenMail.waitForIncomingEmail(Bounds.millis(5000), 1));
    // GreenMail keeps the content without the CRLF that comes before the final dot
    String got = (String) greenMail.getReceivedMessages()[0].getContent();
    assertEquals(body, got.replace("\r", "") + "\n");
  }

  @Test
  void a_port_out_of_range_is_a_configuration_error_78_and_the_message_is_kept() throws Exception {
    for (String mta : new String[] {"mta=smtp://127.0.0.1:99999", "smtp=127.0.0.1:70000"}) {
      jmail()
          .stdin("port body\n")
          .run("-S", mta, "-s", "x", "to@example.com")
          .exits(78)
          .errContains("port")
          .errIsOneLine();
      assertTrue(Files.readString(deadLetter()).contains("port body"));
      Files.delete(deadLetter());
    }
  }

  @Test
  void auth_over_an_unencrypted_connection_is_refused_with_78_before_connecting() throws Exception {
    jmail()
        .stdin("x\n")
        .run(
            "-S",
            smtp(),
            "-S",
            "smtp-auth-user=alice",
            "-S",
            "smtp-auth-password=open sesame",
            "-s",
            "x",
            "to@example.com")
        .exits(78)
        .errContains("unencrypted");
    assertEquals(0, greenMail.getReceivedMessages().length);
    assertTrue(Files.exists(deadLetter()));
  }

  @Test
  void starttls_upgrades_the_connection_and_verifies_the_certificate() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      jmail()
          .stdin("hello over starttls\n")
          .run(
              "-S",
              "mta=submission://localhost:" + s.port(),
              "-S",
              "tls-ca-file=" + TLS.resolve("localhost.pem"),
              "-S",
              "smtp-auth-user=bob",
              "-S",
              "smtp-auth-password=pw",
              "-s",
              "x",
              "to@example.com")
          .succeeded();
      assertTrue(s.sawTls);
      assertTrue(s.messages.get(0).contains("hello over starttls"));
    }
  }

  @Test
  void required_starttls_that_the_server_does_not_offer_fails_with_69() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      jmail()
          .stdin("x\n")
          .run(
              "-S",
              "mta=smtp://127.0.0.1:" + s.port(),
              "-S",
              "smtp-use-starttls",
              "-s",
              "x",
              "to@example.com")
          .exits(69)
          .errContains("STARTTLS");
      assertTrue(s.messages.isEmpty());
    }
  }

  @Test
  void a_4xx_reply_is_a_temporary_failure_75_and_the_message_is_in_dead_letter() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.rcptReply = "451 4.3.0 mailbox busy, try later";
      jmail()
          .stdin("keep me\n")
          .run("-S", "smtp=127.0.0.1:" + s.port(), "-s", "x", "to@example.com")
          .exits(75)
          .errIsOneLine()
          .errContains("451")
          .errContains("message saved in " + deadLetter());
      String dead = Files.readString(deadLetter());
      assertTrue(dead.startsWith("From tester@"), dead);
      assertTrue(dead.contains("\nkeep me\n\n"), dead);
    }
  }

  @Test
  void a_5xx_reply_is_permanent_69() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.dataReply = "554 5.7.1 rejected as spam";
      jmail()
          .stdin("x\n")
          .run("-S", "smtp=127.0.0.1:" + s.port(), "-s", "x", "to@example.com")
          .exits(69)
          .errContains("554");
      assertTrue(Files.exists(deadLetter()));
    }
  }

  @Test
  void a_server_that_never_answers_times_out_with_75() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.silent = true;
      long t0 = System.nanoTime();
      jmail()
          .stdin("x\n")
          .run(
              "-S",
              "smtp=127.0.0.1:" + s.port(),
              "-S",
              "smtp-timeout=1",
              "-s",
              "x",
              "to@example.com")
          .exits(75)
          .errContains("no answer");
      assertTrue(System.nanoTime() - t0 < 8_000_000_000L, "gave up after the timeout");
    }
  }

  @Test
  void connection_refused_is_75() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    jmail()
        .stdin("x\n")
        .run("-S", "smtp=127.0.0.1:" + port, "-s", "x", "to@example.com")
        .exits(75)
        .errContains("cannot connect");
  }

  @Test
  void a_failed_send_with_json_prints_a_failure_object_naming_the_dead_letter() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    var r =
        jmail()
            .stdin("x\n")
            .run("--json", "-S", "smtp=127.0.0.1:" + port, "-s", "x", "to@example.com")
            .exits(75)
            .errContains("cannot connect");
    assertTrue(r.out().startsWith("{\"status\":\"failed\",\"message_id\":\"<"), r.out());
    assertTrue(r.out().contains("\"exit_status\":75"), r.out());
    assertTrue(r.out().contains("\"dead_letter\":\""), r.out());
  }

  @Test
  void verbose_shows_the_dialogue_with_the_password_masked() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      String pw = "pa55-word-xyz";
      Result r =
          jmail()
              .stdin("x\n")
              .run(
                  "-v",
                  "-S",
                  "mta=submission://localhost:" + s.port(),
                  "-S",
                  "tls-ca-file=" + TLS.resolve("localhost.pem"),
                  "-S",
                  "smtp-auth=login",
                  "-S",
                  "smtp-auth-user=bob",
                  "-S",
                  "smtp-auth-password=" + pw,
                  "-s",
                  "x",
                  "to@example.com")
              .succeeded();
      assertTrue(r.err().contains("MAIL FROM"), r.err());
      assertTrue(
          s.commands.contains(Base64.getEncoder().encodeToString(pw.getBytes())),
          "password was sent");
      assertFalse(r.err().contains(pw), r.err());
      assertFalse(r.err().contains(Base64.getEncoder().encodeToString(pw.getBytes())), r.err());
    }
  }

  @Test
  void the_password_comes_from_netrc_with_a_warning_when_others_can_read_it() throws Exception {
    Path netrc = home.resolve(".netrc");
    Files.writeString(netrc, "machine localhost login bob password from-netrc\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-r--r--"));
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      Result r =
          jmail()
              .stdin("x\n")
              .run(
                  "-S",
                  "mta=submission://localhost:" + s.port(),
                  "-S",
                  "tls-ca-file=" + TLS.resolve("localhost.pem"),
                  "-S",
                  "smtp-auth=login",
                  "-s",
                  "x",
                  "to@example.com")
              .succeeded();
      assertTrue(s.commands.contains(b64("from-netrc")), s.commands.toString());
      assertTrue(r.err().contains("chmod 600 " + netrc), r.err());
    }
  }

  @Test
  void the_password_command_output_is_used() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      jmail()
          .stdin("x\n")
          .run(
              "-S",
              "mta=submission://bob@localhost:" + s.port(),
              "-S",
              "tls-ca-file=" + TLS.resolve("localhost.pem"),
              "-S",
              "smtp-auth=login",
              "-S",
              "smtp-auth-password-eval=echo from-command",
              "-s",
              "x",
              "to@example.com")
          .succeeded();
      assertTrue(s.commands.contains(b64("from-command")), s.commands.toString());
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
