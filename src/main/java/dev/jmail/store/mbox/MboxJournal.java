package dev.jmail.store.mbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The journal of one in-place mbox change ({@link JournaledRewrite}): a 512-byte text header, then
 * the folder's new content from {@code start} onward.
 *
 * <pre>
 * jmail-mbox-journal 1 STATE dev=D ino=I size=S reserved=E start=P length=L tail=CRC hdr=CRC
 *   STATE     PREPARED (the folder may have been extended with NULs from S to E, nothing else)
 *             or COMMITTED (the data was fsync'ed before this header was written: roll forward)
 *   D, I      the folder's device and inode (a journal never applies to another file)
 *   S         the folder's size when the journal was written: every byte past it is someone else's
 *   E         max(S, P + L): the size the folder has while the data is copied in
 *   tail      CRC-32C of the folder's bytes [P + L, E) before truncation
 *   hdr       CRC-32C of the header text before " hdr="
 * </pre>
 *
 * It lives beside the folder as {@code .NAME.jmail-journal}, or, when the folder's directory takes
 * no new files (Debian's {@code /var/mail}), as {@code STATE_DIR/NAME.D-I.jmail-journal}, mode
 * 0600.
 */
final class MboxJournal {
  static final int HEADER = 512;
  private static final String MAGIC = "jmail-mbox-journal 1";

  enum State {
    PREPARED,
    COMMITTED
  }

  /** What the header records. */
  record Header(
      State state,
      long dev,
      long ino,
      long size,
      long reserved,
      long start,
      long length,
      long tailCrc) {
    byte[] encode() {
      String body =
          MAGIC
              + " "
              + state
              + " dev="
              + dev
              + " ino="
              + ino
              + " size="
              + size
              + " reserved="
              + reserved
              + " start="
              + start
              + " length="
              + length
              + " tail="
              + tailCrc;
      String line = body + " hdr=" + crc(body.getBytes(StandardCharsets.US_ASCII)) + "\n";
      byte[] out = new byte[HEADER];
      java.util.Arrays.fill(out, (byte) '\n');
      byte[] b = line.getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(b, 0, out, 0, b.length);
      return out;
    }

    /** The header in {@code bytes}, or null when it is missing, torn or not a journal header. */
    static Header decode(byte[] bytes) {
      String s = new String(bytes, StandardCharsets.US_ASCII);
      int nl = s.indexOf('\n');
      if (nl < 0 || !s.startsWith(MAGIC + " ")) return null;
      String line = s.substring(0, nl);
      int h = line.lastIndexOf(" hdr=");
      if (h < 0) return null;
      String body = line.substring(0, h);
      try {
        if (Long.parseLong(line.substring(h + 5)) != crc(body.getBytes(StandardCharsets.US_ASCII)))
          return null;
        String[] f = body.substring(MAGIC.length() + 1).split(" ");
        return new Header(
            State.valueOf(f[0]),
            num(f[1], "dev"),
            num(f[2], "ino"),
            num(f[3], "size"),
            num(f[4], "reserved"),
            num(f[5], "start"),
            num(f[6], "length"),
            num(f[7], "tail"));
      } catch (RuntimeException e) {
        return null;
      }
    }

    private static long num(String field, String name) {
      if (!field.startsWith(name + "=")) throw new IllegalArgumentException(field);
      return Long.parseLong(field.substring(name.length() + 1));
    }
  }

  private MboxJournal() {}

  static long crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return c.getValue();
  }

  /** CRC-32C of {@code ch[from, to)}. */
  static long crc(FileChannel ch, long from, long to) throws IOException {
    CRC32C c = new CRC32C();
    ByteBuffer b = ByteBuffer.allocateDirect(1 << 16);
    long pos = from;
    while (pos < to) {
      b.clear().limit((int) Math.min(b.capacity(), to - pos));
      int n = ch.read(b, pos);
      if (n < 0) throw new IOException("file shorter than recorded");
      b.flip();
      c.update(b);
      pos += n;
    }
    return c.getValue();
  }

  static Path beside(Path mbox) {
    Path abs = mbox.toAbsolutePath();
    return abs.resolveSibling("." + abs.getFileName() + ".jmail-journal");
  }

  static Path inStateDir(Path stateDir, Path mbox, long dev, long ino) {
    return stateDir.resolve(
        mbox.toAbsolutePath().getFileName() + "." + dev + "-" + ino + ".jmail-journal");
  }

  /**
   * Device and inode of a file (not following a final symlink's target is wrong here: follow it).
   */
  static long[] identity(Path mbox) throws IOException {
    return new long[] {
      ((Number) Files.getAttribute(mbox, "unix:dev")).longValue(),
      ((Number) Files.getAttribute(mbox, "unix:ino")).longValue()
    };
  }

  /** A leftover journal for this folder, beside it or in the state directory. */
  static Optional<Path> find(Path mbox, Path stateDir) {
    Path b = beside(mbox);
    if (Files.exists(b, LinkOption.NOFOLLOW_LINKS)) return Optional.of(b);
    if (stateDir == null) return Optional.empty();
    try {
      long[] id = identity(mbox);
      Path s = inStateDir(stateDir, mbox, id[0], id[1]);
      if (Files.exists(s, LinkOption.NOFOLLOW_LINKS)) return Optional.of(s);
    } catch (IOException | RuntimeException e) {
      // no folder: nothing to recover
    }
    return Optional.empty();
  }

  static FileChannel create(Path journal) throws IOException {
    return FileChannel.open(
        journal,
        Set.of(
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ,
            LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
  }

  static void writeHeader(FileChannel j, Header h) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(h.encode());
    while (b.hasRemaining()) j.write(b, b.position());
  }

  static Header readHeader(FileChannel j) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(HEADER);
    while (b.hasRemaining()) {
      if (j.read(b, b.position()) < 0) break;
    }
    return Header.decode(java.util.Arrays.copyOf(b.array(), b.position()));
  }

  /** The directory's entries made durable (a created or removed journal). */
  static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems refuse fsync on a directory: the file's own fsync is what matters
    }
  }
}
