package dev.jmail.store.lock;

import dev.jmail.error.IoFailureException;
import dev.jmail.error.TemporaryFailureException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The traditional mail spool lock: a file {@code MAILBOX.lock} next to the mailbox, as created by
 * Postfix {@code local}, procmail, liblockfile, mutt and s-nail.
 *
 * <p>Creation is the NFS-safe classic: write our pid and host into a uniquely named file in the
 * same directory, then {@code link(2)} it to {@code MAILBOX.lock}. {@code link} fails with EEXIST
 * when the lock exists, atomically, on every file system including NFS (where {@code O_EXCL} was
 * unreliable before NFSv3); the lock file appears with its content already written, so nobody ever
 * reads a half-written pid. When the file system refuses hard links we fall back to {@code
 * CREATE_NEW} ({@code O_CREAT|O_EXCL}).
 *
 * <p>Stale locks: see {@link LockPolicy}. A lock held by a dead pid on this host (or holding only a
 * pid that does not run here) is removed at once; an empty or unparseable one, or one of another
 * host, follows the age rule: removed only when older than {@code lock-stale}. We wait at most
 * {@code lock-timeout}, then fail with {@link TemporaryFailureException} (exit 75). We never hang.
 *
 * <p>An unwritable spool directory (e.g. {@code /var/mail} mode 2775 root:mail, user not in group
 * mail, no setgid helper installed): the dotlock cannot be created by anyone but the MTA. Like mutt
 * without a setgid {@code mutt_dotlock} (its "dotlock impossible" case) and s-nail without its
 * privileged helper, we then rely on the {@code fcntl} and {@code flock} locks, which Postfix and
 * procmail also take; {@link #acquire} returns {@code null} in that case and {@link
 * MailboxLock#dotlocked()} reports it.
 */
public final class Dotlock implements AutoCloseable {
  private final Path lockFile;
  private final FileTime createdMtime;
  private boolean released;

  private Dotlock(Path lockFile, FileTime createdMtime) {
    this.lockFile = lockFile;
    this.createdMtime = createdMtime;
  }

  /** This host's name as it appears in the names of dotlock candidates. */
  public static String hostName() {
    return LockHolder.HOST.replace('/', '_');
  }

  /** {@code /path/box} → {@code /path/box.lock}. */
  public static Path lockFileFor(Path mailbox) {
    Path abs = mailbox.toAbsolutePath();
    return abs.resolveSibling(abs.getFileName() + ".lock");
  }

  /**
   * Takes the dotlock for {@code mailbox}, waiting as the policy allows.
   *
   * @return the lock, or {@code null} when the directory does not let us create files at all
   * @throws TemporaryFailureException when another live holder keeps it past the timeout
   */
  public static Dotlock acquire(Path mailbox, LockPolicy policy) {
    return acquire(mailbox, policy, Instant.now().plus(policy.timeout()));
  }

  static Dotlock acquire(Path mailbox, LockPolicy policy, Instant deadline) {
    Path lock = lockFileFor(mailbox);
    Path dir = lock.getParent();
    long sleepMs = 20;
    while (true) {
      Dotlock got;
      try {
        got = tryCreate(lock, dir);
      } catch (AccessDeniedException e) {
        return null; // directory not writable for us: fcntl and flock only (see class comment)
      } catch (NoSuchFileException e) {
        throw new dev.jmail.error.CannotCreateException(dir + ": no such directory", e);
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("Read-only file system")) return null;
        throw new IoFailureException(lock + ": cannot create lock file: " + e.getMessage(), e);
      }
      if (got != null) return got;
      if (removeIfStale(lock, policy)) continue;
      if (!Instant.now().isBefore(deadline)) {
        throw new TemporaryFailureException(busyMessage(mailbox, lock, policy));
      }
      try {
        Thread.sleep(
            Math.min(sleepMs, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TemporaryFailureException(mailbox + ": interrupted while waiting for lock", e);
      }
      sleepMs = Math.min(500, sleepMs * 2);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // nothing more to do
    }
  }

  /** One attempt: the lock, or null when someone else holds it. */
  private static Dotlock tryCreate(Path lock, Path dir) throws IOException {
    Path unique =
        dir.resolve(
            "."
                + lock.getFileName()
                + "."
                + LockHolder.HOST.replace('/', '_')
                + "."
                + LockHolder.pid()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.write(
          unique, LockHolder.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      // created but not written (full disk): remove it, never leave it behind
      if (!(e instanceof FileAlreadyExistsException)) deleteQuietly(unique);
      throw e;
    }
    try {
      try {
        Files.createLink(lock, unique);
      } catch (FileAlreadyExistsException e) {
        // link() may report EEXIST wrongly over NFS after a lost reply: the link count tells.
        if (linkCount(unique) == 2) return new Dotlock(lock, Files.getLastModifiedTime(lock));
        return null;
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
        if (e instanceof FileAlreadyExistsException) throw e;
        if (e instanceof AccessDeniedException) throw e;
        // no hard links here (some FUSE/SMB mounts): O_EXCL creation instead
        try {
          Files.write(
              lock, LockHolder.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException held) {
          return null;
        } catch (IOException notWritten) {
          deleteQuietly(lock); // ours, created but empty (full disk): not a lock anyone holds
          throw notWritten;
        }
      }
      return new Dotlock(lock, Files.getLastModifiedTime(lock));
    } finally {
      Files.deleteIfExists(unique);
    }
  }

  private static int linkCount(Path p) {
    try {
      return ((Number) Files.getAttribute(p, "unix:nlink")).intValue();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Removes the lock if its holder is dead here or it is older than the stale threshold. */
  private static boolean removeIfStale(Path lock, LockPolicy policy) {
    try {
      FileTime mtime = Files.getLastModifiedTime(lock);
      LockHolder.Parsed holder = LockHolder.Parsed.of(Files.readAllBytes(lock));
      boolean old = mtime.toInstant().plus(policy.stale()).isBefore(Instant.now());
      if (!holder.holderIsDeadHere() && !old) return false;
      // Re-check just before removal that it is still the same lock (same mtime), so a fresh lock
      // taken by someone else in between is not removed. The window left is the same as
      // liblockfile's and Postfix's.
      if (!Files.getLastModifiedTime(lock).equals(mtime)) return false;
      Files.deleteIfExists(lock);
      return true;
    } catch (NoSuchFileException e) {
      return true; // released meanwhile: retry at once
    } catch (IOException e) {
      return false;
    }
  }

  private static String busyMessage(Path mailbox, Path lock, LockPolicy policy) {
    String who = "another process";
    String age = "";
    try {
      who = LockHolder.Parsed.of(Files.readAllBytes(lock)).describe();
      long secs =
          Duration.between(Files.getLastModifiedTime(lock).toInstant(), Instant.now()).toSeconds();
      age = ", " + secs + " s old";
    } catch (IOException e) {
      // vanished: report generically
    }
    return mailbox
        + ": mailbox is locked by "
        + who
        + " ("
        + lock
        + age
        + "); gave up after "
        + policy.timeout().toSeconds()
        + " s; a lock older than "
        + policy.stale().toSeconds()
        + " s (lock-stale) is removed";
  }

  /** Keeps the lock fresh during a long operation, so no one judges it stale. */
  public void touch() {
    try {
      Files.setLastModifiedTime(lockFile, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // best effort
    }
  }

  public Path path() {
    return lockFile;
  }

  FileTime createdMtime() {
    return createdMtime;
  }

  /** Removes the lock file, but only if it is still ours (our pid and host inside). */
  @Override
  public void close() {
    if (released) return;
    released = true;
    try {
      LockHolder.Parsed p = LockHolder.Parsed.of(Files.readAllBytes(lockFile));
      if (p.pid() == LockHolder.pid() && LockHolder.HOST.equals(p.host()))
        Files.deleteIfExists(lockFile);
    } catch (IOException e) {
      // already gone (removed as stale by someone): nothing to release
    }
  }
}
