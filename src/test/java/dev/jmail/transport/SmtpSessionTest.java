package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMTP session against {@link ScriptedSmtpServer} where a user would notice a mistake: a
 * message sent after the server refused DATA, a reply misread, a secret shown by {@code -v}, a
 * large message cut off by the write timeout, a connection left open after a failure.
 */
class SmtpSessionTest {
  @TempDir Path home;

  private static SmtpTransport transport(int port, int timeoutSeconds) {
    return SmtpClientBehaviourTest.transport(port, timeoutSeconds);
  }

  private static SmtpTransport transport(int port) {
    return SmtpClientBehaviourTest.transport(port);
  }

  private static Outgoing message(String text) {
    return new Outgoing(
        new SmtpEnvelope("a@x.org", List.of("b@x.org")),
        "<x@client.example>",
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_server_refusing_the_data_command_gets_no_message_text_and_a_polite_quit()
      throws Exception {
    for (String refusal : List.of("554 5.5.1 no valid recipients", "451 4.3.0 try later")) {
      try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
        s.dataCommandReply = refusal;
        Class<? extends Exception> type =
            refusal.startsWith("4") ? TemporaryFailureException.class : UnavailableException.class;
        Exception e =
            assertThrows(
                type, () -> transport(s.port()).send(message("Subject: s\r\n\r\nsecret text\r\n")));
        assertTrue(e.getMessage().endsWith(": DATA: " + refusal), e.getMessage());
        s.awaitSessionEnd(Bounds.millis(10_000));
        int data = s.commands.indexOf("DATA");
        assertEquals(List.of("RSET", "QUIT"), s.commands.subList(data + 1, s.commands.size()));
        assertTrue(s.messages.isEmpty());
      }
    }
  }

  @Test
  void a_server_refusing_both_ehlo_and_helo_gets_no_mail_from_it() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.ehloReply = "502 5.5.2 command not recognized";
      s.heloReply = "554 5.7.1 not from you";
      UnavailableException e =
          assertThrows(
              UnavailableException.class,
              () -> transport(s.port()).send(message("Subject: s\r\n\r\nx\r\n")));
      assertTrue(e.getMessage().endsWith(": HELO: 554 5.7.1 not from you"), e.getMessage());
      s.awaitSessionEnd(Bounds.millis(10_000));
      assertFalse(s.commands.stream().anyMatch(c -> c.startsWith("MAIL")), s.commands.toString());
    }
  }

  @Test
  void replies_of_a_bare_code_or_several_lines_are_read_and_anything_else_is_not_smtp()
      throws Exception {
    for (String greeting :
        List.of("220", "220 ", "220-welcome\r\n220-to the\r\n220 scripted server")) {
      try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
        s.greeting = greeting;
        transport(s.port()).send(message("Subject: s\r\n\r\nx\r\n"));
        assertEquals("x\n", s.messages.get(0).substring(s.messages.get(0).indexOf("\n\n") + 2));
        assertEquals("EHLO client.example", s.commands.get(0), greeting);
      }
    }
    for (String greeting : List.of("22", "199 too low", "600 too high", "2x0 x", "2200 x")) {
      try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
        s.greeting = greeting;
        UnavailableException e =
            assertThrows(
                UnavailableException.class,
                () -> transport(s.port()).send(message("Subject: s\r\n\r\nx\r\n")));
        assertTrue(
            e.getMessage().endsWith("not an SMTP reply: '" + greeting + "'"), e.getMessage());
      }
    }
  }

  @Test
  void a_server_that_answers_nonsense_midway_has_the_connection_closed_at_once() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.mailReply = "what?";
      UnavailableException e =
          assertThrows(
              UnavailableException.class,
              () -> transport(s.port()).send(message("Subject: s\r\n\r\nx\r\n")));
      assertTrue(e.getMessage().endsWith("not an SMTP reply: 'what?'"), e.getMessage());
      // the server sees the end of the connection now, not when its own timeout gives up
      s.awaitSessionEnd(Bounds.millis(5_000));
    }
  }

  @Test
  void a_large_message_to_a_server_that_reads_it_is_not_cut_off_by_the_write_timeout()
      throws Exception {
    // well over the 64 KiB above which a watchdog bounds each write by smtp-timeout
    String body = ("y".repeat(76) + "\r\n").repeat(20_000);
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      transport(s.port(), (int) Math.max(2, Bounds.seconds(2)))
          .send(message("Subject: big\r\n\r\n" + body));
      assertEquals(("y".repeat(76) + "\n").repeat(20_000), s.messages.get(0).split("\n\n", 2)[1]);
    }
  }

  /** A send with {@code -v} and these settings (STARTTLS, user bob). */
  private Result verbose(ScriptedSmtpServer s, String... settings) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "-v",
                "-S",
                "mta=submission://bob@localhost:" + s.port(),
                "-S",
                "tls-ca-file=" + LoopbackGreenMail.CA));
    for (String setting : settings) args.addAll(List.of("-S", setting));
    args.addAll(List.of("-s", "x", "to@x.org"));
    return InProcess.isolated(home, "tester").stdin("x\n").run(args.toArray(String[]::new));
  }

  @Test
  void verbose_masks_the_auth_plain_response_and_the_oauth_token() throws Exception {
    String pw = "pa55-word-xyz";
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      Result r = verbose(s, "smtp-auth=plain", "smtp-auth-password=" + pw).succeeded();
      String plain = b64("\0bob\0" + pw);
      assertTrue(s.commands.contains("AUTH PLAIN " + plain), s.commands.toString());
      assertTrue(r.err().contains("C: AUTH PLAIN ********"), r.err());
      assertFalse(r.err().contains(plain) || r.err().contains(pw), r.err());
    }
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      s.extensions = List.of("AUTH XOAUTH2");
      String token = "ya29.token-" + "t".repeat(40);
      Result r = verbose(s, "smtp-auth=xoauth2", "smtp-auth-password=" + token).succeeded();
      String ir = b64("user=bob\u0001auth=Bearer " + token + "\u0001\u0001");
      assertTrue(s.commands.contains("AUTH XOAUTH2 " + ir), s.commands.toString());
      assertTrue(r.err().contains("C: AUTH XOAUTH2 ********"), r.err());
      assertFalse(r.err().contains(ir) || r.err().contains(token), r.err());
    }
  }

  @Test
  void a_password_the_server_repeats_in_its_answer_is_masked_too() throws Exception {
    String pw = "pa55-word-xyz";
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      s.authReply = "535 5.7.8 password " + pw + " not accepted";
      Result r = verbose(s, "smtp-auth=login", "smtp-auth-password=" + pw).exits(77);
      assertTrue(r.err().contains("S: 535 5.7.8 password ******** not accepted"), r.err());
      assertTrue(Files.readString(home.resolve("dead.letter")).contains("x"));
    }
  }
}
