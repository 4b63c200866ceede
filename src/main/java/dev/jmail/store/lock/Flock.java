package dev.jmail.store.lock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.file.Path;

/**
 * A {@code flock(2)} lock on a file. On Linux {@code flock} and {@code fcntl} locks are
 * independent, and some programs take only {@code flock} (procmail with {@code LOCKING=flock},
 * Python's {@code fcntl.flock}, {@code flock(1)} in scripts). Java has no {@code flock}: it is
 * called through JNA (direct mapping onto libc, nothing compiled at build time), loaded only by
 * commands that change a mailbox. Where JNA cannot load, {@link #available()} is false and the
 * other two locks are taken alone.
 *
 * <p>The descriptor is a second one on the file, opened by libc; it is closed only in {@link
 * #close()}, after the {@code fcntl} lock was released (closing any descriptor of a file drops
 * the process's {@code fcntl} locks on it).
 */
final class Flock implements AutoCloseable {
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;
  private static final int LOCK_EX = 2;
  private static final int LOCK_NB = 4;
  private static final int EINTR = 4;
  private static final int EWOULDBLOCK = 11;

  private static final class LibC {
    static {
      Native.register(NativeLibrary.getInstance("c"));
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int flock(int fd, int operation) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
  }

  private static final boolean AVAILABLE = load();

  private static boolean load() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
        && !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("bsd")) {
      return false;
    }
    try {
      Class.forName(LibC.class.getName(), true, Flock.class.getClassLoader());
      return true;
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no flock here
      return false;
    }
  }

  static boolean available() {
    return AVAILABLE;
  }

  private int fd;

  private Flock(int fd) {
    this.fd = fd;
  }

  /** Opens {@code file} for the lock; null when flock is unavailable here. */
  static Flock open(Path file) throws java.io.IOException {
    if (!AVAILABLE) return null;
    try {
      return new Flock(LibC.open(file.toAbsolutePath().toString(), O_RDONLY | O_CLOEXEC));
    } catch (LastErrorException e) {
      throw new java.io.IOException(file + ": cannot open for flock (errno " + e.getErrorCode() + ")");
    }
  }

  /** One non-blocking attempt at the exclusive lock: false when another holds it. */
  boolean tryLock() throws java.io.IOException {
    while (true) {
      try {
        LibC.flock(fd, LOCK_EX | LOCK_NB);
        return true;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == EWOULDBLOCK) return false;
        if (e.getErrorCode() != EINTR) throw new java.io.IOException("flock failed (errno " + e.getErrorCode() + ")");
      }
    }
  }

  /** Closes the descriptor, which releases the lock. */
  @Override
  public void close() {
    if (fd < 0) return;
    try {
      LibC.close(fd);
    } catch (LastErrorException e) {
      // the lock goes with the descriptor in any case
    }
    fd = -1;
  }
}
