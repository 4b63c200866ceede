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
    byte[] m = magic(magic);
    if (!CacheTrust.trusted(file)) return Optional.empty();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEAD + 4 || size > Integer.MAX_VALUE) return Optional.empty();
      MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      b.order(ByteOrder.BIG_ENDIAN);
      byte[] got = new byte[8];
      b.get(0, got);
      if (!Arrays.equals(got, m) || b.getInt(8) != version) return Optional.empty();
      long length = b.getLong(12);
      if (length != size - HEAD - 4) return Optional.empty();
      CRC32C crc = new CRC32C();
      crc.update(b.slice(0, (int) (size - 4)));
      if ((int) crc.getValue() != b.getInt((int) (size - 4))) return Optional.empty();
      return Optional.of(b.slice(HEAD, (int) length).order(ByteOrder.BIG_ENDIAN));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Replaces a cache file: directories made 0700, the new file written 0600 under a unique name
   * beside it, then renamed over the old one. A failure leaves the old file (or none) and is
   * reported as an IOException: the caller goes on without its cache. The payload may come in parts
   * (written one after the other, not copied together first).
   */
  public static void write(Path file, String magic, int version, ByteBuffer... payload)
      throws IOException {
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
        long length = 0;
        for (ByteBuffer p : payload) length += p.remaining();
        ByteBuffer[] all = new ByteBuffer[payload.length + 2];
        all[0] = ByteBuffer.allocate(HEAD).put(magic(magic)).putInt(version).putLong(length).flip();
        CRC32C crc = new CRC32C();
        crc.update(all[0].duplicate());
        for (int i = 0; i < payload.length; i++) {
          all[i + 1] = payload[i].duplicate();
          crc.update(payload[i].duplicate());
        }
        all[all.length - 1] = ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
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
