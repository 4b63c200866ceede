package dev.jmail.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What counts as a secret: in an rc file (a readable-file warning) and in the history (not kept).
 */
class SecretsTest {
  @TempDir Path home;

  @Test
  void lines_setting_a_password_secret_or_token_or_a_url_with_a_password_are_secret() {
    for (String line :
        new String[] {
          "set smtp-auth-password=hunter2",
          "se imap-token=abc",
          "set 'client-secret=x'",
          "set mta=smtps://bob:PW@mail.example.org",
          "set foo=1 SMTP-AUTH-PASSWORD=x"
        }) {
      assertTrue(Secrets.isSecretLine(line), line);
    }
    for (String line :
        new String[] {
          "from 1", "set mta=smtps://bob@mail.example.org", "set password", "m bob@example.com"
        }) {
      assertFalse(Secrets.isSecretLine(line), line);
    }
  }

  @Test
  void an_rc_file_with_a_password_in_any_value_is_recorded_with_the_variables() throws Exception {
    Path rc = home.resolve(".mailrc");
    Files.writeString(
        rc,
        "set mta=smtps://bob:PW@mail.example.org\nset smtp-auth-password-eval='pass show x'\n"
            + "set folder=~/Mail\nset imap-token=abc\naccount work {\n  set smtp-auth-password=pw\n}\n"
            + "account club {\n  set from=me@club.example\n}\n");
    Env env = Env.of(Map.of("HOME", home.toString(), "JMAIL_SYSTEM_RC", "/dev/null"));
    Settings s =
        Settings.load(env, false, java.util.List.of("smtp-auth-password=fromTheCommandLine"));
    assertEquals(Map.of(rc, Set.of("mta", "imap-token", "account work")), s.secretFiles());
  }

  @Test
  void a_password_in_the_mta_url_of_a_readable_rc_file_gets_the_chmod_warning() throws Exception {
    Path rc = home.resolve(".mailrc");
    Files.writeString(rc, "set mta=smtp://bob:PW@127.0.0.1:1 smtp-auth-allow-plaintext\n");
    Files.setPosixFilePermissions(
        rc, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    dev.jmail.testing.Result r =
        new dev.jmail.testing.InProcess()
            .env("HOME", home.toString())
            .env("USER", "me")
            .env("MAILRC", rc.toString())
            .env("JMAIL_SYSTEM_RC", "/dev/null")
            .stdin("x\n")
            .run("-s", "s", "you@example.com");
    assertTrue(
        r.err()
            .contains(
                "warning: "
                    + rc
                    + " holds a password (mta) but is readable by others; run: chmod 600 "
                    + rc),
        r.err());
  }
}
