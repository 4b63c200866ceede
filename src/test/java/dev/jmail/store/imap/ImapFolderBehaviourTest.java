package dev.jmail.store.imap;

import static dev.jmail.store.imap.ScriptedImap.url;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of an IMAP folder notices of {@link ImapFolder} (a scripted server on 127.0.0.1):
 * which commands a delete, a flag change, a move or a read sends and for which UIDs, how the
 * server's flags show as N/U/O and in JSON, numbering by position in UID order however many
 * messages arrive, {@code -e}, {@code list --folders}, {@code list --cached}, the cache file
 * rewritten only when something changed, and a message gone from the server.
 */
class ImapFolderBehaviourTest {
  @TempDir Path home;

  private InProcess jmail() {
    return ScriptedImap.jmail(home);
  }

  private static String[] args(ScriptedServer s, String... rest) {
    return ScriptedImap.args(s, 5, rest);
  }

  private Path cacheFile(ScriptedServer s) {
    return ScriptedImap.cacheFile(home, s);
  }

  /** The lines the client sent that match {@code regex} (without the tag). */
  private static List<String> sent(ScriptedServer s, String regex) {
    List<String> out = new ArrayList<>();
    for (String l : s.received()) {
      String untagged = l.replaceFirst("^J\\d+ ", "");
      if (untagged.matches(regex)) out.add(untagged);
    }
    return out;
  }

  /** Each message of a {@code list --json} output: subject to its flags ("seen,answered"). */
  private static Map<String, String> flagsBySubject(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("\"subject\"\\s*:\\s*\"([^\"]*)\"[^}]*?\"flags\"\\s*:\\s*\\[([^\\]]*)\\]")
            .matcher(json);
    while (m.find()) out.put(m.group(1), m.group(2).replaceAll("[\"\\s]", ""));
    return out;
  }

  private static String lastWord(String line) {
    String[] w = line.strip().split("\\s+");
    return w[w.length - 1];
  }

  /** The message number of a listing's line (its first word of digits alone). */
  private static String number(String line) {
    return Stream.of(line.strip().split("\\s+"))
        .filter(t -> t.matches("\\d+"))
        .findFirst()
        .orElseThrow();
  }

  /** The listing's line of the message with this subject. */
  private static String row(String listing, String subject) {
    return listing.lines().filter(l -> lastWord(l).equals(subject)).findFirst().orElseThrow();
  }

  private static FakeImap messages(String capabilities, long... uids) {
    FakeImap f = new FakeImap();
    f.capabilities = capabilities;
    for (long uid : uids) f.message(uid, "s" + uid);
    return f;
  }

  // --- what a delete, a flag change, a move and a read send

  @Test
  void delete_marks_and_expunges_exactly_the_chosen_uids_as_ascending_runs() throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS", 3, 4, 5, 9, 12, 13);
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list")).succeeded();
      jmail().run(args(s, "delete", "6", "1-3", "4")).succeeded();
      assertEquals(
          List.of("UID STORE 3:5,9,13 +FLAGS.SILENT (\\Deleted)"),
          sent(s, "UID STORE .*"),
          s.received().toString());
      assertEquals(List.of("UID EXPUNGE 3:5,9,13"), sent(s, ".*EXPUNGE.*"));
      // the cache forgets them at once: an offline listing shows only what is left
      String cached = jmail().run(args(s, "list", "--cached")).succeeded().out();
      assertEquals(1, cached.lines().count(), cached);
      assertEquals("s12", lastWord(cached.strip()), cached);
    }
  }

  @Test
  void without_uidplus_a_delete_only_marks_and_the_message_stays_listed() throws Exception {
    FakeImap f = messages("IMAP4rev1", 1, 2, 3);
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list")).succeeded();
      jmail().run(args(s, "delete", "2")).succeeded();
      assertEquals(List.of("UID STORE 2 +FLAGS.SILENT (\\Deleted)"), sent(s, "UID STORE .*"));
      assertEquals(List.of(), sent(s, ".*EXPUNGE.*"), "never a blanket EXPUNGE");
      String cached = jmail().run(args(s, "list", "--cached")).succeeded().out();
      assertEquals(3, cached.lines().count(), "still on the server: " + cached);
    }
  }

  @Test
  void a_flag_change_sends_only_the_flags_changed_one_store_per_change_for_all_its_messages()
      throws Exception {
    FakeImap f = new FakeImap();
    f.message(1, "\\Seen \\Flagged", "From: a@example.org\r\nSubject: s1\r\n");
    f.message(2, "\\Seen", "From: a@example.org\r\nSubject: s2\r\n");
    f.message(3, "\\Seen", "From: a@example.org\r\nSubject: s3\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list")).succeeded();
      jmail().run(args(s, "flag", "1", "+answered", "draft", "unseen")).succeeded();
      assertEquals(
          List.of(
              "UID STORE 1 +FLAGS.SILENT (\\Answered \\Draft)",
              "UID STORE 1 -FLAGS.SILENT (\\Seen)"),
          sent(s, "UID STORE .*"));
      Map<String, String> cached =
          flagsBySubject(jmail().run(args(s, "list", "--cached", "--json")).succeeded().out());
      assertEquals("answered,flagged,draft", cached.get("s1"), cached.toString());
      jmail().run(args(s, "flag", "2", "3", "flagged", "deleted")).succeeded();
      assertEquals(
          List.of("UID STORE 2:3 +FLAGS.SILENT (\\Flagged \\Deleted)"),
          sent(s, "UID STORE .*").subList(2, 3));
      assertEquals(List.of(), sent(s, ".*EXPUNGE.*"), "a \\Deleted flag alone expunges nothing");
      cached = flagsBySubject(jmail().run(args(s, "list", "--cached", "--json")).succeeded().out());
      assertEquals("seen,flagged,deleted", cached.get("s2"), cached.toString());
      assertEquals("seen,flagged,deleted", cached.get("s3"), cached.toString());
    }
  }

  @Test
  void move_without_move_copies_then_deletes_those_uids_and_without_uidplus_only_marks_them()
      throws Exception {
    for (String caps : List.of("IMAP4rev1 UIDPLUS", "IMAP4rev1")) {
      FakeImap f = messages(caps, 1, 2, 3);
      f.on("COPY", (tag, line) -> tag + " OK copied\r\n");
      try (ScriptedServer s = new ScriptedServer(f)) {
        jmail().run(args(s, "list")).succeeded();
        jmail().run(args(s, "move", "2-3", url(s) + "/Archive")).succeeded();
        assertEquals(List.of("UID COPY 2:3 \"Archive\""), sent(s, "UID (COPY|MOVE) .*"), caps);
        assertEquals(List.of("UID STORE 2:3 +FLAGS.SILENT (\\Deleted)"), sent(s, "UID STORE .*"));
        boolean uidplus = caps.contains("UIDPLUS");
        assertEquals(uidplus ? List.of("UID EXPUNGE 2:3") : List.of(), sent(s, ".*EXPUNGE.*"));
        String cached = jmail().run(args(s, "list", "--cached")).succeeded().out();
        assertEquals(uidplus ? 1 : 3, cached.lines().count(), caps + ": " + cached);
      }
    }
  }

  @Test
  void save_to_the_same_account_is_a_copy_that_changes_nothing_in_the_folder() throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS MOVE", 1, 2);
    f.on("COPY", (tag, line) -> tag + " OK copied\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list")).succeeded();
      jmail().run(args(s, "save", "1", url(s) + "/Kept")).succeeded();
      assertEquals(List.of("UID COPY 1 \"Kept\""), sent(s, "UID (COPY|MOVE) .*"));
      assertEquals(List.of(), sent(s, "UID (STORE|EXPUNGE) .*"));
      String cached = jmail().run(args(s, "list", "--cached")).succeeded().out();
      assertEquals(2, cached.lines().count(), cached);
    }
  }

  @Test
  void move_with_move_is_one_uid_move_and_the_cache_forgets_the_moved() throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS MOVE", 1, 2);
    f.on("MOVE", (tag, line) -> tag + " OK moved\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list")).succeeded();
      jmail().run(args(s, "move", "1", url(s) + "/Archive")).succeeded();
      assertEquals(List.of("UID MOVE 1 \"Archive\""), sent(s, "UID (COPY|MOVE) .*"));
      assertEquals(List.of(), sent(s, "UID (STORE|EXPUNGE) .*"));
      String cached = jmail().run(args(s, "list", "--cached")).succeeded().out();
      assertEquals(1, cached.lines().count(), cached);
      assertEquals("s2", lastWord(cached.strip()), cached);
    }
  }

  @Test
  void read_marks_the_messages_shown_seen_in_one_store() throws Exception {
    try (ScriptedServer s = new ScriptedServer(messages("IMAP4rev1 UIDPLUS", 1, 2, 3))) {
      Result r = jmail().run(args(s, "read", "1", "3")).succeeded();
      assertTrue(r.out().contains("body of 1") && r.out().contains("body of 3"), r.out());
      List<String> stores = sent(s, "UID STORE .*");
      assertEquals(1, stores.size(), stores.toString());
      assertTrue(
          stores.get(0).matches("UID STORE 1,3 \\+FLAGS.SILENT \\(\\\\Seen\\)"), stores.get(0));
    }
  }

  @Test
  void a_mailbox_replaced_before_read_marks_it_seen_is_left_alone_with_a_warning()
      throws Exception {
    FakeImap first = messages("IMAP4rev1 UIDPLUS", 1, 2);
    FakeImap replaced = messages("IMAP4rev1 UIDPLUS", 1, 2);
    replaced.uidValidity = 8;
    try (ScriptedServer s = new ScriptedServer(first, replaced)) {
      Result r = jmail().run(args(s, "read", "1")).succeeded();
      assertTrue(r.out().contains("body of 1"), r.out());
      assertTrue(r.err().contains("1 message(s) changed meanwhile, not marked seen"), r.err());
      assertEquals(List.of(), sent(s, "UID STORE .*"));
    }
  }

  // --- flags as the user sees them

  @Test
  void imap_flags_show_in_json_and_recent_is_new_only_for_the_first_session_that_lists_it()
      throws Exception {
    FakeImap f = new FakeImap();
    String h = "From: a@example.org\r\nSubject: ";
    f.message(1, "\\Answered \\Seen", h + "answered\r\n");
    f.message(2, "\\Draft \\Seen", h + "draft\r\n");
    f.message(3, "\\Deleted \\Seen", h + "deleted\r\n");
    f.message(4, "\\FLAGGED \\seen", h + "flagged\r\n");
    f.message(5, "\\Recent", h + "recent\r\n");
    f.message(6, "", h + "unread\r\n");
    f.message(7, "\\Seen \\Recent $Junk", h + "seen\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Map<String, String> first =
          flagsBySubject(jmail().run(args(s, "list", "--json")).succeeded().out());
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("answered", "seen,answered");
      expected.put("draft", "seen,draft");
      expected.put("deleted", "seen,deleted");
      expected.put("flagged", "seen,flagged");
      expected.put("recent", "new");
      expected.put("unread", "");
      expected.put("seen", "seen");
      assertEquals(expected, first);
      // another session has seen it now (it took the \Recent): unread, no longer new
      Map<String, String> second =
          flagsBySubject(jmail().run(args(s, "list", "--json")).succeeded().out());
      expected.put("recent", "");
      assertEquals(expected, second);
      String plain = jmail().run(args(s, "list")).succeeded().out();
      String recent = row(plain, "recent");
      assertTrue(recent.matches("[ >]?U .*"), recent);
    }
  }

  @Test
  void on_a_server_without_recent_every_unseen_message_is_new_and_stays_new_until_seen()
      throws Exception {
    FakeImap f = new FakeImap();
    f.capabilities = "IMAP4rev2 UIDPLUS CONDSTORE";
    f.highestModSeq = 5;
    f.message(1, "", "From: a@example.org\r\nSubject: s1\r\n");
    f.message(2, "", "From: a@example.org\r\nSubject: s2\r\n");
    f.message(3, "\\Seen", "From: a@example.org\r\nSubject: s3\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Map<String, String> first =
          flagsBySubject(jmail().run(args(s, "list", "--json")).succeeded().out());
      assertEquals(Map.of("s1", "new", "s2", "new", "s3", "seen"), first);
      Map<String, String> second =
          flagsBySubject(jmail().run(args(s, "list", "--json")).succeeded().out());
      assertEquals(first, second, "no session takes the newness where nothing is \\Recent");
      jmail().run(args(s, "flag", "2", "seen")).succeeded();
      jmail().run(args(s, "flag", "1", "flagged")).succeeded();
      Map<String, String> cached =
          flagsBySubject(jmail().run(args(s, "list", "--cached", "--json")).succeeded().out());
      assertEquals("new,flagged", cached.get("s1"), "flagging keeps it new: " + cached);
      assertEquals("seen", cached.get("s2"), "seen is never new: " + cached);
    }
  }

  // --- numbering and many new messages

  /** {@code count} messages with UIDs 10, 12, 14…: subject "sN" for position N. */
  private static FakeImap spaced(int count) {
    FakeImap f = new FakeImap();
    f.capabilities = "IMAP4rev1 UIDPLUS";
    for (int n = 1; n <= count; n++)
      f.message(8 + 2L * n, "", "From: a@example.org\r\nSubject: s" + n + "\r\n");
    return f;
  }

  @Test
  void eleven_hundred_new_messages_are_listed_once_each_numbered_by_position_in_uid_order()
      throws Exception {
    try (ScriptedServer s = new ScriptedServer(spaced(1100))) {
      List<String> lines = jmail().run(args(s, "list")).succeeded().out().lines().toList();
      assertEquals(1100, lines.size());
      for (int i = 0; i < lines.size(); i++) {
        assertEquals(Integer.toString(i + 1), number(lines.get(i)), lines.get(i));
        assertEquals("s" + (i + 1), lastWord(lines.get(i)), lines.get(i));
      }
      // stored as listed: the offline listing is the same
      String cached = jmail().run(args(s, "list", "--cached")).succeeded().out();
      assertEquals(1100, cached.lines().count());
      assertEquals("s1100", lastWord(cached.lines().toList().get(1099)));
    }
  }

  @Test
  void six_hundred_new_messages_in_json_carry_their_position_as_index() throws Exception {
    try (ScriptedServer s = new ScriptedServer(spaced(600))) {
      String json = jmail().run(args(s, "list", "--json")).succeeded().out();
      Matcher m =
          Pattern.compile("\"index\"\\s*:\\s*(\\d+)[^}]*?\"subject\"\\s*:\\s*\"s(\\d+)\"")
              .matcher(json);
      int n = 0;
      while (m.find()) {
        n++;
        assertEquals(Integer.toString(n), m.group(1));
        assertEquals(Integer.toString(n), m.group(2));
      }
      assertEquals(600, n);
    }
  }

  // --- -e, list --folders, list --cached

  @Test
  void dash_e_says_whether_there_is_mail_new_or_cached() throws Exception {
    FakeImap empty = messages("IMAP4rev1 UIDPLUS");
    // messages came and went: UIDNEXT moved on, none left
    empty.on(
        "SELECT",
        (tag, line) ->
            "* 0 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 5] ok\r\n"
                + tag
                + " OK done\r\n");
    try (ScriptedServer s = new ScriptedServer(empty)) {
      jmail().run(args(s, "-e")).exits(1);
    }
    FakeImap two = messages("IMAP4rev1 UIDPLUS", 1, 2);
    try (ScriptedServer s = new ScriptedServer(two, two, messages("IMAP4rev1 UIDPLUS"))) {
      jmail().run(args(s, "-e")).succeeded(); // never listed: new on the server
      jmail().run(args(s, "list")).succeeded();
      jmail().run(args(s, "-e")).exits(1); // both expunged by another client
    }
  }

  @Test
  void list_folders_counts_the_other_mailboxes_sorted_and_names_an_uncounted_one_alone()
      throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS", 1);
    f.on(
        "LIST",
        (tag, line) ->
            "* LIST () \"/\" \"Sent\"\r\n* LIST () \"/\" \"INBOX\"\r\n* LIST () \"/\" \"Archive\"\r\n"
                + tag
                + " OK done\r\n");
    f.on(
        "STATUS",
        (tag, line) ->
            line.contains("Archive")
                ? "* STATUS \"Archive\" (MESSAGES 3 UNSEEN 1)\r\n" + tag + " OK done\r\n"
                : tag + " NO no such mailbox\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      String out = jmail().run(args(s, "list", "--folders")).succeeded().out();
      assertEquals("Archive\t3\t1\nSent\n", out);
    }
  }

  @Test
  void list_cached_before_any_listing_says_there_is_nothing_cached_without_connecting()
      throws Exception {
    try (ScriptedServer s = new ScriptedServer(messages("IMAP4rev1 UIDPLUS", 1))) {
      Result r = jmail().run(args(s, "list", "--cached")).exits(66).errIsOneLine();
      assertTrue(r.err().contains("no cached summaries"), r.err());
      assertEquals(0, s.connections());
    }
  }

  // --- the cache file

  private static Object fileKey(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
  }

  @Test
  void the_cache_file_is_rewritten_only_when_flags_or_messages_changed() throws Exception {
    FakeImap first = messages("IMAP4rev1 UIDPLUS CONDSTORE", 1, 2, 3);
    first.highestModSeq = 10;
    FakeImap changed = messages("IMAP4rev1 UIDPLUS CONDSTORE", 1, 3);
    changed.messages.add(
        1, new FakeImap.Message(2, "\\Flagged", "From: a@example.org\r\nSubject: s2\r\n", "x\r\n"));
    changed.highestModSeq = 11;
    try (ScriptedServer s = new ScriptedServer(first, first, changed)) {
      jmail().run(args(s, "list")).succeeded();
      Object key = fileKey(cacheFile(s));
      byte[] bytes = Files.readAllBytes(cacheFile(s));
      jmail().run(args(s, "list")).succeeded();
      assertEquals(key, fileKey(cacheFile(s)), "nothing changed: not rewritten");
      assertArrayEquals(bytes, Files.readAllBytes(cacheFile(s)));
      jmail().run(args(s, "list")).succeeded();
      assertNotEquals(key, fileKey(cacheFile(s)), "a flag changed: rewritten");
      String cached = jmail().run(args(s, "list", "--cached")).succeeded().out();
      String s2 = row(cached, "s2");
      assertTrue(s2.matches("[ >]?F .*"), "the flag is in the cache: " + s2);
    }
  }

  @Test
  void a_check_for_mail_keeps_flag_changes_and_expunges_and_leaves_the_new_for_a_listing()
      throws Exception {
    FakeImap first = messages("IMAP4rev1 UIDPLUS", 1, 2, 3);
    FakeImap later = messages("IMAP4rev1 UIDPLUS", 2, 3, 4);
    later.messages.set(
        1, new FakeImap.Message(3, "\\Flagged", "From: a@example.org\r\nSubject: s3\r\n", "x\r\n"));
    try (ScriptedServer s = new ScriptedServer(first, later)) {
      jmail().run(args(s, "list")).succeeded();
      jmail().run(args(s, "-e")).succeeded();
      List<String> cached =
          jmail().run(args(s, "list", "--cached")).succeeded().out().lines().toList();
      assertEquals(2, cached.size(), "s1 gone, s4 not fetched yet: " + cached);
      assertEquals("s2", lastWord(cached.get(0)), cached.toString());
      assertEquals("s3", lastWord(cached.get(1)), cached.toString());
      assertTrue(cached.get(1).matches("[ >]?F .*"), cached.get(1));
      List<String> listed = jmail().run(args(s, "list")).succeeded().out().lines().toList();
      assertEquals(3, listed.size(), listed.toString());
      assertEquals("s4", lastWord(listed.get(2)), "the new one fetched now: " + listed);
      assertEquals("3", number(listed.get(2)), "numbered after the cached ones: " + listed);
    }
  }

  @Test
  void a_cache_written_without_display_columns_gets_them_at_the_next_plain_listing_once()
      throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS CONDSTORE", 1, 2);
    f.highestModSeq = 3;
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(args(s, "list", "-S", "noindex")).succeeded();
      Object without = fileKey(cacheFile(s));
      String plain = jmail().run(args(s, "list")).succeeded().out();
      assertEquals(2, plain.lines().count(), plain);
      Object with = fileKey(cacheFile(s));
      assertNotEquals(without, with, "written again, with the columns");
      assertEquals(plain, jmail().run(args(s, "list")).succeeded().out());
      assertEquals(with, fileKey(cacheFile(s)), "then left alone");
    }
  }

  @Test
  void with_condstore_a_new_message_alone_asks_for_no_uids_but_one_beside_an_expunge_does()
      throws Exception {
    FakeImap first = messages("IMAP4rev1 UIDPLUS CONDSTORE", 1, 2, 3);
    first.highestModSeq = 10;
    FakeImap arrived = messages("IMAP4rev1 UIDPLUS CONDSTORE", 1, 2, 3, 4);
    arrived.highestModSeq = 11;
    FakeImap both = messages("IMAP4rev1 UIDPLUS CONDSTORE", 2, 3, 4, 5);
    both.highestModSeq = 12;
    try (ScriptedServer s = new ScriptedServer(first, arrived, both)) {
      jmail().run(args(s, "list")).succeeded();
      List<String> listed = jmail().run(args(s, "list")).succeeded().out().lines().toList();
      assertEquals(List.of("s1", "s2", "s3", "s4"), listed.stream().map(l -> lastWord(l)).toList());
      assertEquals(List.of(), sent(s, "UID SEARCH .*"), "4 messages, one new UID: none expunged");
      listed = jmail().run(args(s, "list")).succeeded().out().lines().toList();
      assertEquals(List.of("s2", "s3", "s4", "s5"), listed.stream().map(l -> lastWord(l)).toList());
      assertEquals(List.of("UID SEARCH ALL"), sent(s, "UID SEARCH .*"));
    }
  }

  @Test
  void a_server_that_names_no_uidnext_still_lists_each_message_once() throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS", 1, 2, 3);
    f.on(
        "SELECT",
        (tag, line) ->
            "* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n" + tag + " OK [READ-WRITE] done\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      for (int i = 0; i < 3; i++) {
        List<String> listed = jmail().run(args(s, "list")).succeeded().out().lines().toList();
        assertEquals(List.of("s1", "s2", "s3"), listed.stream().map(l -> lastWord(l)).toList());
      }
    }
  }

  // --- a session that keeps the folder open

  @Test
  void mail_the_server_reports_at_a_noop_is_announced_and_listed_by_the_session() throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS", 1, 2);
    int[] noops = {0};
    f.on(
        "NOOP",
        (tag, line) -> {
          if (++noops[0] != 2) return tag + " OK done\r\n";
          f.message(3, "s3");
          return "* 3 EXISTS\r\n" + tag + " OK done\r\n";
        });
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().stdin("h\nh\nh\nx\n").run(args(s)).succeeded();
      String out = r.out();
      int announced = out.indexOf("New mail has arrived: 1 message (from 3).");
      assertTrue(announced > 0, out);
      assertFalse(out.substring(0, announced).contains("s3"), out);
      assertTrue(out.substring(announced).lines().anyMatch(l -> lastWord(l).equals("s3")), out);
      assertEquals(1, out.split("New mail has arrived", -1).length - 1, "announced once: " + out);
      assertFalse(r.err().contains("jmail:"), r.err());
    }
  }

  @Test
  void a_refused_noop_leaves_the_session_as_it_was_without_an_error() throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS", 1, 2);
    f.on("NOOP", (tag, line) -> tag + " NO not now\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().stdin("h\nx\n").run(args(s)).succeeded();
      assertFalse(r.out().contains("New mail"), r.out());
      assertEquals(2, r.out().lines().filter(l -> lastWord(l).equals("s2")).count(), r.out());
      assertFalse(r.err().contains("jmail:"), r.err());
    }
  }

  // --- a message gone from the server, large bodies

  @Test
  void reading_or_saving_a_message_gone_from_the_server_exits_74_naming_it() throws Exception {
    FakeImap f = messages("IMAP4rev1 UIDPLUS", 1, 5);
    f.on("BODY", (tag, line) -> tag + " OK nothing\r\n");
    try (ScriptedServer s = new ScriptedServer(f)) {
      Result r = jmail().run(args(s, "read", "--peek", "2")).exits(74).errIsOneLine();
      assertTrue(r.err().contains("message 2 (UID 5) is gone from the server"), r.err());
      r =
          jmail()
              .run(args(s, "save", "1", home.resolve("out.mbox").toString()))
              .exits(74)
              .errIsOneLine();
      assertTrue(r.err().contains("message 1 (UID 1) is gone from the server"), r.err());
    }
  }

  private static Set<Path> spillFiles() throws IOException {
    String mine = "jmail-imap-" + ProcessHandle.current().pid() + "-";
    Set<Path> files = new java.util.HashSet<>();
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      for (Path d : s.filter(p -> p.getFileName().toString().startsWith(mine)).toList()) {
        try (Stream<Path> in = Files.list(d)) {
          in.forEach(files::add);
        }
      }
    }
    return files;
  }

  @Test
  void a_body_larger_than_memory_holds_is_read_and_saved_whole_and_its_spill_file_removed()
      throws Exception {
    String big = ("0123456789".repeat(9) + "\r\n").repeat(12_000) + "the end\r\n";
    FakeImap f = new FakeImap();
    f.messages.add(
        new FakeImap.Message(1, "\\Seen", "From: a@example.org\r\nSubject: big\r\n", big));
    Set<Path> before = spillFiles();
    try (ScriptedServer s = new ScriptedServer(f)) {
      String raw = jmail().run(args(s, "read", "--raw", "--peek", "1")).succeeded().out();
      assertTrue(raw.length() > ImapClient.SPILL, "larger than the spill threshold");
      assertTrue(raw.endsWith("the end\r\n") || raw.endsWith("the end\n"), "whole");
      assertEquals(before, spillFiles(), "the spilled body is removed once read");
      Path mbox = home.resolve("out.mbox");
      jmail().run(args(s, "save", "1", mbox.toString())).succeeded();
      String saved = Files.readString(mbox, StandardCharsets.UTF_8);
      assertTrue(saved.contains("\nthe end\n") && saved.contains("Subject: big\n"), "whole");
      assertEquals(before, spillFiles(), "the spilled copy is removed once saved");
    }
  }

  // --- the formats on the wire

  @Test
  void uid_sets_are_ascending_runs() {
    assertEquals("3:5,9,12:13", ImapFolder.uidSet(List.of(13L, 4L, 9L, 3L, 12L, 5L)));
    assertEquals("7", ImapFolder.uidSet(List.of(7L)));
    assertEquals("1,3", ImapFolder.uidSet(List.of(3L, 1L)));
    assertEquals("", ImapFolder.uidSet(List.of()));
  }

  @Test
  void appended_text_gets_crlf_line_ends_and_a_crlf_already_there_is_kept_once() {
    assertArrayEquals(
        "\r\na\r\nb\r\nc\r".getBytes(StandardCharsets.US_ASCII),
        ImapFolder.crlf("\na\nb\r\nc\r".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void internaldate_with_a_space_before_a_one_digit_day_is_read_and_garbage_is_no_date() {
    assertEquals(
        Instant.parse("2023-07-07T08:00:00Z"),
        ImapFolder.internalDate(" 7-Jul-2023 10:00:00 +0200"));
    assertEquals(
        Instant.parse("2023-11-14T22:13:20Z"),
        ImapFolder.internalDate("14-Nov-2023 22:13:20 +0000"));
    assertNull(ImapFolder.internalDate("yesterday"));
    assertNull(ImapFolder.internalDate(null));
  }
}
