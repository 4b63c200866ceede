package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The login and password jmail takes from {@code ~/.netrc}, as curl and msmtp would. */
class NetrcTest {
  private static Netrc fixture(String name) throws Exception {
    return Netrc.read(Path.of(NetrcTest.class.getResource("/fixtures/netrc/" + name).toURI()));
  }

  private static Optional<Netrc.Entry> entry(String name, String host, String login)
      throws Exception {
    return fixture(name).find(host, login);
  }

  private static Optional<Netrc.Entry> found(String machine, String login, String password) {
    return Optional.of(new Netrc.Entry(machine, login, password));
  }

  @Test
  void the_first_entry_for_the_host_wins_whatever_the_case_of_its_name() throws Exception {
    assertEquals(
        found("mail.example.org", "alice", "correct horse \"battery\" staple"),
        entry("everyday.netrc", "Mail.Example.ORG", null));
  }

  @Test
  void with_a_login_given_only_that_users_entry_is_taken() throws Exception {
    assertEquals(
        found("MAIL.example.org", "bob", "bob#secret"),
        entry("everyday.netrc", "mail.example.org", "bob"));
  }

  @Test
  void an_unknown_host_or_user_gets_the_default_entry_even_though_it_comes_first()
      throws Exception {
    assertEquals(
        found(null, "anonymous", "guest@"), entry("everyday.netrc", "other.example.org", null));
    assertEquals(
        found(null, "anonymous", "guest@"),
        entry("everyday.netrc", "mail.example.org", "anonymous"));
    assertEquals(Optional.empty(), entry("everyday.netrc", "mail.example.org", "zoe"));
  }

  @Test
  void a_hash_starts_a_comment_only_at_the_start_of_a_token() throws Exception {
    assertEquals("bob#secret", entry("everyday.netrc", "mail.example.org", "bob").get().password());
  }

  @Test
  void the_value_after_account_is_not_read_as_a_keyword() throws Exception {
    assertEquals(
        found("smtp.example.org", "carol", "pw3"),
        entry("everyday.netrc", "smtp.example.org", null));
  }

  @Test
  void a_macro_body_is_skipped_up_to_its_blank_line() throws Exception {
    assertEquals(
        found(null, "anonymous", "guest@"), entry("everyday.netrc", "evil.example.org", null));
    assertEquals(
        found("after.example.org", "dave", "pw4"),
        entry("everyday.netrc", "after.example.org", null));
  }

  @Test
  void a_macdef_without_a_name_still_starts_a_body_up_to_the_blank_line() {
    Netrc n =
        Netrc.parse("macdef\ninit\nmachine evil.example.org password x\n\nmachine h password y\n");
    assertEquals(Optional.empty(), n.find("evil.example.org", null));
    assertEquals(found("h", null, "y"), n.find("h", null));
  }

  @Test
  void a_file_cut_off_after_a_keyword_leaves_that_value_unset() throws Exception {
    assertEquals(
        found("a.example.org", "alice", "ends in a backslash\\"),
        entry("truncated.netrc", "a.example.org", null));
    assertEquals(
        found("b.example.org", null, null), entry("truncated.netrc", "b.example.org", null));
    assertEquals(
        found("c.example.org", null, null),
        entry("truncated-at-the-end.netrc", "c.example.org", null));
  }

  @Test
  void several_entries_may_share_one_line_and_crlf_line_ends_are_blanks() {
    Netrc n = Netrc.parse("machine a login u1 password p1 machine b login u2 password p2\r\n");
    assertEquals(found("a", "u1", "p1"), n.find("a", null));
    assertEquals(found("b", "u2", "p2"), n.find("b", null));
  }

  @Test
  void a_file_ending_in_a_bare_machine_keyword_is_read_without_failing() {
    Netrc n = Netrc.parse("machine a password p\nmachine");
    assertEquals(found("a", null, "p"), n.find("a", null));
    assertEquals(Optional.empty(), n.find("b", null));
  }

  @Test
  void any_number_of_blanks_and_tabs_separate_the_tokens() {
    Netrc n = Netrc.parse("  machine  a\t\tlogin   u  password\t p \n\n\nmachine\tb password q");
    assertEquals(found("a", "u", "p"), n.find("a", null));
    assertEquals(found("b", null, "q"), n.find("b", null));
  }

  @Test
  void a_macdef_line_with_only_its_name_starts_a_body_up_to_the_blank_line() {
    Netrc n =
        Netrc.parse("macdef init\nmachine evil.example.org password x\n\nmachine h password y\n");
    assertEquals(Optional.empty(), n.find("evil.example.org", null));
    assertEquals(found("h", null, "y"), n.find("h", null));
  }
}
