package dev.jmail.store.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jmail fetch} against POP3 servers that misbehave (a scripted server on 127.0.0.1): one
 * error line with a sysexits status, never a crash; nothing deleted on the server that is not
 * stored; the messages received whole before a failure are kept; memory bounded whatever the server
 * sends.
 */
class HostilePop3ServerTest extends ScriptedPop3Case {
  private static Result failsCleanly(Result r, int status) {
    r.exits(status).errIsOneLine();
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    return r;
  }

  private static FakePop3 threeMessages() {
    return new FakePop3().message("id-1", "one").message("id-2", "two").message("id-3", "three");
  }

  @Test
  void a_uidl_giving_two_messages_one_id_is_refused_before_anything_is_fetched_or_deleted()
      throws Exception {
    FakePop3 f = new FakePop3().message("same", "one").message("same", "two");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = failsCleanly(jmail().run(args(s, "--delete")), 69);
      assertTrue(r.err().contains("the same id same"), r.err());
      assertEquals("", spool());
      assertFalse(s.receivedLineContaining("RETR") || s.receivedLineContaining("DELE"));
    }
  }

  @Test
  void a_uidl_id_with_spaces_is_kept_whole_and_the_message_fetched_once() throws Exception {
    FakePop3 f = new FakePop3().message("id with  spaces", "one").message("id with", "two");
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s)).succeeded();
      assertEquals(2, count(spool(), "Subject: "), spool());
      jmail().run(args(s)).succeeded();
      assertEquals(2, count(spool(), "Subject: "), "nothing fetched twice: " + spool());
    }
  }

  @ParameterizedTest(name = "UIDL line {0}")
  @ValueSource(strings = {"1 a\rb", "1 esc\u001b[2Jid", "x id-1", "-1 id-1", "99999999999 id"})
  void a_uidl_line_that_breaks_the_grammar_is_refused_with_69_and_nothing_fetched(String line)
      throws Exception {
    FakePop3 f = threeMessages().on("UIDL", l -> "+OK\r\n" + line + "\r\n2 id-2\r\n.\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = failsCleanly(jmail().run(args(s)), 69);
      assertTrue(r.err().contains("malformed response"), r.err());
      assertFalse(r.err().contains("\u001b"), r.err());
      assertEquals("", spool());
      assertFalse(s.receivedLineContaining("RETR"));
    }
  }

  @Test
  void a_list_size_that_is_not_a_number_is_refused_with_69() throws Exception {
    FakePop3 f = threeMessages().on("LIST", l -> "+OK\r\n1 40\r\n2 forty\r\n.\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      failsCleanly(jmail().run(args(s)), 69).errContains("LIST: forty is not a number");
    }
  }

  @Test
  void a_message_far_bigger_than_announced_stops_the_fetch_keeping_the_earlier_ones()
      throws Exception {
    FakePop3 f =
        threeMessages()
            .on(
                "RETR",
                l ->
                    l.equals("RETR 2")
                        ? "+OK\r\nSubject: big\r\n\r\n"
                            + ("y".repeat(998) + "\r\n").repeat(300)
                            + ".\r\n"
                        : "+OK\r\nSubject: small " + l + "\r\n\r\nbody\r\n.\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = failsCleanly(jmail().run(args(s, "--delete")), 69);
      assertTrue(r.err().contains("message 2 is larger than the"), r.err());
      assertEquals(1, count(spool(), "Subject: small RETR 1"), spool());
      assertFalse(spool().contains("Subject: big"));
      assertFalse(s.receivedLineContaining("DELE"), "nothing deleted after a failure");
    }
  }

  @Test
  void a_retr_that_streams_forever_is_cut_off_at_the_announced_size() throws Exception {
    FakePop3 f = threeMessages();
    ScriptedServer.Script endless =
        peer -> {
          peer.send(f.greeting);
          for (String line; (line = peer.line()) != null; ) {
            if (line.startsWith("RETR")) {
              peer.send("+OK\r\nSubject: endless\r\n\r\n");
              byte[] chunk = ("z".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
              while (true) peer.send(chunk); // until the client hangs up
            }
            peer.send(
                line.startsWith("UIDL")
                    ? "+OK\r\n1 id-1\r\n.\r\n"
                    : line.startsWith("LIST")
                        ? "+OK\r\n1 40\r\n.\r\n"
                        : line.startsWith("CAPA") ? "-ERR\r\n" : "+OK\r\n");
          }
        };
    try (ScriptedServer s = new ScriptedServer(endless)) {
      failsCleanly(jmail().run(args(s)), 69).errContains("message 1 is larger than the 40 bytes");
      assertEquals("", spool());
    }
  }

  @Test
  void a_retr_that_stops_midway_times_out_with_75_keeping_what_came_whole() throws Exception {
    FakePop3 f =
        threeMessages()
            .on(
                "RETR",
                l ->
                    l.equals("RETR 3")
                        ? "+OK\r\nSubject: cut\r\n\r\nhalf a li"
                        : "+OK\r\nSubject: whole " + l + "\r\n\r\nbody\r\n.\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      failsCleanly(jmail().run(args(s, "--delete")), 75).errContains("no answer from the server");
      assertEquals(2, count(spool(), "Subject: whole"), spool());
      assertFalse(spool().contains("Subject: cut"));
      assertFalse(s.receivedLineContaining("DELE"));
    }
  }

  @Test
  void escape_sequences_in_a_greeting_or_an_error_are_sanitised_in_the_error_line()
      throws Exception {
    FakePop3 g = threeMessages();
    g.greeting = "-ERR \u001b]0;owned\u0007 busy \u009b2J\r\n";
    try (ScriptedServer s = new ScriptedServer(g)) {
      Result r = failsCleanly(jmail().run(args(s)), 69);
      assertTrue(r.err().contains("busy"), r.err());
      assertFalse(r.err().matches("(?s).*[\u001b\u0007\u009b].*"), r.err());
    }
    FakePop3 e = threeMessages().on("PASS", l -> "-ERR wrong \u001b[5mpassword\u202e\r\n");
    try (ScriptedServer s = new ScriptedServer(e)) {
      Result r = failsCleanly(jmail().run(args(s)), 77);
      assertFalse(r.err().matches("(?s).*[\u001b\u202e].*"), r.err());
    }
  }
}
