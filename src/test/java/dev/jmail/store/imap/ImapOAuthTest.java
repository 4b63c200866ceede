package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAP XOAUTH2 ({@code imap-auth=xoauth2}) against GreenMail, which checks the bearer token as the
 * user's password: the token comes from {@code oauth-token-eval}, goes on the AUTHENTICATE line
 * (SASL-IR), and never shows in the {@code -v} dialogue.
 */
class ImapOAuthTest {
  static final String TOKEN = "ya29.a0AfH6SMBx-token";
  static GreenMail greenMail;
  static GreenMailUser bob;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    greenMail = LoopbackGreenMail.of(ServerSetup.PROTOCOL_IMAPS);
    greenMail.start();
    bob = greenMail.setUser("bob@example.org", "bob", TOKEN);
    String raw =
        "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: via oauth\r\n"
            + "Date: Thu, 4 Jan 2024 09:05:02 +0000\r\n\r\nhello\r\n";
    bob.deliver(
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
  }

  @AfterAll
  static void stop() {
    greenMail.stop();
  }

  private Result list(String tokenCommand) {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString())
        .run(
            "list",
            "-v",
            "-f",
            "imaps://bob@localhost:" + greenMail.getImaps().getPort(),
            "-S",
            "imap-auth=xoauth2",
            "-S",
            "oauth-token-eval=" + tokenCommand,
            "-S",
            "tls-ca-file=" + LoopbackGreenMail.CA);
  }

  @Test
  void xoauth2_logs_in_with_the_token_the_command_prints_and_the_dialogue_masks_it() {
    Result r = list("printf '%s\\n' " + TOKEN).succeeded();
    assertTrue(r.out().contains("via oauth"), r.out());
    assertTrue(r.err().contains("AUTHENTICATE XOAUTH2 ********"), r.err());
    String ir =
        Base64.getEncoder()
            .encodeToString(
                ("user=bob\u0001auth=Bearer " + TOKEN + "\u0001\u0001")
                    .getBytes(StandardCharsets.UTF_8));
    assertFalse(r.err().contains(TOKEN), "token in -v: " + r.err());
    assertFalse(r.err().contains(ir), "token (base64) in -v: " + r.err());
    assertFalse(r.err().contains(" LOGIN "), "no password login: " + r.err());
  }

  @Test
  void a_refused_token_exits_77_with_one_line() {
    Result r = list("echo expired-token").exits(77);
    assertTrue(r.err().contains("authentication failed for bob"), r.err());
    assertFalse(r.err().contains("expired-token"), r.err());
  }

  @Test
  void a_token_command_that_fails_is_a_configuration_error() {
    list("exit 3").exits(78).errContains("oauth-token-eval: command exited with status 3");
  }
}
