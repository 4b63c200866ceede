package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.IoFailureException;
import dev.jmail.message.Flag;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.lock.MailboxLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-place rewrite through a journal: the inode is kept, and a crash between any two steps
 * (simulated through the {@link JournaledRewrite.KillPoints} seam) is completed or undone by the
 * next locked open, keeping what another program appended after the crash.
 */
class JournaledRewriteTest {
  @TempDir Path dir;
  Path spool;
  Path state;
  LockPolicy policy;

  static final String FOREIGN =
      "From foreign@example.org Mon Jan  1 10:00:00 2024\nSubject: foreign\n\nappended\n\n";

  /** What a real crash is: the protocol stops; nothing of ours runs after it. */
  static final class Crash extends Error {
    Crash(String step) {
      super(step);
    }
  }

  static String message(int i, int lines) {
    StringBuilder b =
        new StringBuilder(
            "From m"
                + i
                + "@example.org Mon Jan  1 10:00:00 2024\nFrom: m"
                + i
                + "@example.org\nSubject: message "
                + i
                + "\n\n");
    for (int k = 0; k < lines; k++)
      b.append("line ").append(k).append(" of message ").append(i).append('\n');
    return b.append('\n').toString();
  }

  static String box(int... ids) {
    StringBuilder b = new StringBuilder();
    for (int i : ids) b.append(message(i, 400));
    return b.toString();
  }

  static final String FLAGGED =
      box(1, 2, 3, 4).replaceAll("(Subject: message [34]\n)", "$1Status: RO\nX-Status: F\n");

  @BeforeEach
  void setUp() throws Exception {
    spool = dir.resolve("var-mail/alice");
    Files.createDirectories(spool.getParent());
    Files.writeString(spool, box(1, 2, 3, 4));
    Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rw-rw----"));
    state = dir.resolve("state/jmail");
    policy = new LockPolicy(Duration.ofSeconds(2), Duration.ofSeconds(300), state);
  }

  MboxRewriter.Outcome change(Map<Integer, MessageEdit> edits, JournaledRewrite.KillPoints kill) {
    try (MailboxLock lock = MailboxLock.existing(spool, policy)) {
      List<MboxRewriter.Scanned> scanned = MboxRewriter.scan(lock);
      return MboxRewriter.rewrite(lock, scanned, edits, state, kill);
    }
  }

  static Map<Integer, MessageEdit> flagThreeAndFour() {
    Map<Integer, MessageEdit> edits = new HashMap<>();
    for (int i = 3; i <= 4; i++) edits.put(i, MessageEdit.flags(Set.of(Flag.SEEN, Flag.FLAGGED)));
    return edits;
  }

  static JournaledRewrite.KillPoints unwritableSpoolDir() {
    return step -> {
      if (step.equals("create-beside")) throw new AccessDeniedException("var-mail");
    };
  }

  List<Path> leftovers() throws IOException {
    try (Stream<Path> a = Files.list(spool.getParent());
        Stream<Path> b = Files.exists(state) ? Files.list(state) : Stream.empty()) {
      return Stream.concat(a, b).filter(p -> !p.equals(spool)).toList();
    }
  }

  @Test
  void an_expunge_keeps_the_inode_and_mode_and_leaves_nothing_beside() throws Exception {
    Object inode = Files.getAttribute(spool, "unix:ino");
    var o = change(Map.of(2, MessageEdit.deleteIt()), JournaledRewrite.KillPoints.NONE);
    assertEquals(1, o.deleted());
    assertEquals(box(1, 3, 4), Files.readString(spool));
    assertEquals(inode, Files.getAttribute(spool, "unix:ino"), "the same file, not a renamed copy");
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
    assertEquals(List.of(), leftovers());
  }

  /**
   * A shorter content needs no room reserved (no PREPARED header, no NUL bytes, and their flushes),
   * and a change no lockless writer raced moves no tail: each round of that loop costs a header
   * write and two flushes. {@code JournalDurabilityIT} checks the flushes themselves.
   */
  @Test
  void a_change_nobody_races_takes_each_step_once_and_only_those_it_needs() throws Exception {
    List<String> steps = new java.util.ArrayList<>();
    change(Map.of(2, MessageEdit.deleteIt()), steps::add);
    assertEquals(
        List.of(
            "create-beside",
            "journal-created",
            "journal-written",
            "committed",
            "copied",
            "truncated",
            "synced",
            "journal-removed"),
        steps);
    steps.clear();
    change(flagThreeAndFour(), steps::add);
    assertEquals(
        List.of(
            "create-beside",
            "journal-created",
            "journal-written",
            "prepared",
            "extended",
            "committed",
            "copied",
            "truncated",
            "synced",
            "journal-removed"),
        steps);
  }

  @Test
  void flags_that_make_the_file_longer_are_written_in_place_too() throws Exception {
    change(flagThreeAndFour(), JournaledRewrite.KillPoints.NONE);
    assertEquals(FLAGGED, Files.readString(spool));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void in_an_unwritable_spool_directory_the_journal_goes_to_the_private_state_directory()
      throws Exception {
    List<String> journals = new java.util.ArrayList<>();
    JournaledRewrite.KillPoints deny = unwritableSpoolDir();
    change(
        Map.of(1, MessageEdit.deleteIt()),
        step -> {
          deny.reached(step);
          if (step.equals("committed")) {
            try (Stream<Path> s = Files.list(state)) {
              s.forEach(p -> journals.add(p.getFileName().toString()));
            }
          }
        });
    assertEquals(box(2, 3, 4), Files.readString(spool));
    assertEquals(1, journals.size(), journals.toString());
    assertTrue(
        journals.get(0).startsWith("alice.") && journals.get(0).endsWith(".jmail-journal"),
        journals.toString());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void an_emptied_spool_in_an_unwritable_directory_is_truncated_not_removed() throws Exception {
    var o =
        change(
            Map.of(
                1,
                MessageEdit.deleteIt(),
                2,
                MessageEdit.deleteIt(),
                3,
                MessageEdit.deleteIt(),
                4,
                MessageEdit.deleteIt()),
            unwritableSpoolDir());
    assertEquals(0, o.kept());
    assertEquals(0, Files.size(spool));
  }

  @Test
  void a_full_disk_before_the_commit_leaves_the_mailbox_and_no_journal() throws Exception {
    JournaledRewrite.KillPoints full =
        step -> {
          if (step.equals("extended")) throw new IOException("No space left on device");
        };
    IoFailureException e =
        assertThrows(IoFailureException.class, () -> change(flagThreeAndFour(), full));
    assertTrue(
        e.getMessage().contains("no space left") && e.getMessage().contains("left as it was"),
        e.getMessage());
    assertEquals(
        box(1, 2, 3, 4),
        Files.readString(spool),
        "the NULs written past the end are cut off again");
    assertEquals(List.of(), leftovers());
  }

  @Test
  void an_error_after_the_commit_names_the_journal_and_the_next_open_completes_the_change()
      throws Exception {
    JournaledRewrite.KillPoints failing =
        step -> {
          if (step.equals("copied")) throw new IOException("Input/output error");
        };
    IoFailureException e =
        assertThrows(
            IoFailureException.class, () -> change(Map.of(1, MessageEdit.deleteIt()), failing));
    assertTrue(
        e.getMessage().contains(MboxJournal.beside(spool).toString())
            && e.getMessage().contains("completes it"),
        e.getMessage());
    new MboxFolder(spool, false).count();
    assertEquals(box(2, 3, 4), Files.readString(spool));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void a_read_only_open_that_cannot_complete_the_journal_exits_75_with_one_line_naming_it()
      throws Exception {
    crashAt("committed", Map.of(1, MessageEdit.deleteIt()));
    Path journal = MboxJournal.beside(spool);
    try (var j = java.nio.channels.FileChannel.open(journal, StandardOpenOption.WRITE)) {
      j.truncate(MboxJournal.HEADER + 10); // its data cut short: it cannot be completed
    }
    var e =
        assertThrows(
            dev.jmail.error.TemporaryFailureException.class,
            () -> new MboxFolder(spool, false).count());
    assertEquals(75, e.status().code());
    assertTrue(e.getMessage().contains(journal.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertEquals(box(1, 2, 3, 4), Files.readString(spool), "the mailbox is left as it was");
    assertTrue(Files.exists(journal), "the journal is kept for a later run or by hand");
  }

  static final List<String> BEFORE_COMMIT =
      List.of("journal-created", "journal-written", "prepared", "extended");

  /** Crash at {@code step}, append as another program would, then let the next open recover. */
  void crashThenRecover(
      String step, Map<Integer, MessageEdit> edits, String before, String after, boolean stateDir)
      throws Exception {
    setUp();
    JournaledRewrite.KillPoints deny =
        stateDir ? unwritableSpoolDir() : JournaledRewrite.KillPoints.NONE;
    boolean[] hit = {false};
    try {
      change(
          edits,
          s -> {
            deny.reached(s);
            if (s.equals(step)) {
              hit[0] = true;
              throw new Crash(s);
            }
          });
    } catch (Crash expected) {
      // the process died here
    }
    // every step listed for a change is one it passes (an expunge has no PREPARED: it shrinks)
    assertTrue(hit[0], "the change never reached " + step);
    Files.write(spool, FOREIGN.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    new MboxFolder(spool, false)
        .count(); // as `jmail list` opens it: the journal state dir is found by env...
    try (MailboxLock lock = MailboxLock.existing(spool, policy)) {
      MboxRewriter.scan(lock); // ... and a locked open with the policy's state directory
    }
    String want = (BEFORE_COMMIT.contains(step) ? before : after) + FOREIGN;
    assertEquals(
        want,
        Files.readString(spool),
        "after a crash at " + step + (stateDir ? " (state dir)" : ""));
    assertEquals(List.of(), leftovers(), "after a crash at " + step);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "journal-created",
        "journal-written",
        "committed",
        "copied",
        "truncated",
        "synced",
        "journal-removed"
      })
  void an_expunge_killed_at_any_step_is_completed_or_undone_and_keeps_later_mail(String step)
      throws Exception {
    crashThenRecover(step, Map.of(1, MessageEdit.deleteIt()), box(1, 2, 3, 4), box(2, 3, 4), false);
    crashThenRecover(step, Map.of(1, MessageEdit.deleteIt()), box(1, 2, 3, 4), box(2, 3, 4), true);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "journal-created",
        "journal-written",
        "prepared",
        "extended",
        "committed",
        "copied",
        "truncated",
        "synced",
        "journal-removed"
      })
  void a_flag_change_killed_at_any_step_is_completed_or_undone_and_keeps_later_mail(String step)
      throws Exception {
    crashThenRecover(step, flagThreeAndFour(), box(1, 2, 3, 4), FLAGGED, false);
    crashThenRecover(step, flagThreeAndFour(), box(1, 2, 3, 4), FLAGGED, true);
  }

  /** The change stopped at {@code step}, as a kill would stop it. */
  void crashAt(String step, Map<Integer, MessageEdit> edits) {
    try {
      change(
          edits,
          s -> {
            if (s.equals(step)) throw new Crash(s);
          });
    } catch (Crash expected) {
      // the process died here
    }
  }

  /** A program that appends without any lock (a script's {@code >>}) does so at {@code step}. */
  JournaledRewrite.KillPoints locklessAppendAt(String step, String text) {
    return s -> {
      if (s.equals(step))
        Files.write(spool, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"journal-created", "journal-written", "committed", "copied"})
  void mail_appended_without_a_lock_during_an_expunge_is_kept_after_the_kept_messages(String step)
      throws Exception {
    var o = change(Map.of(1, MessageEdit.deleteIt()), locklessAppendAt(step, FOREIGN));
    assertEquals(1, o.deleted());
    assertEquals(box(2, 3, 4) + FOREIGN, Files.readString(spool), "appended at " + step);
    assertEquals(List.of(), leftovers());
  }

  @ParameterizedTest
  @ValueSource(strings = {"journal-created", "journal-written", "extended", "committed", "copied"})
  void mail_appended_without_a_lock_during_a_flag_change_is_kept_after_the_longer_content(
      String step) throws Exception {
    change(flagThreeAndFour(), locklessAppendAt(step, FOREIGN));
    assertEquals(FLAGGED + FOREIGN, Files.readString(spool), "appended at " + step);
    assertEquals(List.of(), leftovers());
  }

  /**
   * A script appended without a lock after the in-place copy; the change moved that mail down after
   * the data and was killed before the cut: the next open must keep the mail once, not twice, and
   * not leave the old tail behind it.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void a_crash_after_lockless_mail_was_moved_down_keeps_that_mail_exactly_once(boolean expunge)
      throws Exception {
    Map<Integer, MessageEdit> edits =
        expunge ? Map.of(1, MessageEdit.deleteIt()) : flagThreeAndFour();
    String after = expunge ? box(2, 3, 4) : FLAGGED;
    String lockless = message(7, 3);
    JournaledRewrite.KillPoints append = locklessAppendAt("copied", lockless);
    boolean[] hit = {false};
    try {
      change(
          edits,
          s -> {
            append.reached(s);
            if (s.equals("tail-moved")) {
              hit[0] = true;
              throw new Crash(s);
            }
          });
    } catch (Crash expected) {
      // the process died here
    }
    assertTrue(hit[0], "the change never moved the appended mail down");
    Files.write(spool, FOREIGN.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    new MboxFolder(spool, false).count();
    assertEquals(after + lockless + FOREIGN, Files.readString(spool));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void a_long_message_delivered_after_a_crash_that_followed_the_cut_is_not_moved_over_the_data()
      throws Exception {
    // killed once the folder was cut to its new length: the next delivery makes it longer than
    // the recorded end again, so only the CRC of the old tail tells that the cut happened
    crashAt("truncated", Map.of(1, MessageEdit.deleteIt()));
    String longMail = message(9, 900);
    Files.write(spool, longMail.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    assertTrue(Files.size(spool) > box(1, 2, 3, 4).length(), "longer than before the change");
    new MboxFolder(spool, false).count();
    try (MailboxLock lock = MailboxLock.existing(spool, policy)) {
      MboxRewriter.scan(lock);
    }
    assertEquals(box(2, 3, 4) + longMail, Files.readString(spool));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void a_crash_part_way_through_the_nul_padding_is_undone_keeping_later_mail() throws Exception {
    String before = Files.readString(spool);
    crashAt("extended", flagThreeAndFour());
    long padded = Files.size(spool);
    assertTrue(padded > before.length() + 2);
    try (var f = java.nio.channels.FileChannel.open(spool, StandardOpenOption.WRITE)) {
      f.truncate(before.length() + 2); // killed after two of the NUL bytes
    }
    Files.write(spool, FOREIGN.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    new MboxFolder(spool, false).count();
    assertEquals(before + FOREIGN, Files.readString(spool));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void a_flag_change_growing_the_folder_by_more_than_64_kib_is_padded_and_undone_whole()
      throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 3000; i++) many.append(message(i, 1));
    Files.writeString(spool, many.toString());
    Map<Integer, MessageEdit> edits = new HashMap<>();
    for (int i = 1; i <= 3000; i++)
      edits.put(i, MessageEdit.flags(Set.of(Flag.SEEN, Flag.FLAGGED)));
    crashAt("extended", edits);
    assertTrue(Files.size(spool) - many.length() > 65536, "padded past one 64 KiB buffer");
    Files.write(spool, FOREIGN.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    new MboxFolder(spool, false).count();
    assertEquals(many + FOREIGN, Files.readString(spool));
    change(edits, JournaledRewrite.KillPoints.NONE);
    String flagged = Files.readString(spool);
    assertEquals(3001, flagged.split("\nFrom ", -1).length, flagged.substring(0, 200));
    assertEquals(3000, flagged.split("X-Status: F\n", -1).length - 1);
    assertTrue(flagged.endsWith(FOREIGN));
  }

  @Test
  void without_a_state_directory_an_unwritable_spool_directory_leaves_the_mailbox_exit_73()
      throws Exception {
    String before = Files.readString(spool);
    var e =
        assertThrows(
            dev.jmail.error.CannotCreateException.class,
            () -> {
              try (MailboxLock lock = MailboxLock.existing(spool, policy)) {
                MboxRewriter.rewrite(
                    lock,
                    MboxRewriter.scan(lock),
                    Map.of(1, MessageEdit.deleteIt()),
                    null,
                    unwritableSpoolDir());
              }
            });
    assertEquals(73, e.status().code());
    assertTrue(e.getMessage().contains("left as it was"), e.getMessage());
    assertEquals(before, Files.readString(spool));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void when_neither_the_spool_nor_the_state_directory_takes_a_journal_the_mailbox_is_left_exit_73()
      throws Exception {
    String before = Files.readString(spool);
    Files.writeString(state.getParent(), "a file where the state directory's parent should be");
    var e =
        assertThrows(
            dev.jmail.error.CannotCreateException.class,
            () -> change(Map.of(1, MessageEdit.deleteIt()), unwritableSpoolDir()));
    assertEquals(73, e.status().code());
    assertTrue(
        e.getMessage().contains(spool.getParent().toString())
            && e.getMessage().contains(state.toString())
            && e.getMessage().contains("left as it was"),
        e.getMessage());
    assertEquals(before, Files.readString(spool));
    Files.delete(state.getParent());
    assertEquals(List.of(), leftovers());
  }

  @Test
  void a_torn_journal_header_means_the_folder_was_not_touched_and_the_journal_goes()
      throws Exception {
    Path journal = MboxJournal.beside(spool);
    byte[] h = new MboxJournal.Header(MboxJournal.State.COMMITTED, 1, 2, 3, 3, 0, 10, 0).encode();
    h[30] ^= 1; // a bit of the header lost: its CRC no longer matches
    Files.write(journal, h);
    Files.write(
        journal, "0123456789".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    new MboxFolder(spool, false).count();
    assertEquals(box(1, 2, 3, 4), Files.readString(spool));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void a_symbolic_link_in_place_of_the_journal_is_never_followed() throws Exception {
    Path victim = dir.resolve("victim");
    Files.writeString(victim, "not a journal\n");
    Path journal = MboxJournal.beside(spool);
    Files.createSymbolicLink(journal, victim);
    var e =
        assertThrows(
            dev.jmail.error.TemporaryFailureException.class,
            () -> new MboxFolder(spool, false).count());
    assertTrue(e.getMessage().contains("interrupted change"), e.getMessage());
    assertEquals("not a journal\n", Files.readString(victim));
    assertEquals(box(1, 2, 3, 4), Files.readString(spool));
    assertTrue(Files.isSymbolicLink(journal), "left for a person to look at");
  }

  @Test
  void a_journal_of_another_file_is_moved_aside_never_applied() throws Exception {
    Path journal = MboxJournal.beside(spool);
    Files.write(
        journal, new MboxJournal.Header(MboxJournal.State.COMMITTED, 1, 2, 3, 3, 0, 0, 0).encode());
    try (MailboxLock lock = MailboxLock.existing(spool, policy)) {
      MboxRewriter.scan(lock);
    }
    assertEquals(box(1, 2, 3, 4), Files.readString(spool));
    assertFalse(Files.exists(journal));
    assertTrue(Files.exists(journal.resolveSibling(journal.getFileName() + ".2.orphaned")));
  }

  @Test
  void a_damaged_committed_journal_is_kept_and_reported() throws Exception {
    long[] id = MboxJournal.identity(spool);
    Path journal = MboxJournal.beside(spool);
    byte[] h =
        new MboxJournal.Header(MboxJournal.State.COMMITTED, id[0], id[1], 10, 10, 0, 50, 0)
            .encode();
    Files.write(journal, h);
    Files.write(journal, "short".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    try (MailboxLock lock = MailboxLock.existing(spool, policy)) {
      IoFailureException e = assertThrows(IoFailureException.class, () -> MboxRewriter.scan(lock));
      assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }
    assertTrue(Files.exists(journal));
    assertEquals(box(1, 2, 3, 4), Files.readString(spool));
  }

  /** By a change, and by a plain read-only open, which takes no lock when no journal is left. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void temporaries_of_dead_processes_are_removed_and_live_ones_kept(boolean byReading)
      throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Path deadCopy = spool.resolveSibling(".alice.jmail-" + p.pid() + "-abc");
    Path liveCopy = spool.resolveSibling(".alice.jmail-1-abc");
    Path deadLink =
        spool.resolveSibling(
            ".alice.lock." + dev.jmail.store.lock.Dotlock.hostName() + "." + p.pid() + ".f00");
    for (Path x : List.of(deadCopy, liveCopy, deadLink)) Files.writeString(x, "x");
    if (byReading) {
      assertEquals(4, new MboxFolder(spool, false).count()); // as `jmail list` opens it
    } else {
      change(Map.of(2, MessageEdit.deleteIt()), JournaledRewrite.KillPoints.NONE);
    }
    assertFalse(Files.exists(deadCopy));
    assertFalse(Files.exists(deadLink));
    assertTrue(Files.exists(liveCopy), "pid 1 still runs");
  }

  @Test
  void status_headers_round_trip_through_one_class() {
    for (Set<Flag> f :
        List.of(
            Set.<Flag>of(),
            Set.of(Flag.SEEN),
            Set.of(Flag.NEW),
            Set.of(Flag.ANSWERED, Flag.FLAGGED, Flag.DRAFT, Flag.DELETED, Flag.SEEN))) {
      byte[] header = StatusHeaders.replace("Subject: x\n".getBytes(StandardCharsets.US_ASCII), f);
      var block = new dev.jmail.message.RawHeaders(header, header.length, false);
      Set<Flag> back = StatusHeaders.decode(block);
      assertTrue(
          StatusHeaders.sameStored(f, back),
          f + " -> " + new String(header, StandardCharsets.US_ASCII) + " -> " + back);
    }
  }
}
