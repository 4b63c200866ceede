package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.message.MessageSummary;
import dev.jmail.store.cache.SummaryCache;
import dev.jmail.testing.BobsMailbox;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code list}, {@code -H} and {@code read} of IMAP folders against GreenMail on 127.0.0.1. */
class ImapFolderTest {
  @RegisterExtension
  static final BobsMailbox mail =
      BobsMailbox.serving(ServerSetup.PROTOCOL_IMAP, ServerSetup.PROTOCOL_IMAPS);

  @TempDir Path home;

  private InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  private String url() {
    return "imaps://bob@localhost:" + mail.server().getImaps().getPort();
  }

  private String[] args(String... rest) {
    String[] base = {"-S", "password=open sesame", "-S", "tls-ca-file=" + LoopbackGreenMail.CA};
    String[] all = new String[rest.length + base.length];
    System.arraycopy(rest, 0, all, 0, rest.length);
    System.arraycopy(base, 0, all, rest.length, base.length);
    return all;
  }

  static void deliver(String subject, String body) throws Exception {
    mail.deliver(subject, body);
  }

  /** Another client (Angus over plain IMAP) changing the folder meanwhile. */
  static void otherClient(java.util.function.Consumer<Folder> change) throws Exception {
    otherClient(true, change);
  }

  static void otherClient(boolean expunge, java.util.function.Consumer<Folder> change)
      throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", mail.server().getImap().getPort(), "bob", "open sesame");
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      change.accept(inbox);
      inbox.close(expunge);
    } finally {
      store.close();
    }
  }

  @Test
  void list_shows_the_folder_and_keeps_its_summaries_in_a_private_cache() throws Exception {
    deliver("first", "one\r\n");
    deliver("second", "two\r\n");
    Result r = jmail().run(args("list", "-f", url())).succeeded();
    assertTrue(r.out().contains("first") && r.out().contains("second"), r.out());
    assertTrue(r.out().contains("Alice"), r.out());
    Path cacheDir =
        home.resolve("cache/jmail/imap/bob@localhost:" + mail.server().getImaps().getPort());
    Path cache = cacheDir.resolve("INBOX.summaries");
    assertTrue(Files.exists(cache));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir)));
  }

  @Test
  void a_second_open_fetches_headers_only_from_the_cached_uidnext() throws Exception {
    deliver("first", "one\r\n");
    deliver("second", "two\r\n");
    jmail().run(args("list", "-f", url())).succeeded();
    deliver("third", "three\r\n");
    Result r = jmail().run(args("list", "-v", "-f", url())).succeeded();
    assertTrue(r.out().contains("third"), r.out());
    long headerAnswers =
        r.err()
            .lines()
            .filter(l -> l.startsWith("S: * ") && l.contains("BODY[HEADER.FIELDS"))
            .count();
    assertEquals(1, headerAnswers, "only the new message's headers travel: " + r.err());
    assertFalse(
        r.err().contains("UID FETCH 1:* (UID FLAGS RFC822.SIZE"),
        "no refetch of cached headers: " + r.err());
    assertFalse(r.err().contains("open sesame"), "password masked");
  }

  @Test
  void a_cache_of_another_uidvalidity_is_dropped_and_filled_again_from_the_server()
      throws Exception {
    deliver("first", "one\r\n");
    deliver("second", "two\r\n");
    jmail().run(args("list", "-f", url())).succeeded();
    Path file =
        home.resolve(
            "cache/jmail/imap/bob@localhost:"
                + mail.server().getImaps().getPort()
                + "/INBOX.summaries");
    String key = "imap bob@localhost:" + mail.server().getImaps().getPort() + " INBOX";
    SummaryCache c = SummaryCache.load(file, key);
    long validity = c.uidValidity();
    long next = c.uidNext();
    assertEquals(2, c.messages().size(), c.loaded());
    // the same UIDs and state under another UIDVALIDITY, every summary replaced by a stale one
    List<Long> uids = List.copyOf(c.messages().keySet());
    c.reset(validity + 1);
    for (long uid : uids)
      c.put(
          new SummaryCache.Message(
              uid,
              EnumSet.noneOf(dev.jmail.message.Flag.class),
              1,
              new MessageSummary(null, "", "x@y", "stale " + uid, null, false, null)));
    c.setState(next, 0);
    assertNull(c.save());

    Result r = jmail().run(args("list", "-f", url())).succeeded();
    assertFalse(r.out().contains("stale"), r.out());
    assertTrue(r.out().contains("first") && r.out().contains("second"), r.out());
    SummaryCache after = SummaryCache.load(file, key);
    assertEquals(validity, after.uidValidity(), "the server's UIDVALIDITY again");
    assertEquals(2, after.messages().size());
    for (SummaryCache.Message m : after.messages().values())
      assertFalse(m.summary().subject().startsWith("stale"), m.summary().subject());
  }

  @Test
  void flags_and_expunges_by_another_client_are_seen_on_the_next_open() throws Exception {
    deliver("first", "one\r\n");
    deliver("second", "two\r\n");
    deliver("third", "three\r\n");
    jmail().run(args("list", "-f", url())).succeeded();
    otherClient(
        inbox -> {
          try {
            inbox.getMessage(2).setFlag(Flags.Flag.FLAGGED, true);
            inbox.getMessage(2).setFlag(Flags.Flag.SEEN, true);
            inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    String json = jmail().run(args("list", "--json", "-f", url())).succeeded().out();
    assertFalse(json.contains("\"first\""), "expunged by the other client: " + json);
    assertTrue(json.contains("\"second\""), json);
    int second = json.indexOf("\"second\"");
    int third = json.indexOf("\"third\"");
    String secondObject = json.substring(json.lastIndexOf('{', second), json.indexOf('}', second));
    assertTrue(secondObject.contains("flagged") && secondObject.contains("seen"), secondObject);
    assertTrue(third > 0);
  }

  @Test
  void header_summary_mode_reads_an_imap_folder() throws Exception {
    deliver("hello there", "one\r\n");
    jmail().run(args("-H", "-f", url())).succeeded().outContains("hello there");
  }

  @Test
  void read_shows_the_message_and_marks_it_seen_on_the_server_unless_peek() throws Exception {
    deliver("first", "the body text\r\n");
    deliver("second", "another\r\n");
    jmail().run(args("read", "--peek", "-f", url(), "1")).succeeded().outContains("the body text");
    assertFalse(seenOnServer(1));
    jmail().run(args("read", "-f", url(), "2")).succeeded().outContains("another");
    assertTrue(seenOnServer(2));
    assertFalse(seenOnServer(1));
    String raw = jmail().run(args("read", "--raw", "--peek", "-f", url(), "1")).succeeded().out();
    assertTrue(raw.startsWith("From: Alice <alice@example.org>\r\n"), raw);
  }

  private static boolean seenOnServer(int n) throws Exception {
    boolean[] seen = {false};
    otherClient(
        inbox -> {
          try {
            Message m = inbox.getMessage(n);
            seen[0] = m.isSet(Flags.Flag.SEEN);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return seen[0];
  }

  @Test
  void a_wrong_password_exits_77() throws Exception {
    jmail()
        .run(
            "list", "-f", url(), "-S", "password=nope", "-S", "tls-ca-file=" + LoopbackGreenMail.CA)
        .exits(77)
        .errIsOneLine()
        .errContains("authentication failed for bob");
  }

  @Test
  void plus_names_are_remote_when_the_folder_variable_is_a_url() throws Exception {
    deliver("via plus", "x\r\n");
    jmail()
        .run(args("list", "-S", "folder=" + url(), "-f", "+INBOX"))
        .succeeded()
        .outContains("via plus");
  }

  @Test
  void delete_expunges_only_what_jmail_deleted_never_what_another_client_marked() throws Exception {
    deliver("first", "x\r\n");
    deliver("second", "y\r\n");
    deliver("third", "z\r\n");
    jmail().run(args("list", "-f", url())).succeeded();
    otherClient(
        false,
        inbox -> {
          try {
            inbox.getMessage(3).setFlag(Flags.Flag.DELETED, true); // marked, not expunged
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    Result r = jmail().run(args("delete", "-v", "--folder", url(), "1")).succeeded();
    assertTrue(r.err().contains("UID EXPUNGE"), r.out() + "\n---\n" + r.err());
    assertFalse(r.err().matches("(?s).*C: J\\d+ EXPUNGE.*"), "no blanket EXPUNGE: " + r.err());
    MimeMessage[] left = mail.server().getReceivedMessages();
    assertEquals(2, left.length, "the other client's \\Deleted message is still there");
    assertEquals("second", left[0].getSubject());
    assertEquals("third", left[1].getSubject());
    String list = jmail().run(args("list", "-f", url())).succeeded().out();
    assertFalse(list.contains("first"), list);
  }

  @Test
  void flag_sets_and_clears_flags_on_the_server() throws Exception {
    deliver("first", "x\r\n");
    jmail().run(args("flag", "--folder", url(), "1", "flagged")).succeeded();
    assertTrue(mail.server().getReceivedMessages()[0].isSet(Flags.Flag.FLAGGED));
    jmail().run(args("flag", "--folder", url(), "1", "-flagged")).succeeded();
    assertFalse(mail.server().getReceivedMessages()[0].isSet(Flags.Flag.FLAGGED));
  }

  @Test
  void move_to_a_local_folder_stores_then_expunges() throws Exception {
    deliver("keep me", "body line\r\n");
    deliver("move me", "moved body\r\n");
    Path target = home.resolve("archive.mbox");
    jmail().run(args("move", "-f", url(), "2", target.toString())).succeeded();
    String mbox = Files.readString(target);
    assertTrue(mbox.contains("Subject: move me\n") && mbox.contains("\nmoved body\n"), mbox);
    assertEquals(1, mail.server().getReceivedMessages().length);
    assertEquals("keep me", mail.server().getReceivedMessages()[0].getSubject());
  }

  @Test
  void save_from_a_maildir_appends_byte_exact_with_flags_and_date_into_a_new_mailbox()
      throws Exception {
    Path md = home.resolve("Maildir");
    Files.createDirectories(md.resolve("new"));
    Files.createDirectories(md.resolve("tmp"));
    Path cur = Files.createDirectories(md.resolve("cur"));
    String text =
        "From: Carol <carol@example.org>\nSubject: archived\n\nline one\nFrom the middle\n.\n";
    Path f = cur.resolve("1700000000.M1P1.host:2,FS");
    Files.writeString(f, text);
    Files.setLastModifiedTime(
        f, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2023-11-14T22:13:20Z")));
    jmail().run(args("save", "-f", md.toString(), "1", url() + "/Archive")).succeeded();
    String json = jmail().run(args("list", "--json", "-f", url() + "/Archive")).succeeded().out();
    assertTrue(
        json.contains("archived") && json.contains("flagged") && json.contains("seen"), json);
    String raw =
        jmail()
            .run(args("read", "--raw", "--peek", "-f", url() + "/Archive", "1"))
            .succeeded()
            .out();
    assertEquals(text.replace("\n", "\r\n"), raw, "byte-exact (CRLF on the server)");
    jmail()
        .run(args("save", "-f", url() + "/Archive", "1", md.resolve("back").toString()))
        .succeeded();
    String back =
        jmail()
            .run("read", "--raw", "--peek", "-f", md.resolve("back").toString(), "1")
            .succeeded()
            .out();
    assertEquals(text, back, "Maildir -> IMAP -> mbox gives the original back");
  }

  @Test
  void list_folders_names_the_servers_other_mailboxes() throws Exception {
    deliver("x", "x\r\n");
    jmail().run(args("save", "-f", url(), "1", url() + "/Archive")).succeeded();
    jmail().run(args("list", "--folders", "-f", url())).succeeded().outContains("Archive");
  }

  @Test
  void list_folders_counts_messages_and_unseen_with_every_status_sent_before_any_answer()
      throws Exception {
    deliver("x", "x\r\n");
    deliver("y", "y\r\n");
    jmail().run(args("save", "-f", url(), "1-2", url() + "/Archive")).succeeded();
    jmail().run(args("save", "-f", url(), "1", url() + "/Other")).succeeded();
    jmail().run(args("flag", "--folder", url() + "/Archive", "1", "seen")).succeeded();
    Result r = jmail().run(args("list", "-v", "--folders", "-f", url())).succeeded();
    assertTrue(r.out().contains("Archive\t2\t1\n") && r.out().contains("Other\t1\t1\n"), r.out());
    String dialogue = r.err();
    int lastStatus = dialogue.lastIndexOf("(MESSAGES UNSEEN)");
    int firstAnswer = dialogue.indexOf("S: * STATUS");
    assertTrue(firstAnswer > lastStatus && lastStatus > 0, "pipelined: " + dialogue);
    String json = jmail().run(args("list", "--json", "--folders", "-f", url())).succeeded().out();
    assertTrue(json.contains("\"name\":\"Archive\",\"messages\":2,\"unseen\":1"), json);
  }

  @Test
  void an_account_whose_inbox_is_remote_lists_it_with_dash_capital_a() throws Exception {
    deliver("for the account", "x\r\n");
    Path rc = home.resolve(".mailrc");
    Files.writeString(
        rc,
        "account work {\n  set inbox="
            + url()
            + "\n  set password='open sesame'\n"
            + "  set tls-ca-file="
            + LoopbackGreenMail.CA
            + "\n}\n");
    Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
    jmail()
        .env("MAILRC", rc.toString())
        .run("-A", "work", "-H")
        .succeeded()
        .outContains("for the account");
  }

  @Test
  void
      the_prompt_on_an_imap_folder_lists_prints_deletes_saves_and_expunges_only_its_own_deletions_on_quit()
          throws Exception {
    deliver("first", "first body\r\n");
    deliver("second", "second body\r\n");
    deliver("third", "third body\r\n");
    deliver("fourth", "fourth body\r\n");
    otherClient(
        false,
        inbox -> {
          try {
            inbox.getMessage(4).setFlag(Flags.Flag.DELETED, true); // marked elsewhere, not expunged
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    Path local = Files.createDirectories(home.resolve("mail"));
    Result r =
        jmail()
            .stdin("p 1\nt 2\nd 1\ns 3 +kept\nq\n")
            .run(args("-v", "-S", "folder=" + local, "-S", "keepsave", "-f", url()))
            .succeeded();
    assertTrue(
        r.out().startsWith("\"" + url() + "\": 4 messages"), "the URL as written: " + r.out());
    assertTrue(
        r.out().contains("first") && r.out().contains("third"), "header listing: " + r.out());
    assertTrue(r.out().contains("first body") && r.out().contains("second body"), r.out());
    assertTrue(Files.readString(local.resolve("kept")).contains("third body"));
    assertTrue(r.err().contains("UID EXPUNGE"), r.out() + "\n---\n" + r.err());
    assertFalse(r.err().matches("(?s).*C: J\\d+ EXPUNGE.*"), "no blanket EXPUNGE: " + r.err());
    MimeMessage[] left = mail.server().getReceivedMessages();
    assertEquals(3, left.length, "only the message deleted at the prompt is gone");
    assertEquals("second", left[0].getSubject());
    assertEquals("fourth", left[2].getSubject());
  }

  @Test
  void watch_prints_one_json_object_per_new_message_as_idle_reports_it() throws Exception {
    deliver("already there", "x\r\n");
    Result[] result = new Result[1];
    Thread watcher =
        new Thread(
            () ->
                result[0] =
                    jmail()
                        .run(
                            args(
                                "watch",
                                "-v",
                                "--json",
                                "--idle-renew",
                                "600",
                                "--count",
                                "3",
                                "-f",
                                url())));
    watcher.start();
    long deadline =
        System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Bounds.seconds(20));
    int n = 0;
    while (watcher.isAlive() && System.nanoTime() < deadline) {
      deliver(
          "arrived " + n++,
          "y\r\n"); // renewal is 600 s: only IDLE's EXISTS wakes the watcher in time
      watcher.join(500);
    }
    assertFalse(watcher.isAlive(), "watch stops after --count messages");
    Result r = result[0].succeeded();
    java.util.List<String> lines = r.out().lines().toList();
    assertTrue(lines.size() >= 3, r.err());
    for (String l : lines)
      assertTrue(l.startsWith("{") && l.endsWith("}") && l.contains("\"arrived "), r.out());
    assertFalse(r.out().contains("already there"), "only new messages: " + r.out());
    assertTrue(r.err().matches("(?s).*C: J\\d+ IDLE.*C: DONE.*"), "waits with IDLE: " + r.err());
  }

  @Test
  void list_cached_shows_the_cached_summaries_marked_as_cached_without_a_server() throws Exception {
    deliver("remembered", "x\r\n");
    jmail().run(args("list", "-f", url())).succeeded();
    Path cache =
        home.resolve(
            "cache/jmail/imap/bob@localhost:"
                + mail.server().getImaps().getPort()
                + "/INBOX.summaries");
    byte[] before = Files.readAllBytes(cache);
    // a wrong password: any connection would fail (77), so the listing proves none was made
    String noLogin = "imaps://bob@localhost:" + mail.server().getImaps().getPort();
    Result r =
        jmail()
            .run(
                args(
                    "list",
                    "--cached",
                    "-S",
                    "net-timeout=1",
                    "-S",
                    "password=wrong",
                    "-f",
                    noLogin))
            .succeeded();
    assertTrue(r.out().contains("remembered"), r.out());
    assertTrue(r.err().contains("cached summaries"), r.err());
    String json =
        jmail()
            .run(args("list", "--cached", "--json", "-S", "password=wrong", "-f", noLogin))
            .succeeded()
            .out();
    assertTrue(json.contains("\"remembered\"") && json.contains("\"cached\":true"), json);
    assertTrue(
        java.util.Arrays.equals(before, Files.readAllBytes(cache)), "the cache is left as it was");
    jmail()
        .run(args("list", "--cached", "-f", url() + "/Never"))
        .exits(66)
        .errContains("no cached summaries");
  }

  @Test
  void a_pop3_url_as_a_folder_points_to_fetch() {
    jmail().run("list", "-f", "pop3s://bob@localhost").exits(64).errContains("jmail fetch");
  }
}
