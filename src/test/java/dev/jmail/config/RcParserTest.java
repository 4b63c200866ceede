package dev.jmail.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RcParserTest {
  @TempDir Path home;

  private Settings load(String rc, String... dashS) throws Exception {
    Files.writeString(home.resolve(".mailrc"), rc);
    return Settings.load(
        Env.of(Map.of("HOME", home.toString(), "JMAIL_SYSTEM_RC", "/dev/null")),
        false,
        List.of(dashS));
  }

  @Test
  void set_unset_quotes_and_comments_follow_mailx_syntax() throws Exception {
    Settings s =
        load(
            "# comment\n"
                + "set from=\"Jane Doe <jane@example.com>\" hold\n"
                + "set record='~/sent mail'   # trailing comment\n"
                + "set ask\nunset ask\n"
                + "set smtp=mail.example.com:587 \\\n  smtp-use-starttls\n");
    assertEquals("Jane Doe <jane@example.com>", s.get("from").orElseThrow());
    assertTrue(s.isSet("hold"));
    assertEquals("~/sent mail", s.get("record").orElseThrow());
    assertFalse(s.isSet("ask"));
    assertEquals("mail.example.com:587", s.get("smtp").orElseThrow());
    assertTrue(s.isSet("smtp-use-starttls"), "backslash continues the line");
  }

  @Test
  void dash_S_overrides_the_user_rc_which_overrides_defaults() throws Exception {
    Settings s = load("set record=a\nset sendmail=/opt/sm\n", "record=b");
    assertEquals("b", s.get("record").orElseThrow());
    assertEquals("/opt/sm", s.get("sendmail").orElseThrow());
    Settings d = load("");
    assertEquals("/usr/sbin/sendmail", d.get("sendmail").orElseThrow());
  }

  @Test
  void no_prefix_unsets_a_boolean() throws Exception {
    assertFalse(load("set hold\nset nohold\n").isSet("hold"));
  }

  @Test
  void unsetting_a_variable_hides_its_builtin_default() throws Exception {
    assertTrue(load("").isSet("flipr"), "flipr is on by default");
    assertFalse(load("set noflipr\n").isSet("flipr"));
    assertFalse(load("unset flipr\n").isSet("flipr"));
    assertTrue(load("unset flipr\nset flipr\n").isSet("flipr"));
    assertFalse(
        load("").isSet("quote"), "quote is off by default, as in POSIX mailx and bsd-mailx");
  }

  @Test
  void aliases_expand_recursively_without_looping() throws Exception {
    Settings s =
        load("alias team ann bob\nalias ann ann@example.com team\nalias bob bob@example.com\n");
    assertEquals(
        List.of("ann@example.com", "bob@example.com"), s.aliases().expand(List.of("team")));
  }

  @Test
  void commands_of_other_mailx_programs_are_ignored() throws Exception {
    Settings s = load("shortcut x y\ndefine hook {\n  set hold\n}\ncolour mono header\nset ok\n");
    assertTrue(s.isSet("ok"));
    assertFalse(s.isSet("hold"));
  }

  @Test
  void settings_inside_s_nail_account_and_define_blocks_and_else_branches_do_not_apply_at_start_up()
      throws Exception {
    Settings s =
        load(
            "set from=me@home.example\n"
                + "account work {\n  set from=me@work.example\n  set mta=smtps://smtp.work.example\n}\n"
                + "define hook {\n  set hold\n}\n"
                + "if r\n  set crt=20\nelse\n  set crt=99\n  set record=+else\nendif\n"
                + "set after=1\n");
    assertEquals("me@home.example", s.get("from").orElseThrow());
    assertFalse(s.isSet("mta"), "account body applied");
    assertFalse(s.isSet("hold"), "macro body applied");
    assertEquals("20", s.get("crt").orElseThrow());
    assertFalse(s.isSet("record"), "else branch applied");
    assertTrue(s.isSet("after"));
  }

  @Test
  void an_unterminated_quote_is_reported_with_file_and_line() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> load("set a=1\nset from=\"oops\n"));
    assertTrue(e.getMessage().endsWith(".mailrc:2: unterminated \" quote"), e.getMessage());
  }
}
