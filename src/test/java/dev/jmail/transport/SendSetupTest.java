package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.error.JmailException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.testing.InProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens around a send, whichever transport: where unsent mail goes ({@code DEAD}), that it
 * is kept even after a Ctrl-C, the {@code record} copy, the warning about a readable password, and
 * a {@code sendmail} that cannot be used.
 */
class SendSetupTest {
  @TempDir Path home;

  private InProcess jmail() {
    return InProcess.isolated(home, "tester");
  }

  @Test
  void unsent_mail_goes_to_the_dead_variable_else_the_dead_environment_variable() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.greeting = "554 5.3.2 go away";
      String smtp = "smtp=127.0.0.1:" + s.port();
      jmail()
          .env("DEAD", home.resolve("from-env").toString())
          .stdin("first\n")
          .run("-S", smtp, "-s", "x", "to@x.org")
          .exits(69)
          .errContains("message saved in " + home.resolve("from-env"));
      jmail()
          .env("DEAD", home.resolve("from-env").toString())
          .stdin("second\n")
          .run("-S", smtp, "-S", "DEAD=~/from-variable", "-s", "x", "to@x.org")
          .exits(69)
          .errContains("message saved in " + home.resolve("from-variable"));
      assertTrue(Files.readString(home.resolve("from-env")).contains("first"));
      assertTrue(Files.readString(home.resolve("from-variable")).contains("second"));
      assertFalse(Files.exists(home.resolve("dead.letter")));
    }
  }

  @Test
  void a_failed_message_is_kept_even_when_the_thread_was_interrupted_by_a_ctrl_c() {
    Settings settings =
        Settings.load(Env.of(Map.of("HOME", home.toString(), "USER", "tester")), true, List.of());
    Outgoing message =
        new Outgoing(
            new SmtpEnvelope("tester@x.org", List.of("b@x.org")),
            "<x@x.org>",
            "Subject: s\r\n\r\nkept after ^C\r\n".getBytes(StandardCharsets.UTF_8));
    Thread.currentThread().interrupt();
    JmailException e;
    try {
      e = new DeadLetter(settings).keep(message, new TemporaryFailureException("smtp: gone"));
    } finally {
      Thread.interrupted();
    }
    assertEquals("smtp: gone; message saved in " + home.resolve("dead.letter"), e.getMessage());
    assertTrue(e instanceof TemporaryFailureException);
  }

  @Test
  void an_empty_record_keeps_no_copy_and_says_nothing() throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      jmail()
          .stdin("x\n")
          .run("-S", "smtp=127.0.0.1:" + s.port(), "-S", "record=", "-s", "x", "to@x.org")
          .succeeded()
          .errEquals("");
      jmail()
          .stdin("y\n")
          .run("-S", "smtp=127.0.0.1:" + s.port(), "-S", "record=~/sent", "-s", "x", "to@x.org")
          .succeeded()
          .errEquals("");
      assertTrue(Files.readString(home.resolve("sent")).contains("y"));
      assertEquals(2, s.messages.size());
    }
  }

  @Test
  void an_smtp_password_in_an_rc_file_others_can_read_is_warned_about_at_the_send()
      throws Exception {
    Path rc = home.resolve("mailrc");
    Files.writeString(rc, "set smtp-auth-password=s3cret-pw\n");
    Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-r--r--"));
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      String err =
          jmail()
              .env("MAILRC", rc.toString())
              .stdin("x\n")
              .run("-S", "smtp=127.0.0.1:" + s.port(), "-s", "x", "to@x.org")
              .succeeded()
              .err();
      assertTrue(err.contains(rc + " holds a password (smtp-auth-password)"), err);
      assertTrue(err.contains("chmod 600 " + rc), err);
      assertFalse(err.contains("s3cret-pw"), err);
    }
  }

  @Test
  void a_sendmail_set_explicitly_that_cannot_run_is_a_configuration_error_and_nothing_is_lost()
      throws Exception {
    jmail()
        .stdin("kept\n")
        .run("-S", "sendmail=" + home.resolve("no-such-program"), "-s", "x", "to@x.org")
        .exits(78)
        .errContains(
            "sendmail: " + home.resolve("no-such-program") + " is not an executable program");
    Files.createDirectory(home.resolve("dir"));
    jmail()
        .stdin("kept\n")
        .run("-S", "mta=" + home.resolve("dir"), "-s", "x", "to@x.org")
        .exits(78)
        .errContains("mta: " + home.resolve("dir") + " is not an executable program");
  }
}
