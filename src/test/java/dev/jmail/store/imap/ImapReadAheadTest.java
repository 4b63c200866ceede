package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code read N} of an IMAP folder whose cache names message N: its body is asked for ({@code FETCH
 * N (UID BODY.PEEK[])}) in the same packet as the SELECT, and shown only when it is still that
 * message (the same UIDVALIDITY and UID once the SELECT is answered); else it is fetched as without
 * ({@code -Djmail.imap.ahead=false}). A scripted server on 127.0.0.1, naming its capabilities as
 * Dovecot does.
 */
class ImapReadAheadTest {
  @TempDir Path home;

  private static String[] args(ScriptedServer s, String... rest) {
    return ScriptedImap.args(s, 5, rest);
  }

  private static FakeImap mailbox(long uidValidity, String... subjects) {
    FakeImap f = new FakeImap();
    for (int i = 0; i < subjects.length; i++) f.message(i + 1, subjects[i]);
    f.capabilities = "IMAP4rev1 UIDPLUS IDLE CONDSTORE QRESYNC";
    f.highestModSeq = 10;
    f.uidValidity = uidValidity;
    f.greeting = "* OK [CAPABILITY IMAP4rev1 LITERAL+] fake IMAP ready\r\n";
    f.on("LOGIN", (tag, line) -> tag + " OK [CAPABILITY " + f.capabilities + "] logged in\r\n");
    return f;
  }

  /** Lists with {@code first} (the cache), then runs {@code read} against {@code second}. */
  private Result readAfterListing(FakeImap first, FakeImap second, String... read)
      throws Exception {
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      return ScriptedImap.jmail(home).run(args(s, read));
    }
  }

  /** The UID FETCH lines of bodies the server received. */
  private static List<String> bodyFetches(ScriptedServer s) {
    return s.received().stream().filter(l -> l.contains("BODY.PEEK[]")).toList();
  }

  @Test
  void the_body_of_a_cached_message_is_asked_for_before_the_select_is_answered() throws Exception {
    FakeImap second = mailbox(7, "first", "second", "third");
    // the SELECT is answered only once the body FETCH has come: a client that waited for the
    // SELECT's answer first would time out
    String[] select = new String[2];
    second.on(
        "SELECT",
        (tag, line) -> {
          select[0] = tag;
          select[1] = line;
          return "";
        });
    second.on(
        "BODY",
        (tag, line) ->
            second.answer(select[0], "SELECT", select[1]) + second.answer(tag, "BODY", line));
    Result r =
        readAfterListing(mailbox(7, "first", "second", "third"), second, "read", "--peek", "2");
    r.succeeded().outContains("Subject: second").outContains("body of 2");
  }

  @Test
  void a_message_read_with_the_select_is_shown_as_without() throws Exception {
    for (String[] read :
        List.of(
            new String[] {"read", "--peek", "3"},
            new String[] {"read", "--peek", "--raw", "1"},
            new String[] {"read", "--peek", "--json", "2"})) {
      Result ahead =
          readAfterListing(
              mailbox(7, "first", "second", "third"), mailbox(7, "first", "second", "third"), read);
      Result without =
          ImapListAheadTest.withoutAhead(
              () ->
                  readAfterListing(
                      mailbox(7, "first", "second", "third"),
                      mailbox(7, "first", "second", "third"),
                      read));
      ahead.succeeded();
      assertArrayEquals(without.stdout(), ahead.stdout(), ahead.out());
    }
  }

  @Test
  void after_an_expunge_before_it_the_number_names_the_next_message_and_that_one_is_shown()
      throws Exception {
    FakeImap second = mailbox(7, "first", "second", "third");
    second.messages.remove(0);
    second.highestModSeq = 11;
    second.selectExtra = "* VANISHED (EARLIER) 1\r\n";
    try (ScriptedServer s = new ScriptedServer(mailbox(7, "first", "second", "third"), second)) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      Result r = ScriptedImap.jmail(home).run(args(s, "read", "--peek", "2"));
      r.succeeded().outContains("Subject: third").outContains("body of 3");
      assertTrue(!r.out().contains("body of 2"), r.out());
      // UID 2 asked for with the SELECT (the cache's message 2), then UID 3
      List<String> bodies = bodyFetches(s);
      assertEquals(2, bodies.size(), bodies.toString());
      assertTrue(bodies.get(1).contains("UID FETCH 3 "), bodies.toString());
    }
  }

  @Test
  void under_a_new_uidvalidity_the_body_read_with_the_select_is_not_used() throws Exception {
    try (ScriptedServer s =
        new ScriptedServer(
            mailbox(7, "first", "second", "third"), mailbox(8, "other", "mailbox", "now"))) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      Result r = ScriptedImap.jmail(home).run(args(s, "read", "--peek", "2"));
      r.succeeded().outContains("Subject: mailbox");
      List<String> bodies = bodyFetches(s);
      assertEquals(2, bodies.size(), "asked for again under the new UIDVALIDITY: " + bodies);
    }
  }

  @Test
  void a_message_expunged_meanwhile_fails_as_without() throws Exception {
    FakeImap gone = mailbox(7, "first", "second");
    gone.highestModSeq = 11;
    gone.selectExtra = "* VANISHED (EARLIER) 3\r\n";
    Result ahead =
        readAfterListing(mailbox(7, "first", "second", "third"), gone, "read", "--peek", "3");
    FakeImap goneAgain = mailbox(7, "first", "second");
    goneAgain.highestModSeq = 11;
    goneAgain.selectExtra = gone.selectExtra;
    Result without =
        ImapListAheadTest.withoutAhead(
            () ->
                readAfterListing(
                    mailbox(7, "first", "second", "third"), goneAgain, "read", "--peek", "3"));
    assertTrue(ahead.status() != 0, ahead.out());
    assertEquals(without.status(), ahead.status());
    assertEquals(without.err(), ahead.err());
    assertEquals("", ahead.out());
  }

  @Test
  void a_number_the_cache_does_not_know_is_read_after_the_select() throws Exception {
    FakeImap second = mailbox(7, "first", "second", "third", "fourth");
    second.highestModSeq = 11;
    try (ScriptedServer s = new ScriptedServer(mailbox(7, "first", "second", "third"), second)) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      Result r = ScriptedImap.jmail(home).run(args(s, "read", "--peek", "4"));
      r.succeeded().outContains("Subject: fourth");
      assertEquals(1, bodyFetches(s).size(), bodyFetches(s).toString());
    }
  }

  @Test
  void a_server_that_refuses_the_qresync_select_has_the_body_asked_for_again_after_the_select()
      throws Exception {
    FakeImap second = mailbox(7, "first", "second", "third");
    second.refusingQresyncSelect();
    try (ScriptedServer s = new ScriptedServer(mailbox(7, "first", "second", "third"), second)) {
      ScriptedImap.jmail(home).run(args(s, "list")).succeeded();
      Result r = ScriptedImap.jmail(home).run(args(s, "read", "--peek", "2"));
      r.succeeded().outContains("Subject: second");
      List<String> bodies = bodyFetches(s);
      assertEquals(2, bodies.size(), "sent with the refused SELECT, then again: " + bodies);
    }
  }
}
