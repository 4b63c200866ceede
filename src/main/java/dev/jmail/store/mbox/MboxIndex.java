package dev.jmail.store.mbox;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.MessageSummary;
import dev.jmail.store.cache.CacheFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The summary index of an mbox: a cache (never a source of truth) of every message's offsets,
 * lines, flags and decoded summary fields, kept in one {@link CacheFiles} file per mbox (named by
 * the SHA-256 of the mbox's absolute path, which the file also holds).
 *
 * <p>It is used only when the mbox is provably what was indexed: same device, inode, size, mtime
 * and ctime (ns), and the same bytes at the start of the file and at the last indexed message's
 * From_ line. An mbox that only grew (same file, larger, those bytes unchanged) is extended by
 * scanning from the last indexed message on. Anything else: a full scan, and a new index.
 *
 * <pre>
 * payload = path:str dev ino size mtimeNs ctimeNs:int64 headCrc:int32 lastStart:int64
 *           lastLen:int32 lastCrc:int32 count:int32 *message
 * message = start contentStart contentEnd end lines:int64 flags:int32 (bit n = Flag ordinal n)
 *           hasDate:int8 [epochSecond:int64 nano:int32 offsetSeconds:int32 offsetKnown:int8]
 *           fromName fromAddress subject messageId:str
 * str     = length:int32 (-1: null) UTF-8 bytes
 * </pre>
 */
public final class MboxIndex {
  static final String MAGIC = "JMAILIX\n";
  static final int VERSION = 1;

  /** Bytes checked at the start of the file and from the last indexed From_ line on. */
  static final int CHECKED = 64 * 1024;

  /**
   * Where indexes live and where the {@code --debug} account of their use goes; null (the default):
   * no index is read or written.
   */
  public record Config(Path dir, Consumer<String> debug) {}

  private static volatile Config config;

  /** Set once per invocation from the settings ({@code noindex}) and {@code --debug}. */
  public static void configure(Config c) {
    config = c;
  }

  static Config config() {
    return config;
  }

  /** The index file of an mbox. */
  public static Path fileFor(Path dir, Path mbox) {
    return dir.resolve("mbox").resolve(CacheFiles.nameFor(key(mbox)) + ".index");
  }

  static String key(Path mbox) {
    return mbox.toAbsolutePath().normalize().toString();
  }

  /** What identifies the state of the file. */
  record State(long dev, long ino, long size, long mtimeNs, long ctimeNs) {
    static State of(Path p) throws IOException {
      Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,size,lastModifiedTime,ctime");
      return new State(
          ((Number) a.get("dev")).longValue(),
          ((Number) a.get("ino")).longValue(),
          ((Number) a.get("size")).longValue(),
          ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
          ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
    }

    boolean sameFile(State o) {
      return dev == o.dev && ino == o.ino;
    }
  }

  /** A loaded index. */
  record Index(
      State state,
      int headCrc,
      long lastStart,
      int lastLen,
      int lastCrc,
      List<MessageSummary> messages) {}

  /** The index of {@code mbox}, or empty when absent, foreign, damaged, or of another mbox. */
  static Optional<Index> load(Path file, Path mbox) {
    Optional<ByteBuffer> p = CacheFiles.read(file, MAGIC, VERSION);
    if (p.isEmpty()) return Optional.empty();
    try {
      ByteBuffer b = p.get();
      if (!key(mbox).equals(str(b))) return Optional.empty();
      State s = new State(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
      int headCrc = b.getInt();
      long lastStart = b.getLong();
      int lastLen = b.getInt();
      int lastCrc = b.getInt();
      int n = b.getInt();
      if (n < 0 || n > b.remaining() / 50) return Optional.empty();
      Flag[] all = Flag.values();
      List<MessageSummary> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long start = b.getLong();
        long cs = b.getLong();
        long ce = b.getLong();
        long end = b.getLong();
        long lines = b.getLong();
        int bits = b.getInt();
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        for (int k = 0; k < all.length; k++) if ((bits & (1 << k)) != 0) flags.add(all[k]);
        OffsetDateTime date = null;
        boolean known = false;
        if (b.get() != 0) {
          long sec = b.getLong();
          int nano = b.getInt();
          int off = b.getInt();
          known = b.get() != 0;
          date =
              OffsetDateTime.ofInstant(
                  Instant.ofEpochSecond(sec, nano), ZoneOffset.ofTotalSeconds(off));
        }
        String fromName = str(b);
        String fromAddress = str(b);
        String subject = str(b);
        String id = str(b);
        if (start < 0 || !(start <= cs && cs <= ce && ce <= end && end <= s.size()))
          return Optional.empty();
        MessageEntry e =
            new MessageEntry(
                i + 1, new MessageLocation.Mbox(start, cs, ce, end), ce - cs, lines, flags);
        out.add(
            new MessageSummary(
                e, fromName, fromAddress, subject == null ? "" : subject, date, known, id));
      }
      if (b.hasRemaining()) return Optional.empty();
      return Optional.of(new Index(s, headCrc, lastStart, lastLen, lastCrc, out));
    } catch (RuntimeException e) {
      return Optional.empty(); // damaged in a way the CRC did not catch: never trusted
    }
  }

  /**
   * Writes the index of {@code mbox} in state {@code s}; the bytes checked are read from {@code
   * ch}.
   */
  static void save(Path file, Path mbox, State s, FileChannel ch, List<MessageSummary> messages)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + messages.size() * 96);
    DataOutputStream o = new DataOutputStream(bytes);
    str(o, key(mbox));
    o.writeLong(s.dev());
    o.writeLong(s.ino());
    o.writeLong(s.size());
    o.writeLong(s.mtimeNs());
    o.writeLong(s.ctimeNs());
    long lastStart =
        messages.isEmpty()
            ? 0
            : ((MessageLocation.Mbox) messages.get(messages.size() - 1).entry().location()).start();
    int lastLen = (int) Math.min(CHECKED, s.size() - lastStart);
    o.writeInt(crc(ch, 0, (int) Math.min(CHECKED, s.size())));
    o.writeLong(lastStart);
    o.writeInt(lastLen);
    o.writeInt(crc(ch, lastStart, lastLen));
    o.writeInt(messages.size());
    for (MessageSummary m : messages) {
      MessageLocation.Mbox l = (MessageLocation.Mbox) m.entry().location();
      o.writeLong(l.start());
      o.writeLong(l.contentStart());
      o.writeLong(l.contentEnd());
      o.writeLong(l.end());
      o.writeLong(m.entry().lines());
      int bits = 0;
      for (Flag f : m.entry().flags()) bits |= 1 << f.ordinal();
      o.writeInt(bits);
      if (m.date() == null) {
        o.writeByte(0);
      } else {
        o.writeByte(1);
        o.writeLong(m.date().toEpochSecond());
        o.writeInt(m.date().getNano());
        o.writeInt(m.date().getOffset().getTotalSeconds());
        o.writeByte(m.dateOffsetKnown() ? 1 : 0);
      }
      str(o, m.fromName());
      str(o, m.fromAddress());
      str(o, m.subject());
      str(o, m.messageId());
    }
    o.flush();
    CacheFiles.write(file, MAGIC, VERSION, ByteBuffer.wrap(bytes.toByteArray()));
  }

  /**
   * Why the index cannot be used as it is for the file in state {@code now}, or null when it is
   * current; {@code grown} receives whether it may be extended instead.
   */
  static String mismatch(Index idx, State now, FileChannel ch, boolean[] grown) throws IOException {
    State was = idx.state();
    grown[0] = false;
    if (!was.sameFile(now)) return "the folder is another file (device/inode)";
    if (now.size() < was.size()) return "the folder shrank";
    if (crc(ch, 0, (int) Math.min(CHECKED, was.size())) != idx.headCrc())
      return "the folder's first bytes changed";
    if (crc(ch, idx.lastStart(), idx.lastLen()) != idx.lastCrc())
      return "the last indexed message's bytes changed";
    if (now.size() > was.size()) {
      grown[0] = !idx.messages().isEmpty();
      return "the folder grew by " + (now.size() - was.size()) + " bytes";
    }
    if (now.mtimeNs() != was.mtimeNs() || now.ctimeNs() != was.ctimeNs())
      return "the folder's mtime/ctime changed";
    return null;
  }

  /**
   * Forgets the index of an mbox jmail has just rewritten, still under the lock: a rewrite in place
   * keeps the inode and may keep the size, so the index is dropped rather than trusted to the
   * checks (the next look rebuilds it). A failure to remove it is left to those checks.
   */
  public static void forget(Path mbox) {
    Config c = config;
    if (c == null) return;
    try {
      CacheFiles.delete(fileFor(c.dir(), mbox));
      if (c.debug() != null) c.debug().accept("index: forgotten: jmail rewrote the folder");
    } catch (IOException e) {
      if (c.debug() != null) c.debug().accept("index: not removed: " + e.getMessage());
    }
  }

  /** Removes the index of a folder (a missing one is fine). */
  static void delete(Path file) throws IOException {
    CacheFiles.delete(file);
  }

  static int crc(FileChannel ch, long at, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) return ~0 ^ len; // short: cannot match a full read
    }
    CRC32C c = new CRC32C();
    c.update(b.flip());
    return (int) c.getValue();
  }

  private static void str(DataOutputStream o, String s) throws IOException {
    if (s == null) {
      o.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.writeInt(b.length);
    o.write(b);
  }

  private static String str(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) return null;
    if (n > b.remaining()) throw new IllegalStateException("string past the end");
    byte[] bytes = new byte[n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
