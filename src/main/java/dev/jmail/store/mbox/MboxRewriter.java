package dev.jmail.store.mbox;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.lock.MailboxLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one entry point for changing an mbox (expunge, {@code Status:}/{@code X-Status:} flag
 * updates, replaced texts), in steps each owned by one class:
 *
 * <ol>
 *   <li>{@link LockedScan}: under {@link MailboxLock} (dotlock, {@code fcntl}, {@code flock}),
 *       after {@link JournalRecovery} has completed any change a killed run left;
 *   <li>{@link Staleness}: the caller's view still matches, else exit 65 and nothing written;
 *   <li>{@link StaleTemporaries}: debris of killed runs removed;
 *   <li>{@link JournaledRewrite}: the new content through a journal, then in place — the file keeps
 *       its inode, owner and mode, and a crash at any point is completed by the next run; {@link
 *       NewContent} computes the bytes, {@link StatusHeaders} the flag headers.
 * </ol>
 *
 * A failure before the journal is committed (full disk, read-only file system) leaves the mailbox
 * as it was: exit 74 (I/O, full disk) or 73 (read-only, no place for the journal).
 *
 * <p>An emptied mailbox is truncated to 0 bytes and never removed, whatever {@code keep} says: a
 * program that opened it before us and waits for a lock (procmail, a Python {@code lockf} writer,
 * s-nail) would append to the removed file once we let go, and its message would be lost. Whether
 * some process still holds the file open cannot be known, so the empty file stays, as mutt and
 * Dovecot leave it.
 */
public final class MboxRewriter {
  private MboxRewriter() {}

  /**
   * A message found by the locked scan: its entry, header length (for flag rewrites) and raw {@code
   * Message-ID} value (null when absent).
   */
  public record Scanned(
      MessageEntry entry, int headerLength, boolean headerTruncated, String messageId) {
    public MessageLocation.Mbox location() {
      return (MessageLocation.Mbox) entry.location();
    }
  }

  /** How a rewrite ended. */
  public record Outcome(int deleted, int flagged, int kept) {}

  /** Scans the locked mailbox through the lock's channel, after completing a leftover journal. */
  public static List<Scanned> scan(MailboxLock lock) {
    return LockedScan.scan(lock);
  }

  /**
   * Checks that the messages a caller saw are still the first messages of the locked scan, at the
   * same offsets; new mail may follow them.
   */
  public static void checkUnchanged(Path mbox, List<MessageEntry> seen, List<Scanned> now) {
    Staleness.check(mbox, seen, now);
  }

  /**
   * Applies edits (keyed by 1-based message number of {@code scanned}) to the locked mailbox.
   * Messages without an edit, including any beyond the caller's view, are kept as they are.
   *
   * @param stateDir where the journal goes when the mailbox's directory takes no new files
   */
  public static Outcome rewrite(
      MailboxLock lock, List<Scanned> scanned, Map<Integer, MessageEdit> edits, Path stateDir) {
    return rewrite(lock, scanned, edits, stateDir, JournaledRewrite.KillPoints.NONE);
  }

  static Outcome rewrite(
      MailboxLock lock,
      List<Scanned> scanned,
      Map<Integer, MessageEdit> edits,
      Path stateDir,
      JournaledRewrite.KillPoints kill) {
    Path mbox = lock.mailbox().toAbsolutePath();
    int deleted = 0, flagged = 0, kept = 0;
    long firstChange = -1;
    for (Scanned s : scanned) {
      MessageEdit e = edits.get(s.entry().number());
      if (NewContent.changes(s, e) && firstChange < 0) firstChange = s.location().start();
      if (e != null && e.delete()) {
        deleted++;
      } else {
        kept++;
        if (NewContent.changes(s, e)) flagged++;
      }
    }
    if (deleted == 0 && flagged == 0) return new Outcome(0, 0, kept);
    StaleTemporaries.clean(mbox);
    FileChannel folder = lock.channel();
    try {
      long scannedEnd = scanned.isEmpty() ? 0 : scanned.get(scanned.size() - 1).location().end();
      if (kept == 0 && folder.size() == scannedEnd) {
        folder.truncate(0);
        folder.force(true); // kept, empty: see the class comment
        return new Outcome(deleted, flagged, 0);
      }
      new JournaledRewrite(kill).rewrite(lock, scanned, edits, firstChange, scannedEnd, stateDir);
    } catch (AccessDeniedException e) {
      throw new CannotCreateException(
          mbox
              + ": cannot rewrite: permission denied on "
              + e.getFile()
              + " (mailbox left as it was)",
          e);
    } catch (IOException e) {
      throw failure(mbox, e);
    }
    return new Outcome(deleted, flagged, kept);
  }

  /**
   * Full disk, read-only file system, I/O error: one line that says which, and that nothing
   * changed.
   */
  static RuntimeException failure(Path mbox, IOException e) {
    String why =
        e instanceof FileSystemException f && f.getReason() != null
            ? f.getReason()
            : String.valueOf(e.getMessage());
    if (why.contains("Read-only")) {
      return new CannotCreateException(
          mbox + ": cannot rewrite: read-only file system (mailbox left as it was)", e);
    }
    if (why.contains("No space") || why.contains("Disk quota")) {
      return new IoFailureException(
          mbox + ": cannot rewrite: no space left on the disk (mailbox left as it was)", e);
    }
    return new IoFailureException(mbox + ": cannot rewrite: " + why, e);
  }

  /**
   * A replacement text with its flag headers set to {@code flags} (null: as the text has them),
   * ending with LF.
   */
  public static byte[] withFlags(byte[] message, Set<Flag> flags) {
    return NewContent.withFlags(message, flags);
  }

  /**
   * A locked message as an entry for {@link MboxAppender}: its From_ line and stored (quoted) text
   * verbatim, with the flag headers set to {@code flags} (null: unchanged). Read through the lock's
   * channel.
   */
  public static MboxAppender.Entry entryFor(MailboxLock lock, Scanned s, Set<Flag> flags) {
    MessageLocation.Mbox loc = s.location();
    FileChannel ch = lock.channel();
    try {
      byte[] from = ChannelBytes.read(ch, loc.start(), (int) (loc.contentStart() - loc.start()));
      int n = from.length;
      while (n > 0 && (from[n - 1] == '\n' || from[n - 1] == '\r')) n--;
      byte[] fromLine = Arrays.copyOf(from, n);
      if (flags == null || s.headerTruncated()) {
        return MboxAppender.Entry.quoted(
            fromLine,
            ChannelBytes.read(ch, loc.contentStart(), Math.toIntExact(loc.contentLength())));
      }
      byte[] header =
          StatusHeaders.replace(ChannelBytes.read(ch, loc.contentStart(), s.headerLength()), flags);
      byte[] rest =
          ChannelBytes.read(
              ch,
              loc.contentStart() + s.headerLength(),
              Math.toIntExact(loc.contentEnd() - loc.contentStart() - s.headerLength()));
      byte[] body = Arrays.copyOf(header, header.length + rest.length);
      System.arraycopy(rest, 0, body, header.length, rest.length);
      return MboxAppender.Entry.quoted(fromLine, body);
    } catch (IOException e) {
      throw new IoFailureException(lock.mailbox() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A locked message's RFC 5322 bytes as stored (without the From_ line, mboxrd {@code >From }
   * un-quoted), read through the lock's channel: what a Maildir copy of it holds.
   */
  public static byte[] storedMessage(MailboxLock lock, Scanned s) {
    MessageLocation.Mbox loc = s.location();
    try (var in =
        new FromUnquotingInputStream(
            new java.io.ByteArrayInputStream(
                ChannelBytes.read(
                    lock.channel(), loc.contentStart(), Math.toIntExact(loc.contentLength()))))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IoFailureException(lock.mailbox() + ": " + e.getMessage(), e);
    }
  }
}
