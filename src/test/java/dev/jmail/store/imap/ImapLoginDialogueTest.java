package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How jmail logs in to an IMAP server (a scripted server on 127.0.0.1): what the greeting and the
 * capabilities decide (STARTTLS before any password, LOGINDISABLED, PREAUTH, capabilities named in
 * the greeting), how a password is quoted, and SASL AUTHENTICATE with and without an initial
 * response; every refusal is one line with the status a script can act on.
 */
class ImapLoginDialogueTest {
  @TempDir Path home;

  private InProcess jmail() {
    return ScriptedImap.jmail(home);
  }

  private static String[] args(ScriptedServer s, String... rest) {
    return ScriptedImap.args(s, 5, rest);
  }

  /** The lines the client sent, without their tags. */
  private static List<String> sent(ScriptedServer s) {
    List<String> out = new ArrayList<>();
    for (String l : s.received()) out.add(l.replaceFirst("^J\\d+ ", ""));
    return out;
  }

  private static FakeImap oneMessage(String capabilities) {
    FakeImap f = new FakeImap().message(1, "hello");
    f.capabilities = capabilities;
    return f;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  // --- what the greeting and the capabilities decide

  @Test
  void starttls_goes_first_and_the_password_only_over_tls_with_the_capabilities_asked_again()
      throws Exception {
    // LOGINDISABLED before TLS (as Dovecot says it): the answer after TLS decides, not this one
    FakeImap f = oneMessage("IMAP4rev1 STARTTLS LOGINDISABLED IDLE");
    try (ScriptedServer s = new ScriptedServer(f)) {
      String url = "imap://bob@127.0.0.1:" + s.port();
      jmail()
          .run(
              "-S",
              "password=secret",
              "-S",
              "net-timeout=5",
              "-S",
              "tls-ca-file=" + LoopbackGreenMail.CA,
              "list",
              "-f",
              url)
          .succeeded()
          .outContains("hello");
      List<String> sent = sent(s);
      assertEquals("CAPABILITY", sent.get(0), sent.toString());
      assertEquals("STARTTLS", sent.get(1), sent.toString());
      // over TLS: the capabilities again (RFC 3501 6.2.1), then the password
      assertEquals("CAPABILITY", sent.get(2), sent.toString());
      assertEquals("LOGIN \"bob\" \"secret\"", sent.get(3), sent.toString());
    }
  }

  @Test
  void logindisabled_on_a_plain_connection_is_69_and_no_password_is_sent() throws Exception {
    try (ScriptedServer s = new ScriptedServer(oneMessage("IMAP4rev1 LOGINDISABLED"))) {
      jmail()
          .run(args(s, "list"))
          .exits(69)
          .errIsOneLine()
          .errContains("the server does not allow LOGIN on this connection");
      assertFalse(s.receivedLineContaining("LOGIN \""), s.received().toString());
    }
  }

  @Test
  void a_greeting_that_names_its_capabilities_is_not_asked_for_them() throws Exception {
    FakeImap f = oneMessage("IMAP4rev1 IDLE");
    f.greeting = "* OK [CAPABILITY IMAP4rev1 IDLE UIDPLUS] ready\r\n";
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list")).succeeded().outContains("hello");
      List<String> sent = sent(s);
      assertTrue(sent.get(0).startsWith("LOGIN "), "LOGIN is the first command: " + sent);
    }
  }

  @Test
  void capabilities_named_in_the_login_answer_are_not_asked_for_again() throws Exception {
    FakeImap f = oneMessage("IMAP4rev1 IDLE UIDPLUS");
    f.on("LOGIN", (tag, line) -> tag + " OK [CAPABILITY IMAP4rev1 UIDPLUS] logged in\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "delete", "1")).succeeded();
      List<String> sent = sent(s);
      assertEquals(1, sent.stream().filter(l -> l.equals("CAPABILITY")).count(), sent.toString());
      // UIDPLUS came in the answer: the delete is exact
      assertTrue(sent.contains("UID EXPUNGE 1"), sent.toString());
    }
  }

  @Test
  void a_preauth_greeting_is_logged_in_already_and_no_password_is_sent() throws Exception {
    FakeImap f = oneMessage("IMAP4rev1 IDLE");
    f.greeting = "* PREAUTH [CAPABILITY IMAP4rev1 IDLE] you are bob\r\n";
    try (ScriptedServer s = new ScriptedServer(f)) {
      // no net-allow-plaintext: a connection nobody logs in on carries no password to protect
      String url = "imap://bob@127.0.0.1:" + s.port();
      jmail()
          .run("-S", "password=secret", "-S", "net-timeout=5", "list", "-f", url)
          .succeeded()
          .outContains("hello");
      assertFalse(s.receivedLineContaining("LOGIN"), s.received().toString());
      assertFalse(s.receivedLineContaining("secret"), s.received().toString());
    }
  }

  @Test
  void a_greeting_that_is_neither_ok_nor_preauth_is_not_an_imap_server() throws Exception {
    FakeImap f = oneMessage("IMAP4rev1");
    f.greeting = "+OK POP3 server ready\r\n";
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail()
          .run(args(s, "list"))
          .exits(69)
          .errIsOneLine()
          .errContains("not an IMAP server, or it refused us: +OK POP3 server ready");
      assertTrue(s.received().isEmpty(), s.received().toString());
    }
  }

  // --- LOGIN

  /** {@code list} of the server's INBOX over plain text, logging in with {@code password}. */
  private static String[] withPassword(ScriptedServer s, String password) {
    return new String[] {
      "-S",
      "password=" + password,
      "-S",
      "net-allow-plaintext",
      "-S",
      "net-timeout=5",
      "list",
      "-f",
      ScriptedImap.url(s)
    };
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "'[AUTHENTICATIONFAILED] wrong password', 77, 'authentication failed for bob: [AUTHENTICATIONFAILED] wrong password'",
    "'[UNAVAILABLE] the back end is down', 75, 'login failed for bob: [UNAVAILABLE] the back end is down'",
    "'[INUSE] mailbox locked', 75, 'login failed for bob: [INUSE] mailbox locked'",
    "'no [UNAVAILABLE] in the text', 77, 'authentication failed for bob: no [UNAVAILABLE]'",
  })
  void a_refused_login_is_77_but_75_when_the_server_says_it_is_busy(
      String text, int status, String message) throws Exception {
    FakeImap f = oneMessage("IMAP4rev1").on("LOGIN", (tag, line) -> tag + " NO " + text + "\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list")).exits(status).errIsOneLine().errContains(message);
      assertFalse(s.receivedLineContaining("SELECT"), "nothing after the refusal is answered");
    }
  }

  @Test
  void a_password_with_quotes_and_backslashes_is_sent_as_one_quoted_string() throws Exception {
    try (ScriptedServer s = new ScriptedServer(oneMessage("IMAP4rev1"))) {
      jmail().run(withPassword(s, "a \"b\" \\c")).succeeded();
      assertTrue(
          s.received().stream().anyMatch(l -> l.endsWith(" LOGIN \"bob\" \"a \\\"b\\\" \\\\c\"")),
          s.received().toString());
    }
  }

  @Test
  void a_password_with_a_line_break_is_refused_as_bad_data_before_it_is_sent() throws Exception {
    try (ScriptedServer s = new ScriptedServer(oneMessage("IMAP4rev1"))) {
      jmail()
          .run(withPassword(s, "one\r\nJ9 DELETE INBOX"))
          .exits(65)
          .errIsOneLine()
          .errContains("a line break in a name or password");
      assertFalse(s.receivedLineContaining("DELETE"), s.received().toString());
      assertFalse(s.receivedLineContaining("LOGIN"), s.received().toString());
    }
  }

  // --- AUTHENTICATE (imap-auth=plain)

  private static final String PLAIN_IR = b64("\0bob\0secret");

  private String[] plain(ScriptedServer s, String... rest) {
    List<String> a = new ArrayList<>(List.of("-S", "imap-auth=plain", "-S", "password=secret"));
    a.addAll(List.of("-S", "net-allow-plaintext", "-S", "net-timeout=5"));
    a.addAll(List.of(rest));
    a.addAll(List.of("-f", "imap://bob@127.0.0.1:" + s.port()));
    return a.toArray(String[]::new);
  }

  @Test
  void with_sasl_ir_the_initial_response_goes_on_the_authenticate_line() throws Exception {
    FakeImap f =
        oneMessage("IMAP4rev1 AUTH=PLAIN SASL-IR")
            .talk(
                "AUTHENTICATE",
                (peer, tag, line) -> peer.send(tag + " OK [CAPABILITY IMAP4rev1] welcome\r\n"));
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(plain(s, "list", "-v")).succeeded();
      r.outContains("hello");
      assertTrue(sent(s).contains("AUTHENTICATE PLAIN " + PLAIN_IR), sent(s).toString());
      assertFalse(r.err().contains(PLAIN_IR), "the dialogue masks the response: " + r.err());
    }
  }

  @Test
  void without_sasl_ir_the_initial_response_waits_for_the_servers_empty_challenge()
      throws Exception {
    List<String> answered = new ArrayList<>();
    FakeImap f =
        oneMessage("IMAP4rev1 AUTH=PLAIN")
            .talk(
                "AUTHENTICATE",
                (peer, tag, line) -> {
                  peer.send("+ \r\n");
                  answered.add(peer.line());
                  peer.send(tag + " OK welcome\r\n");
                });
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(plain(s, "list")).succeeded().outContains("hello");
      assertTrue(sent(s).contains("AUTHENTICATE PLAIN"), sent(s).toString());
      assertEquals(List.of(PLAIN_IR), answered);
    }
  }

  @Test
  void a_server_that_does_not_offer_the_mechanism_is_69_and_gets_no_secret() throws Exception {
    try (ScriptedServer s = new ScriptedServer(oneMessage("IMAP4rev1 AUTH=XOAUTH2"))) {
      jmail()
          .run(plain(s, "list"))
          .exits(69)
          .errIsOneLine()
          .errContains("the server does not offer AUTH=PLAIN (imap-auth)");
      assertFalse(s.receivedLineContaining("AUTHENTICATE"), s.received().toString());
    }
  }

  @Test
  void an_error_challenge_is_answered_so_that_the_refusal_follows_and_its_reason_is_shown()
      throws Exception {
    List<String> answered = new ArrayList<>();
    FakeImap f =
        oneMessage("IMAP4rev1 AUTH=PLAIN SASL-IR")
            .talk(
                "AUTHENTICATE",
                (peer, tag, line) -> {
                  peer.send("* OK still thinking\r\n");
                  peer.send("+ " + b64("{\"status\":\"401\",\n \"schemes\":\"bearer\"}") + "\r\n");
                  answered.add(peer.line());
                  peer.send(tag + " NO [AUTHENTICATIONFAILED] no\r\n");
                });
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail()
          .run(plain(s, "list"))
          .exits(77)
          .errIsOneLine()
          .errContains(
              "authentication failed for bob: [AUTHENTICATIONFAILED] no"
                  + " ({\"status\":\"401\", \"schemes\":\"bearer\"})");
      assertEquals(List.of(""), answered, "PLAIN's abort is an empty response");
    }
  }

  @Test
  void a_refused_authenticate_without_a_challenge_is_77_with_the_servers_words() throws Exception {
    FakeImap f =
        oneMessage("IMAP4rev1 AUTH=PLAIN SASL-IR")
            .talk("AUTHENTICATE", (peer, tag, line) -> peer.send(tag + " NO bad credentials\r\n"));
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail()
          .run(plain(s, "list"))
          .exits(77)
          .errIsOneLine()
          .errContains("authentication failed for bob: bad credentials");
    }
  }

  @Test
  void a_bye_during_authenticate_is_a_temporary_failure() throws Exception {
    FakeImap f =
        oneMessage("IMAP4rev1 AUTH=PLAIN")
            .talk("AUTHENTICATE", (peer, tag, line) -> peer.send("* BYE too many sessions\r\n"));
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail()
          .run(plain(s, "list"))
          .exits(75)
          .errIsOneLine()
          .errContains("the server closed the connection: too many sessions");
    }
  }
}
