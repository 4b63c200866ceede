package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.PrivateDovecot;
import dev.jmail.testing.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * jmail against a real Dovecot ({@link PrivateDovecot}: a private instance under {@code
 * target/dovecot-it}, never the system's). Python's {@code imaplib} is the second client changing
 * the folder meanwhile. Skipped, with the reason, where Dovecot, openssl or python3 is missing or
 * when not root.
 */
class DovecotIT extends DovecotCase {

  private static String[] opts(String... rest) {
    return dovecot.jmailOptions(rest);
  }

  private static String imaps(String mailbox) {
    return dovecot.imaps(mailbox);
  }

  static String python(String code) throws Exception {
    return dovecot.python(code);
  }

  static String append(String mailbox, String subject, String body) {
    return PrivateDovecot.append(mailbox, subject, body);
  }

  /** The commands jmail sent (verbs after the tag) in a {@code -v} dialogue. */
  private static java.util.List<String> commands(String dialogue) {
    return dialogue
        .lines()
        .filter(l -> l.matches("C: J\\d+ .*"))
        .map(l -> l.split(" ")[2])
        .toList();
  }

  @Test
  void qresync_brings_another_clients_flags_and_expunges_with_the_select_in_one_round_trip()
      throws Exception {
    python(
        append("INBOX", "first", "one\\r\\n")
            + append("INBOX", "second", "two\\r\\n")
            + append("INBOX", "third", "three\\r\\n"));
    Result r = jmail().run(opts("list", "-v", "-f", imaps(""))).succeeded();
    assertTrue(r.out().contains("first") && r.out().contains("third"), r.out());
    assertTrue(r.err().contains("(CONDSTORE)"), "nothing cached: a plain SELECT: " + r.err());

    python(
        "M.select('INBOX')\nM.store(b'2', '+FLAGS', '\\\\Flagged')\nM.store(b'1', '+FLAGS', '\\\\Deleted')\nM.expunge()\n");
    r = jmail().run(opts("list", "--json", "-v", "-f", imaps(""))).succeeded();
    assertTrue(r.err().lines().anyMatch(l -> l.matches("C: J\\d+ ENABLE QRESYNC")), r.err());
    assertTrue(
        r.err()
            .lines()
            .anyMatch(
                l -> l.matches("C: J\\d+ SELECT \"INBOX\" \\(QRESYNC \\(\\d+ \\d+ 1:\\d+\\)\\)")),
        r.err());
    assertTrue(
        // the UIDs go on from the class's earlier tests (reset empties INBOX, UIDs are not reused)
        r.err().lines().anyMatch(l -> l.matches("S: \\* VANISHED \\(EARLIER\\) \\d+")),
        "Dovecot names the expunged UID: " + r.err());
    assertEquals(
        java.util.List.of("LOGIN", "ENABLE", "SELECT", "LOGOUT"),
        commands(r.err()),
        "no CHANGEDSINCE, SEARCH or header fetch: " + r.err());
    assertFalse(r.out().contains("\"first\""), r.out());
    int second = r.out().indexOf("\"second\"");
    String obj = r.out().substring(r.out().lastIndexOf('{', second), r.out().indexOf('}', second));
    assertTrue(obj.contains("flagged"), obj);
    assertTrue(r.out().contains("\"third\""), r.out());

    r = jmail().run(opts("list", "-v", "-f", imaps(""))).succeeded();
    assertEquals(
        java.util.List.of("LOGIN", "ENABLE", "SELECT", "LOGOUT"),
        commands(r.err()),
        "unchanged HIGHESTMODSEQ: nothing more: " + r.err());
    assertFalse(r.err().contains("VANISHED"), r.err());
    assertTrue(r.out().contains("second") && r.out().contains("third"));
    assertFalse(r.out().contains("first"), r.out());
  }

  @Test
  void read_marks_seen_on_the_server_and_peek_does_not() throws Exception {
    python(
        append("INBOX", "first", "hello dovecot\\r\\n") + append("INBOX", "second", "two\\r\\n"));
    jmail()
        .run(opts("read", "--peek", "-f", imaps(""), "1"))
        .succeeded()
        .outContains("hello dovecot");
    jmail().run(opts("read", "-f", imaps(""), "2")).succeeded();
    String flags = python("M.select('INBOX')\nprint(M.fetch(b'1:2', '(FLAGS)')[1])\n");
    assertTrue(
        flags.matches("(?s).*1 \\(FLAGS \\(\\)\\).*2 \\(FLAGS \\(\\\\\\\\Seen\\)\\).*"), flags);
  }

  @Test
  void a_recreated_mailbox_has_a_new_uidvalidity_and_the_cache_is_dropped() throws Exception {
    python("M.create('Lists')\n" + append("Lists", "old one", "x\\r\\n"));
    jmail().run(opts("list", "-f", imaps("Lists"))).succeeded().outContains("old one");
    python("M.delete('Lists')\nM.create('Lists')\n" + append("Lists", "new one", "y\\r\\n"));
    Result r = jmail().run(opts("list", "-f", imaps("Lists"))).succeeded();
    assertTrue(r.out().contains("new one"), r.out());
    assertFalse(
        r.out().contains("old one"),
        "a UID of the old mailbox is never confused with a new one: " + r.out());
    python("M.delete('Lists')\n");
  }

  @Test
  void plain_imap_uses_starttls_and_dovecot_refuses_nothing() throws Exception {
    python(append("INBOX", "over starttls", "x\\r\\n"));
    Result r =
        jmail()
            .run(opts("list", "-v", "-f", "imap://bob@localhost:" + dovecot.imapPort()))
            .succeeded();
    assertTrue(r.out().contains("over starttls"), r.out());
    // (the greeting's capabilities are used: STARTTLS may be the first command)
    assertTrue(r.err().lines().anyMatch(l -> l.matches("C: J\\d+ STARTTLS")), r.err());
  }

  @Test
  void pop3_fetch_with_stls_and_pipelining_stores_each_message_once() throws Exception {
    StringBuilder code = new StringBuilder();
    for (int i = 1; i <= 40; i++)
      code.append(append("INBOX", "pop " + i, "body " + i + "\\r\\n.starts with a dot\\r\\n"));
    python(code.toString());
    String url = "pop3://bob@localhost:" + dovecot.pop3Port();
    Result r = jmail().run(opts("fetch", "-v", url)).succeeded();
    assertTrue(r.err().contains("C: STLS"), r.err());
    assertTrue(r.err().contains("PIPELINING"), r.err());
    String mbox = Files.readString(home.resolve("spool"));
    assertEquals(40, mbox.split("\nSubject: pop ", -1).length - 1);
    assertTrue(mbox.contains("\n.starts with a dot\n"));
    jmail().run(opts("fetch", url, "--delete")).succeeded();
    assertEquals(
        40,
        Files.readString(home.resolve("spool")).split("\nSubject: pop ", -1).length - 1,
        "none twice");
    String left = python("print(M.select('INBOX')[1])\n");
    assertTrue(left.contains("[b'0']"), "deleted on the server once stored: " + left);
  }

  @Test
  void an_unseen_message_is_new_while_recent_and_unread_once_a_session_has_seen_it()
      throws Exception {
    python(append("INBOX", "fresh", "x\\r\\n"));
    String first = jmail().run(opts("list", "-f", imaps(""))).succeeded().out();
    assertTrue(first.strip().startsWith("N"), "\\Recent, not \\Seen: new: " + first);
    String again = jmail().run(opts("list", "-f", imaps(""))).succeeded().out();
    assertTrue(again.strip().startsWith("U"), "no longer \\Recent: unread: " + again);
    python(append("INBOX", "later", "y\\r\\n"));
    String third = jmail().run(opts("list", "-f", imaps(""))).succeeded().out();
    assertTrue(third.matches("(?s)\\s*U .*fresh.*\\n\\s*N .*later.*\\n"), third);
  }

  @Test
  void fifty_messages_go_in_one_multiappend_after_the_first_with_dates_and_flags()
      throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 50; i++) {
      b.append("From x@example.org Thu Jan  4 09:05:02 2024\nSubject: bulk ")
          .append(i)
          .append("\nStatus: RO\n\nbody ")
          .append(i)
          .append("\n\n");
    }
    Path mbox = home.resolve("bulk.mbox");
    Files.writeString(mbox, b.toString());
    Result r =
        jmail().run(opts("save", "-v", "-f", mbox.toString(), "1-50", imaps("Bulk"))).succeeded();
    long appends = r.err().lines().filter(l -> l.matches("C: J\\d+ APPEND .*")).count();
    assertEquals(3, appends, "the first alone (TRYCREATE, CREATE, again), then one: " + r.err());
    String got = python("M.select('Bulk')\nprint(M.fetch(b'1:*', '(FLAGS INTERNALDATE)')[1])\n");
    assertEquals(50, got.split("INTERNALDATE \"04-Jan-2024 09:05:02 ", -1).length - 1, got);
    assertEquals(50, got.split("\\\\Seen", -1).length - 1, got);
  }

  @Test
  void record_plus_sent_appends_the_sent_copy_seen_and_the_prompt_names_and_lists_remote_folders()
      throws Exception {
    String folder = "folder=" + imaps("");
    jmail()
        .stdin("kept copy\n")
        .run(
            opts(
                "-S",
                folder,
                "-S",
                "record=+Sent",
                "-S",
                "sendmail=/bin/true",
                "-s",
                "sent one",
                "you@example.org"))
        .succeeded();
    String sent = python("M.select('Sent')\nprint(M.fetch(b'1:*', '(FLAGS BODY.PEEK[])')[1])\n");
    assertTrue(sent.contains("\\\\Seen") && sent.contains("kept copy"), sent);

    Result r =
        jmail()
            .stdin("copy 1 +Copied\nfolders\nx\n")
            .run(opts("-S", folder, "-f", imaps("Sent")))
            .succeeded();
    assertTrue(r.out().contains("\"" + imaps("Copied") + "\" [New file] 1 message"), r.out());
    assertTrue(r.out().matches("(?s).*\nCopied\nINBOX\nSent\n.*"), r.out());
  }
}
