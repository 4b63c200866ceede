package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Server URLs read as s-nail and mutt write them (the table in {@code
 * fixtures/net/server-urls.txt}), and a password written in one never shown in a message.
 */
class ServerUrlTest {
  private static List<String[]> table() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in =
        ServerUrlTest.class.getResourceAsStream("/fixtures/net/server-urls.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\\|", -1);
        for (int i = 0; i < f.length; i++) f[i] = f[i].strip();
        rows.add(f);
      }
    }
    return rows;
  }

  private static String orNull(String s) {
    return s.equals("-") ? null : s;
  }

  @Test
  void every_url_in_the_table_reads_to_its_parts_and_is_described_without_its_password()
      throws IOException {
    List<String[]> rows = table();
    assertTrue(rows.size() > 20);
    for (String[] f : rows) {
      ServerUrl u = ServerUrl.parse(f[0]);
      String[] got = {
        f[0],
        u.protocol(),
        String.valueOf(u.implicitTls()),
        String.valueOf(u.user() == null ? "-" : u.user()),
        String.valueOf(u.password() == null ? "-" : u.password()),
        u.host(),
        String.valueOf(u.port()),
        u.path(),
        u.describe()
      };
      assertEquals(String.join(" | ", f), String.join(" | ", got));
      assertEquals(orNull(f[3]), u.user());
      assertTrue(ServerUrl.isServerUrl(f[0]), f[0]);
    }
  }

  @Test
  void only_the_four_mail_schemes_are_server_urls() {
    for (String s : List.of("imap://h", "IMAP://h", "imaps://h", "pop3://h", "Pop3s://h"))
      assertTrue(ServerUrl.isServerUrl(s), s);
    for (String s : List.of("imapx://h", "imap:/h", "pop://h", "maildir://x", "+inbox", "imap"))
      assertFalse(ServerUrl.isServerUrl(s), s);
  }

  @Test
  void a_port_of_more_than_five_digits_is_out_of_range_even_with_leading_zeros() {
    assertEquals(
        "imap://h:000143: port 000143 out of range (1-65535)",
        assertThrows(UsageException.class, () -> ServerUrl.parse("imap://h:000143")).getMessage());
    assertEquals(
        "imap://h/a%4: bad % escape",
        assertThrows(UsageException.class, () -> ServerUrl.parse("imap://h/a%4")).getMessage());
    assertEquals(
        "imap://h%41: invalid host name",
        assertThrows(UsageException.class, () -> ServerUrl.parse("imap://h%41")).getMessage());
  }

  @Test
  void a_password_is_masked_in_the_url_as_messages_show_it() {
    assertEquals("imap://bob:********@h/INBOX", ServerUrl.redacted("imap://bob:hunter2@h/INBOX"));
    assertEquals("imap://bob:********@h", ServerUrl.redacted("imap://bob:p@ss@h"));
    assertEquals("imap://bob@h:143/x", ServerUrl.redacted("imap://bob@h:143/x"));
    assertEquals("imap://h:143/a:b@c", ServerUrl.redacted("imap://h:143/a:b@c"));
    assertEquals("imaps://h", ServerUrl.redacted("imaps://h"));
    assertEquals("bob:pw@h", ServerUrl.redacted("bob:pw@h"));
    assertEquals("imap://bob:********@h/INBOX", ServerUrl.redacted("imap://bob:pa/ss@h/INBOX"));
    assertEquals("imap://[::1]/a@b", ServerUrl.redacted("imap://[::1]/a@b"));
  }

  @Test
  void a_password_with_an_unescaped_slash_is_not_repeated_in_the_error_it_causes() {
    // the "/" ends the authority early, so the URL reads as host "bob", port "pa": an error whose
    // message showed the URL as written, password and all
    UsageException e =
        assertThrows(UsageException.class, () -> ServerUrl.parse("imap://bob:pa/ss@h/INBOX"));
    assertFalse(e.getMessage().contains("pa/ss"), e.getMessage());
    assertFalse(e.getMessage().contains("ss@"), e.getMessage());
    assertEquals(
        "imap://bob:********@h/INBOX: a / in the user name or password must be written %2F",
        e.getMessage());
  }
}
