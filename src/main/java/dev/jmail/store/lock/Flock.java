package dev.jmail.store.lock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
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
 * #close()}, after the {@code fcntl} lock was released (closing any descriptor of a file drops the
 * process's {@code fcntl} locks on it).
 */
final class Flock implements AutoCloseable {
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;
  private static final int O_NOFOLLOW = 0400000;
  private static final int LOCK_EX = 2;
  private static final int LOCK_NB = 4;
  private static final int EINTR = 4;
  private static final int EWOULDBLOCK = 11;

  private static final class LibC {
    static {
      Native.register(
          NativeLibrary.getInstance(Platform.C_LIBRARY_NAME)); // "libc.so.6": no ldconfig -p run
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
      useUnpackedNative();
      Class.forName(LibC.class.getName(), true, Flock.class.getClassLoader());
      return true;
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no flock here
      return false;
    }
  }

  /**
   * Points JNA at {@code lib/native/linux-ARCH/libjnidispatch.so} beside jmail's jar (unpacked by
   * the build), so that it does not unpack its library into {@code ~/.cache} at every run.
   */
  private static void useUnpackedNative() {
    // Given, this spares JNA a run of "ldconfig -p" to list the system's library directories;
    // libc.so.6 is found by the dynamic loader itself.
    if (System.getProperty("jna.platform.library.path") == null) {
      System.setProperty("jna.platform.library.path", "/lib:/usr/lib");
    }
    if (System.getProperty("jna.boot.library.path") != null) return;
    try {
      var source = Flock.class.getProtectionDomain().getCodeSource();
      if (source == null) return;
      Path jar = Path.of(source.getLocation().toURI());
      String arch = System.getProperty("os.arch", "");
      String dir = "linux-" + (arch.equals("amd64") || arch.equals("x86_64") ? "x86-64" : arch);
      Path nativeDir = jar.getParent().resolve("native").resolve(dir);
      if (java.nio.file.Files.isRegularFile(nativeDir.resolve("libjnidispatch.so"))) {
        System.setProperty("jna.boot.library.path", nativeDir.toString());
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // JNA unpacks its own copy
    }
  }

  static boolean available() {
    return AVAILABLE;
  }

  private int fd;

  private Flock(int fd) {
    this.fd = fd;
  }

  /**
   * Opens {@code file} for the lock (not through a final symbolic link when {@code noFollow}); null
   * when flock is unavailable here.
   */
  static Flock open(Path file, boolean noFollow) throws java.io.IOException {
    if (!AVAILABLE) return null;
    try {
      return new Flock(
          LibC.open(
              file.toAbsolutePath().toString(),
              O_RDONLY | O_CLOEXEC | (noFollow ? O_NOFOLLOW : 0)));
    } catch (LastErrorException e) {
      throw new java.io.IOException(
          file + ": cannot open for flock (errno " + e.getErrorCode() + ")");
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
        if (e.getErrorCode() != EINTR)
          throw new java.io.IOException("flock failed (errno " + e.getErrorCode() + ")");
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
