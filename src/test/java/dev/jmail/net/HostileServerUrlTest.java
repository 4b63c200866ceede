package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Server URLs written to break things: each bad one is a single error line, 64 on the command line
 * and 78 from an rc file, before any connection; the odd but valid ones mean what they say.
 */
class HostileServerUrlTest {
  @TempDir Path home;

  private InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  @Test
  void an_encoded_at_sign_stays_in_the_user_name() {
    ServerUrl u = ServerUrl.parse("imap://user%40domain@mail.example.org/INBOX");
    assertEquals("user@domain", u.user());
    assertEquals("mail.example.org", u.host());
    assertEquals("imap://user%40domain@mail.example.org:143/INBOX", u.describe());
  }

  @Test
  void an_ipv6_literal_host_is_the_address_and_is_shown_in_brackets() {
    ServerUrl u = ServerUrl.parse("imaps://bob@[::1]:9993/Lists/dev");
    assertEquals("::1", u.host());
    assertEquals(9993, u.port());
    assertEquals("Lists/dev", u.path());
    assertEquals("imaps://bob@[::1]:9993/Lists/dev", u.describe());
    ServerUrl zone = ServerUrl.parse("imap://[fe80::1%25eth0]");
    assertEquals("fe80::1%eth0", zone.host());
    assertNull(zone.user());
  }

  @Test
  void an_ipv6_loopback_server_that_is_not_there_is_a_temporary_failure() {
    jmail()
        .run("list", "-S", "net-timeout=1", "-S", "password=x", "-f", "imap://bob@[::1]:1")
        .exits(75)
        .errIsOneLine()
        .errContains("imap://bob@[::1]:1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "imap://h:0                     | out of range",
        "imap://h:65536                 | out of range",
        "imap://h:99999999999           | out of range",
        "imap://h:-1                    | not a number",
        "imap://h:+143                  | not a number",
        "imap://h:                      | not a number",
        "imap://h:14 3                  | not a number",
        "imap://@h/INBOX                | empty user name",
        "imap://:hunter2@h              | empty user name",
        "imapx://h/INBOX                | unknown scheme",
        "ftp://h/x                      | unknown scheme",
        "imap://a%0d%0aDELE%201@h       | control character in the user name",
        "imap://bob:pw%0aX@h            | control character in the password",
        "imap://h/IN%0d%0aBOX           | control character in the folder name",
        "imap://ho st/                  | invalid host name",
        "imap://h%2Fx/                  | invalid host name",
        "imap://[::1                    | unclosed [",
        "imap://[]                      | no host name",
        "imap://[::1]x                  | junk after the host",
        "imap://h/%zz                   | bad % escape",
        "imap://bob:hunter2@h:99999     | out of range",
      })
  void a_bad_url_on_the_command_line_is_one_usage_line_without_the_password(
      String url, String why) {
    Result r = jmail().run("list", "-S", "password=x", "-f", url.strip()).exits(64).errIsOneLine();
    assertTrue(r.err().contains(why), r.err());
    assertFalse(r.err().contains("hunter2"), "no password in messages: " + r.err());
  }

  @Test
  void a_pop3_url_with_a_line_break_in_the_user_is_refused_before_connecting() {
    jmail()
        .run("fetch", "-S", "password=x", "pop3://a%0d%0aDELE%201@127.0.0.1:1")
        .exits(64)
        .errIsOneLine()
        .errContains("control character in the user name");
  }

  @Test
  void a_bad_url_in_an_rc_file_is_a_configuration_error_naming_the_variable() throws Exception {
    Path rc = home.resolve(".mailrc");
    Files.writeString(rc, "set inbox=imap://bob:hunter2@h:99999\n");
    Result r = jmail().env("MAILRC", rc.toString()).run("list").exits(78).errIsOneLine();
    assertTrue(r.err().startsWith("jmail: inbox: ") && r.err().contains("out of range"), r.err());
    assertFalse(r.err().contains("hunter2"), r.err());
    Files.writeString(rc, "set folder=imaps://@h/\n");
    jmail()
        .env("MAILRC", rc.toString())
        .run("list", "-f", "+Archive")
        .exits(78)
        .errIsOneLine()
        .errContains("folder: ");
  }
}
