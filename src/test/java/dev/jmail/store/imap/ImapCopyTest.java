package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.Flag;
import dev.jmail.store.cache.SummaryCache;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Copies to and from IMAP against GreenMail: APPEND keeps flags and the internal date (an mbox
 * From_ line's date, a Maildir file's time), copies out of IMAP keep INTERNALDATE, many messages go
 * without a round trip each, and {@code \Recent} decides N against U.
 */
class ImapCopyTest extends GreenMailCase {
  private InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  private String url(String mailbox) {
    return "imaps://bob@localhost:" + greenMail.getImaps().getPort() + "/" + mailbox;
  }

  private static String[] args(String... rest) {
    List<String> all = new ArrayList<>(List.of(rest));
    all.addAll(List.of("-S", "password=open sesame", "-S", "tls-ca-file=" + LoopbackGreenMail.CA));
    return all.toArray(new String[0]);
  }

  /** A From_ line's time (local, as mbox writers put it) as an instant. */
  static Instant local(String t) {
    return java.time.LocalDateTime.parse(t).atZone(java.time.ZoneId.systemDefault()).toInstant();
  }

  /** What another client (Angus) sees in a mailbox: each message's INTERNALDATE and flags. */
  static List<String> seen(String mailbox) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", greenMail.getImap().getPort(), "bob", "open sesame");
    try {
      Folder f = store.getFolder(mailbox);
      f.open(Folder.READ_ONLY);
      List<String> out = new ArrayList<>();
      for (Message m : f.getMessages()) {
        Flags fl = m.getFlags();
        out.add(
            m.getReceivedDate().toInstant()
                + (fl.contains(Flags.Flag.SEEN) ? " seen" : "")
                + (fl.contains(Flags.Flag.FLAGGED) ? " flagged" : "")
                + (fl.contains(Flags.Flag.ANSWERED) ? " answered" : ""));
      }
      f.close(false);
      return out;
    } finally {
      store.close();
    }
  }

  @Test
  void save_from_an_mbox_keeps_the_from_line_date_as_internaldate_and_the_status_flags()
      throws Exception {
    Path mbox = home.resolve("old.mbox");
    Files.writeString(
        mbox,
        "From alice@example.org Thu Jan  4 09:05:02 2024\n"
            + "Subject: read and flagged\nStatus: RO\nX-Status: F\n\none\n\n"
            + "From carol@example.org Sat Feb 10 17:30:00 2018\n"
            + "Subject: answered\nStatus: RO\nX-Status: A\n\ntwo\n\n"
            + "From dave@example.org Mon Mar  1 00:00:01 2021\n"
            + "Subject: brand new\n\nthree\n");
    jmail().run(args("save", "-f", mbox.toString(), "1-3", url("Imported"))).succeeded();
    assertEquals(
        List.of(
            local("2024-01-04T09:05:02") + " seen flagged",
            local("2018-02-10T17:30:00") + " seen answered",
            local("2021-03-01T00:00:01") + ""),
        seen("Imported"));
  }

  @Test
  void copies_out_of_imap_keep_internaldate_as_the_from_line_date_and_the_maildir_file_time()
      throws Exception {
    Path mbox = home.resolve("old.mbox");
    Files.writeString(
        mbox, "From alice@example.org Thu Jan  4 09:05:02 2024\nSubject: dated\n\nbody\n");
    jmail().run(args("save", "-f", mbox.toString(), "1", url("Dated"))).succeeded();
    Path back = home.resolve("back.mbox");
    jmail().run(args("save", "-f", url("Dated"), "1", back.toString())).succeeded();
    String text = Files.readString(back);
    assertTrue(text.startsWith("From MAILER-DAEMON Thu Jan  4 09:05:02 2024\n"), text);
    Path md = home.resolve("Maildir");
    jmail().run(args("save", "-f", url("Dated"), "1", "maildir:" + md)).succeeded();
    try (var files = Files.walk(md)) {
      Path f = files.filter(p -> p.getFileName().toString().contains(",S=")).findFirst().get();
      assertEquals(Instant.parse("2024-01-04T09:05:02Z"), Files.getLastModifiedTime(f).toInstant());
    }
  }

  @Test
  void two_hundred_messages_are_appended_without_waiting_for_an_answer_between_them()
      throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 200; i++) {
      b.append("From x@example.org Thu Jan  4 09:05:02 2024\nSubject: bulk ")
          .append(i)
          .append("\n\nbody ")
          .append(i)
          .append("\n\n");
    }
    Path mbox = home.resolve("bulk.mbox");
    Files.writeString(mbox, b.toString());
    Result r = jmail().run(args("save", "-v", "-f", mbox.toString(), "1-200", url("Bulk")));
    r.succeeded();
    // The first APPEND goes alone (it creates the mailbox on TRYCREATE); the other 199 are all
    // written before the answer to any of them is read.
    List<String> lines = r.err().lines().toList();
    Pattern append = Pattern.compile("C: (J\\d+) APPEND .*\\{\\d+\\+}");
    List<Integer> at = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = append.matcher(lines.get(i));
      if (m.find()) {
        at.add(i);
        tags.add(m.group(1));
      }
    }
    List<Integer> bulk = at.subList(at.size() - 199, at.size());
    String firstBulkTag = tags.get(tags.size() - 199);
    int firstAnswer = -1;
    for (int i = bulk.get(0); i < lines.size() && firstAnswer < 0; i++)
      if (lines.get(i).startsWith("S: " + firstBulkTag + " ")) firstAnswer = i;
    assertTrue(
        firstAnswer > bulk.get(198),
        "every APPEND written before the first answer is read: " + r.err());
    assertTrue(at.size() <= 201, "nothing sent twice but the first: " + at.size());
    assertEquals(200, greenMail.getReceivedMessages().length);
  }

  @Test
  void an_unseen_message_is_new_only_while_recent_and_seen_is_never_new() {
    assertEquals(Set.of(Flag.NEW), ImapFolder.flags(List.of("\\Recent")));
    assertEquals(Set.of(), ImapFolder.flags(List.of()));
    assertEquals(Set.of(Flag.SEEN), ImapFolder.flags(List.of("\\Seen", "\\Recent")));
  }

  @Test
  void
      a_message_cached_before_this_select_is_no_longer_new_and_an_imap4rev2_server_shows_unseen_as_new() {
    SummaryCache cache = SummaryCache.load(home.resolve("c"), "imap://bob@h/INBOX");
    cache.reset(7);
    cache.put(new SummaryCache.Message(3, EnumSet.of(Flag.NEW), 10, null));
    cache.put(new SummaryCache.Message(5, EnumSet.of(Flag.NEW), 10, null));
    cache.put(new SummaryCache.Message(6, EnumSet.noneOf(Flag.class), 10, null));
    cache.put(new SummaryCache.Message(8, EnumSet.of(Flag.SEEN), 10, null));
    ImapFolder.ageNewness(cache, 5, true);
    assertEquals(Set.of(), cache.get(3).orElseThrow().flags(), "known before: aged to unread");
    assertEquals(Set.of(Flag.NEW), cache.get(5).orElseThrow().flags(), "fetched now as \\Recent");
    ImapFolder.ageNewness(cache, 0, false);
    assertEquals(Set.of(Flag.NEW), cache.get(3).orElseThrow().flags());
    assertEquals(Set.of(Flag.NEW), cache.get(6).orElseThrow().flags());
    assertEquals(Set.of(Flag.SEEN), cache.get(8).orElseThrow().flags());
  }

  private static void deliver(String subject) throws Exception {
    bob.deliver(
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(
                ("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nx\r\n")
                    .getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void save_to_another_mailbox_of_the_same_account_is_a_uid_copy_inside_the_server()
      throws Exception {
    deliver("one");
    deliver("two");
    Result r = jmail().run(args("save", "-v", "-f", url("INBOX"), "1-2", url("Kept"))).succeeded();
    assertTrue(r.err().matches("(?s).* UID COPY \\d+:\\d+ \"Kept\".*"), r.err());
    assertTrue(r.err().contains(" CREATE \"Kept\""), "created on TRYCREATE: " + r.err());
    assertTrue(!r.err().contains("APPEND") && !r.err().contains("BODY.PEEK[]"), r.err());
    assertEquals(2, seen("Kept").size());
    assertEquals(2, seen("INBOX").size());
  }

  @Test
  void move_to_another_mailbox_of_the_same_account_is_a_uid_move_and_deletes_nothing_else()
      throws Exception {
    deliver("stay");
    deliver("go");
    Result r = jmail().run(args("move", "-v", "-f", url("INBOX"), "2", url("Archive"))).succeeded();
    assertTrue(r.err().matches("(?s).* UID MOVE \\d+ \"Archive\".*"), r.err());
    assertTrue(!r.err().contains(" UID EXPUNGE") && !r.err().contains("UID STORE"), r.err());
    assertTrue(!r.err().contains("APPEND"), r.err());
    assertEquals(1, seen("Archive").size());
    String left = jmail().run(args("list", "-f", url("INBOX"))).succeeded().out();
    assertTrue(left.contains("stay") && !left.contains("go"), left);
  }

  @Test
  void a_mailbox_on_another_server_or_account_is_not_a_copy_inside_the_server() throws Exception {
    deliver("elsewhere");
    greenMail.setUser("carol@example.org", "carol", "open sesame");
    String carol = "imaps://carol@localhost:" + greenMail.getImaps().getPort() + "/In";
    Result r = jmail().run(args("save", "-v", "-f", url("INBOX"), "1", carol)).succeeded();
    assertTrue(r.err().contains("APPEND") && !r.err().contains("UID COPY"), r.err());
  }
}
