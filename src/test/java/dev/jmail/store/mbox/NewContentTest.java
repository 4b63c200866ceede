package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.store.Fixtures;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.lock.Dotlock;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.lock.MailboxLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an edited mbox holds: kept messages byte for byte, replaced texts (mailx's {@code edit})
 * under their own From_ line, quoted as mboxrd and with LF line ends, flag headers where asked.
 */
class NewContentTest {
  @TempDir Path dir;

  static final LockPolicy POLICY = new LockPolicy(Duration.ofSeconds(2), Duration.ofSeconds(300));

  static String message(int i) {
    return "From m"
        + i
        + "@example.org Mon Jan  1 10:00:00 2024\nFrom: m"
        + i
        + "@example.org\nSubject: message "
        + i
        + "\n\nbody of "
        + i
        + "\n\n";
  }

  static String box(int... ids) {
    StringBuilder b = new StringBuilder();
    for (int i : ids) b.append(message(i));
    return b.toString();
  }

  static String fromLine(int i) {
    return message(i).substring(0, message(i).indexOf('\n') + 1);
  }

  Path spool(String content) throws Exception {
    Path p = dir.resolve("box");
    Files.writeString(p, content);
    return p;
  }

  MboxRewriter.Outcome change(
      Path box, Map<Integer, MessageEdit> edits, JournaledRewrite.KillPoints k) {
    try (MailboxLock lock = MailboxLock.existing(box, POLICY)) {
      return MboxRewriter.rewrite(lock, MboxRewriter.scan(lock), edits, dir.resolve("state"), k);
    }
  }

  MboxRewriter.Outcome change(Path box, Map<Integer, MessageEdit> edits) {
    return change(box, edits, JournaledRewrite.KillPoints.NONE);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void an_edited_text_keeps_its_from_line_is_quoted_and_reads_back_as_edited() throws Exception {
    Path box = spool(box(1, 2, 3));
    String edited =
        "From: x@example.org\r\nSubject: edited\r\n\r\nFrom here on\r\n>From quoted\r\nbare\rcr\r\n"
            + "last line";
    var o = change(box, Map.of(2, MessageEdit.replace(ascii(edited), null)));
    assertEquals(new MboxRewriter.Outcome(0, 1, 3), o);
    String stored =
        fromLine(2)
            + "From: x@example.org\nSubject: edited\n\n>From here on\n>>From quoted\nbare\rcr\n"
            + "last line\n\n";
    assertEquals(message(1) + stored + message(3), Files.readString(box));
    MboxFolder f = new MboxFolder(box, false);
    List<MessageEntry> e = f.entries();
    assertEquals(3, e.size());
    assertEquals(
        "From: x@example.org\nSubject: edited\n\nFrom here on\n>From quoted\nbare\rcr\nlast line\n",
        new String(Fixtures.bytes(f.open(e.get(1))), StandardCharsets.US_ASCII));
  }

  @Test
  void an_edited_text_with_flags_gets_those_flag_headers_and_nothing_more() throws Exception {
    Path box = spool(box(1, 2));
    change(
        box,
        Map.of(
            1,
            MessageEdit.replace(ascii("Subject: only a header"), Set.of(Flag.SEEN, Flag.FLAGGED)),
            2,
            MessageEdit.replace(ascii("Subject: s\nStatus: O\n\nbody\n"), Set.of(Flag.SEEN))));
    assertEquals(
        fromLine(1)
            + "Subject: only a header\nStatus: RO\nX-Status: F\n\n\n"
            + fromLine(2)
            + "Subject: s\nStatus: RO\n\nbody\n\n",
        Files.readString(box));
    List<MessageEntry> e = new MboxFolder(box, false).entries();
    assertEquals(EnumSet.of(Flag.SEEN, Flag.FLAGGED), e.get(0).flags());
    assertEquals(EnumSet.of(Flag.SEEN), e.get(1).flags());
  }

  @Test
  void a_text_without_a_final_newline_ends_its_header_once() {
    assertEquals("Subject: x\n\n", new String(NewContent.withFlags(ascii("Subject: x"), null)));
    assertEquals("Subject: x\n\n", new String(NewContent.withFlags(ascii("Subject: x\n"), null)));
    assertEquals(
        "Subject: x\nStatus: RO\n\n",
        new String(NewContent.withFlags(ascii("Subject: x"), Set.of(Flag.SEEN))));
    assertEquals(
        "Subject: x\r\nStatus: RO\r\n\r\nbody\r\n",
        new String(NewContent.withFlags(ascii("Subject: x\r\n\r\nbody\r\n"), Set.of(Flag.SEEN))));
    assertEquals("\nbody\n", new String(NewContent.withFlags(ascii("\nbody"), null)));
  }

  @Test
  void deletions_flag_changes_and_kept_runs_mixed_keep_every_other_byte() throws Exception {
    Path box = spool(box(1, 2, 3, 4, 5, 6));
    Map<Integer, MessageEdit> edits = new HashMap<>();
    edits.put(2, MessageEdit.deleteIt());
    edits.put(4, MessageEdit.flags(Set.of(Flag.SEEN)));
    edits.put(5, MessageEdit.deleteIt());
    edits.put(6, MessageEdit.flags(Set.of(Flag.SEEN, Flag.FLAGGED)));
    var o = change(box, edits);
    assertEquals(new MboxRewriter.Outcome(2, 2, 4), o);
    String flagged4 =
        message(4).replace("Subject: message 4\n", "Subject: message 4\nStatus: RO\n");
    String flagged6 =
        message(6).replace("Subject: message 6\n", "Subject: message 6\nStatus: RO\nX-Status: F\n");
    assertEquals(message(1) + message(3) + flagged4 + flagged6, Files.readString(box));
  }

  @Test
  void flags_already_stored_change_nothing_and_the_file_is_not_rewritten() throws Exception {
    Path box = spool(box(1).replace("Subject: message 1\n", "Subject: message 1\nStatus: RO\n"));
    FileTime before = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(box, before);
    var o = change(box, Map.of(1, MessageEdit.flags(Set.of(Flag.SEEN))));
    assertEquals(new MboxRewriter.Outcome(0, 0, 1), o);
    assertEquals(before, Files.getLastModifiedTime(box), "not written");
  }

  @Test
  void a_long_change_keeps_its_dotlock_fresh_so_no_one_breaks_it_as_stale() throws Exception {
    StringBuilder many = new StringBuilder();
    int n = 1100;
    for (int i = 1; i <= n; i++) many.append(message(i));
    Path box = spool(many.toString());
    Map<Integer, MessageEdit> edits = new HashMap<>();
    for (int i = 1; i <= n; i++) edits.put(i, MessageEdit.flags(Set.of(Flag.SEEN)));
    Path dot = Dotlock.lockFileFor(box);
    Instant old = Instant.now().minusSeconds(3600);
    Instant[] seen = {null};
    change(
        box,
        edits,
        step -> {
          if (step.equals("journal-created")) Files.setLastModifiedTime(dot, FileTime.from(old));
          if (step.equals("journal-written")) seen[0] = Files.getLastModifiedTime(dot).toInstant();
        });
    assertTrue(seen[0].isAfter(old.plusSeconds(1800)), "touched while writing: " + seen[0]);
    assertEquals(n, Files.readString(box).split("\nStatus: RO\n", -1).length - 1);
  }
}
