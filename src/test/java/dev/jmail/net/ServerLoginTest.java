package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an IMAP or POP3 login uses, from the URL and the variables: the user, the password and where
 * it comes from, the mechanism, the access token, the timeout, the plain-text permission.
 */
class ServerLoginTest {
  @TempDir Path home;
  final List<String> warnings = new ArrayList<>();

  private ServerLogin login(String url, String... vars) {
    Settings s =
        Settings.load(
            Env.of(Map.of("HOME", home.toString(), "USER", "tester")), true, List.of(vars));
    return new ServerLogin(ServerUrl.parse(url), s, warnings::add, null);
  }

  private static String decoded(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  @Test
  void the_user_is_the_urls_else_the_netrc_login_for_the_host_else_the_local_user()
      throws Exception {
    assertEquals("tester", login("imaps://mail.example.org").user());
    Path netrc = home.resolve(".netrc");
    Files.writeString(netrc, "machine mail.example.org login carol password c\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    assertEquals("carol", login("imaps://mail.example.org").user());
    assertEquals("tester", login("imaps://other.example.org").user());
    assertEquals("dave", login("imaps://dave@mail.example.org").user());
    assertEquals(
        "imaps://carol@mail.example.org:993", login("imaps://mail.example.org").url().describe());
  }

  @Test
  void the_password_variables_go_from_user_at_host_to_host_to_plain() {
    String url = "imaps://bob@mail.example.org";
    assertEquals(
        "u",
        login(url, "password=p", "password-mail.example.org=h", "password-bob@mail.example.org=u")
            .password());
    assertEquals("h", login(url, "password=p", "password-mail.example.org=h").password());
    assertEquals("p", login(url, "password=p", "password-other.org=x").password());
    assertEquals(
        "e2",
        login(
                url,
                "password-eval=echo e0",
                "password-eval-mail.example.org=echo e1",
                "password-eval-bob@mail.example.org=echo e2")
            .password());
    assertEquals(
        "e1",
        login(url, "password-eval=echo e0", "password-eval-mail.example.org=echo e1").password());
    assertEquals("inurl", login("imaps://bob:inurl@mail.example.org").password());
  }

  @Test
  void the_password_command_runs_once_per_login_however_often_it_is_asked() throws Exception {
    Path runs = home.resolve("runs");
    ServerLogin l =
        login("pop3s://bob@mail.example.org", "password-eval=echo x >> " + runs + "; echo pw");
    assertEquals("pw", l.password());
    assertEquals("pw", l.password());
    assertEquals("pw", l.secret());
    assertEquals(1, Files.readAllLines(runs).size());
  }

  @Test
  void no_password_anywhere_is_a_configuration_error_saying_where_to_put_one() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> login("imaps://bob@mail.example.org").password());
    assertEquals(
        "no password for bob at mail.example.org: set password-bob@mail.example.org or"
            + " password-eval (a command printing it), or add it to ~/.netrc",
        e.getMessage());
  }

  @Test
  void the_mechanism_variables_go_from_user_at_host_to_host_to_plain_and_default_to_login() {
    String url = "imaps://bob@mail.example.org";
    assertEquals(Sasl.Mechanism.LOGIN, login(url).mechanism());
    assertEquals(Sasl.Mechanism.PLAIN, login(url, "imap-auth=plain").mechanism());
    assertEquals(
        Sasl.Mechanism.XOAUTH2,
        login(url, "imap-auth=plain", "imap-auth-mail.example.org=xoauth2").mechanism());
    assertEquals(
        Sasl.Mechanism.OAUTHBEARER,
        login(
                url,
                "imap-auth=plain",
                "imap-auth-mail.example.org=xoauth2",
                "imap-auth-bob@mail.example.org=oauthbearer")
            .mechanism());
    // the protocol's own variable: imap-auth does not apply to POP3
    assertEquals(
        Sasl.Mechanism.LOGIN, login("pop3s://bob@mail.example.org", "imap-auth=plain").mechanism());
  }

  @Test
  void an_oauth_login_sends_the_token_from_the_command_and_not_the_password() {
    ServerLogin l =
        login(
            "imaps://bob@mail.example.org",
            "imap-auth=xoauth2",
            "password=not-this",
            "oauth-token-eval=echo tok");
    assertEquals("tok", l.secret());
    assertEquals("user=bob\u0001auth=Bearer tok\u0001\u0001", decoded(l.initialResponse()));
    ServerLogin plain = login("imaps://bob@mail.example.org", "imap-auth=plain", "password=pw");
    assertEquals("pw", plain.secret());
    assertEquals("\0bob\0pw", decoded(plain.initialResponse()));
  }

  @Test
  void an_oauth_login_without_token_or_password_says_to_set_the_token_command() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> login("imaps://bob@mail.example.org", "imap-auth=oauthbearer").secret());
    assertEquals(
        "no access token for bob at mail.example.org: set oauth-token-eval (a command printing a"
            + " fresh token)",
        e.getMessage());
    // s-nail keeps the token in the password variable
    assertEquals(
        "tok",
        login("imaps://bob@mail.example.org", "imap-auth=oauthbearer", "password=tok").secret());
  }

  @Test
  void a_password_in_an_rc_file_others_can_read_is_warned_about_when_it_is_used() throws Exception {
    Path rc = home.resolve(".mailrc");
    Files.writeString(rc, "set password-bob@mail.example.org=pw\n");
    Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-r--r--"));
    ServerLogin l = login("imaps://bob@mail.example.org");
    assertEquals(List.of(), warnings, "nothing before the password is needed");
    assertEquals("pw", l.password());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains(rc + " holds a password"), warnings.toString());
    assertTrue(warnings.get(0).endsWith("chmod 600 " + rc), warnings.toString());
  }

  @Test
  void net_timeout_must_be_positive_and_plaintext_is_allowed_only_when_set() {
    for (String bad : List.of("0", "-5")) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> login("imap://mail.example.org", "net-timeout=" + bad));
      assertEquals("net-timeout: must be a positive number of seconds", e.getMessage());
    }
    assertFalse(login("imap://mail.example.org").allowPlaintext());
    assertTrue(login("imap://mail.example.org", "net-allow-plaintext").allowPlaintext());
  }

  @Test
  void
      the_connection_goes_to_the_urls_host_and_port_and_a_silent_server_is_given_up_after_net_timeout()
          throws Exception {
    try (ScriptedServer s = new ScriptedServer(p -> p.send("* OK ready\r\n").hang())) {
      ServerLogin l = login("imap://127.0.0.1:" + s.port(), "net-timeout=1");
      long t0 = System.nanoTime();
      try (LineConnection c = l.connect()) {
        assertEquals("* OK ready", c.readText());
        assertEquals("imap://tester@127.0.0.1:" + s.port(), c.where());
        TemporaryFailureException e = assertThrows(TemporaryFailureException.class, c::readText);
        assertEquals(
            "imap://tester@127.0.0.1:"
                + s.port()
                + ": no answer from the server in 1 s (net-timeout)",
            e.getMessage());
      }
      assertTrue(System.nanoTime() - t0 < Bounds.millis(8000) * 1_000_000L, "gave up in time");
    }
  }
}
