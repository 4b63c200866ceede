package dev.jmail.store.mbox;

import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.MessageSummary;
import dev.jmail.store.cache.CacheFiles;
import dev.jmail.store.cache.IndexInfo;
import dev.jmail.store.cache.LocalIndex;
import dev.jmail.store.cache.SummaryTable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The summary index of an mbox: a cache (never a source of truth) of every message's offsets,
 * lines, flags and decoded summary fields, kept in one {@link CacheFiles} file per mbox (named by
 * the SHA-256 of the mbox's absolute path, which the file also holds).
 *
 * <p>It is used only when the mbox is provably what was indexed: same device, inode, size, mtime
 * and ctime (ns), and the same bytes at the start of the file and at the last indexed message's
 * From_ line. An mbox that only grew (same file, larger, those bytes unchanged) is extended by
 * scanning from the last indexed message on. Anything else: a full scan, and a new index. jmail's
 * own rewrites (flags, expunge) write the new index under the mailbox lock ({@link #update}).
 *
 * <p>An extension that adds a few messages to a large index is written as a small side file, the
 * tail ({@link #tailFor}), beside the index file, which stays as it is: the tail holds the new
 * state and the messages from the last one the index file holds on, and names the index file it
 * extends by the random generation that file was written with. A tail of another generation (the
 * index was written again since) is ignored. Both files are written beside and renamed, with a CRC
 * per 16 KiB block ({@link CacheFiles#readChecked}): a {@code read N} checks the blocks it uses, a
 * listing all of them; a damaged block is never used.
 *
 * <pre>
 * payload = path:str generation:int64 state table
 * tail    = path:str generation:int64 (the index file's) state tailTable
 * state   = dev ino size mtimeNs ctimeNs:int64 headCrc:int32 lastStart:int64 lastLen:int32
 *           lastCrc:int32
 * table   = SummaryTable, slots: start contentStart contentEnd end lines; key null; display
 *           columns when the configuration makes them
 * tailTable = the same, after the index file's first messages ({@link SummaryTable#readTail})
 * </pre>
 */
public final class MboxIndex {
  static final String MAGIC = "JMAILIX\n";
  static final String TAIL_MAGIC = "JMAILIT\n";
  static final int VERSION = 4;
  static final int SLOTS = 5;

  /** Bytes checked at the start of the file and from the last indexed From_ line on. */
  static final int CHECKED = 64 * 1024;

  private MboxIndex() {}

  /** The index file of an mbox. */
  public static Path fileFor(Path dir, Path mbox) {
    return dir.resolve("mbox").resolve(CacheFiles.nameFor(key(mbox)) + ".index");
  }

  /** The side file that extends the index file {@code file} (see the class comment). */
  static Path tailFor(Path file) {
    return CacheFiles.tailOf(file);
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

    // Written out: a record's own equals is bootstrapped on first use (invokedynamic), which
    // costs a one-shot listing tens of milliseconds.
    @Override
    public boolean equals(Object o) {
      return o instanceof State s
          && sameFile(s)
          && size == s.size
          && mtimeNs == s.mtimeNs
          && ctimeNs == s.ctimeNs;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(ino) * 31 + Long.hashCode(mtimeNs);
    }
  }

  /** A loaded index: its messages are decoded from the mapped table when asked for. */
  record Index(
      State state,
      int headCrc,
      long lastStart,
      int lastLen,
      int lastCrc,
      SummaryTable table,
      long generation) {
    int size() {
      return table.size();
    }

    MessageEntry entry(int i) {
      MessageEntry e = MboxIndex.entry(table, i);
      if (((MessageLocation.Mbox) e.location()).end() > state.size())
        throw new IllegalStateException("a message past the indexed end");
      return e;
    }

    MessageSummary summary(int i) {
      return table.summary(i, entry(i));
    }

    List<MessageSummary> messages() {
      List<MessageSummary> out = new ArrayList<>(size());
      for (int i = 0; i < size(); i++) out.add(summary(i));
      return out;
    }
  }

  /** Message {@code i}'s entry in a table of this index's layout. */
  static MessageEntry entry(SummaryTable table, int i) {
    long start = table.slot(i, 0), cs = table.slot(i, 1), ce = table.slot(i, 2);
    long end = table.slot(i, 3);
    if (!(0 <= start && start <= cs && cs <= ce && ce <= end))
      throw new IllegalStateException("bad offsets");
    MessageLocation.Mbox l = new MessageLocation.Mbox(start, cs, ce, end);
    return new MessageEntry(
        i + 1, l, l.contentEnd() - l.contentStart(), table.slot(i, 4), table.flags(i));
  }

  /**
   * The index of {@code mbox} (extended by its tail when there is one of this index file), or empty
   * when absent, foreign, damaged, or of another mbox. {@code whole}: every block is checked now (a
   * listing uses them all); else each row and record when first used, and a damaged one fails with
   * {@link IllegalStateException} then.
   */
  static Optional<Index> load(Path file, Path mbox, boolean whole) {
    Optional<CacheFiles.Checked> p = CacheFiles.readChecked(file, MAGIC, VERSION);
    if (p.isEmpty()) return Optional.empty();
    Index main;
    try {
      main = parse(p.get(), mbox, whole, null);
      if (main == null) return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // damaged: never trusted
    }
    Optional<CacheFiles.Checked> q = CacheFiles.readChecked(tailFor(file), TAIL_MAGIC, VERSION);
    if (q.isPresent()) {
      try {
        Index extended = parse(q.get(), mbox, whole, main);
        if (extended != null) return Optional.of(extended);
      } catch (RuntimeException e) {
        // a damaged tail: the index file as it is (the folder's checks decide what it is worth)
      }
    }
    return Optional.of(main);
  }

  /** Bytes of a payload before its table, after the path. */
  private static final int STATE_BYTES = 8 + 5 * 8 + 4 + 8 + 4 + 4;

  /**
   * An index file's payload, or a tail's (then {@code base} is the index file's, and a tail of
   * another generation is null); null when of another mbox.
   */
  private static Index parse(CacheFiles.Checked c, Path mbox, boolean whole, Index base) {
    if (whole) c.checkAll();
    ByteBuffer b = c.payload();
    c.check(0, 4);
    int n = b.getInt(0);
    if (n < 0 || n > b.limit() - 4 - STATE_BYTES) throw new IllegalStateException("bad head");
    c.check(0, 4 + n + STATE_BYTES);
    if (!key(mbox).equals(SummaryTable.str(b))) return null;
    long generation = b.getLong();
    if (base != null && generation != base.generation()) return null;
    State s = new State(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
    int headCrc = b.getInt();
    long lastStart = b.getLong();
    int lastLen = b.getInt();
    int lastCrc = b.getInt();
    SummaryTable t =
        base == null
            ? SummaryTable.read(b, SLOTS, c)
            : SummaryTable.readTail(b, SLOTS, base.table(), c);
    if (b.hasRemaining()) throw new IllegalStateException("bytes after the table");
    // a message's offsets are checked when its entry is made, its strings when they are
    // decoded: a listing or a read N does not go through 100,000 rows first (the block CRCs
    // vouch for the bytes; these checks stand against a writer's mistake)
    if (lastStart < 0 || lastStart > s.size() || t.size() > s.size())
      throw new IllegalStateException("bad state");
    return new Index(s, headCrc, lastStart, lastLen, lastCrc, t, generation);
  }

  /**
   * Writes the index of {@code mbox} in state {@code s}; the bytes checked are read from {@code
   * ch}.
   */
  static void save(Path file, Path mbox, State s, FileChannel ch, List<MessageSummary> messages)
      throws IOException {
    LocalIndex.Config c = LocalIndex.config();
    java.util.function.Function<MessageSummary, byte[]> display = c == null ? null : c.display();
    SummaryTable.Builder t = new SummaryTable.Builder(SLOTS, messages.size(), display != null);
    for (MessageSummary m : messages)
      add(t, m.entry(), m, display == null ? null : display.apply(m));
    save(file, mbox, s, ch, t, 0);
  }

  /** Adds a message to a table of this index's layout. */
  static void add(SummaryTable.Builder t, MessageEntry e, MessageSummary m, byte[] display) {
    MessageLocation.Mbox l = (MessageLocation.Mbox) e.location();
    t.add(
        new long[] {l.start(), l.contentStart(), l.contentEnd(), l.end(), e.lines()},
        e.flags(),
        null,
        m,
        display);
  }

  /**
   * Writes the index of {@code mbox} in state {@code s} with the table {@code t}: as a tail of the
   * index file of {@code generation} when {@code t} was made {@link SummaryTable.Builder#from from}
   * its table and adds few messages to it (see the class comment), else as a new index file.
   */
  static void save(
      Path file, Path mbox, State s, FileChannel ch, SummaryTable.Builder t, long generation)
      throws IOException {
    boolean tail =
        generation != 0
            && t.baseCount() > 0
            && t.size() - t.baseCount() <= Math.max(TAIL_MESSAGES, t.baseCount() / 16);
    SummaryTable.Payload head = new SummaryTable.Payload(4096);
    DataOutputStream o = new DataOutputStream(head);
    SummaryTable.str(o, key(mbox));
    long written = tail ? generation : newGeneration();
    o.writeLong(written);
    o.writeLong(s.dev());
    o.writeLong(s.ino());
    o.writeLong(s.size());
    o.writeLong(s.mtimeNs());
    o.writeLong(s.ctimeNs());
    long lastStart = t.size() == 0 ? 0 : t.table().slot(t.size() - 1, 0);
    int lastLen = (int) Math.min(CHECKED, s.size() - lastStart);
    o.writeInt(crc(ch, 0, (int) Math.min(CHECKED, s.size())));
    o.writeLong(lastStart);
    o.writeInt(lastLen);
    o.writeInt(crc(ch, lastStart, lastLen));
    o.flush();
    ByteBuffer[] table = tail ? t.tailBuffers() : t.buffers();
    ByteBuffer[] parts = new ByteBuffer[table.length + 1];
    parts[0] = head.bytes();
    System.arraycopy(table, 0, parts, 1, table.length);
    if (tail) {
      CacheFiles.writeChecked(tailFor(file), TAIL_MAGIC, VERSION, parts);
    } else {
      CacheFiles.writeChecked(file, MAGIC, VERSION, parts);
      CacheFiles.delete(tailFor(file)); // of the file replaced: it would be ignored anyway
    }
  }

  /** Messages a tail may always hold (beyond that, at most a sixteenth of the index file's). */
  static final int TAIL_MESSAGES = 1000;

  /** A generation for a new index file: random, never 0 (0 means none). */
  private static long newGeneration() {
    long g;
    do {
      g = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    } while (g == 0);
    return g;
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
      grown[0] = idx.size() > 0;
      return "the folder grew by " + (now.size() - was.size()) + " bytes";
    }
    if (now.mtimeNs() != was.mtimeNs() || now.ctimeNs() != was.ctimeNs())
      return "the folder's mtime/ctime changed";
    return null;
  }

  /**
   * The index of a locked mbox when it is current (what the locked scan found, message for
   * message), else null: taken before jmail rewrites it, so that {@link #update} can write the new
   * one.
   */
  static Index current(Path mbox, FileChannel ch, List<MboxRewriter.Scanned> scanned) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null) return null;
    try {
      Optional<Index> idx = load(fileFor(c.dir(), mbox), mbox, true);
      if (idx.isEmpty()) return null;
      if (mismatch(idx.get(), State.of(mbox), ch, new boolean[1]) != null) return null;
      if (idx.get().size() != scanned.size()) return null;
      for (int i = 0; i < scanned.size(); i++) {
        if (!idx.get().entry(i).equals(scanned.get(i).entry())) return null;
      }
      return idx.get();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * After jmail rewrote the locked mbox from {@code firstChange} on (flags changed, messages
   * deleted, no text replaced): the new index, from the old one's summaries and a scan of the
   * rewritten part only. {@code kept} is the old index's messages that are still there, in order.
   * Without a current old index (null), the index is forgotten.
   */
  static void update(
      Path mbox,
      FileChannel ch,
      Index old,
      List<Integer> kept,
      java.util.Set<Integer> rewritten,
      long firstChange) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null) return;
    if (old == null || c.fields() == null) {
      forget(mbox);
      return;
    }
    Path file = fileFor(c.dir(), mbox);
    try {
      List<MessageSummary> all = new ArrayList<>(kept.size());
      int unchanged = 0;
      while (unchanged < kept.size()
          && ((MessageLocation.Mbox) old.entry(kept.get(unchanged)).location()).start()
              < firstChange) {
        all.add(old.summary(kept.get(unchanged)));
        unchanged++;
      }
      long size = ch.size();
      if (unchanged < kept.size()) {
        dev.jmail.message.RawHeaders block =
            new dev.jmail.message.RawHeaders(new byte[0], 0, false);
        new MboxScanner(ch, MboxScanner.CHUNK, firstChange, size)
            .scan(
                (start, cs, ce, end, lines, header, hl, truncated, ls, hls, fl, fll) -> {
                  int n = all.size();
                  if (n >= kept.size()) throw new IllegalStateException("more than kept");
                  block.set(header, hl, truncated, ls, hls, fl, fll);
                  MessageEntry e =
                      new MessageEntry(
                          n + 1,
                          new MessageLocation.Mbox(start, cs, ce, end),
                          ce - cs,
                          lines,
                          StatusHeaders.decode(block));
                  // a message whose bytes changed is decoded again; the others keep their fields
                  all.add(
                      rewritten.contains(kept.get(n))
                          ? c.fields().apply(block).withEntry(e)
                          : old.table().summary(kept.get(n), e));
                });
      }
      if (all.size() != kept.size()) {
        forget(mbox);
        c.say("forgotten: the rewritten part did not scan as expected");
        return;
      }
      State now = State.of(mbox);
      LocalIndex.outlast(Math.max(now.mtimeNs(), now.ctimeNs()));
      now = State.of(mbox);
      save(file, mbox, now, ch, all);
      c.say("updated: jmail rewrote the folder (" + all.size() + " messages)");
    } catch (IOException | RuntimeException | MboxScanner.NotMboxException e) {
      forget(mbox);
    }
  }

  /** What {@code jmail index} shows: the index of {@code mbox} under {@code cacheDir}. */
  static IndexInfo describe(Path cacheDir, Path mbox) throws IOException {
    Path file = fileFor(cacheDir, mbox);
    long folderBytes = Files.exists(mbox) ? Files.size(mbox) : -1;
    Optional<Index> idx = load(file, mbox, true);
    if (idx.isEmpty()) return IndexInfo.absent(file, folderBytes);
    String why;
    if (folderBytes < 0) {
      why = "the folder is gone";
    } else {
      try (FileChannel ch = FileChannel.open(mbox, java.nio.file.StandardOpenOption.READ)) {
        boolean[] grown = {false};
        why = mismatch(idx.get(), State.of(mbox), ch, grown);
        if (grown[0]) why += " (the next look scans only what was added)";
      }
    }
    Path tail = tailFor(file);
    return new IndexInfo(
        file,
        Files.size(file) + (Files.exists(tail) ? Files.size(tail) : 0),
        folderBytes,
        idx.get().size(),
        why == null ? "current" : "stale",
        why == null ? "" : why);
  }

  /**
   * Forgets the index of an mbox jmail has just rewritten, still under the lock, when it cannot be
   * updated: a rewrite in place keeps the inode and may keep the size, so the index is dropped
   * rather than trusted to the checks (the next look rebuilds it). A failure to remove it is left
   * to those checks.
   */
  public static void forget(Path mbox) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null) return;
    try {
      delete(fileFor(c.dir(), mbox));
      c.say("forgotten: jmail rewrote the folder");
    } catch (IOException e) {
      c.say("not removed: " + e.getMessage());
    }
  }

  /** Removes the index of a folder (a missing one is fine). */
  static void delete(Path file) throws IOException {
    CacheFiles.delete(file);
    CacheFiles.delete(tailFor(file));
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
}
