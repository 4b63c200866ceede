package dev.jmail.store.mbox;

import dev.jmail.config.Env;
import dev.jmail.config.StateDir;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.JmailException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.lock.MailboxLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Finishes what a killed {@link JournaledRewrite} left, before anything else reads or changes the
 * folder. Under all locks:
 *
 * <ul>
 *   <li>no header, a torn header, or a journal of another file (device/inode): the folder was not
 *       touched — the journal is removed (another file's journal is moved aside, never applied);
 *   <li>PREPARED: only NUL bytes were written, from the recorded size S on; they are cut out and
 *       whatever another program appended after them moved down to S;
 *   <li>COMMITTED: the data is copied over the folder again (idempotent), then, unless the folder
 *       was already truncated (its size is below E, or its bytes [P + L, E) no longer have the
 *       recorded CRC), whatever was appended past E is moved down after the data and the folder
 *       truncated; a COMMITTED journal shorter than its header says is kept and reported.
 * </ul>
 */
final class JournalRecovery {
  private JournalRecovery() {}

  /**
   * Before a read-only open: removes a killed jmail's temporaries; when a journal is left,
   * completes it under the folder's locks, or reports (exit 75) when we may not write the folder.
   */
  static void beforeReading(Path mbox) {
    StaleTemporaries.clean(mbox);
    Path stateDir = StateDir.of(Env.system());
    if (MboxJournal.find(mbox, stateDir).isEmpty()) return;
    try (MailboxLock lock = MailboxLock.existing(mbox, LockPolicy.DEFAULT.withSpareDir(stateDir))) {
      recover(lock);
    } catch (JmailException e) {
      throw new TemporaryFailureException(
          mbox
              + ": an interrupted change is pending ("
              + MboxJournal.find(mbox, stateDir).map(Path::toString).orElse("journal")
              + ") and cannot be completed now: "
              + e.getMessage(),
          e);
    }
  }

  /** Completes or undoes a leftover journal of the locked folder. */
  static void recover(MailboxLock lock) {
    Path mbox = lock.mailbox().toAbsolutePath();
    Optional<Path> found = MboxJournal.find(mbox, lock.policy().spareDir());
    if (found.isEmpty()) return;
    Path journal = found.get();
    try {
      try (FileChannel j =
          FileChannel.open(journal, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        MboxJournal.Header h = MboxJournal.readHeader(j);
        long[] id = MboxJournal.identity(mbox);
        if (h != null && (h.dev() != id[0] || h.ino() != id[1])) {
          Files.move(
              journal,
              journal.resolveSibling(journal.getFileName() + "." + h.ino() + ".orphaned"),
              StandardCopyOption.REPLACE_EXISTING);
          return;
        }
        if (h != null && h.state() == MboxJournal.State.PREPARED) undoPrepared(lock.channel(), h);
        if (h != null && h.state() == MboxJournal.State.COMMITTED)
          rollForward(mbox, journal, j, lock.channel(), h);
      }
      Files.deleteIfExists(journal);
      MboxJournal.fsyncDir(journal.getParent());
    } catch (NoSuchFileException e) {
      // another jmail completed it meanwhile
    } catch (IOException e) {
      throw new IoFailureException(
          mbox + ": cannot complete the interrupted change in " + journal + ": " + e.getMessage(),
          e);
    }
  }

  private static void undoPrepared(FileChannel f, MboxJournal.Header h) throws IOException {
    long cur = f.size();
    long zeros = 0;
    long limit = Math.min(cur, h.reserved());
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
    outer:
    while (h.size() + zeros < limit) {
      b.clear().limit((int) Math.min(b.capacity(), limit - h.size() - zeros));
      int n = f.read(b, h.size() + zeros);
      if (n <= 0) break;
      for (int i = 0; i < n; i++) {
        if (b.get(i) != 0) break outer;
        zeros++;
      }
    }
    if (zeros == 0) return;
    ChannelBytes.copy(f, h.size() + zeros, cur, f, h.size());
    f.truncate(cur - zeros);
    f.force(false);
  }

  private static void rollForward(
      Path mbox, Path journal, FileChannel j, FileChannel f, MboxJournal.Header h)
      throws IOException {
    long dataEnd = MboxJournal.HEADER + h.length();
    if (j.size() < dataEnd) {
      throw new IoFailureException(
          mbox
              + ": the journal "
              + journal
              + " of an interrupted change is damaged; it was"
              + " kept: compare it with the mailbox by hand (its data starts at byte 512 and belongs at byte "
              + h.start()
              + ")");
    }
    long end = h.start() + h.length();
    long cur = f.size();
    boolean truncated = cur < h.reserved() || MboxJournal.crc(f, end, h.reserved()) != h.tailCrc();
    ChannelBytes.copy(j, MboxJournal.HEADER, dataEnd, f, h.start());
    if (!truncated) {
      ChannelBytes.copy(f, h.reserved(), cur, f, end);
      f.truncate(end + (cur - h.reserved()));
    }
    f.force(false);
  }
}
