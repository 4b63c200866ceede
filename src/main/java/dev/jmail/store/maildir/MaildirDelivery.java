package dev.jmail.store.maildir;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers a message into a Maildir the way qmail's {@code maildir(5)} describes: write it to
 * {@code tmp/UNIQUE}, fsync, then link it into {@code new/} (or {@code cur/} with flags) and unlink
 * the tmp name, so a reader never sees a partial message. No lock is needed.
 *
 * <p>Unique names follow the modern qmail/Dovecot convention {@code SECONDS.MmicrosPpid_Qn.HOST}
 * with {@code ,S=SIZE} (the file size, used by Dovecot and Courier to skip a stat). Host names have
 * {@code /} and {@code :} encoded as {@code \057} and {@code \072}. Messages are stored with LF
 * line ends (CRLF converted), as every Maildir reader expects.
 */
public final class MaildirDelivery {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final AtomicLong LAST_STAMP = new AtomicLong(); // microseconds since the epoch
  private static final String HOST = hostName().replace("/", "\\057").replace(":", "\\072");

  private MaildirDelivery() {}

  /** Creates {@code dir/{tmp,new,cur}} (mode 0700) when missing. */
  public static void ensureMaildir(Path dir) {
    try {
      for (String sub : new String[] {"cur", "new", "tmp"}) {
        Path p = dir.resolve(sub);
        if (!Files.isDirectory(p)) {
          Files.createDirectories(
              p,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
      }
    } catch (AccessDeniedException e) {
      throw new CannotCreateException(dir + ": cannot create Maildir: permission denied", e);
    } catch (IOException e) {
      throw new CannotCreateException(dir + ": cannot create Maildir: " + why(e), e);
    }
  }

  /** Delivers into {@code new/}; returns the final path. */
  public static Path deliver(Path maildir, byte[] message) {
    return deliver(maildir, message, null);
  }

  /**
   * Delivers into {@code cur/} with the given flag letters (e.g. {@code "FS"}, sorted ASCII, {@code
   * maildir(5)} info {@code :2,FLAGS}) when {@code flags} is not null, else into {@code new/}.
   */
  public static Path deliver(Path maildir, byte[] message, String flags) {
    ensureMaildir(maildir);
    byte[] lf = toLf(message);
    String unique = uniqueName(lf.length);
    Path tmp = maildir.resolve("tmp").resolve(unique);
    Path dest =
        flags == null
            ? maildir.resolve("new").resolve(unique)
            : maildir.resolve("cur").resolve(unique + ":2," + sortedFlags(flags));
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        ByteBuffer b = ByteBuffer.wrap(lf);
        while (b.hasRemaining()) ch.write(b);
        ch.force(true);
      }
      try {
        Files.createLink(dest, tmp);
        Files.delete(tmp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof FileAlreadyExistsException) throw (FileAlreadyExistsException) e;
        Files.move(
            tmp,
            dest,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE); // no hard links (FAT, some FUSE)
      }
      fsyncDir(dest.getParent());
      return dest;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof AccessDeniedException) {
        throw new CannotCreateException(maildir + ": cannot deliver: permission denied", e);
      }
      String w = why(e);
      if (w.contains("Read-only"))
        throw new CannotCreateException(maildir + ": read-only file system", e);
      throw new IoFailureException(maildir + ": cannot deliver: " + w, e);
    }
  }

  /**
   * {@code 1700000000.M123456P4242Q7.host,S=1234}: unique per host, process and call. Readers order
   * a Maildir by the seconds and then the microseconds of the name, so within this process the time
   * stamp strictly increases: messages copied in one run list in the order they were copied. (It
   * once joined the wall clock's milliseconds to {@code nanoTime}'s microseconds, which are not
   * aligned: two deliveries in one millisecond could get decreasing stamps, and a copy of 3,000
   * messages listed a fifth of them out of order.)
   */
  static String uniqueName(long size) {
    Instant now = Instant.now();
    long wall = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    long stamp = LAST_STAMP.accumulateAndGet(wall, (last, w) -> Math.max(w, last + 1));
    long secs = stamp / 1_000_000;
    long micros = stamp % 1_000_000;
    return secs
        + ".M"
        + micros
        + "P"
        + ProcessHandle.current().pid()
        + "Q"
        + COUNTER.incrementAndGet()
        + "."
        + HOST
        + ",S="
        + size;
  }

  static String sortedFlags(String flags) {
    return flags
        .chars()
        .filter(c -> c > ' ' && c < 0x7f && c != ',' && c != '/')
        .distinct()
        .sorted()
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  static byte[] toLf(byte[] m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(m.length);
    for (int i = 0; i < m.length; i++) {
      if (m[i] == '\r' && i + 1 < m.length && m[i + 1] == '\n') continue;
      out.write(m[i]);
    }
    return out.toByteArray();
  }

  /** fsync a directory so the new entry survives a crash (Linux allows opening it read-only). */
  public static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not supported on this platform: the rename is still atomic
    }
  }

  private static String why(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String hostName() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!h.isEmpty()) return h;
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
