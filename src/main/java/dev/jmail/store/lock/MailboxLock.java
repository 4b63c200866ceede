package dev.jmail.store.lock;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.error.PermissionException;
import dev.jmail.error.TemporaryFailureException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Both locks a writer of an mbox takes, as one try-with-resources value: the {@code .lock} dotlock
 * ({@link Dotlock}) and then an exclusive {@code fcntl} lock ({@link FileChannel#tryLock}) on the
 * mailbox file itself, the two that Postfix {@code local}, procmail, mutt, s-nail and Python's
 * {@code mailbox} use. Both waits share one deadline ({@code lock-timeout}); nothing blocks
 * forever.
 *
 * <p>The {@link #channel()} is opened read/write on the mailbox and must be used for all reading
 * and writing while locked: POSIX releases every {@code fcntl} lock a process holds on a file when
 * <em>any</em> descriptor of that file is closed, so opening and closing a second stream on the
 * mailbox would silently drop the lock.
 */
public final class MailboxLock implements AutoCloseable {
  private final Path mailbox;
  private final Dotlock dotlock;
  private final FileChannel channel;
  private final FileLock osLock;

  private MailboxLock(Path mailbox, Dotlock dotlock, FileChannel channel, FileLock osLock) {
    this.mailbox = mailbox;
    this.dotlock = dotlock;
    this.channel = channel;
    this.osLock = osLock;
  }

  /**
   * Locks an existing or new mbox for writing; creates the file with mode 0600 when missing.
   *
   * @throws TemporaryFailureException when a lock stays held past {@code lock-timeout} (exit 75)
   */
  public static MailboxLock exclusive(Path mailbox, LockPolicy policy) {
    return open(mailbox, policy, true);
  }

  /** Locks an existing mbox that must not be created (a folder being changed). */
  public static MailboxLock existing(Path mailbox, LockPolicy policy) {
    return open(mailbox, policy, false);
  }

  /**
   * Locks an existing mbox opened without following a symbolic link ({@code O_NOFOLLOW}): a file in
   * the shared spool directory, which the caller then checks through the opened descriptor.
   */
  public static MailboxLock existingNoFollow(Path mailbox, LockPolicy policy) {
    return open(mailbox, policy, false, LinkOption.NOFOLLOW_LINKS);
  }

  private static MailboxLock open(Path mailbox, LockPolicy policy, boolean create, OpenOption... extra) {
    Instant deadline = Instant.now().plus(policy.timeout());
    Dotlock dot = Dotlock.acquire(mailbox, policy, deadline);
    FileChannel ch = null;
    try {
      ch = openChannel(mailbox, create, extra);
      FileLock fl = fcntl(mailbox, ch, deadline);
      return new MailboxLock(mailbox, dot, ch, fl);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      if (dot != null) dot.close();
      throw e;
    }
  }

  private static FileChannel openChannel(Path mailbox, boolean create, OpenOption... extra) {
    Set<OpenOption> opts = new HashSet<>(java.util.List.of(extra));
    opts.add(StandardOpenOption.READ);
    opts.add(StandardOpenOption.WRITE);
    try {
      if (create && !Files.exists(mailbox)) {
        opts.add(StandardOpenOption.CREATE);
        return FileChannel.open(
            mailbox, opts, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      return FileChannel.open(mailbox, opts);
    } catch (NoSuchFileException e) {
      if (create) throw new CannotCreateException(mailbox + ": cannot create: no such directory", e);
      throw new NoInputException(mailbox + ": no such mailbox", e);
    } catch (AccessDeniedException e) {
      if (create && !Files.exists(mailbox)) {
        throw new CannotCreateException(mailbox + ": cannot create: permission denied", e);
      }
      throw new PermissionException(mailbox + ": cannot open for writing: permission denied", e);
    } catch (FileSystemException e) {
      String why = e.getReason() == null ? e.toString() : e.getReason();
      if (why.contains("Read-only")) throw new CannotCreateException(mailbox + ": read-only file system", e);
      throw new IoFailureException(mailbox + ": " + why, e);
    } catch (IOException e) {
      throw new IoFailureException(mailbox + ": " + e.getMessage(), e);
    }
  }

  private static FileLock fcntl(Path mailbox, FileChannel ch, Instant deadline) {
    long sleepMs = 10;
    while (true) {
      try {
        FileLock l = ch.tryLock();
        if (l != null) return l;
      } catch (OverlappingFileLockException e) {
        // another thread of this JVM holds it: wait like for another process
      } catch (IOException e) {
        throw new IoFailureException(mailbox + ": cannot lock: " + e.getMessage(), e);
      }
      if (!Instant.now().isBefore(deadline)) {
        throw new TemporaryFailureException(
            mailbox + ": mailbox is locked (fcntl) by another program; gave up waiting; try again later");
      }
      try {
        Thread.sleep(Math.min(sleepMs, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TemporaryFailureException(mailbox + ": interrupted while waiting for lock", e);
      }
      sleepMs = Math.min(200, sleepMs * 2);
    }
  }

  public Path mailbox() {
    return mailbox;
  }

  /** The read/write channel on the locked mailbox; read and write only through it. */
  public FileChannel channel() {
    return channel;
  }

  /** False when the spool directory did not let us create a dotlock (fcntl lock only). */
  public boolean dotlocked() {
    return dotlock != null;
  }

  /** Refreshes the dotlock's time stamp during long operations. */
  public void touch() {
    if (dotlock != null) dotlock.touch();
  }

  @Override
  public void close() {
    try {
      if (osLock.isValid()) osLock.release();
    } catch (IOException e) {
      // closing the channel releases it anyway
    }
    closeQuietly(channel);
    if (dotlock != null) dotlock.close();
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) return;
    try {
      ch.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
