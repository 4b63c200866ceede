package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.net.ServerLogin;
import dev.jmail.net.ServerUrl;
import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warm plain listing of an IMAP folder made from the summary cache while the connection, login
 * and SELECT are under way ({@link ImapFolder#open(ImapFolder.Opener,
 * dev.jmail.store.Folder.Row)}), printed only when the QRESYNC SELECT confirms the cache: the same
 * bytes as without it ({@code -Djmail.imap.ahead=false}), and never what the cache held when
 * anything changed on the server between two listings (a scripted server on 127.0.0.1, naming its
 * capabilities as Dovecot does).
 */
class ImapListAheadTest {
  @TempDir Path home;

  /** What {@code run} gives with the lines made ahead turned off. */
  static <T> T withoutAhead(java.util.concurrent.Callable<T> run) throws Exception {
    System.setProperty("jmail.imap.ahead", "false");
    try {
      return run.call();
    } finally {
      System.clearProperty("jmail.imap.ahead");
    }
  }

  private static String[] args(ScriptedServer s, String... rest) {
    return ScriptedImap.args(s, 5, rest);
  }

  /** Three messages, HIGHESTMODSEQ 10, QRESYNC, capabilities in the greeting and after LOGIN. */
  private static FakeImap before() {
    FakeImap f = new FakeImap().message(1, "first").message(2, "second").message(3, "third");
    f.capabilities = "IMAP4rev1 UIDPLUS IDLE CONDSTORE QRESYNC";
    f.highestModSeq = 10;
    f.greeting = "* OK [CAPABILITY IMAP4rev1 LITERAL+] fake IMAP ready\r\n";
    return named(f);
  }

  private static FakeImap named(FakeImap f) {
    f.on("LOGIN", (tag, line) -> tag + " OK [CAPABILITY " + f.capabilities + "] logged in\r\n");
    return f;
  }

  /** {@code first}, then {@code second} listed with the cache the first listing filled. */
  private Result secondListing(FakeImap first, FakeImap second, String... list) throws Exception {
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      return ScriptedImap.jmail(home).run(args(s, list));
    }
  }

  private static void listsExactly(Result r, String... subjects) {
    String out = r.succeeded().out();
    List<String> got = new ArrayList<>();
    for (String l : out.lines().toList()) got.add(l.strip().replaceAll(".*\\s", ""));
    assertEquals(List.of(subjects), got, out);
  }

  /** The flags column (first letters) of the line of this subject. */
  private static String status(Result r, String subject) {
    String line = r.out().lines().filter(l -> l.endsWith(" " + subject)).findFirst().orElseThrow();
    return line.substring(0, 3);
  }

  @Test
  void an_unchanged_folder_lists_the_same_bytes_with_the_lines_made_ahead_and_without()
      throws Exception {
    for (String[] list : List.of(new String[] {"list"}, new String[] {"-H"})) {
      Result ahead = secondListing(before(), before(), list);
      Result plain = withoutAhead(() -> secondListing(before(), before(), list));
      listsExactly(ahead, "first", "second", "third");
      assertArrayEquals(plain.stdout(), ahead.stdout(), ahead.out());
      assertArrayEquals(plain.stderr(), ahead.stderr(), ahead.err());
    }
  }

  @Test
  void json_a_filter_and_a_message_list_list_the_same_as_without_the_lines_made_ahead()
      throws Exception {
    List<String[]> lists =
        List.of(
            new String[] {"list", "--json"},
            new String[] {"list", "--subject", "ir"},
            new String[] {"list", "--unread"},
            new String[] {"list", "2-3"});
    for (String[] list : lists) {
      Result ahead = secondListing(before(), before(), list);
      Result plain = withoutAhead(() -> secondListing(before(), before(), list));
      assertEquals(plain.status(), ahead.status(), String.join(" ", list));
      assertArrayEquals(plain.stdout(), ahead.stdout(), ahead.out());
    }
  }

  @Test
  void a_flag_another_client_set_is_listed_though_the_cache_had_it_clear() throws Exception {
    FakeImap second = before();
    second.messages.set(1, new FakeImap.Message(2, "\\Flagged", "Subject: second\r\n", ""));
    second.highestModSeq = 11;
    second.selectExtra = "* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (11))\r\n";
    Result r = secondListing(before(), second, "list");
    listsExactly(r, "first", "second", "third");
    assertTrue(status(r, "second").contains("F"), r.out());
    assertFalse(status(r, "third").contains("F"), r.out());
  }

  @Test
  void a_flag_change_reported_under_the_same_highestmodseq_is_listed_all_the_same()
      throws Exception {
    FakeImap second = before();
    second.selectExtra = "* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (10))\r\n";
    Result r = secondListing(before(), second, "list");
    assertTrue(status(r, "second").contains("F"), r.out());
  }

  @Test
  void a_new_message_is_listed_after_the_cached_ones() throws Exception {
    FakeImap second = before().message(4, "fourth");
    second.highestModSeq = 11;
    listsExactly(secondListing(before(), second, "list"), "first", "second", "third", "fourth");
  }

  @Test
  void a_message_expunged_by_another_client_is_not_listed() throws Exception {
    FakeImap second = before();
    second.messages.remove(0);
    second.highestModSeq = 11;
    second.selectExtra = "* VANISHED (EARLIER) 1\r\n";
    listsExactly(secondListing(before(), second, "list"), "second", "third");
  }

  @Test
  void an_expunge_reported_under_the_same_highestmodseq_is_not_listed_all_the_same()
      throws Exception {
    FakeImap second = before();
    second.selectExtra = "* VANISHED (EARLIER) 1\r\n";
    listsExactly(secondListing(before(), second, "list"), "second", "third");
  }

  @Test
  void a_new_uidvalidity_lists_the_new_mailbox_and_nothing_of_the_cached_one() throws Exception {
    FakeImap second = new FakeImap().message(1, "other").message(2, "mailbox");
    second.capabilities = before().capabilities;
    second.greeting = before().greeting;
    second.uidValidity = 8;
    second.highestModSeq = 10;
    listsExactly(secondListing(before(), named(second), "list"), "other", "mailbox");
  }

  @Test
  void a_message_new_in_the_first_listing_is_unread_in_the_second() throws Exception {
    FakeImap first = before();
    first.messages.set(2, new FakeImap.Message(3, "\\Recent", "Subject: third\r\n", ""));
    Result firstOut;
    Result r;
    try (ScriptedServer s = new ScriptedServer(first, before())) {
      firstOut = ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      r = ScriptedImap.jmail(home).run(args(s, "list"));
    }
    assertTrue(status(firstOut, "third").contains("N"), firstOut.out());
    assertTrue(status(r.succeeded(), "third").contains("U"), r.out());
  }

  @Test
  void a_server_without_condstore_lists_the_same_bytes_with_the_lines_made_ahead_and_without()
      throws Exception {
    FakeImap plain = before();
    plain.capabilities = "IMAP4rev1 UIDPLUS";
    plain.highestModSeq = 0;
    FakeImap changed = plain.copy();
    changed.messages.set(0, new FakeImap.Message(1, "\\Seen", "Subject: first\r\n", ""));
    Result ahead = secondListing(plain, changed, "list");
    Result without = withoutAhead(() -> secondListing(plain.copy(), changed.copy(), "list"));
    assertFalse(status(ahead.succeeded(), "first").contains("U"), "seen meanwhile: " + ahead.out());
    assertTrue(status(ahead, "second").contains("U"), ahead.out());
    assertArrayEquals(without.stdout(), ahead.stdout(), ahead.out());
  }

  @Test
  void a_refused_connection_prints_no_listing_and_fails_as_without_the_lines_made_ahead()
      throws Exception {
    int port;
    try (ScriptedServer s = new ScriptedServer(before(), before())) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      port = s.port();
    }
    // the cache of that server is there, the server no longer: nothing listens on its port
    try (ServerSocket probe = new ServerSocket(port)) {
      probe.close();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "port " + port + " taken again");
    }
    String url = "imap://bob@127.0.0.1:" + port;
    String[] list = {
      "list", "-S", "password=x", "-S", "net-allow-plaintext", "-S", "net-timeout=5", "-f", url
    };
    Result ahead = ScriptedImap.jmail(home).run(list);
    Result without = withoutAhead(() -> ScriptedImap.jmail(home).run(list));
    assertEquals(75, ahead.status(), ahead.err()); // temporary: the server may come back
    ahead.errIsOneLine().errContains("cannot connect");
    assertEquals(0, ahead.stdout().length, ahead.out());
    assertEquals(without.status(), ahead.status());
    assertEquals(without.err(), ahead.err());
  }

  // --- the folder itself: the rows given ahead are used only when confirmed

  /** The rows a listing gets: number, flag bits and display columns of each. */
  private static final class Rows implements dev.jmail.store.Folder.Row {
    final List<String> rows = new ArrayList<>();

    @Override
    public void row(int number, int flags, long lines, long size, ByteBuffer display) {
      byte[] d = new byte[display.remaining()];
      display.duplicate().get(d);
      rows.add(number + " " + flags + " " + size + " " + java.util.Arrays.toString(d));
    }
  }

  private ImapFolder.Opener opener(ScriptedServer s) {
    Env env =
        Env.of(
            Map.of(
                "HOME",
                home.toString(),
                "USER",
                "tester",
                "XDG_CACHE_HOME",
                home.resolve("cache").toString()));
    Settings settings =
        Settings.load(env, true, List.of("password=x", "net-allow-plaintext", "net-timeout=5"));
    return new ImapFolder.Opener(
        new ServerLogin(ServerUrl.parse(ScriptedImap.url(s)), settings, w -> {}, null), env);
  }

  @Test
  void the_rows_given_ahead_are_the_listing_when_the_select_confirms_the_cache() throws Exception {
    try (ScriptedServer s = new ScriptedServer(before(), before())) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded(); // the cache, display columns on
      Rows ahead = new Rows();
      Rows listed = new Rows();
      try (ImapFolder f = ImapFolder.open(opener(s), ahead)) {
        assertEquals(3, f.rowsAhead());
        assertEquals(3, f.listingRows(listed));
      }
      assertEquals(listed.rows, ahead.rows);
    }
  }

  @Test
  void the_rows_given_ahead_are_not_the_listing_when_a_flag_changed() throws Exception {
    FakeImap second = before();
    second.highestModSeq = 11;
    second.selectExtra = "* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (11))\r\n";
    try (ScriptedServer s = new ScriptedServer(before(), second)) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      try (ImapFolder f = ImapFolder.open(opener(s), new Rows())) {
        assertEquals(-1, f.rowsAhead());
      }
    }
  }

  @Test
  void without_rows_asked_for_or_with_them_turned_off_none_are_given() throws Exception {
    try (ScriptedServer s = new ScriptedServer(before(), before(), before())) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      try (ImapFolder f = ImapFolder.open(opener(s), null)) {
        assertEquals(-1, f.rowsAhead());
      }
      Rows ahead = new Rows();
      assertEquals(
          -1,
          withoutAhead(
              () -> {
                try (ImapFolder f = ImapFolder.open(opener(s), ahead)) {
                  return f.rowsAhead();
                }
              }));
      assertEquals(List.of(), ahead.rows);
    }
  }
}
