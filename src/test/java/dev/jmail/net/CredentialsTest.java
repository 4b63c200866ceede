package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a password comes from, for SMTP, IMAP and POP3 alike: the variables (most specific first),
 * a password command, the URL, {@code ~/.netrc}; and the warning when the file holding it is
 * readable by others.
 */
class CredentialsTest {
  @TempDir Path home;
  final List<String> warnings = new ArrayList<>();

  private Settings settings(String... vars) {
    return Settings.load(
        Env.of(Map.of("HOME", home.toString(), "USER", "tester")), true, List.of(vars));
  }

  private String password(Settings s, String urlPassword) {
    return Credentials.password(
        s,
        "mail.example.org",
        "bob",
        List.of("password-bob@mail.example.org", "password"),
        List.of("password-eval-bob@mail.example.org", "password-eval"),
        urlPassword,
        warnings::add);
  }

  private void netrc(String text, String mode) throws Exception {
    Path f = home.resolve(".netrc");
    Files.writeString(f, text);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
  }

  @Test
  void the_sources_are_taken_in_order_variables_then_command_then_url_then_netrc()
      throws Exception {
    netrc("machine mail.example.org login bob password from-netrc\n", "rw-------");
    assertEquals(
        "specific",
        password(
            settings(
                "password=general",
                "password-bob@mail.example.org=specific",
                "password-eval=echo cmd"),
            "url"));
    assertEquals("general", password(settings("password=general", "password-eval=echo c"), "u"));
    assertEquals(
        "cmd2",
        password(
            settings("password-eval=echo cmd", "password-eval-bob@mail.example.org=echo cmd2"),
            "url"));
    assertEquals("cmd", password(settings("password-eval=echo cmd"), "url"));
    // a blank command is no command
    assertEquals("url", password(settings("password-eval= "), "url"));
    assertEquals("from-netrc", password(settings(), null));
    assertEquals(List.of(), warnings);
  }

  @Test
  void without_any_source_there_is_no_password() throws Exception {
    assertNull(password(settings(), null));
    netrc("machine mail.example.org login bob\n", "rw-------");
    assertNull(password(settings(), null), "a netrc entry without a password");
    netrc("machine other.example.org login bob password x\n", "rw-------");
    assertNull(password(settings(), null), "another host's entry");
  }

  @Test
  void a_netrc_others_or_the_group_can_read_gets_a_warning_naming_the_chmod() throws Exception {
    Path f = home.resolve(".netrc");
    netrc("machine mail.example.org login bob password pw\n", "rw-r--r--");
    assertEquals("pw", password(settings(), null));
    assertEquals(
        List.of(
            "warning: " + f + " holds passwords but is readable by others; run: chmod 600 " + f),
        warnings);
    warnings.clear();
    netrc("machine mail.example.org login bob password pw\n", "rw-r-----");
    assertEquals("pw", password(settings(), null));
    assertEquals(
        List.of(
            "warning: " + f + " holds passwords but is readable by its group; run: chmod 600 " + f),
        warnings);
  }

  @Test
  void the_netrc_entry_of_the_user_is_found_and_a_netrc_that_is_not_a_file_is_ignored()
      throws Exception {
    netrc(
        "machine mail.example.org login alice password a\n"
            + "machine mail.example.org login bob password b\n",
        "rw-------");
    Settings s = settings();
    assertEquals(
        "b", Credentials.netrc(s, "mail.example.org", "bob", warnings::add).get().password());
    assertEquals(
        "alice", Credentials.netrc(s, "mail.example.org", null, warnings::add).get().login());
    Files.delete(home.resolve(".netrc"));
    Files.createDirectory(home.resolve(".netrc"));
    assertTrue(Credentials.netrc(s, "mail.example.org", null, warnings::add).isEmpty());
    assertEquals(List.of(), warnings);
  }

  @Test
  void a_password_command_gives_its_first_line_without_the_line_end() {
    assertEquals("s3cret", Credentials.eval("v", "printf 's3cret\\r\\nsecond\\n'"));
    assertEquals("no newline", Credentials.eval("v", "printf 'no newline'"));
    assertEquals(" spaced ", Credentials.eval("v", "printf ' spaced \\n'"));
  }

  @Test
  void a_password_command_reads_nothing_from_jmails_input() {
    // stdin is /dev/null: cat ends at once and prints nothing
    ConfigException e = assertThrows(ConfigException.class, () -> Credentials.eval("pe", "cat"));
    assertEquals("pe: command printed no password", e.getMessage());
  }

  @Test
  void a_failing_or_silent_password_command_is_a_configuration_error_naming_the_variable() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Credentials.eval("password-eval", "exit 3"));
    assertEquals("password-eval: command exited with status 3", e.getMessage());
    assertEquals(78, e.status().code());
    e = assertThrows(ConfigException.class, () -> Credentials.eval("password-eval", "echo"));
    assertEquals("password-eval: command printed no password", e.getMessage());
  }

  @Test
  void the_token_command_most_specific_first_else_the_password() {
    assertEquals(
        List.of(
            "oauth-token-eval-bob@mail.example.org",
            "oauth-token-eval-mail.example.org",
            "oauth-token-eval"),
        Credentials.tokenVariables("mail.example.org", "bob"));
    assertEquals(
        List.of("oauth-token-eval-mail.example.org", "oauth-token-eval"),
        Credentials.tokenVariables("mail.example.org", null));
    Settings all =
        settings(
            "oauth-token-eval=echo general",
            "oauth-token-eval-mail.example.org=echo host",
            "oauth-token-eval-bob@mail.example.org=echo user");
    assertEquals("user", Credentials.token(all, "mail.example.org", "bob", () -> "pw"));
    assertEquals("host", Credentials.token(all, "mail.example.org", "carol", () -> "pw"));
    assertEquals("general", Credentials.token(all, "other.org", "bob", () -> "pw"));
    assertEquals(
        "pw",
        Credentials.token(settings("oauth-token-eval= "), "mail.example.org", "bob", () -> "pw"));
  }
}
