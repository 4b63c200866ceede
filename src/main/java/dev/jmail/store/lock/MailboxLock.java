package dev.jmail.store.lock;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
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
 * All three locks a writer of an mbox takes, as one try-with-resources value, in this order: the
 * {@code .lock} dotlock ({@link Dotlock}), an exclusive {@code fcntl} lock ({@link
 * FileChannel#tryLock}) and an exclusive {@code flock} lock ({@link Flock}) on the mailbox file
 * itself. On Linux the last two are independent, and each is the only lock some program takes
 * (Postfix {@code local}, procmail, mutt, s-nail and Python's {@code mailbox} take the dotlock and
 * {@code fcntl}; mutt and procmail can be built for {@code flock}; scripts use {@code flock(1)}).
 * All waits share one deadline ({@code lock-timeout}); nothing blocks forever, and the error names
 * the lock and its holder's pid when {@code /proc/locks} or the dotlock tells it.
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
  private final Flock flock;
  private final LockPolicy policy;

  private MailboxLock(
      Path mailbox,
      Dotlock dotlock,
      FileChannel channel,
      FileLock osLock,
      Flock flock,
      LockPolicy policy) {
    this.mailbox = mailbox;
    this.dotlock = dotlock;
    this.channel = channel;
    this.osLock = osLock;
    this.flock = flock;
    this.policy = policy;
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

  /**
   * All three locks or none. The kernel locks come first, as mutt, s-nail and Python's mailbox take
   * them: a writer of theirs that holds fcntl and polls for the dotlock is then never held up by
   * ours. Programs that take the dotlock first (procmail, Postfix, liblockfile) then block on
   * fcntl: for them flock and the dotlock are waited for in short slices, and between slices
   * everything is let go for a moment.
   */
  private static MailboxLock open(
      Path mailbox, LockPolicy policy, boolean create, OpenOption... extra) {
    Instant deadline = Instant.now().plus(policy.timeout());
    boolean noFollow = java.util.List.of(extra).contains(LinkOption.NOFOLLOW_LINKS);
    Waiter backOff = new Waiter(deadline);
    while (true) {
      FileChannel ch = null;
      FileLock fl = null;
      Flock fk = null;
      Dotlock dot = null;
      try {
        // A mailbox about to be created is created under the dotlock, so that a delivery that then
        // cannot get the locks leaves no empty file behind.
        boolean creating = create && !Files.exists(mailbox, LinkOption.NOFOLLOW_LINKS);
        if (creating) dot = Dotlock.acquire(mailbox, policy, deadline);
        ch = openChannel(mailbox, create, extra);
        // holding the dotlock, fcntl is waited for only a slice: others may have opened the new
        // file
        Instant firstSlice = earliest(deadline, Instant.now().plus(HOLD_WHILE_WAITING));
        fl = fcntl(mailbox, ch, creating ? firstSlice : deadline, policy);
        Instant slice = earliest(deadline, Instant.now().plus(HOLD_WHILE_WAITING));
        fk = flock(mailbox, slice, policy, noFollow);
        if (dot == null) dot = Dotlock.acquire(mailbox, policy, slice);
        return new MailboxLock(mailbox, dot, ch, fl, fk, policy);
      } catch (TemporaryFailureException e) {
        release(fl, ch, fk, dot);
        if (!Instant.now().isBefore(deadline) || !backOff.sleep()) throw e;
      } catch (RuntimeException e) {
        release(fl, ch, fk, dot);
        throw e;
      }
    }
  }

  /** How long one lock is held while another is waited for, before all are let go for a moment. */
  private static final Duration HOLD_WHILE_WAITING = Duration.ofMillis(500);

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Flock flock(Path mailbox, Instant deadline, LockPolicy policy, boolean noFollow) {
    Flock f;
    try {
      f = Flock.open(mailbox, noFollow);
    } catch (IOException e) {
      throw new IoFailureException(mailbox + ": cannot lock: " + e.getMessage(), e);
    }
    if (f == null) return null;
    try {
      Waiter w = new Waiter(deadline);
      while (!f.tryLock()) {
        if (!w.sleep()) {
          throw new TemporaryFailureException(
              mailbox
                  + ": mailbox is locked (flock) by "
                  + ProcLocks.describe(mailbox, "FLOCK")
                  + "; gave up after "
                  + policy.timeout().toSeconds()
                  + " s (lock-timeout)");
        }
      }
      return f;
    } catch (IOException | RuntimeException e) {
      f.close();
      if (e instanceof RuntimeException r) throw r;
      throw new IoFailureException(mailbox + ": cannot lock: " + e.getMessage(), e);
    }
  }

  /** Sleeps with back-off until a deadline; false once it has passed. */
  private static final class Waiter {
    private final Instant deadline;
    private long sleepMs = 10;

    Waiter(Instant deadline) {
      this.deadline = deadline;
    }

    boolean sleep() {
      if (!Instant.now().isBefore(deadline)) return false;
      try {
        Thread.sleep(
            Math.min(sleepMs, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      sleepMs = Math.min(200, sleepMs * 2);
      return true;
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
            mailbox,
            opts,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      return FileChannel.open(mailbox, opts);
    } catch (NoSuchFileException e) {
      if (create)
        throw new CannotCreateException(mailbox + ": cannot create: no such directory", e);
      throw new NoInputException(mailbox + ": no such mailbox", e);
    } catch (AccessDeniedException e) {
      if (create && !Files.exists(mailbox)) {
        throw new CannotCreateException(mailbox + ": cannot create: permission denied", e);
      }
      throw new CannotCreateException(
          mailbox + ": read-only: cannot change it: permission denied", e);
    } catch (FileSystemException e) {
      String why = e.getReason() == null ? e.toString() : e.getReason();
      if (why.contains("Read-only"))
        throw new CannotCreateException(mailbox + ": read-only file system", e);
      throw new IoFailureException(mailbox + ": " + why, e);
    } catch (IOException e) {
      throw new IoFailureException(mailbox + ": " + e.getMessage(), e);
    }
  }

  private static FileLock fcntl(Path mailbox, FileChannel ch, Instant deadline, LockPolicy policy) {
    Waiter w = new Waiter(deadline);
    while (true) {
      try {
        FileLock l = ch.tryLock();
        if (l != null) return l;
      } catch (OverlappingFileLockException e) {
        // another thread of this JVM holds it: wait like for another process
      } catch (IOException e) {
        throw new IoFailureException(mailbox + ": cannot lock: " + e.getMessage(), e);
      }
      if (!w.sleep()) {
        throw new TemporaryFailureException(
            mailbox
                + ": mailbox is locked (fcntl) by "
                + ProcLocks.describe(mailbox, "POSIX")
                + "; gave up after "
                + policy.timeout().toSeconds()
                + " s (lock-timeout)");
      }
    }
  }

  public Path mailbox() {
    return mailbox;
  }

  /** The read/write channel on the locked mailbox; read and write only through it. */
  public FileChannel channel() {
    return channel;
  }

  /** The policy the lock was taken with (its state directory holds journals the spool cannot). */
  public LockPolicy policy() {
    return policy;
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
    release(osLock, channel, flock, dotlock);
  }

  /** fcntl, then flock (its descriptor's close would drop fcntl locks), then the dotlock. */
  private static void release(FileLock fl, FileChannel ch, Flock fk, Dotlock dot) {
    try {
      if (fl != null && fl.isValid()) fl.release();
    } catch (IOException e) {
      // closing the channel releases it anyway
    }
    closeQuietly(ch);
    if (fk != null) fk.close();
    if (dot != null) dot.close();
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
