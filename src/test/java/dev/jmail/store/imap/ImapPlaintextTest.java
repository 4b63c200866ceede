package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * imap:// without STARTTLS: the password never goes unencrypted unless the user allows it
 * (net-allow-plaintext), as for SMTP.
 */
class ImapPlaintextTest {
  @TempDir Path home;

  private InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  @Test
  void a_server_without_starttls_gets_no_password_unless_plaintext_is_allowed() throws Exception {
    try (ScriptedServer s = new ScriptedServer(new FakeImap().message(1, "first"))) {
      String url = "imap://bob@127.0.0.1:" + s.port();
      jmail()
          .run("-S", "password=secret word", "-S", "net-timeout=5", "list", "-f", url)
          .exits(69)
          .errIsOneLine()
          .errContains("does not offer STARTTLS");
      assertFalse(s.receivedLineContaining("LOGIN"), "no LOGIN sent: " + s.received());
      assertFalse(s.receivedLineContaining("secret"), s.received().toString());
    }
    try (ScriptedServer s = new ScriptedServer(new FakeImap().message(1, "first"))) {
      jmail()
          .run(
              "-S",
              "password=x",
              "-S",
              "net-allow-plaintext",
              "list",
              "-f",
              "imap://bob@127.0.0.1:" + s.port())
          .succeeded()
          .outContains("first");
    }
  }
}
