package dev.jmail.store.mbox;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.lock.MailboxLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Changes an mbox in place, through a journal, so that the file keeps its inode (an appender that
 * opened it before us, with {@code O_APPEND}, and waits for a lock still appends to the live file)
 * and a crash at any instant leaves something {@link JournalRecovery} completes or undoes, keeping
 * every byte another program appended meanwhile. This is how mutt and Dovecot rewrite an mbox, plus
 * the journal they lack.
 *
 * <p>Protocol; the caller holds all three locks ({@link MailboxLock}: dotlock, {@code fcntl},
 * {@code flock}) from before the scan until after step 9, and {@link JournalRecovery} ran first:
 *
 * <ol>
 *   <li>From the first changed message (offset P) on, the new content (kept messages byte for byte,
 *       edited flag headers, no deleted messages) is written to the journal (see {@link
 *       MboxJournal}) beside the folder, or in the state directory when the folder's directory
 *       takes no new files; mode 0600, created exclusively.
 *   <li>The folder's size S is read again: bytes past the scanned end (a writer that takes no lock)
 *       are appended to the journal data too. L = data length, E = max(S, P + L).
 *   <li>When the new content is longer (E &gt; S): the header is written as PREPARED, the journal
 *       and its directory fsync'ed, then NUL bytes written to the folder from S to E (blocks
 *       allocated now, so a full disk shows here, before anything is overwritten) and the folder
 *       fsync'ed.
 *   <li>Commit: the data was fsync'ed first; now the header is written as COMMITTED with the CRC of
 *       the folder's bytes [P + L, E) (what recovery compares to tell whether step 7 happened), the
 *       journal fsync'ed again, and the directory. Before this point the folder holds its old
 *       content (and maybe NULs past S); from here on, recovery rolls forward.
 *   <li>The data is copied over the folder at P (in place; the file never shrinks here).
 *   <li>The size is read again; bytes past E (a writer that takes no lock) are appended to the
 *       journal and the header re-committed before they are copied down after the data; repeated
 *       until the size stays.
 *   <li>The folder is truncated to P + L (+ those bytes) and fsync'ed.
 *   <li>The journal is removed and the directory fsync'ed.
 *   <li>The locks are released (by the caller).
 * </ol>
 *
 * A failure before step 4 (full disk, I/O error) removes the journal, cuts the folder back to S,
 * and reports that the mailbox was left as it was. A failure after it leaves the journal: the next
 * run completes the change. The {@link KillPoints} seam lets tests stop the protocol between any
 * two steps, as a crash would.
 */
final class JournaledRewrite {
  /** A test seam: called at each named point of the protocol; may throw to simulate a crash. */
  interface KillPoints {
    KillPoints NONE = step -> {};

    void reached(String step) throws IOException;
  }

  private final KillPoints kill;

  JournaledRewrite(KillPoints kill) {
    this.kill = kill;
  }

  /**
   * Runs steps 1–8 for the change starting at offset {@code firstChange}.
   *
   * @param scannedEnd where the locked scan ended (the size it saw)
   */
  void rewrite(
      MailboxLock lock,
      List<MboxRewriter.Scanned> scanned,
      Map<Integer, MessageEdit> edits,
      long firstChange,
      long scannedEnd,
      Path stateDir)
      throws IOException {
    Path mbox = lock.mailbox().toAbsolutePath();
    FileChannel folder = lock.channel();
    long[] id = MboxJournal.identity(mbox);
    Opened opened = openJournal(mbox, stateDir, id);
    Path journal = opened.path();
    boolean committed = false;
    long size = -1;
    try (FileChannel j = opened.channel()) {
      kill.reached("journal-created");
      // 1. the new content
      long length = NewContent.write(lock, scanned, edits, firstChange, j, MboxJournal.HEADER);
      kill.reached("journal-written");
      // 2. bytes a lockless writer appended meanwhile
      size = folder.size();
      if (size > scannedEnd) {
        ChannelBytes.copy(folder, scannedEnd, size, j, MboxJournal.HEADER + length);
        length += size - scannedEnd;
      }
      long end = firstChange + length;
      long reserved = Math.max(size, end);
      // fdatasync (force(false)) throughout: it flushes the data and the size, all a crash
      // recovery reads; times and the like are not worth a metadata flush
      j.force(false); // the data is durable before any header says it is there
      MboxJournal.Header h =
          new MboxJournal.Header(
              MboxJournal.State.PREPARED, id[0], id[1], size, reserved, firstChange, length, 0);
      // 3. room for a longer content
      if (reserved > size) {
        MboxJournal.writeHeader(j, h);
        j.force(false);
        MboxJournal.fsyncDir(journal.getParent());
        kill.reached("prepared");
        ChannelBytes.zeros(folder, size, reserved - size);
        folder.force(false);
        kill.reached("extended");
      }
      // 4. commit
      h =
          new MboxJournal.Header(
              MboxJournal.State.COMMITTED,
              id[0],
              id[1],
              size,
              reserved,
              firstChange,
              length,
              MboxJournal.crc(folder, end, reserved));
      MboxJournal.writeHeader(j, h);
      j.force(false);
      MboxJournal.fsyncDir(journal.getParent());
      committed = true;
      kill.reached("committed");
      // 5. in place
      ChannelBytes.copy(j, MboxJournal.HEADER, MboxJournal.HEADER + length, folder, firstChange);
      kill.reached("copied");
      // 6. bytes appended past E by a writer that takes no lock
      for (int round = 0; round < 16; round++) {
        long now = folder.size();
        if (now <= h.reserved()) break;
        long extra = now - h.reserved();
        ChannelBytes.copy(folder, h.reserved(), now, j, MboxJournal.HEADER + h.length());
        j.force(false);
        long newLength = h.length() + extra;
        long newEnd = firstChange + newLength;
        h =
            new MboxJournal.Header(
                MboxJournal.State.COMMITTED,
                id[0],
                id[1],
                now,
                now,
                firstChange,
                newLength,
                MboxJournal.crc(folder, newEnd, now));
        MboxJournal.writeHeader(j, h);
        j.force(false);
        ChannelBytes.copy(
            j,
            MboxJournal.HEADER + newLength - extra,
            MboxJournal.HEADER + newLength,
            folder,
            newEnd - extra);
        kill.reached("tail-moved");
      }
      // 7. cut to the new length
      folder.truncate(firstChange + h.length());
      kill.reached("truncated");
      folder.force(false);
      kill.reached("synced");
    } catch (IOException | RuntimeException e) {
      if (!committed) {
        undo(folder, journal, size, e);
        throw e;
      }
      String why =
          e instanceof java.nio.file.FileSystemException f && f.getReason() != null
              ? f.getReason()
              : e.getMessage();
      throw new IoFailureException(
          mbox
              + ": rewriting in place failed half-way ("
              + why
              + "); the journal "
              + journal
              + " holds the change: the next jmail command that opens the folder completes it",
          e);
    }
    // 8. done
    Files.delete(journal);
    MboxJournal.fsyncDir(journal.getParent());
    kill.reached("journal-removed");
  }

  /** Before the commit: the folder back to its size S, the journal gone. */
  private static void undo(FileChannel folder, Path journal, long size, Exception e) {
    try {
      if (size >= 0 && folder.size() > size) {
        folder.truncate(size);
        folder.force(false);
      }
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
    try {
      Files.deleteIfExists(journal);
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  private record Opened(Path path, FileChannel channel) {}

  /**
   * The journal file, created beside the folder, or in the state directory when the folder's
   * directory takes no new files.
   */
  private Opened openJournal(Path mbox, Path stateDir, long[] id) throws IOException {
    Path beside = MboxJournal.beside(mbox);
    try {
      kill.reached("create-beside");
      return new Opened(beside, MboxJournal.create(beside));
    } catch (AccessDeniedException e) {
      // a Debian /var/mail: the state directory instead
    } catch (FileSystemException e) {
      if (e instanceof FileAlreadyExistsException
          || e.getReason() == null
          || !e.getReason().contains("Read-only")) {
        throw e;
      }
    }
    if (stateDir == null) {
      throw new CannotCreateException(
          mbox
              + ": cannot rewrite: directory "
              + mbox.getParent()
              + " is not writable (mailbox left as it was)");
    }
    try {
      Files.createDirectories(
          stateDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path p = MboxJournal.inStateDir(stateDir, mbox, id[0], id[1]);
      return new Opened(p, MboxJournal.create(p));
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException e) {
      throw new CannotCreateException(
          mbox
              + ": cannot rewrite: directory "
              + mbox.getParent()
              + " is not writable and neither is "
              + stateDir
              + " (mailbox left as it was)",
          e);
    }
  }
}
