package dev.jmail.store.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code jmail fetch} against POP3 servers that behave, each in its own way (a scripted server on
 * 127.0.0.1): how it logs in (USER/PASS, AUTH PLAIN, STLS), what it does with a message deleted
 * meanwhile, a refused DELE or QUIT, a locked mailbox, and what it remembers of the ids.
 */
class Pop3DialogueTest extends ScriptedPop3Case {
  @Override
  int timeoutSeconds() {
    return 5;
  }

  private static FakePop3 messages(String... ids) {
    FakePop3 f = new FakePop3();
    for (String id : ids) f.message(id, "subject " + id);
    return f;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void a_server_offering_sasl_plain_without_user_is_logged_in_with_auth_plain() throws Exception {
    FakePop3 f = messages("a");
    f.on("CAPA", l -> "+OK\r\nSASL PLAIN\r\n.\r\n");
    f.on("AUTH", l -> "+OK welcome\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s)).succeeded();
      assertTrue(
          s.received().contains("AUTH PLAIN " + b64("\0tester\0x")), s.received().toString());
      assertFalse(s.receivedLineContaining("USER") || s.receivedLineContaining("PASS"));
      assertEquals(1, count(spool(), "Subject: subject a"));
    }
  }

  @Test
  void auth_plain_answered_with_a_continuation_gets_the_response_on_its_own_line()
      throws Exception {
    FakePop3 f = messages("a");
    f.on("CAPA", l -> "+OK\r\nSASL PLAIN LOGIN\r\n.\r\n");
    f.on("AUTH", l -> "+ \r\n");
    f.on(b64("\0tester\0x").toUpperCase(java.util.Locale.ROOT), l -> "+OK welcome\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s)).succeeded();
      List<String> r = s.received();
      assertEquals(b64("\0tester\0x"), r.get(r.indexOf("AUTH PLAIN " + b64("\0tester\0x")) + 1));
      assertEquals(1, count(spool(), "Subject: subject a"));
    }
  }

  @Test
  void a_refused_auth_plain_is_77_with_the_servers_words() throws Exception {
    FakePop3 f = messages("a");
    f.on("CAPA", l -> "+OK\r\nSASL PLAIN\r\n.\r\n");
    f.on("AUTH", l -> "-ERR [AUTH] bad credentials\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(args(s)).exits(77).errIsOneLine();
      assertTrue(
          r.err().endsWith("authentication failed for tester: [AUTH] bad credentials\n"), r.err());
      assertFalse(s.receivedLineContaining("RETR"));
    }
  }

  @Test
  void a_mailbox_locked_by_another_session_is_75_not_a_wrong_password() throws Exception {
    FakePop3 f = messages("a");
    f.on("PASS", l -> "-ERR [IN-USE] maildrop locked\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(args(s)).exits(75).errIsOneLine();
      assertTrue(r.err().contains("in use by another session: [IN-USE] maildrop locked"), r.err());
    }
  }

  @Test
  void a_refused_user_is_77_with_its_words_even_when_pass_is_answered_ok() throws Exception {
    FakePop3 g = messages("a");
    g.on("USER", l -> "-ERR no such user\r\n");
    try (ScriptedServer s = new ScriptedServer(g)) {
      Result r = jmail().run(args(s)).exits(77).errIsOneLine();
      assertTrue(r.err().contains("authentication failed for tester: no such user"), r.err());
      assertFalse(s.receivedLineContaining("RETR"));
    }
  }

  @Test
  void a_server_without_uidl_is_69_and_nothing_is_fetched() throws Exception {
    FakePop3 f = messages("a", "b");
    f.on("UIDL", l -> "-ERR UIDL not supported\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(args(s)).exits(69).errIsOneLine();
      assertTrue(r.err().contains("does not support UIDL"), r.err());
      assertFalse(s.receivedLineContaining("RETR"));
      assertEquals("", spool());
    }
  }

  @Test
  void a_greeting_that_is_not_ok_is_69() throws Exception {
    FakePop3 f = messages("a");
    f.greeting = "-ERR go away\r\n";
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(args(s)).exits(69).errIsOneLine();
      assertTrue(r.err().contains("not a POP3 server: -ERR go away"), r.err());
      assertFalse(s.receivedLineContaining("PASS"));
    }
  }

  @Test
  void a_server_whose_stls_fails_gets_no_password_and_the_fetch_is_69() throws Exception {
    FakePop3 f = messages("a");
    f.on("CAPA", l -> "+OK\r\nSTLS\r\nUSER\r\n.\r\n");
    f.on("STLS", l -> "-ERR TLS not available now\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r =
          jmail()
              .run("fetch", "-S", "password=x", "pop3://tester@127.0.0.1:" + s.port())
              .exits(69)
              .errIsOneLine();
      assertTrue(r.err().contains("STLS refused: -ERR TLS not available now"), r.err());
      assertFalse(s.receivedLineContaining("PASS") || s.receivedLineContaining("USER"));
    }
  }

  @Test
  void a_message_another_session_deleted_meanwhile_is_skipped_and_fetched_when_it_comes_back()
      throws Exception {
    FakePop3 f = messages("a", "b", "c");
    f.on(
        "RETR",
        l -> l.equals("RETR 2") ? "-ERR message 2 already deleted\r\n" : f.answer("RETR", l));
    FakePop3 g = messages("a", "b", "c");
    try (ScriptedServer s = new ScriptedServer(f, g)) {
      jmail().run(args(s)).succeeded();
      String first = spool();
      assertEquals(1, count(first, "Subject: subject a"));
      assertEquals(0, count(first, "Subject: subject b"));
      assertEquals(1, count(first, "Subject: subject c"));
      jmail().run(args(s)).succeeded();
      String second = spool();
      assertEquals(1, count(second, "Subject: subject b"), "b was not recorded: fetched now");
      assertEquals(1, count(second, "Subject: subject a"), "a and c not again");
      assertEquals(1, count(second, "Subject: subject c"));
    }
  }

  @Test
  void a_refused_dele_is_69_and_no_quit_is_sent_so_the_server_deletes_nothing() throws Exception {
    FakePop3 f = messages("a", "b");
    f.on("DELE", l -> l.equals("DELE 2") ? "-ERR cannot\r\n" : "+OK\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(args(s, "--delete")).exits(69).errIsOneLine();
      assertTrue(r.err().contains("cannot delete message 2: -ERR cannot"), r.err());
      assertFalse(s.receivedLineContaining("QUIT"), "no UPDATE state: " + s.received());
      assertEquals(2, count(spool(), "Subject: subject "), "both stored before any DELE");
    }
  }

  @Test
  void a_refused_quit_is_75_saying_deletions_may_not_have_happened() throws Exception {
    FakePop3 f = messages("a");
    f.on("QUIT", l -> "-ERR update failed\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(args(s, "--delete")).exits(75).errIsOneLine();
      assertTrue(r.err().contains("QUIT failed, messages may not have been deleted"), r.err());
      assertEquals(1, count(spool(), "Subject: subject a"));
    }
  }

  @Test
  void delete_removes_what_is_stored_from_this_fetch_and_earlier_ones_and_says_how_many()
      throws Exception {
    FakePop3 first = messages("a", "b");
    FakePop3 second = messages("a", "b", "c");
    FakePop3 third = messages("a");
    try (ScriptedServer s = new ScriptedServer(first, second, third)) {
      jmail().run(args(s)).succeeded(); // a and b stored, kept on the server
      Result r = jmail().run(args(s, "-v", "--delete")).succeeded();
      assertTrue(
          r.err().contains("jmail: 1 new of 3 message(s) into ")
              && r.err().contains(", 3 deleted on the server"),
          r.err());
      assertEquals(List.of("DELE 1", "DELE 2", "DELE 3"), dele(s));
      // the ids deleted are forgotten: an "a" on the server again is a new message
      jmail().run(args(s)).succeeded();
      assertEquals(2, count(spool(), "Subject: subject a"));
    }
  }

  @Test
  void ids_no_longer_on_the_server_are_forgotten_and_ids_still_there_are_not() throws Exception {
    FakePop3 first = messages("a", "b");
    FakePop3 second = messages("b");
    FakePop3 third = messages("a", "b");
    try (ScriptedServer s = new ScriptedServer(first, second, third)) {
      jmail().run(args(s)).succeeded();
      jmail().run(args(s)).succeeded(); // a gone from the server (another client took it)
      Result r = jmail().run(args(s, "-v")).succeeded();
      assertTrue(r.err().contains("jmail: 1 new of 2 message(s) into "), r.err());
      assertEquals(2, count(spool(), "Subject: subject a"), "a forgotten, so new again");
      assertEquals(1, count(spool(), "Subject: subject b"), "b remembered throughout");
    }
  }

  private static List<String> dele(ScriptedServer s) {
    return s.received().stream().filter(l -> l.startsWith("DELE ")).toList();
  }
}
