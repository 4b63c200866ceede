package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jmail against IMAP servers that misbehave (a scripted server on 127.0.0.1): every failure is one
 * line on stderr with a sysexits status, never a crash (70) or a hang; what the server sends is
 * sanitised for a terminal and exact in JSON; nothing on the server or in the cache is changed by a
 * command that failed; memory stays bounded whatever size the server announces.
 */
class HostileImapServerTest {
  @TempDir Path home;

  private InProcess jmail() {
    return ScriptedImap.jmail(home);
  }

  private static String[] args(ScriptedServer s, String... rest) {
    return ScriptedImap.args(s, 1, rest);
  }

  private Path cacheFile(ScriptedServer s) {
    return ScriptedImap.cacheFile(home, s);
  }

  private static FakeImap twoMessages() {
    return new FakeImap().message(1, "first").message(2, "second");
  }

  /** A failure as the house style wants it: this status, one line, no stack trace. */
  private static Result failsCleanly(Result r, int status) {
    r.exits(status).errIsOneLine();
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    return r;
  }

  /**
   * The files in this JVM's spill directories (other test runs on the machine make their own
   * meanwhile; an empty directory stays until the JVM exits).
   */
  private static Set<Path> spillDirs() throws IOException {
    String mine = "jmail-imap-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      Set<Path> files = new java.util.HashSet<>();
      for (Path d : s.filter(p -> p.getFileName().toString().startsWith(mine)).toList()) {
        try (Stream<Path> in = Files.list(d)) {
          in.forEach(files::add);
        }
      }
      return files;
    }
  }

  @Test
  void a_literal_announced_at_a_terabyte_is_refused_before_a_byte_of_it_is_read() throws Exception {
    FakeImap f =
        twoMessages()
            .on(
                "FETCH",
                (tag, line) ->
                    "* 1 FETCH (UID 1 FLAGS () BODY[HEADER.FIELDS (SUBJECT)] {999999999999}\r\n"
                        + "Subject: x\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = failsCleanly(jmail().run(args(s, "list")), 69);
      assertTrue(r.err().contains("literal of 999999999999 bytes"), r.err());
      assertFalse(Files.exists(cacheFile(s)), "nothing cached from a broken listing");
    }
  }

  @Test
  void a_literal_size_beyond_a_long_is_refused_the_same_way() throws Exception {
    FakeImap f =
        twoMessages()
            .on("FETCH", (tag, line) -> "* 1 FETCH (UID 1 BODY[] {99999999999999999999999}\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      failsCleanly(jmail().run(args(s, "list")), 69).errContains("malformed response");
    }
  }

  @Test
  void a_body_literal_that_never_ends_times_out_with_75_and_leaves_no_spilled_file()
      throws Exception {
    Set<Path> before = spillDirs();
    FakeImap f =
        twoMessages()
            .on(
                "BODY",
                (tag, line) -> {
                  // more than ImapClient.SPILL announced: it goes to a temporary file, then stalls
                  return "* 1 FETCH (UID 1 BODY[] {5000000}\r\nFrom: a@b\r\n\r\nhalf a bo";
                });
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list")).succeeded();
      byte[] cache = Files.readAllBytes(cacheFile(s));
      Result r = failsCleanly(jmail().run(args(s, "read", "--peek", "1")), 75);
      assertTrue(r.err().contains("no answer from the server in 1 s"), r.err());
      assertEquals(before, spillDirs(), "no temporary body left behind");
      assertArrayEquals(cache, Files.readAllBytes(cacheFile(s)), "the cache is unchanged");
    }
  }

  @Test
  void a_server_that_stops_answering_mid_fetch_exits_75_and_changes_nothing() throws Exception {
    FakeImap first = twoMessages();
    FakeImap second =
        twoMessages()
            .message(3, "third")
            .on(
                "FETCH",
                (tag, line) -> null); // the header fetch of the new message is never answered
    try (ScriptedServer s = new ScriptedServer(first, second)) {
      jmail().run(args(s, "list")).succeeded();
      byte[] cache = Files.readAllBytes(cacheFile(s));
      failsCleanly(jmail().run(args(s, "list")), 75).errContains("no answer");
      assertArrayEquals(cache, Files.readAllBytes(cacheFile(s)));
    }
  }

  @ParameterizedTest(name = "BYE in answer to {0}")
  @ValueSource(strings = {"CAPABILITY", "LOGIN", "SELECT", "FLAGS", "STORE", "EXPUNGE"})
  void an_untagged_bye_at_any_point_is_a_temporary_failure_and_nothing_is_expunged(String verb)
      throws Exception {
    FakeImap first = twoMessages();
    FakeImap hostile =
        twoMessages().on(verb, (tag, line) -> "* BYE shutting down \u001b[2J now\r\n");
    try (ScriptedServer s = new ScriptedServer(first, hostile)) {
      jmail().run(args(s, "list")).succeeded();
      byte[] cache = Files.readAllBytes(cacheFile(s));
      Result r = failsCleanly(jmail().run(args(s, "delete", "1")), 75);
      assertTrue(r.err().contains("closed the connection"), r.err());
      assertFalse(r.err().contains("\u001b"), "the server's text is sanitised: " + r.err());
      assertFalse(
          s.receivedLineContaining("EXPUNGE") && !verb.equals("EXPUNGE"), s.received().toString());
      assertArrayEquals(cache, Files.readAllBytes(cacheFile(s)), "the cache is unchanged");
    }
  }

  @Test
  void a_bye_greeting_is_refused_with_69_and_its_text_clipped_and_sanitised() throws Exception {
    FakeImap f = twoMessages();
    f.greeting = "* BYE go away \u001b]0;pwned\u0007 \u009b31m" + "x".repeat(5000) + "\r\n";
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = failsCleanly(jmail().run(args(s, "list")), 69);
      assertTrue(r.err().contains("refused us: * BYE go away"), r.err());
      assertFalse(r.err().matches("(?s).*[\u0000-\u0009\u000b-\u001f\u007f-\u009f].*"), r.err());
      assertTrue(r.err().length() < 400, "clipped: " + r.err().length());
    }
  }

  @ParameterizedTest(name = "{1} on {0} exits {2}")
  @CsvSource({
    "SELECT, NO, 66",
    "SELECT, BAD, 66",
    "FLAGS, NO, 69",
    "FLAGS, BAD, 69",
    "STORE, NO, 69",
    "STORE, BAD, 69",
    "EXPUNGE, NO, 69",
    "EXPUNGE, BAD, 69"
  })
  void a_refusal_on_a_command_fails_with_one_line_and_leaves_the_cache(
      String verb, String answer, int status) throws Exception {
    FakeImap first = twoMessages();
    FakeImap refusing =
        twoMessages()
            .on(verb, (tag, line) -> tag + " " + answer + " [CANNOT] no \u001b[31mway\r\n");
    try (ScriptedServer s = new ScriptedServer(first, refusing)) {
      jmail().run(args(s, "list")).succeeded();
      byte[] cache = Files.readAllBytes(cacheFile(s));
      Result r = failsCleanly(jmail().run(args(s, "delete", "1")), status);
      assertTrue(r.err().contains("no ?[31mway"), "sanitised server text: " + r.err());
      if (!verb.equals("EXPUNGE"))
        assertFalse(s.receivedLineContaining("EXPUNGE"), "no expunge after a refusal");
      assertArrayEquals(cache, Files.readAllBytes(cacheFile(s)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "* 1 FETCH (UID x FLAGS () RFC822.SIZE 5 BODY[HEADER.FIELDS (SUBJECT)] NIL)",
        "* 1 FETCH (UID -1 FLAGS ())",
        "* 1 FETCH (UID (1) FLAGS ())",
        "* 1 FETCH (UID 1 FLAGS () RFC822.SIZE -5)",
        "* 1 FETCH (UID 1 FLAGS () RFC822.SIZE 99999999999999999999)",
        "* 1 FETCH (UID 1 FLAGS () MODSEQ (zz))",
        "* 1 FETCH (UID 1 FLAGS (\\Seen \u0000) RFC822.SIZE 5)",
      })
  void a_malformed_fetch_response_is_refused_with_69_never_a_crash(String response)
      throws Exception {
    FakeImap f = twoMessages().on("FETCH", (tag, line) -> response + "\r\n" + tag + " OK done\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      failsCleanly(jmail().run(args(s, "list")), 69).errContains("malformed response");
      assertFalse(Files.exists(cacheFile(s)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        // no UID: not a message of ours
        "* 1 FETCH (FLAGS () RFC822.SIZE 5 BODY[HEADER.FIELDS (SUBJECT)] {12}\r\nSubject: a\r\n)",
        // flags with garbage in them: the known ones count
        "* 1 FETCH (UID 1 FLAGS (\\Flagged NIL \"\\Seen\" (x) \\\u001b[0m) RFC822.SIZE 5"
            + " BODY[HEADER.FIELDS (SUBJECT)] {12}\r\nSubject: a\r\n)",
        // unbalanced parentheses, one way and the other
        "* 1 FETCH (UID 1 FLAGS (\\Flagged RFC822.SIZE 5 BODY[HEADER.FIELDS (SUBJECT)] {12}\r\n"
            + "Subject: a\r\n",
        "* 1 FETCH (UID 1 FLAGS (\\Flagged) RFC822.SIZE 5 BODY[HEADER.FIELDS (SUBJECT)] {12}\r\n"
            + "Subject: a\r\n)) ) )",
        "* 1 FETCH ) UID 1 (",
        "* OK ) ) [",
        "* 1 FETCH (UID 1 FLAGS (\\Seen) BODY[HEADER.FIELDS (SUBJECT)] \"unterminated",
      })
  void a_fetch_response_with_garbage_in_it_is_tolerated_without_hanging(String response)
      throws Exception {
    FakeImap f = twoMessages().on("FETCH", (tag, line) -> response + "\r\n" + tag + " OK done\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(args(s, "list", "--json"));
      r.succeeded();
      assertFalse(r.out().contains("\"second\""), "only what the server said: " + r.out());
      if (response.contains("\\Flagged)") || response.contains("NIL \"")) {
        assertTrue(r.out().contains("\"flagged\""), r.out());
      }
    }
  }

  @Test
  void escape_sequences_from_the_server_are_sanitised_in_text_and_exact_in_json() throws Exception {
    String subject = "pay \u001b[8mhidden\u001b[0m \u009b2J \u202eevil";
    FakeImap f =
        new FakeImap()
            .message(1, "", "From: Mallory <m@example.org>\r\nSubject: " + subject + "\r\n")
            .on(
                "LIST",
                (tag, line) ->
                    "* LIST () \"/\" \"Evil\u001b]0;title\u0007Box\"\r\n"
                        + "* LIST () \"/\" {8}\r\nC1\u009b31mX\r\n"
                        + "* LIST () \"/\" {11}\r\nLine\r\nBreak\r\n"
                        + tag
                        + " OK done\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      String text = jmail().run(args(s, "list")).succeeded().out();
      assertTrue(text.contains("pay"), text);
      assertFalse(text.matches("(?s).*[\u001b\u0007\u009b\u202e].*"), "sanitised: " + text);
      String json = jmail().run(args(s, "list", "--json")).succeeded().out();
      assertTrue(
          json.contains("pay \\u001b[8mhidden\\u001b[0m \\u009b2J \\u202eevil"), "exact: " + json);
      String folders = jmail().run(args(s, "list", "--folders")).succeeded().out();
      assertTrue(folders.contains("Evil") && folders.contains("Line  Break"), folders);
      assertFalse(folders.matches("(?s).*[\u001b\u0007\u009b].*"), "sanitised: " + folders);
      String foldersJson = jmail().run(args(s, "list", "--folders", "--json")).succeeded().out();
      assertTrue(foldersJson.contains("Evil\\u001b]0;title\\u0007Box"), foldersJson);
      String dialogue = jmail().run(args(s, "list", "-v")).succeeded().err();
      assertFalse(dialogue.matches("(?s).*[\u001b\u0007\u009b\u202e].*"), "-v: " + dialogue);
    }
  }

  @Test
  void a_new_uidvalidity_drops_the_cache_and_an_edit_of_the_old_listing_is_refused()
      throws Exception {
    FakeImap before = twoMessages();
    FakeImap after = new FakeImap().message(1, "renumbered one").message(2, "renumbered two");
    after.uidValidity = 8;
    try (ScriptedServer s = new ScriptedServer(before, after)) {
      // the prompt opens the folder (UIDVALIDITY 7); quitting applies "d 1" on a new connection
      Result r = jmail().stdin("d 1\nq\n").run(args(s));
      r.exits(65);
      assertTrue(r.err().contains("folder changed since it was opened"), r.err());
      assertFalse(s.receivedLineContaining("STORE"), "nothing marked: " + s.received());
      assertFalse(s.receivedLineContaining("EXPUNGE"), s.received().toString());
      String list = jmail().run(args(s, "list")).succeeded().out();
      assertTrue(list.contains("renumbered one") && !list.contains("first"), list);
    }
  }

  @Test
  void a_line_that_never_ends_is_refused_before_memory_runs_out() throws Exception {
    FakeImap endless = twoMessages();
    endless.greeting = "* OK " + "a".repeat(33 << 20); // no CRLF, ever
    try (ScriptedServer s = new ScriptedServer(endless)) {
      failsCleanly(jmail().run(args(s, "list")), 69).errContains("line over 32 MiB");
    }
  }

  @Test
  void too_many_literals_in_one_response_are_refused() throws Exception {
    StringBuilder b = new StringBuilder("* 1 FETCH (UID 1");
    for (int i = 0; i < 70_000; i++) b.append(" X {1}\r\na");
    FakeImap f = twoMessages().on("FETCH", (tag, line) -> b + ")\r\n" + tag + " OK done\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      failsCleanly(jmail().run(args(s, "list")), 69).errContains("too many literals");
    }
  }

  @Test
  void garbage_in_select_status_and_search_answers_is_a_malformed_response() throws Exception {
    FakeImap f =
        twoMessages()
            .on(
                "SELECT",
                (tag, line) -> "* 2x EXISTS\r\n* OK [UIDVALIDITY 7] x\r\n" + tag + " OK\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      failsCleanly(jmail().run(args(s, "list")), 69).errContains("EXISTS is not a number");
    }
    FakeImap g =
        twoMessages()
            .on("SELECT", (tag, line) -> "* OK [UIDVALIDITY 12ab] x\r\n" + tag + " OK\r\n");
    try (ScriptedServer s = new ScriptedServer(g)) {
      failsCleanly(jmail().run(args(s, "list")), 69).errContains("UIDVALIDITY is not a number");
    }
  }

  @Test
  void a_cache_directory_that_is_a_link_is_neither_read_nor_written_and_list_cached_says_so()
      throws Exception {
    try (ScriptedServer s = new ScriptedServer(twoMessages())) {
      jmail().run(args(s, "list")).succeeded();
      // someone else's directory in place of ours, holding summaries of their choosing
      Path theirs = home.resolve("theirs");
      Files.move(home.resolve("cache/jmail"), theirs);
      Path planted = theirs.resolve(home.resolve("cache/jmail").relativize(cacheFile(s)));
      byte[] before = Files.readAllBytes(planted);
      Files.createSymbolicLink(home.resolve("cache/jmail"), theirs);
      String list = jmail().run(args(s, "list")).succeeded().out();
      assertTrue(list.contains("first") && list.contains("second"), "from the server: " + list);
      assertArrayEquals(before, Files.readAllBytes(planted), "nothing written through the link");
      failsCleanly(jmail().run(args(s, "list", "--cached")), 66).errContains("not used");
    }
  }
}
