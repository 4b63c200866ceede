package dev.jmail.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.ConfigException;
import dev.jmail.error.JmailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mailx conditionals, unknown commands and accounts in rc files. */
class RcConditionalsTest {
  @TempDir Path home;
  final List<String> warnings = new ArrayList<>();

  private Settings load(String rc, RcParser.Mode mode, String account, String... dashS)
      throws Exception {
    Files.writeString(home.resolve(".mailrc"), rc);
    return Settings.load(
        Env.of(Map.of("HOME", home.toString(), "JMAIL_SYSTEM_RC", "/dev/null")),
        mode,
        false,
        account,
        List.of(dashS),
        warnings::add);
  }

  private Settings load(String rc) throws Exception {
    return load(rc, RcParser.Mode.RECEIVE, null);
  }

  @Test
  void every_rc_fixture_leaves_the_variables_its_header_expects() throws Exception {
    for (String name : RcFixture.ALL) {
      RcFixture f = RcFixture.load(name);
      Settings s = load(f.text(), RcParser.Mode.RECEIVE, f.account());
      f.expected()
          .forEach(
              (var, value) ->
                  assertEquals(value, s.get(var).orElse("unset"), name + ".rc: " + var));
      assertEquals(List.of(), warnings, name + ".rc");
    }
  }

  @Test
  void if_s_holds_in_send_mode_and_if_t_on_a_terminal() throws Exception {
    String rc = "if s\nset mode=send\nelse\nset mode=recv\nendif\nif t\nset term=yes\nendif\n";
    Settings s = load(rc, new RcParser.Mode(true, true), null);
    assertEquals("send", s.get("mode").orElseThrow());
    assertEquals("yes", s.get("term").orElseThrow());
  }

  @Test
  void a_bare_variable_name_on_the_left_is_read_as_its_value_as_heirloom_mailx_does()
      throws Exception {
    Settings s = load("set myv=hello\nif myv == hello\nset d=bare\nendif\n");
    assertEquals("bare", s.get("d").orElseThrow());
  }

  @Test
  void an_else_without_if_is_a_config_error_naming_file_and_line() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("set a=1\n\nelse\n"));
    assertEquals("~/.mailrc:3: else without if", e.getMessage());
    assertEquals(78, ExitCodes.of(e));
  }

  @Test
  void an_if_never_closed_is_a_config_error_naming_the_if_line() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("set a=1\nif r\nset b=2\n"));
    assertTrue(e.getMessage().startsWith("~/.mailrc:2: if without endif"), e.getMessage());
    assertThrows(ConfigException.class, () -> load("endif\n"));
    assertThrows(ConfigException.class, () -> load("if r\nelse\nelse\nendif\n"));
  }

  @Test
  void a_condition_jmail_cannot_read_is_a_warning_and_counts_as_false() throws Exception {
    Settings s = load("if $a -lt 3 && 1\nset x=1\nelse\nset x=2\nendif\n");
    assertEquals("2", s.get("x").orElseThrow());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("~/.mailrc:1: if: "), warnings.toString());
  }

  @Test
  void unknown_commands_are_warned_about_once_per_line_with_file_and_line() throws Exception {
    Settings s = load("sett from=x@y\nset ok\nfrobnicate now\n");
    assertTrue(s.isSet("ok"), "the file goes on");
    assertEquals(
        List.of("~/.mailrc:1: unknown command 'sett'", "~/.mailrc:3: unknown command 'frobnicate'"),
        warnings);
  }

  @Test
  void the_warnings_before_an_rc_error_are_shown_too() {
    assertThrows(ConfigException.class, () -> load("sett x\nendif\n"));
    assertEquals(List.of("~/.mailrc:1: unknown command 'sett'"), warnings);
  }

  @Test
  void ignore_unknown_commands_silences_the_warnings_wherever_it_is_set() throws Exception {
    load("sett from=x@y\nset ignore-unknown-commands\n");
    assertEquals(List.of(), warnings);
    load("frobnicate\n", RcParser.Mode.RECEIVE, null, "ignore-unknown-commands");
    assertEquals(List.of(), warnings);
  }

  @Test
  void commands_other_mailx_programs_have_are_skipped_without_a_warning() throws Exception {
    StringBuilder rc = new StringBuilder();
    for (String cmd : RcParser.IGNORED) rc.append(cmd).append(" x\n");
    rc.append(
        "wysh set viawysh=1\ndefine hook {\n  set hold\n}\nalternates me@work.example me@home.example\n");
    Settings s = load(rc.toString());
    assertEquals(List.of(), warnings);
    assertEquals("1", s.get("viawysh").orElseThrow());
    assertFalse(s.isSet("hold"));
    assertEquals("me@work.example me@home.example", s.get("alternates").orElseThrow());
  }

  @Test
  void source_reads_another_rc_file_with_its_own_file_and_line() throws Exception {
    Files.writeString(home.resolve("more.rc"), "set more=1\nbogus\n");
    Settings s = load("source ~/more.rc\n");
    assertEquals("1", s.get("more").orElseThrow());
    assertEquals(List.of("~/more.rc:2: unknown command 'bogus'"), warnings);
  }

  // --- accounts

  static final String ACCOUNTS =
      "set from=me@home.example record=+sent\n"
          + "account work {\n  set from=me@work.example\n  set mta=smtps://smtp.work.example inbox=~/work.mbox\n}\n"
          + "account club {\n  set from=me@club.example\n  unset record\n}\n";

  @Test
  void an_account_applies_on_top_of_the_global_settings_and_dash_s_on_top_of_both()
      throws Exception {
    Settings s = load(ACCOUNTS, RcParser.Mode.RECEIVE, "work");
    assertEquals("me@work.example", s.get("from").orElseThrow());
    assertEquals("+sent", s.get("record").orElseThrow(), "global setting kept");
    assertEquals("work", s.account().orElseThrow());
    s = load(ACCOUNTS, RcParser.Mode.RECEIVE, "work", "from=cli@example.com");
    assertEquals("cli@example.com", s.get("from").orElseThrow());
    s = load(ACCOUNTS);
    assertEquals("me@home.example", s.get("from").orElseThrow());
    assertFalse(s.isSet("mta"), "an account's block applies only when chosen");
  }

  @Test
  void switching_accounts_undoes_what_the_previous_one_changed() throws Exception {
    Settings s = load(ACCOUNTS, RcParser.Mode.RECEIVE, "work");
    s.applyAccount("club");
    assertEquals("me@club.example", s.get("from").orElseThrow());
    assertFalse(s.isSet("mta"), "work's transport must not leak into club");
    assertFalse(s.isSet("inbox"));
    assertFalse(s.isSet("record"));
    s.applyAccount("work");
    assertEquals("+sent", s.get("record").orElseThrow(), "club's unset undone");
    assertEquals(List.of("work", "club"), s.accounts().stream().map(Account::name).toList());
  }

  @Test
  void an_unknown_account_is_a_config_error_that_names_the_defined_ones() throws Exception {
    ConfigException e =
        assertThrows(ConfigException.class, () -> load(ACCOUNTS, RcParser.Mode.RECEIVE, "wrok"));
    assertEquals("account wrok: no such account (defined: work, club)", e.getMessage());
    assertEquals(78, ExitCodes.of(e));
  }

  @Test
  void an_account_block_never_closed_is_a_config_error() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> load("account work {\nset from=x@y\n"));
    assertEquals("~/.mailrc:1: account work { without a closing }", e.getMessage());
  }

  /** The exit status of an exception, as the one handler maps it. */
  static final class ExitCodes {
    static int of(JmailException e) {
      return dev.jmail.error.ExitStatus.of(e).code();
    }
  }
}
