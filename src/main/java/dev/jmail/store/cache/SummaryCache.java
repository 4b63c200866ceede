package dev.jmail.store.cache;

import dev.jmail.config.Env;
import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import dev.jmail.message.Flag;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The summaries of one remote folder kept on disk, so that opening it fetches only what changed:
 * one file per (account, folder) under {@code $XDG_CACHE_HOME/jmail/} (default {@code ~/.cache}),
 * mode 0600 in 0700 directories, replaced atomically (written beside, fsynced, renamed).
 *
 * <pre>
 * file    = magic version uidvalidity uidnext highestmodseq count *message
 * magic   = "JMAILSC" LF          version = int32 (1; any other: the file is ignored, refetched)
 * message = uid:int64 flags:int32 (bit n = Flag.values()[n]) size:int64 headerLength:int32 header
 * </pre>
 *
 * Messages are keyed by UIDVALIDITY+UID: a different UIDVALIDITY on the server drops them all.
 */
public final class SummaryCache {
  static final byte[] MAGIC = "JMAILSC\n".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;

  /** One message's cached summary: its raw header fields, never the body. */
  public record Message(long uid, Set<Flag> flags, long size, byte[] headers) {}

  private final Path file;
  private long uidValidity;
  private long uidNext;
  private long highestModSeq;
  private final TreeMap<Long, Message> messages = new TreeMap<>();

  private SummaryCache(Path file) {
    this.file = file;
  }

  /** The cache file for a folder of an account ({@code imap/user@host:port/FOLDER}). */
  public static Path fileFor(Env env, String kind, String account, String folder) {
    Path base =
        env.get("XDG_CACHE_HOME")
            .filter(s -> s.startsWith("/"))
            .map(Path::of)
            .orElse(env.home().resolve(".cache"));
    return base.resolve("jmail")
        .resolve(kind)
        .resolve(safe(account))
        .resolve(safe(folder) + ".summaries");
  }

  /** File-name safe: letters, digits and {@code @.:_-} kept, anything else %XX. */
  public static String safe(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "@.:_-".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  /** Loads the cache; a missing, damaged or older-format file is an empty cache. */
  public static SummaryCache load(Path file) {
    SummaryCache c = new SummaryCache(file);
    if (!Files.isRegularFile(file) || !CacheTrust.trusted(file)) return c;
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC) || in.readInt() != VERSION) return c;
      c.uidValidity = in.readLong();
      c.uidNext = in.readLong();
      c.highestModSeq = in.readLong();
      int n = in.readInt();
      Flag[] all = Flag.values();
      for (int i = 0; i < n; i++) {
        long uid = in.readLong();
        int bits = in.readInt();
        long size = in.readLong();
        int length = in.readInt();
        // no count or length read from the file is trusted beyond what the file holds
        if (length < 0 || length > Files.size(file)) return new SummaryCache(file);
        byte[] h = new byte[length];
        in.readFully(h);
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        for (int k = 0; k < all.length; k++) if ((bits & (1 << k)) != 0) flags.add(all[k]);
        c.messages.put(uid, new Message(uid, flags, size, h));
      }
      return c;
    } catch (IOException | RuntimeException e) {
      return new SummaryCache(file); // damaged: start again, the server has it all
    }
  }

  public Path file() {
    return file;
  }

  public long uidValidity() {
    return uidValidity;
  }

  public long uidNext() {
    return uidNext;
  }

  public long highestModSeq() {
    return highestModSeq;
  }

  public boolean isEmpty() {
    return messages.isEmpty() && uidValidity == 0;
  }

  /** The messages by UID, ascending: the folder's order. */
  public java.util.SortedMap<Long, Message> messages() {
    return messages;
  }

  public Optional<Message> get(long uid) {
    return Optional.ofNullable(messages.get(uid));
  }

  /** Forgets everything (a new UIDVALIDITY) and remembers the new one. */
  public void reset(long newUidValidity) {
    messages.clear();
    uidValidity = newUidValidity;
    uidNext = 0;
    highestModSeq = 0;
  }

  public void put(Message m) {
    messages.put(m.uid(), m);
  }

  public void remove(long uid) {
    messages.remove(uid);
  }

  public void setState(long uidNext, long highestModSeq) {
    this.uidNext = uidNext;
    this.highestModSeq = highestModSeq;
  }

  /** Writes the cache beside the old file, fsyncs it and renames it over. */
  public void save() {
    if (!CacheTrust.trusted(file)) return; // a cache is optional: never written where unsafe
    Path dir = file.getParent();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new CannotCreateException(
          dir + ": cannot create the cache directory: " + e.getMessage(), e);
    }
    Path tmp = dir.resolve(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
    try {
      try (FileChannel ch =
              FileChannel.open(
                  tmp,
                  Set.of(
                      StandardOpenOption.CREATE,
                      StandardOpenOption.TRUNCATE_EXISTING,
                      StandardOpenOption.WRITE,
                      java.nio.file.LinkOption.NOFOLLOW_LINKS),
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")));
          OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(uidValidity);
        out.writeLong(uidNext);
        out.writeLong(highestModSeq);
        out.writeInt(messages.size());
        for (Message m : messages.values()) {
          out.writeLong(m.uid());
          int bits = 0;
          for (Flag f : m.flags()) bits |= 1 << f.ordinal();
          out.writeInt(bits);
          out.writeLong(m.size());
          out.writeInt(m.headers().length);
          out.write(m.headers());
        }
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IoFailureException(file + ": cannot write the cache: " + e.getMessage(), e);
    }
  }
}
