package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.config.Env;
import dev.jmail.error.JmailException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMTP client (written for jmail in place of Jakarta Mail's SMTPTransport) against what servers
 * do: {@link ScriptedSmtpServer} for chosen replies, refusals, drops and silences (GreenMail, for
 * real delivery, in {@link SmtpSendTest}: nothing here is shared between tests, so PIT, which runs
 * each test method on its own, starts no shared server per method). The exit statuses are those the
 * Jakarta Mail transport gave (SmtpSendTest), and for a refused recipient what s-nail and msmtp do:
 * nobody gets the message, it is kept.
 */
class SmtpClientBehaviourTest {
  static final Path TLS = LoopbackGreenMail.TLS;

  @TempDir Path home;

  private InProcess jmail() {
    return InProcess.isolated(home, "tester");
  }

  /**
   * A send over STARTTLS (submission) as bob with password pw, trusting the test certificate; the
   * settings given come after those (a later -S wins).
   */
  private Result submit(ScriptedSmtpServer s, String... settings) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-S",
                "mta=submission://bob@localhost:" + s.port(),
                "-S",
                "tls-ca-file=" + TLS.resolve("localhost.pem"),
                "-S",
                "smtp-auth-password=pw"));
    for (String setting : settings) args.addAll(List.of("-S", setting));
    args.addAll(List.of("-s", "x", "to@x.org"));
    return jmail().stdin("kept\n").run(args.toArray(String[]::new));
  }

  /** A plain SMTP send of "kept" to these recipients (to@x.org when none). */
  private Result plain(ScriptedSmtpServer s, String... rcpts) {
    List<String> args = new ArrayList<>(List.of("-S", "smtp=127.0.0.1:" + s.port(), "-s", "x"));
    args.addAll(rcpts.length == 0 ? List.of("to@x.org") : List.of(rcpts));
    return jmail().stdin("kept\n").run(args.toArray(String[]::new));
  }

  private Path deadLetter() {
    return home.resolve("dead.letter");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The transport itself, for messages the composer never makes (8-bit, UTF-8 addresses). */
  static SmtpTransport transport(int port) {
    return transport(port, (int) Math.max(5, Bounds.millis(5000) / 1000));
  }

  /** A plain SMTP transport to 127.0.0.1 (client.example), no login (SmtpSessionTest too). */
  static SmtpTransport transport(int port, int timeoutSeconds) {
    return new SmtpTransport(
        new SmtpConfig(
            SmtpConfig.Security.PLAIN,
            "127.0.0.1",
            port,
            null,
            null,
            null,
            null,
            true,
            timeoutSeconds),
        Env.of(Map.of("HOSTNAME", "client.example")),
        Diagnostics.quiet());
  }

  private static Outgoing message(String sender, String text, String... rcpts) {
    return new Outgoing(
        new SmtpEnvelope(sender, List.of(rcpts)),
        "<x@client.example>",
        text.getBytes(StandardCharsets.UTF_8));
  }

  // --- TLS ---

  @Test
  void starttls_says_ehlo_again_after_the_handshake_and_authenticates_only_then() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      submit(s, "smtp-auth=plain").succeeded();
      // jmail does not wait for the answer to QUIT: the server may not have read it yet
      s.awaitSessionEnd(Bounds.millis(10_000));
      List<String> verbs = s.commands.stream().map(c -> c.split(" ")[0]).toList();
      assertEquals(
          List.of("EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"), verbs);
      assertTrue(s.commands.contains("AUTH PLAIN " + b64("\0bob\0pw")), s.commands.toString());
    }
  }

  @Test
  void starttls_refused_with_454_is_a_temporary_failure_75_and_nothing_is_sent_in_clear()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      s.starttlsReply = "454 4.7.0 TLS not available due to temporary reason";
      submit(s).exits(75).errIsOneLine().errContains("STARTTLS: 454");
      s.awaitSessionEnd(Bounds.millis(10_000));
      assertFalse(s.commands.stream().anyMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL")));
      assertTrue(Files.readString(deadLetter()).contains("kept"));
    }
  }

  @Test
  void a_starttls_certificate_that_is_not_trusted_fails_with_69_before_any_auth() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      submit(s, "tls-ca-file=" + TLS.resolve("other.pem"))
          .exits(69)
          .errIsOneLine()
          .errContains("TLS failed: certificate not trusted");
      assertFalse(s.commands.stream().anyMatch(c -> c.startsWith("AUTH")), s.commands.toString());
      assertTrue(Files.readString(deadLetter()).contains("kept"));
    }
  }

  // --- AUTH ---

  @Test
  void auth_login_sends_the_user_and_the_password_each_in_base64_after_its_prompt()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      submit(s, "smtp-auth=login", "smtp-auth-password=pass word").succeeded();
      int at = s.commands.indexOf("AUTH LOGIN");
      assertTrue(at > 0, s.commands.toString());
      assertEquals(List.of(b64("bob"), b64("pass word")), s.commands.subList(at + 1, at + 3));
    }
  }

  @Test
  void a_server_offering_none_of_the_chosen_mechanisms_is_77_naming_what_it_offers()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      s.extensions = List.of("AUTH CRAM-MD5");
      submit(s)
          .exits(77)
          .errIsOneLine()
          .errContains("the server offers none of PLAIN LOGIN (it offers [CRAM-MD5])");
    }
  }

  @Test
  void a_temporary_authentication_failure_454_is_75_not_a_wrong_password() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      s.authReply = "454 4.7.0 Temporary authentication failure";
      submit(s).exits(75).errIsOneLine().errContains("454");
    }
  }

  @Test
  void an_xoauth2_error_challenge_is_answered_empty_and_the_refusal_is_77() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      s.extensions = List.of("AUTH XOAUTH2");
      s.authChallenge = b64("{\"status\":\"401\"}");
      s.authReply = "535 5.7.8 Username and Password not accepted";
      submit(s, "smtp-auth=xoauth2", "smtp-auth-password=tok").exits(77).errContains("535");
      int at =
          s.commands.indexOf("AUTH XOAUTH2 " + b64("user=bob\u0001auth=Bearer tok\u0001\u0001"));
      assertTrue(at > 0, s.commands.toString());
      assertEquals("", s.commands.get(at + 1));
    }
  }

  // --- 8BITMIME, SMTPUTF8 ---

  @Test
  void a_seven_bit_message_goes_out_with_no_mail_parameters() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.extensions = List.of("8BITMIME", "SMTPUTF8");
      transport(s.port()).send(message("a@x.org", "Subject: s\r\n\r\nplain\r\n", "b@x.org"));
      assertTrue(s.commands.contains("MAIL FROM:<a@x.org>"), s.commands.toString());
    }
  }

  @Test
  void an_eight_bit_body_is_sent_with_body_8bitmime_where_the_server_offers_it() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.extensions = List.of("8BITMIME");
      transport(s.port()).send(message("a@x.org", "Subject: s\r\n\r\nGrüße\r\n", "b@x.org"));
      assertTrue(s.commands.contains("MAIL FROM:<a@x.org> BODY=8BITMIME"), s.commands.toString());
      assertEquals(
          "Subject: s\n\nGrüße\n",
          new String(
              s.messages.get(0).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
  }

  @Test
  void an_eight_bit_body_to_a_server_without_8bitmime_is_refused_with_69_before_mail_from()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      UnavailableException e =
          assertThrows(
              UnavailableException.class,
              () ->
                  transport(s.port())
                      .send(message("a@x.org", "Subject: s\r\n\r\nGrüße\r\n", "b@x.org")));
      assertTrue(e.getMessage().contains("does not offer 8BITMIME"), e.getMessage());
      assertFalse(s.commands.stream().anyMatch(c -> c.startsWith("MAIL")), s.commands.toString());
    }
  }

  @Test
  void a_utf8_address_or_header_needs_smtputf8_and_is_refused_clearly_without_it()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.extensions = List.of("8BITMIME", "SMTPUTF8");
      transport(s.port()).send(message("a@x.org", "Subject: s\r\n\r\nx\r\n", "jörg@x.org"));
      transport(s.port()).send(message("a@x.org", "Subject: Grüße\r\n\r\nx\r\n", "b@x.org"));
      assertTrue(s.commands.contains("MAIL FROM:<a@x.org> SMTPUTF8"), s.commands.toString());
      assertTrue(
          s.commands.contains("MAIL FROM:<a@x.org> BODY=8BITMIME SMTPUTF8"), s.commands.toString());
      s.extensions = List.of("8BITMIME");
      UnavailableException e =
          assertThrows(
              UnavailableException.class,
              () ->
                  transport(s.port()).send(message("a@x.org", "S: s\r\n\r\nx\r\n", "jörg@x.org")));
      assertTrue(e.getMessage().contains("does not offer SMTPUTF8"), e.getMessage());
    }
  }

  // --- recipients ---

  @Test
  void one_refused_recipient_of_three_fails_the_message_for_all_naming_it_and_keeps_it()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.rcptReplies.put("bad@x.org", "550 5.1.1 no such user");
      plain(s, "a@x.org", "bad@x.org", "c@x.org")
          .exits(69)
          .errIsOneLine()
          .errContains("recipient bad@x.org refused: 550 5.1.1 no such user")
          .errContains("sent to nobody");
      s.awaitSessionEnd(Bounds.millis(10_000)); // RSET and QUIT go without waiting for answers
      assertEquals(3, s.commands.stream().filter(c -> c.startsWith("RCPT")).count());
      assertFalse(s.commands.contains("DATA"), s.commands.toString());
      assertTrue(s.commands.contains("RSET"), s.commands.toString());
      assertTrue(s.messages.isEmpty());
      assertTrue(Files.readString(deadLetter()).contains("kept"));
    }
  }

  @Test
  void a_permanent_refusal_decides_the_status_over_a_temporary_one_and_both_are_named()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.rcptReplies.put("busy@x.org", "452 4.2.2 mailbox full");
      s.rcptReplies.put("bad@x.org", "550 5.1.1 no such user");
      plain(s, "busy@x.org", "bad@x.org")
          .exits(69)
          .errIsOneLine()
          .errContains("busy@x.org refused: 452")
          .errContains("bad@x.org refused: 550");
    }
  }

  // --- reply codes at each step ---

  @Test
  void a_4xx_at_any_step_is_75_and_a_5xx_is_69_with_the_message_kept() throws Exception {
    record Case(String step, String reply, int status) {}
    for (Case c :
        List.of(
            new Case("greeting", "421 4.3.2 shutting down", 75),
            new Case("greeting", "554 5.3.2 go away", 69),
            new Case("mail", "451 4.3.0 try later", 75),
            new Case("mail", "553 5.7.1 sender refused", 69),
            // the code decides, from 400 up to 499 temporary: 500 (command unrecognized) is not
            new Case("mail", "500 5.5.1 command unrecognized", 69),
            new Case("mail", "400 4.0.0 try again", 75),
            new Case("mail", "499 4.0.0 try again", 75),
            new Case("data", "452 4.3.1 insufficient storage", 75),
            new Case("data", "552 5.3.4 message too big", 69))) {
      try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
        switch (c.step()) {
          case "greeting" -> s.greeting = c.reply();
          case "mail" -> s.mailReply = c.reply();
          default -> s.dataReply = c.reply();
        }
        plain(s).exits(c.status()).errIsOneLine().errContains(c.reply());
        assertTrue(Files.readString(deadLetter()).contains("kept"), c.toString());
        if (!c.step().equals("greeting")) { // a refused session still ends politely
          s.awaitSessionEnd(Bounds.millis(10_000));
          assertEquals("QUIT", s.commands.get(s.commands.size() - 1), c.toString());
        }
        Files.delete(deadLetter());
      }
    }
  }

  @Test
  void a_server_that_knows_only_helo_is_greeted_with_helo_and_takes_the_message() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.ehloReply = "502 5.5.2 command not recognized";
      plain(s).succeeded();
      assertTrue(s.commands.get(1).startsWith("HELO "), s.commands.toString());
      assertTrue(s.messages.get(0).contains("kept"));
    }
  }

  @Test
  void a_greeting_that_is_not_smtp_is_69_naming_what_came() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.greeting = "+OK POP3 ready";
      plain(s).exits(69).errIsOneLine().errContains("not an SMTP reply: '+OK POP3 ready'");
    }
  }

  // --- drops and silences ---

  @Test
  void a_connection_dropped_in_the_middle_of_data_is_75_and_the_message_is_kept() throws Exception {
    String body = "line\n".repeat(50_000); // more than the socket buffers take at once
    for (boolean tls : new boolean[] {false, true}) {
      try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
        s.dropAfterDataLines = 5;
        if (tls) s.implicitTls = "/tls/localhost.p12";
        Result r =
            jmail()
                .stdin(body)
                .run(
                    "-S",
                    (tls ? "mta=smtps://localhost:" : "smtp=127.0.0.1:") + s.port(),
                    "-S",
                    "tls-ca-file=" + TLS.resolve("localhost.pem"),
                    "-s",
                    "dropped",
                    "to@x.org")
                .exits(75)
                .errIsOneLine()
                .errContains("message saved in " + deadLetter());
        // a drop is not a silence: the message must not send the user to raise smtp-timeout
        assertFalse(r.err().contains("smtp-timeout"), r.err());
        assertTrue(Files.readString(deadLetter()).contains("Subject: dropped"), "tls " + tls);
        Files.delete(deadLetter());
      }
    }
  }

  @Test
  void no_answer_after_the_final_dot_times_out_with_75_and_the_message_is_kept() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.silentAfterData = true;
      long t0 = System.nanoTime();
      jmail()
          .stdin("kept\n")
          .run("-S", "smtp=127.0.0.1:" + s.port(), "-S", "smtp-timeout=1", "-s", "x", "to@x.org")
          .exits(75)
          .errIsOneLine()
          .errContains("no answer from the server in 1 s (smtp-timeout)");
      assertTrue(System.nanoTime() - t0 < Bounds.millis(8000) * 1_000_000L, "gave up in time");
      assertTrue(Files.readString(deadLetter()).contains("kept"));
    }
  }

  @Test
  void a_server_that_stops_reading_mid_data_is_given_up_after_the_timeout_with_75()
      throws Exception {
    // more than the socket buffers hold (the server's window is small), so the write blocks
    String text = "Subject: s\r\n\r\n" + ("x".repeat(70) + "\r\n").repeat(80_000);
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.stallInData = true;
      long t0 = System.nanoTime();
      TemporaryFailureException e =
          assertThrows(
              TemporaryFailureException.class,
              () -> transport(s.port(), 1).send(message("a@x.org", text, "b@x.org")));
      assertTrue(
          e.getMessage().endsWith("no answer from the server in 1 s (smtp-timeout)"),
          e.getMessage());
      assertTrue(System.nanoTime() - t0 < Bounds.millis(8000) * 1_000_000L, "gave up in time");
    }
  }

  @Test
  void a_transport_failure_is_typed_so_the_queue_can_tell_temporary_from_permanent()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.dataReply = "451 4.3.0 later";
      JmailException e =
          assertThrows(
              JmailException.class,
              () -> transport(s.port()).send(message("a@x.org", "S: s\r\n\r\nx\r\n", "b@x.org")));
      assertTrue(e instanceof TemporaryFailureException, e.toString());
    }
  }
}
