package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How an open brings the summary cache up to date with what other clients changed, by what the
 * server offers (a scripted server on 127.0.0.1): QRESYNC in the SELECT itself, else CONDSTORE's
 * CHANGEDSINCE, else every flag. Message 1 is expunged and message 2 flagged by "another client"
 * between the two listings.
 */
class ImapResyncTest {
  @TempDir Path home;

  private InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  private static String[] args(ScriptedServer s, String... rest) {
    return ScriptedImap.args(s, 5, rest);
  }

  private static FakeImap before(String capabilities) {
    FakeImap f = new FakeImap().message(1, "first").message(2, "second").message(3, "third");
    f.capabilities = capabilities;
    f.highestModSeq = 10;
    return f;
  }

  /** The same mailbox after another client expunged UID 1 and flagged UID 2 (MODSEQ 12). */
  private static FakeImap after(FakeImap before) {
    FakeImap f = new FakeImap();
    f.capabilities = before.capabilities;
    f.highestModSeq = 12;
    f.message(2, "\\Flagged", "From: Alice <alice@example.org>\r\nSubject: second\r\n");
    f.message(3, "third");
    return f;
  }

  /** As {@link #after}, the SELECT's answer with what QRESYNC reports of those changes. */
  private static FakeImap afterResync(FakeImap before) {
    FakeImap f = after(before);
    f.selectExtra = "* VANISHED (EARLIER) 1\r\n* 1 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (12))\r\n";
    return f;
  }

  /** Lists twice: the second listing (from the cache the first one filled). */
  private Result listTwice(ScriptedServer s) {
    jmail().run(args(s, "list")).succeeded();
    return jmail().run(args(s, "list"));
  }

  /** The lines the client sent from the second connection's SELECT on. */
  private static List<String> secondOpen(ScriptedServer s) {
    List<String> all = s.received();
    int selects = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).matches("J\\d+ SELECT .*") && ++selects == 2)
        return all.subList(i, all.size());
    }
    throw new AssertionError("no second SELECT: " + all);
  }

  /** Nothing but LOGOUT after the SELECT (which may not have reached the server yet). */
  private static void assertOnlyLogoutAfter(List<String> sent, String why) {
    for (String l : sent.subList(1, sent.size()))
      assertTrue(l.matches("J\\d+ LOGOUT"), why + ": " + sent);
  }

  private static void listsSecondFlaggedAndThird(Result r) {
    String out = r.succeeded().out();
    assertFalse(out.contains("first"), "expunged by another client: " + out);
    assertTrue(out.contains("second") && out.contains("third"), out);
    String second = out.lines().filter(l -> l.contains("second")).findFirst().orElseThrow();
    String third = out.lines().filter(l -> l.contains("third")).findFirst().orElseThrow();
    assertTrue(second.matches("[ >]?F .*"), "flagged by the other client: " + second);
    assertFalse(third.matches("[ >]?F .*"), third);
    assertEquals(2, out.lines().count(), out);
  }

  @Test
  void with_qresync_the_changed_flags_and_the_expunged_uids_come_with_the_select_alone()
      throws Exception {
    FakeImap first = before("IMAP4rev1 UIDPLUS IDLE CONDSTORE QRESYNC");
    FakeImap second = after(first);
    second.selectExtra =
        "* VANISHED (EARLIER) 1\r\n* 1 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (12))\r\n";
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      jmail().run(args(s, "list")).succeeded();
      assertFalse(s.receivedLineContaining("QRESYNC"), "nothing cached yet: " + s.received());
      Result r = jmail().run(args(s, "list"));
      listsSecondFlaggedAndThird(r);
      List<String> sent = secondOpen(s);
      assertTrue(
          sent.get(0).matches("J\\d+ SELECT \"INBOX\" \\(QRESYNC \\(7 10 1:3\\)\\)"), sent.get(0));
      assertTrue(
          s.received().stream().anyMatch(l -> l.matches("J\\d+ ENABLE QRESYNC")),
          s.received().toString());
      assertOnlyLogoutAfter(sent, "no FETCH, SEARCH or anything else after the SELECT");
    }
  }

  /** A server that names its capabilities in the greeting and after LOGIN (as Dovecot does). */
  private static FakeImap naming(FakeImap f) {
    f.greeting = "* OK [CAPABILITY IMAP4rev1 LITERAL+] fake IMAP ready\r\n";
    f.on("LOGIN", (tag, line) -> tag + " OK [CAPABILITY " + f.capabilities + "] logged in\r\n");
    return f;
  }

  @Test
  void with_a_cache_the_select_goes_with_the_login_and_the_resync_is_the_same() throws Exception {
    FakeImap first = naming(before("IMAP4rev1 UIDPLUS IDLE CONDSTORE QRESYNC"));
    FakeImap second = naming(afterResync(first));
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      listsSecondFlaggedAndThird(listTwice(s));
      List<String> sent = secondOpen(s);
      assertTrue(
          sent.get(0).matches("J\\d+ SELECT \"INBOX\" \\(QRESYNC \\(7 10 1:3\\)\\)"), sent.get(0));
      assertOnlyLogoutAfter(sent, "the capabilities came with the LOGIN's answer");
    }
  }

  @Test
  void a_refused_login_sent_with_the_select_fails_as_a_refused_login() throws Exception {
    FakeImap first = naming(before("IMAP4rev1 UIDPLUS CONDSTORE QRESYNC"));
    FakeImap second = naming(after(first));
    // the LOGIN is answered only once the SELECT has come: a client that waited for the answer
    // first would time out (75)
    List<String> tags = new ArrayList<>();
    second.on(
        "LOGIN",
        (tag, line) -> {
          tags.add(tag);
          return "";
        });
    second.on(
        "ENABLE",
        (tag, line) -> {
          tags.add(tag);
          return "";
        });
    second.on(
        "SELECT",
        (tag, line) ->
            tags.get(0)
                + " NO [AUTHENTICATIONFAILED] wrong password\r\n"
                + tags.get(1)
                + " BAD not authenticated\r\n"
                + tag
                + " BAD not authenticated\r\n");
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      Result r = listTwice(s);
      r.exits(77);
      assertTrue(
          r.err().contains("authentication failed for bob: [AUTHENTICATIONFAILED] wrong password"),
          r.err());
    }
  }

  @Test
  void a_login_answer_without_capabilities_has_them_asked_for_after_the_select() throws Exception {
    FakeImap first = naming(before("IMAP4rev1 UIDPLUS IDLE CONDSTORE QRESYNC"));
    FakeImap second = afterResync(first);
    second.greeting = first.greeting;
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      listsSecondFlaggedAndThird(listTwice(s));
      // (the first connection's LOGOUT, sent without waiting, may be logged among these)
      List<String> sent = secondOpen(s).stream().filter(l -> !l.matches("J\\d+ LOGOUT")).toList();
      assertTrue(sent.get(1).matches("J\\d+ CAPABILITY"), sent.toString());
    }
  }

  @Test
  void a_qresync_range_of_vanished_uids_removes_every_cached_message_in_it() throws Exception {
    FakeImap first = before("IMAP4rev1 CONDSTORE QRESYNC").message(4, "fourth").message(5, "fifth");
    FakeImap second = new FakeImap().message(5, "fifth");
    second.capabilities = first.capabilities;
    second.highestModSeq = 11;
    second.selectExtra = "* VANISHED (EARLIER) 4:1\r\n";
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      jmail().run(args(s, "list")).succeeded();
      String out = jmail().run(args(s, "list")).succeeded().out();
      assertEquals(1, out.lines().count(), out);
      assertTrue(out.contains("fifth"), out);
    }
  }

  @Test
  void a_server_that_refuses_the_qresync_select_is_resynchronised_with_condstore()
      throws Exception {
    FakeImap first = before("IMAP4rev1 UIDPLUS CONDSTORE QRESYNC");
    FakeImap second = after(first);
    second.refusingQresyncSelect();
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      jmail().run(args(s, "list")).succeeded();
      Result r = jmail().run(args(s, "list"));
      listsSecondFlaggedAndThird(r);
      assertTrue(s.receivedLineContaining("(CHANGEDSINCE 10)"), s.received().toString());
    }
  }

  @Test
  void with_condstore_alone_only_changed_flags_are_asked_for_and_the_uids_when_the_count_fell()
      throws Exception {
    FakeImap first = before("IMAP4rev1 UIDPLUS CONDSTORE");
    FakeImap second = after(first);
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      jmail().run(args(s, "list")).succeeded();
      Result r = jmail().run(args(s, "list"));
      listsSecondFlaggedAndThird(r);
      List<String> sent = secondOpen(s);
      assertTrue(sent.get(0).endsWith("(CONDSTORE)"), sent.get(0));
      assertTrue(
          sent.stream()
              .anyMatch(
                  l -> l.matches("J\\d+ UID FETCH 1:3 \\(UID FLAGS\\) \\(CHANGEDSINCE 10\\)")),
          sent.toString());
      assertTrue(sent.stream().anyMatch(l -> l.endsWith("UID SEARCH ALL")), sent.toString());
      assertFalse(s.receivedLineContaining("QRESYNC"), s.received().toString());
    }
  }

  @Test
  void an_unchanged_highestmodseq_with_condstore_asks_for_nothing() throws Exception {
    FakeImap first = before("IMAP4rev1 UIDPLUS CONDSTORE");
    try (ScriptedServer s = new ScriptedServer(first, first.copy())) {
      jmail().run(args(s, "list")).succeeded();
      String out = jmail().run(args(s, "list")).succeeded().out();
      assertEquals(3, out.lines().count(), out);
      List<String> sent = secondOpen(s);
      assertOnlyLogoutAfter(sent, "nothing after the SELECT");
    }
  }

  @Test
  void without_condstore_every_cached_flag_is_fetched_and_the_missing_uids_are_gone()
      throws Exception {
    FakeImap first = before("IMAP4rev1 UIDPLUS");
    first.highestModSeq = 0;
    FakeImap second = after(first);
    second.highestModSeq = 0;
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      jmail().run(args(s, "list")).succeeded();
      Result r = jmail().run(args(s, "list"));
      listsSecondFlaggedAndThird(r);
      List<String> sent = secondOpen(s);
      assertTrue(
          sent.stream().anyMatch(l -> l.matches("J\\d+ UID FETCH 1:3 \\(UID FLAGS\\)")),
          sent.toString());
    }
  }

  @Test
  void a_vanished_answer_that_is_no_uid_set_is_a_malformed_response() throws Exception {
    FakeImap first = before("IMAP4rev1 CONDSTORE QRESYNC");
    FakeImap second = after(first);
    second.selectExtra = "* VANISHED (EARLIER) 1:x\r\n";
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      jmail().run(args(s, "list")).succeeded();
      Result r = jmail().run(args(s, "list"));
      r.exits(69).errIsOneLine();
      assertTrue(r.err().contains("malformed response"), r.err());
    }
  }
}
