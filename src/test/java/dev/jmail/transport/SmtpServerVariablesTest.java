package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP server, port and login jmail takes from mta=, smtp= and the smtp-auth variables. */
class SmtpServerVariablesTest {
  @TempDir Path home;

  private SmtpConfig config(String... sets) {
    Settings s = new Settings(Env.of(Map.of("HOME", home.toString(), "USER", "alice")));
    for (String kv : sets) {
      String[] p = kv.split("=", 2);
      s.set(p[0], p[1]);
    }
    return SmtpConfig.from(s, Diagnostics.quiet());
  }

  private String refusal(String... sets) {
    return assertThrows(ConfigException.class, () -> config(sets)).getMessage();
  }

  @Test
  void each_scheme_has_its_port_and_security_and_says_so_in_messages() {
    assertEquals("smtp://mail.example.org:25", config("mta=smtp://mail.example.org").describe());
    assertEquals(
        "smtp+starttls://mail.example.org:587",
        config("mta=submission://mail.example.org").describe());
    assertEquals("smtps://mail.example.org:465", config("mta=smtps://mail.example.org").describe());
    assertEquals(
        "smtp+starttls://mail.example.org:2525",
        config("smtp=mail.example.org:2525", "smtp-use-starttls=").describe());
  }

  @Test
  void an_ipv6_server_is_shown_in_brackets() {
    SmtpConfig c = config("mta=smtp://[::1]:2525");
    assertEquals("::1", c.host());
    assertEquals("smtp://[::1]:2525", c.describe());
  }

  @Test
  void ports_1_to_65535_are_accepted_and_others_refused_naming_the_variable() {
    assertEquals(1, config("mta=smtp://h.example.org:1").port());
    assertEquals(65535, config("smtp=h.example.org:65535").port());
    assertEquals(
        "mta: port 65536 out of range (1-65535) in 'smtp://h.example.org:65536'",
        refusal("mta=smtp://h.example.org:65536"));
    assertEquals(
        "smtp: port 0 out of range (1-65535) in 'smtp://h.example.org:0'",
        refusal("smtp=h.example.org:0"));
  }

  @Test
  void the_user_and_password_in_the_url_log_in() {
    SmtpConfig c = config("mta=smtps://bob:s3cret@mail.example.org");
    assertEquals("bob", c.user());
    assertEquals("s3cret", c.password());
    assertEquals(
        "bob", config("mta=smtps://bob:s3cret@mail.example.org", "smtp-auth-user=").user());
    assertEquals(
        "carol", config("mta=smtps://bob:s3cret@mail.example.org", "smtp-auth-user=carol").user());
  }

  @Test
  void a_url_user_without_a_password_anywhere_is_a_configuration_error() {
    assertEquals(
        "smtp-auth: no password for bob at mail.example.org: set smtp-auth-password-eval (a command"
            + " printing it), smtp-auth-password, or add it to ~/.netrc",
        refusal("mta=smtps://bob@mail.example.org"));
  }

  @Test
  void without_a_user_no_login_is_tried() {
    SmtpConfig c = config("mta=smtps://mail.example.org");
    assertNull(c.user());
    assertNull(c.password());
  }

  @Test
  void a_password_is_never_sent_unencrypted_unless_allowed() {
    assertEquals(
        "refusing to send the password for bob unencrypted to mail.example.org:25: use smtps:// or"
            + " submission://, set smtp-use-starttls, or set smtp-auth-allow-plaintext",
        refusal("mta=smtp://bob:pw@mail.example.org"));
    assertEquals(
        "pw",
        config("mta=smtp://bob:pw@mail.example.org", "smtp-auth-allow-plaintext=").password());
  }

  @Test
  void the_timeout_must_be_a_positive_number_of_seconds() {
    assertEquals(1, config("mta=smtp://h.example.org", "smtp-timeout=1").timeoutSeconds());
    assertEquals(30, config("mta=smtp://h.example.org").timeoutSeconds());
    assertEquals(
        "smtp-timeout: must be a positive number of seconds",
        refusal("mta=smtp://h.example.org", "smtp-timeout=0"));
  }
}
