package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.DataFormatException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.mbox.MboxAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per mailx quit rule (POSIX mailx "quit", "hold", "keep", "preserve", "exit"). */
class MailboxQuitTest {
  @TempDir Path dir;
  Path spool;
  Path mbox;
  FolderLocator.Ref ref;
  List<MessageEntry> opened;

  static String msg(int i) {
    return "From a@b Thu Jan  4 09:05:02 2024\nSubject: m" + i + "\n\nbody " + i + "\n\n";
  }

  @BeforeEach
  void setUp() throws Exception {
    spool = dir.resolve("spool");
    mbox = dir.resolve("mbox");
    Files.writeString(spool, msg(1) + msg(2) + msg(3) + msg(4));
    ref = new FolderLocator.Ref(spool, Optional.empty(), true);
    try (Folder f = ref.open()) {
      opened = f.entries();
    }
  }

  MailboxQuit.Outcome quit(
      Map<Integer, Set<Flag>> flags,
      Set<Integer> deleted,
      Set<Integer> preserved,
      boolean hold,
      boolean keep) {
    return MailboxQuit.quit(
        new MailboxQuit.Session(ref, opened, flags, deleted, preserved, Set.of()),
        new MailboxQuit.Options(hold, keep, false, mbox, LockPolicy.DEFAULT));
  }

  static final Set<Flag> READ = Set.of(Flag.SEEN);

  @Test
  void deleted_messages_are_removed_and_unread_ones_stay_unchanged() throws Exception {
    quit(Map.of(), Set.of(2), Set.of(), false, false);
    assertEquals(msg(1) + msg(3) + msg(4), Files.readString(spool));
    assertFalse(Files.exists(mbox));
  }

  @Test
  void read_messages_move_to_mbox_with_status_ro() throws Exception {
    MailboxQuit.Outcome o = quit(Map.of(1, READ, 3, READ), Set.of(), Set.of(), false, false);
    assertEquals(2, o.movedToMbox());
    assertEquals(msg(2) + msg(4), Files.readString(spool));
    String m = Files.readString(mbox);
    assertEquals(
        msg(1).replace("m1\n", "m1\nStatus: RO\n") + msg(3).replace("m3\n", "m3\nStatus: RO\n"), m);
  }

  @Test
  void hold_keeps_read_messages_in_the_spool_marked_read() throws Exception {
    quit(Map.of(1, READ), Set.of(), Set.of(), true, false);
    assertFalse(Files.exists(mbox));
    assertTrue(
        Files.readString(spool).startsWith(msg(1).replace("m1\n", "m1\nStatus: RO\n") + msg(2)));
  }

  @Test
  void preserved_messages_stay_in_the_spool_even_when_read() throws Exception {
    quit(Map.of(1, READ, 2, READ), Set.of(), Set.of(2), false, false);
    assertTrue(Files.readString(mbox).contains("body 1"));
    assertFalse(Files.readString(mbox).contains("body 2"));
    assertTrue(Files.readString(spool).contains("body 2"));
  }

  @Test
  void an_emptied_spool_is_truncated_and_kept_with_or_without_keep() throws Exception {
    quit(Map.of(), Set.of(1, 2, 3, 4), Set.of(), false, false);
    assertTrue(Files.exists(spool));
    assertEquals(0, Files.size(spool));
    setUpAgain();
    quit(Map.of(), Set.of(1, 2, 3, 4), Set.of(), false, true);
    assertTrue(Files.exists(spool));
    assertEquals(0, Files.size(spool));
  }

  @Test
  void mail_that_arrived_during_the_session_is_kept() throws Exception {
    MboxAppender.append(
        spool, LockPolicy.DEFAULT, "new@x", Instant.now(), "Subject: late\n\nlate\n".getBytes());
    quit(Map.of(1, READ), Set.of(1, 2, 3, 4), Set.of(), false, false);
    String s = Files.readString(spool);
    assertTrue(s.startsWith("From new@x ") && s.endsWith("Subject: late\n\nlate\n\n"), s);
  }

  @Test
  void a_folder_rewritten_by_someone_else_is_refused_and_left_alone() throws Exception {
    Files.writeString(spool, msg(2) + msg(3) + msg(4));
    assertThrows(
        DataFormatException.class, () -> quit(Map.of(), Set.of(1), Set.of(), false, false));
    assertEquals(msg(2) + msg(3) + msg(4), Files.readString(spool));
  }

  @Test
  void exit_leaves_everything_as_it_was_because_quit_is_not_called() throws Exception {
    // The interactive 'exit'/'x' command does not call MailboxQuit: nothing to do, nothing changed.
    assertEquals(msg(1) + msg(2) + msg(3) + msg(4), Files.readString(spool));
  }

  @Test
  void read_messages_move_to_a_maildir_mbox_as_files_flagged_seen() throws Exception {
    Path md = dir.resolve("mbox-maildir");
    for (String d : new String[] {"tmp", "new", "cur"}) Files.createDirectories(md.resolve(d));
    var out =
        MailboxQuit.quit(
            new MailboxQuit.Session(
                ref, opened, Map.of(2, READ, 4, READ), Set.of(), Set.of(), Set.of()),
            new MailboxQuit.Options(false, false, false, md, LockPolicy.DEFAULT));
    assertEquals(2, out.movedToMbox());
    assertEquals(msg(1) + msg(3), Files.readString(spool));
    List<String> bodies = new java.util.ArrayList<>();
    try (var s = Files.list(md.resolve("cur"))) {
      for (Path p : s.sorted().toList()) {
        assertTrue(p.getFileName().toString().endsWith(":2,S"), p.toString());
        bodies.add(Files.readString(p));
      }
    }
    bodies.sort(null);
    assertEquals(List.of("Subject: m2\n\nbody 2\n", "Subject: m4\n\nbody 4\n"), bodies);
  }

  @Test
  void a_non_system_folder_keeps_read_messages() throws Exception {
    ref = new FolderLocator.Ref(spool, Optional.empty(), false);
    quit(Map.of(1, READ), Set.of(), Set.of(), false, false);
    assertFalse(Files.exists(mbox));
    assertTrue(Files.readString(spool).contains("m1\nStatus: RO\n"));
  }

  void setUpAgain() throws Exception {
    setUp();
  }

  @Test
  void a_replaced_text_takes_the_message_place_with_its_from_line_flags_and_quoting()
      throws Exception {
    // no final newline, a From line in the body, a stale Status header: all put right on write
    byte[] edited =
        "Subject: m2 edited\nStatus: O\n\nnew body\nFrom the edit"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    MailboxQuit.quit(
        new MailboxQuit.Session(
            ref,
            opened,
            Map.of(2, READ),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Map.of(2, edited)),
        new MailboxQuit.Options(true, false, false, mbox, LockPolicy.DEFAULT));
    assertEquals(
        msg(1)
            + "From a@b Thu Jan  4 09:05:02 2024\nSubject: m2 edited\nStatus: RO\n\nnew body\n>From the edit\n\n"
            + msg(3)
            + msg(4),
        Files.readString(spool));
  }

  @Test
  void a_message_marked_for_mbox_moves_unread_and_despite_hold() throws Exception {
    MailboxQuit.Outcome o =
        MailboxQuit.quit(
            new MailboxQuit.Session(
                ref, opened, Map.of(), Set.of(), Set.of(), Set.of(), Set.of(3), Map.of()),
            new MailboxQuit.Options(true, false, false, mbox, LockPolicy.DEFAULT));
    assertEquals(1, o.movedToMbox());
    assertEquals(msg(1) + msg(2) + msg(4), Files.readString(spool));
    assertTrue(Files.readString(mbox).contains("Subject: m3\n"));
  }
}
