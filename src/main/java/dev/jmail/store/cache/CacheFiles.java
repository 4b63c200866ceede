package dev.jmail.store.cache;

import dev.jmail.config.Env;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * The storage every jmail cache shares (local folder indexes, remote folder summaries): files under
 * {@code $XDG_CACHE_HOME/jmail/} (default {@code ~/.cache/jmail}), mode 0600 in 0700 directories,
 * never inside a mail directory; each replaced atomically (written beside under a unique name, then
 * renamed), so a reader sees the old file or the new one, never a torn one.
 *
 * <pre>
 * file    = magic:8 version:int32 length:int64 payload:length crc:int32   (big-endian)
 * </pre>
 *
 * The CRC-32C covers everything before it. A file with another magic or version, a wrong length or
 * CRC is foreign or damaged: {@link #read} answers empty and the caller rebuilds it. A cache is
 * never a source of truth.
 */
public final class CacheFiles {
  private CacheFiles() {}

  private static final int HEAD = 8 + 4 + 8;

  /**
   * {@code $XDG_CACHE_HOME/jmail} (an absolute XDG_CACHE_HOME only), else {@code ~/.cache/jmail}.
   */
  public static Path root(Env env) {
    Path base =
        env.get("XDG_CACHE_HOME")
            .filter(s -> s.startsWith("/"))
            .map(Path::of)
            .orElse(env.home().resolve(".cache"));
    return base.resolve("jmail");
  }

  /**
   * A file name for any key (a path, a URL): the SHA-256 of its UTF-8 bytes, in hex (see {@link
   * Sha256} for why not {@code MessageDigest}).
   */
  public static String nameFor(String key) {
    return HexFormat.of().formatHex(Sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The payload of a cache file mapped read-only (one mmap), or empty when the file is missing,
   * unreadable, foreign (magic), of another version, truncated or damaged (CRC).
   */
  public static Optional<ByteBuffer> read(Path file, String magic, int version) {
    try {
      MappedByteBuffer b = map(file, magic, version);
      if (b == null) return Optional.empty();
      int size = b.limit();
      long length = b.getLong(12);
      if (length != size - HEAD - 4) return Optional.empty();
      CRC32C crc = new CRC32C();
      crc.update(b.slice(0, size - 4));
      if ((int) crc.getValue() != b.getInt(size - 4)) return Optional.empty();
      return Optional.of(b.slice(HEAD, (int) length).order(ByteOrder.BIG_ENDIAN));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The payload of a cache file written by {@link #writeChecked}, mapped read-only (one mmap), its
   * blocks not checked yet: {@link Checked#check} checks those a reader uses before it uses them,
   * so that {@code read N} of a 100,000-message folder reads a few blocks of its 30 MB index, not
   * all of them. Empty when the file is missing, unreadable, foreign (magic), of another version,
   * truncated, or its block table is damaged.
   *
   * <pre>
   * file = magic:8 version:int32 length:int64 payload:length crc:int32{blocks} wholeCrc:int32
   *        tableCrc:int32
   * </pre>
   *
   * {@code blocks} = ceil(length / {@link #BLOCK}); {@code crc[k]} is the CRC-32C of the payload's
   * block k, {@code wholeCrc} that of the whole payload ({@link Checked#checkAll}: one pass, not a
   * call per block), {@code tableCrc} that of the head (magic, version, length), the block CRCs and
   * wholeCrc.
   */
  public static Optional<Checked> readChecked(Path file, String magic, int version) {
    try {
      MappedByteBuffer b = map(file, magic, version);
      if (b == null) return Optional.empty();
      int size = b.limit();
      long length = b.getLong(12);
      if (length < 0 || length > size) return Optional.empty();
      int blocks = blocks(length);
      if (size != HEAD + length + 4L * blocks + 8) return Optional.empty();
      int table = (int) (HEAD + length);
      CRC32C crc = new CRC32C();
      crc.update(b.slice(0, HEAD));
      crc.update(b.slice(table, 4 * blocks + 4));
      if ((int) crc.getValue() != b.getInt(table + 4 * blocks + 4)) return Optional.empty();
      return Optional.of(
          new Checked(
              b.slice(HEAD, (int) length).order(ByteOrder.BIG_ENDIAN),
              b.slice(table, 4 * blocks).order(ByteOrder.BIG_ENDIAN),
              b.getInt(table + 4 * blocks)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A trusted cache file mapped read-only, big-endian, when it has the magic and version; else
   * null.
   */
  private static MappedByteBuffer map(Path file, String magic, int version) throws IOException {
    if (!CacheTrust.trusted(file)) return null;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEAD + 4 || size > Integer.MAX_VALUE) return null;
      MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      b.order(ByteOrder.BIG_ENDIAN);
      byte[] got = new byte[8];
      b.get(0, got);
      return Arrays.equals(got, magic(magic)) && b.getInt(8) == version ? b : null;
    }
  }

  /** The payload bytes one CRC of a {@link #writeChecked} file covers. */
  public static final int BLOCK = 16 * 1024;

  private static int blocks(long length) {
    return (int) ((length + BLOCK - 1) / BLOCK);
  }

  /**
   * A payload read by {@link #readChecked}: its bytes, and the check of a range of them against the
   * file's block CRCs, made once per block.
   */
  public static final class Checked {
    private final ByteBuffer payload;
    private final ByteBuffer crcs;
    // set once a block matched its CRC (racing threads may both check it: same answer)
    private final boolean[] good;
    private boolean all; // every block matched: a listing's 100,000 rows check nothing more

    private final int whole;

    Checked(ByteBuffer payload, ByteBuffer crcs, int whole) {
      this.payload = payload;
      this.crcs = crcs;
      this.whole = whole;
      this.good = new boolean[crcs.limit() / 4];
    }

    /** The payload, positioned at 0 (a new view each time). */
    public ByteBuffer payload() {
      return payload.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * Checks the payload's bytes {@code [at, at + len)}: an {@link IllegalStateException} when a
     * block they are in does not match its CRC, or they are not in the payload.
     */
    public void check(int at, int len) {
      if (len <= 0 || all && at >= 0 && len <= payload.limit() - at) return;
      if (at < 0 || len > payload.limit() - at) throw new IllegalStateException("past the end");
      for (int k = at / BLOCK, last = (at + len - 1) / BLOCK; k <= last; k++) {
        if (good[k]) continue;
        int from = k * BLOCK;
        CRC32C crc = new CRC32C();
        crc.update(payload.slice(from, Math.min(BLOCK, payload.limit() - from)));
        if ((int) crc.getValue() != crcs.getInt(4 * k))
          throw new IllegalStateException("damaged (block " + k + ")");
        good[k] = true;
      }
    }

    /** True once {@link #checkAll} passed: every later {@link #check} is one. */
    public boolean complete() {
      return all;
    }

    /** Checks the whole payload against its own CRC, in one pass (see {@link #check}). */
    public void checkAll() {
      if (all) return;
      CRC32C crc = new CRC32C();
      crc.update(payload.duplicate());
      if ((int) crc.getValue() != whole) throw new IllegalStateException("damaged");
      all = true;
    }
  }

  /**
   * Replaces a cache file as {@link #write} does, in the layout {@link #readChecked} reads: the
   * payload followed by a CRC for each of its blocks.
   */
  public static void writeChecked(Path file, String magic, int version, ByteBuffer... payload)
      throws IOException {
    long length = 0;
    for (ByteBuffer p : payload) length += p.remaining();
    ByteBuffer crcs = ByteBuffer.allocate(4 * blocks(length) + 8);
    CRC32C whole = new CRC32C();
    CRC32C block = new CRC32C();
    int inBlock = 0;
    for (ByteBuffer p : payload) {
      whole.update(p.duplicate());
      ByteBuffer d = p.duplicate();
      while (d.hasRemaining()) {
        int n = Math.min(BLOCK - inBlock, d.remaining());
        block.update(d.slice(d.position(), n));
        d.position(d.position() + n);
        inBlock += n;
        if (inBlock == BLOCK) {
          crcs.putInt((int) block.getValue());
          block.reset();
          inBlock = 0;
        }
      }
    }
    if (inBlock > 0) crcs.putInt((int) block.getValue());
    crcs.putInt((int) whole.getValue());
    CRC32C table = new CRC32C();
    table.update(
        ByteBuffer.allocate(HEAD).put(magic(magic)).putInt(version).putLong(length).flip());
    table.update(crcs.duplicate().flip());
    crcs.putInt((int) table.getValue()).flip();
    ByteBuffer[] all = Arrays.copyOf(payload, payload.length + 1);
    all[payload.length] = crcs;
    replace(file, magic, version, length, all);
  }

  /**
   * Replaces a cache file: directories made 0700, the new file written 0600 under a unique name
   * beside it, then renamed over the old one. A failure leaves the old file (or none) and is
   * reported as an IOException: the caller goes on without its cache. The payload may come in parts
   * (written one after the other, not copied together first).
   */
  public static void write(Path file, String magic, int version, ByteBuffer... payload)
      throws IOException {
    long length = 0;
    for (ByteBuffer p : payload) length += p.remaining();
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(HEAD).put(magic(magic)).putInt(version).putLong(length).flip());
    for (ByteBuffer p : payload) crc.update(p.duplicate());
    ByteBuffer[] all = Arrays.copyOf(payload, payload.length + 1);
    all[payload.length] = ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
    replace(file, magic, version, length, all);
  }

  /**
   * Writes head (magic, version, {@code length}) and {@code parts} to a new file beside {@code
   * file}, then renames it over {@code file}.
   */
  private static void replace(
      Path file, String magic, int version, long length, ByteBuffer... parts) throws IOException {
    Path dir = file.getParent();
    if (!CacheTrust.trusted(file)) throw new IOException(dir + ": not trusted (see CacheTrust)");
    makeDirectories(dir);
    Path tmp =
        dir.resolve(
            file.getFileName()
                + ".new."
                + ProcessHandle.current().pid()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        ByteBuffer[] all = new ByteBuffer[parts.length + 1];
        all[0] = ByteBuffer.allocate(HEAD).put(magic(magic)).putInt(version).putLong(length).flip();
        for (int i = 0; i < parts.length; i++) all[i + 1] = parts[i].duplicate();
        for (ByteBuffer b : all) {
          // a heap buffer in pieces: the channel copies each into a direct buffer of its size
          int piece = b.isDirect() ? Integer.MAX_VALUE : 1 << 18;
          while (b.hasRemaining()) {
            ByteBuffer part = b.slice(b.position(), Math.min(piece, b.remaining()));
            while (part.hasRemaining()) ch.write(part);
            b.position(b.position() + part.position());
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The side file an index may keep beside {@code file} (what was appended to its folder since it
   * was written): {@code FILE.tail}. {@link IndexInfo#clear} removes it with the file.
   */
  public static Path tailOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".tail");
  }

  /** Removes a cache file (a missing one is fine). */
  public static void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  private static void makeDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return;
    Path parent = dir.getParent();
    if (parent != null) makeDirectories(parent);
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // made by another process meanwhile
    }
  }

  private static byte[] magic(String magic) {
    byte[] m = Arrays.copyOf(magic.getBytes(StandardCharsets.US_ASCII), 8);
    return m;
  }
}
