package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.IoFailureException;
import dev.jmail.message.Flag;
import dev.jmail.store.FolderChanges;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.lock.LockPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool directory takes no new files (Debian's /var/mail, 2775 root:mail): the mbox is
 * rewritten in place from a copy in the spare directory. The tests run as root, so the refusal is
 * injected through {@link MboxRewriter#denySiblingFiles}.
 */
class InPlaceRewriteTest {
  @TempDir Path dir;
  Path spool;
  Path spare;
  LockPolicy policy;

  static String message(int i, int lines) {
    StringBuilder b = new StringBuilder("From m" + i + "@example.org Mon Jan  1 10:00:00 2024\nFrom: m" + i
        + "@example.org\nSubject: message " + i + "\n\n");
    for (int k = 0; k < lines; k++) b.append("line ").append(k).append(" of message ").append(i).append('\n');
    return b.append('\n').toString();
  }

  static String box(int... ids) {
    StringBuilder b = new StringBuilder();
    for (int i : ids) b.append(message(i, 400));
    return b.toString();
  }

  @BeforeEach
  void setUp() throws Exception {
    spool = dir.resolve("var-mail/alice");
    Files.createDirectories(spool.getParent());
    Files.writeString(spool, box(1, 2, 3, 4));
    Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rw-rw----"));
    spare = dir.resolve("state/jmail");
    policy = new LockPolicy(Duration.ofSeconds(2), Duration.ofSeconds(300), spare);
    MboxRewriter.denySiblingFiles = true;
  }

  @AfterEach
  void tearDown() {
    MboxRewriter.denySiblingFiles = false;
    MboxRewriter.failInPlaceAfter = -1;
    MboxRewriter.failInPlaceTimes = 0;
  }

  FolderChanges.Outcome change(Map<Integer, MessageEdit> edits) {
    return FolderChanges.apply(new FolderLocator.Ref(spool, Optional.empty(), true), policy, null, now -> edits, true);
  }

  void assertNoCopyLeft() throws Exception {
    if (!Files.exists(spare)) return;
    try (Stream<Path> s = Files.list(spare)) {
      assertEquals(0, s.count(), "the copy is removed after success");
    }
  }

  @Test
  void delete_in_an_unwritable_spool_directory_rewrites_the_same_file_in_place() throws Exception {
    Object inode = Files.getAttribute(spool, "unix:ino");
    var o = change(Map.of(2, MessageEdit.deleteIt()));
    assertEquals(1, o.deleted());
    assertEquals(box(1, 3, 4), Files.readString(spool));
    assertEquals(inode, Files.getAttribute(spool, "unix:ino"), "same file, not a renamed copy");
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
    try (Stream<Path> s = Files.list(spool.getParent())) {
      assertEquals(1, s.count(), "nothing else was created beside the spool");
    }
    assertNoCopyLeft();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spare)));
  }

  @Test
  void flags_that_make_the_file_longer_are_written_in_place_too() throws Exception {
    Map<Integer, MessageEdit> edits = new HashMap<>();
    for (int i = 1; i <= 4; i++) edits.put(i, MessageEdit.flags(Set.of(Flag.SEEN, Flag.FLAGGED)));
    change(edits);
    String want = box(1, 2, 3, 4).replaceAll("(Subject: message \\d\n)", "$1Status: RO\nX-Status: F\n");
    assertEquals(want, Files.readString(spool));
    assertNoCopyLeft();
  }

  @Test
  void an_emptied_spool_in_an_unwritable_directory_is_truncated_not_removed() throws Exception {
    change(Map.of(1, MessageEdit.deleteIt(), 2, MessageEdit.deleteIt(), 3, MessageEdit.deleteIt(), 4, MessageEdit.deleteIt()));
    assertTrue(Files.exists(spool));
    assertEquals(0, Files.size(spool));
  }

  @Test
  void a_write_failure_half_way_is_repaired_from_the_copy() throws Exception {
    MboxRewriter.failInPlaceAfter = 8192;
    MboxRewriter.failInPlaceTimes = 1;
    change(Map.of(1, MessageEdit.deleteIt()));
    assertEquals(box(2, 3, 4), Files.readString(spool));
    assertNoCopyLeft();
  }

  @Test
  void a_lasting_write_failure_keeps_the_copy_and_names_it() throws Exception {
    MboxRewriter.failInPlaceAfter = 8192;
    MboxRewriter.failInPlaceTimes = 2;
    var e = assertThrows(IoFailureException.class, () -> change(Map.of(1, MessageEdit.deleteIt())));
    Path copy;
    try (Stream<Path> s = Files.list(spare)) {
      copy = s.findFirst().orElseThrow();
    }
    assertTrue(e.getMessage().contains(copy.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("half-way"), e.getMessage());
    assertEquals(box(2, 3, 4), Files.readString(copy), "the copy is the complete new mailbox");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
  }

  @Test
  void with_a_writable_directory_the_atomic_rename_is_used() throws Exception {
    MboxRewriter.denySiblingFiles = false;
    Object inode = Files.getAttribute(spool, "unix:ino");
    change(Map.of(2, MessageEdit.deleteIt()));
    assertEquals(box(1, 3, 4), Files.readString(spool));
    assertFalse(inode.equals(Files.getAttribute(spool, "unix:ino")), "a new file renamed over the old");
    assertFalse(Files.exists(spare), "no copy needed");
  }
}
