package dev.jmail.store.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageSummary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache files and directories someone else could have written: never read, never written through,
 * and no size or count in them trusted.
 */
class HostileCacheTest {
  private static final String KEY = "imap://bob@h:143/INBOX";

  @TempDir Path tmp;

  /** {@code tmp/cache/jmail/imap/bob@h:143/INBOX.summaries}, the layout SummaryCache uses. */
  private Path summaries() {
    return tmp.resolve("cache/jmail/imap/bob@h:143/INBOX.summaries");
  }

  private static SummaryCache load(Path file) {
    return SummaryCache.load(file, KEY);
  }

  private static void plant(Path file, String subject) {
    SummaryCache c = load(file);
    c.reset(7);
    c.put(
        new SummaryCache.Message(
            1,
            EnumSet.of(Flag.SEEN),
            10,
            new MessageSummary(null, "", "a@b", subject, null, false, null)));
    c.setState(2, 0);
    c.save();
  }

  @Test
  void summaries_in_a_cache_directory_that_is_a_link_are_neither_read_nor_written()
      throws Exception {
    Path theirs = tmp.resolve("theirs/jmail");
    plant(theirs.resolve("imap/bob@h:143/INBOX.summaries"), "planted");
    byte[] planted = Files.readAllBytes(theirs.resolve("imap/bob@h:143/INBOX.summaries"));
    Files.createDirectories(tmp.resolve("cache"));
    Files.createSymbolicLink(tmp.resolve("cache/jmail"), theirs);

    assertTrue(load(summaries()).messages().isEmpty(), "not read through the link");
    plant(summaries(), "ours");
    assertArrayEquals(
        planted,
        Files.readAllBytes(theirs.resolve("imap/bob@h:143/INBOX.summaries")),
        "not written through the link");
  }

  @Test
  void a_cache_file_that_is_a_link_is_not_read() throws Exception {
    Path elsewhere = tmp.resolve("elsewhere/jmail/x.summaries");
    plant(elsewhere, "planted");
    Files.createDirectories(summaries().getParent());
    Files.createSymbolicLink(summaries(), elsewhere);
    assertTrue(load(summaries()).messages().isEmpty());
    assertFalse(CacheTrust.trusted(summaries()));
  }

  @Test
  void a_world_writable_cache_directory_is_neither_read_nor_written() throws Exception {
    plant(summaries(), "planted");
    byte[] before = Files.readAllBytes(summaries());
    Files.setPosixFilePermissions(
        summaries().getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
    assertTrue(load(summaries()).messages().isEmpty(), "not read");
    SummaryCache c = load(summaries());
    c.reset(9);
    c.save();
    assertArrayEquals(before, Files.readAllBytes(summaries()), "not written");
    Files.setPosixFilePermissions(
        summaries().getParent(), PosixFilePermissions.fromString("rwx------"));
    assertEquals(1, load(summaries()).messages().size(), "trusted again once fixed");
  }

  @Test
  void a_cache_file_owned_by_another_user_is_not_read() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root to give a file away (chown)");
    plant(summaries(), "planted");
    UserPrincipal nobody =
        tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(summaries(), nobody);
    assertTrue(load(summaries()).messages().isEmpty());
    assertTrue(
        CacheFiles.read(summaries(), SummaryCache.MAGIC, SummaryCache.VERSION).isEmpty(),
        "the shared reader refuses it too");
  }

  @Test
  void an_index_file_that_is_a_link_is_not_read_by_the_shared_reader() throws Exception {
    Path dir = tmp.resolve("cache/jmail/mbox");
    Path real = tmp.resolve("cache/jmail/real.index");
    CacheFiles.write(real, "TESTIDX", 1, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertTrue(CacheFiles.read(real, "TESTIDX", 1).isPresent());
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("linked.index"), real);
    assertTrue(CacheFiles.read(dir.resolve("linked.index"), "TESTIDX", 1).isEmpty());
  }

  @Test
  void huge_counts_and_lengths_in_a_cache_file_are_not_trusted() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    SummaryTable.str(out, KEY);
    out.writeLong(7);
    out.writeLong(2);
    out.writeLong(0);
    out.writeInt(Integer.MAX_VALUE); // count
    out.writeInt(2); // slots
    out.writeInt(Integer.MAX_VALUE - 16); // heap length: 2 GiB announced in a small file
    out.writeLong(1);
    out.writeLong(10);
    out.writeInt(0);
    out.writeInt(0);
    out.writeInt(Integer.MAX_VALUE - 16); // a string's length
    out.write("x".getBytes());
    // a valid frame (length, CRC) around lying contents: only the contents' checks catch it
    CacheFiles.write(
        summaries(),
        SummaryCache.MAGIC,
        SummaryCache.VERSION,
        ByteBuffer.wrap(bytes.toByteArray()));
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    SummaryCache c = load(summaries());
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertTrue(c.messages().isEmpty() && c.uidValidity() == 0, "a damaged cache is an empty one");
    assertTrue(allocated < 16 << 20, "no 2 GiB buffer for a 60-byte file: " + allocated);
  }
}
