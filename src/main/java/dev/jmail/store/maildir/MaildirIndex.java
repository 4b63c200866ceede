package dev.jmail.store.maildir;

import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import dev.jmail.store.cache.CacheFiles;
import dev.jmail.store.cache.IndexInfo;
import dev.jmail.store.cache.LocalIndex;
import dev.jmail.store.cache.SummaryTable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The summary index of a Maildir: a cache (never a source of truth) of every message file's name,
 * size, flags and decoded summary fields, in folder order, kept in one {@link CacheFiles} file per
 * Maildir (named by the SHA-256 of its absolute path, which the file also holds).
 *
 * <p>Validated per directory and per name. When {@code new/} and {@code cur/} are the directories
 * indexed (device, inode, mtime and ctime in ns), no name was added, removed or renamed, and the
 * index is used as it is, without listing them. Otherwise the directories are listed again and each
 * file is looked up by its unique name (the part before {@code :2,}): one whose inode, size and
 * mtime are those indexed is the same message, whatever its flags and whichever of {@code new/} and
 * {@code cur/} it is in now (a flag rename or a move keeps the inode), so its summary is reused
 * with the flags of its name; every other file is read. Maildir messages are changed by rename,
 * never in place (a program that writes into a message file without renaming it is not noticed
 * until a directory changes).
 *
 * <pre>
 * payload = path:str newDir curDir:dir table
 * dir     = present:int8 dev ino mtimeNs ctimeNs:int64   (mtimeNs = Long.MIN_VALUE: list again)
 * table   = SummaryTable, slots: size (as listed) fileKey mtimeNs inNew fileSize; key: the file name
 * </pre>
 */
final class MaildirIndex {
  static final String MAGIC = "JMAILMD\n";
  static final int VERSION = 3;
  static final int SLOTS = 5;

  private MaildirIndex() {}

  /** The index file of a Maildir. */
  static Path fileFor(Path dir, Path maildir) {
    return dir.resolve("maildir").resolve(CacheFiles.nameFor(key(maildir)) + ".index");
  }

  static String key(Path maildir) {
    return maildir.toAbsolutePath().normalize().toString();
  }

  /** What identifies the state of {@code new/} or {@code cur/}. */
  record DirState(boolean present, long dev, long ino, long mtimeNs, long ctimeNs) {
    static final DirState UNKNOWN = new DirState(true, 0, 0, Long.MIN_VALUE, 0);

    static DirState of(Path dir) throws IOException {
      try {
        Map<String, Object> a = Files.readAttributes(dir, "unix:dev,ino,lastModifiedTime,ctime");
        return new DirState(
            true,
            ((Number) a.get("dev")).longValue(),
            ((Number) a.get("ino")).longValue(),
            ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
            ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
      } catch (NoSuchFileException e) {
        return new DirState(false, 0, 0, 0, 0);
      }
    }

    boolean known() {
      return mtimeNs != Long.MIN_VALUE;
    }

    // Written out: a record's own equals is bootstrapped on first use (invokedynamic), which
    // costs a one-shot listing tens of milliseconds.
    @Override
    public boolean equals(Object o) {
      return o instanceof DirState d
          && present == d.present
          && dev == d.dev
          && ino == d.ino
          && mtimeNs == d.mtimeNs
          && ctimeNs == d.ctimeNs;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(ino) * 31 + Long.hashCode(mtimeNs);
    }

    /** Changed too recently for a change in the same tick to show in its time stamps. */
    boolean racy() {
      return present && LocalIndex.racy(Math.max(mtimeNs, ctimeNs));
    }
  }

  /**
   * What identifies one message file, and a rename keeps: its file key (device and inode, as the
   * hash of Java's file key: one stat, without the attribute map that costs twice as much), size
   * and mtime. A different key can only make the file be read again, never trusted wrongly.
   */
  record FileStat(long key, long size, long mtimeNs) {
    static final FileStat NONE = new FileStat(-1, -1, Long.MIN_VALUE);

    /** The file's stat, or NONE when it is gone or was written too recently to be trusted. */
    static FileStat of(Path p) {
      try {
        return of(Files.readAttributes(p, BasicFileAttributes.class));
      } catch (IOException | RuntimeException e) {
        return NONE;
      }
    }

    /** As {@link #of(Path)}, from the file's attributes (null: gone). */
    static FileStat of(BasicFileAttributes a) {
      if (a == null) return NONE;
      long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
      if (LocalIndex.racy(mtime)) return NONE;
      Object key = a.fileKey();
      return new FileStat(key == null ? -1 : key.hashCode() & 0xffffffffL, a.size(), mtime);
    }

    long ino() {
      return key;
    }

    @Override
    public boolean equals(Object o) { // written out, as DirState's
      return o instanceof FileStat f && key == f.key && size == f.size && mtimeNs == f.mtimeNs;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(key) * 31 + Long.hashCode(mtimeNs);
    }
  }

  /**
   * One indexed message: its file (name, directory), stat and summary, and its display columns when
   * already made (null: made from the summary when the index is written).
   */
  record Row(String name, boolean inNew, FileStat stat, MessageSummary summary, byte[] display) {
    Row(String name, boolean inNew, FileStat stat, MessageSummary summary) {
      this(name, inNew, stat, summary, null);
    }

    MessageEntry entry() {
      return summary.entry();
    }
  }

  /** A loaded index. */
  record Index(DirState newDir, DirState curDir, SummaryTable table) {
    int size() {
      return table.size();
    }

    boolean inNew(int i) {
      return table.slot(i, 3) != 0;
    }

    String name(int i) {
      return table.key(i);
    }

    FileStat stat(int i) {
      return new FileStat(table.slot(i, 1), table.slot(i, 4), table.slot(i, 2));
    }

    /** Message {@code i}'s entry as a listing of {@code maildir} makes it. */
    MessageEntry entry(int i, Path newDir, Path curDir) {
      String name = name(i);
      boolean inNew = inNew(i);
      return MaildirFolder.entryOf(
          i + 1, (inNew ? newDir : curDir).resolve(name), name, inNew, table.slot(i, 0));
    }

    MessageSummary summary(int i, MessageEntry e) {
      return table.summary(i, e);
    }

    /** Message {@code i}'s display columns, copied out of the table (null when it has none). */
    byte[] display(int i) {
      ByteBuffer d = table.display(i);
      if (d == null) return null;
      byte[] b = new byte[d.remaining()];
      d.get(b);
      return b;
    }

    /** Index by unique name (the part before the info). */
    Map<String, Integer> byUniqueName() {
      Map<String, Integer> m = new HashMap<>(size() * 2);
      for (int i = 0; i < size(); i++) m.put(unique(name(i)), i);
      return m;
    }

    /** True when both directories are as indexed. */
    boolean current(DirState n, DirState c) {
      return n.known() && c.known() && n.equals(newDir) && c.equals(curDir);
    }
  }

  static String unique(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  /**
   * The index of {@code maildir}, or empty when absent, foreign, damaged, or of another one. The
   * file has a CRC per block ({@link CacheFiles#readChecked}); {@code whole}: all are checked now,
   * else each row and record when first used (a damaged one fails with {@link
   * IllegalStateException} then).
   */
  static Optional<Index> load(Path file, Path maildir, boolean whole) {
    Optional<CacheFiles.Checked> p = CacheFiles.readChecked(file, MAGIC, VERSION);
    if (p.isEmpty()) return Optional.empty();
    try {
      CacheFiles.Checked checked = p.get();
      if (whole) checked.checkAll();
      ByteBuffer b = checked.payload();
      checked.check(0, 4);
      int len = b.getInt(0);
      if (len < 0 || len > b.limit() - 4 - 2 * 33) return Optional.empty();
      checked.check(0, 4 + len + 2 * 33);
      if (!key(maildir).equals(SummaryTable.str(b))) return Optional.empty();
      DirState n = dir(b);
      DirState c = dir(b);
      SummaryTable t = SummaryTable.read(b, SLOTS, checked);
      if (b.hasRemaining()) return Optional.empty();
      return Optional.of(new Index(n, c, t));
    } catch (RuntimeException e) {
      return Optional.empty(); // damaged in a way the CRC did not catch: never trusted
    }
  }

  private static DirState dir(ByteBuffer b) {
    return new DirState(b.get() != 0, b.getLong(), b.getLong(), b.getLong(), b.getLong());
  }

  /** Writes the index: {@code rows} in folder order, the directories as they were listed. */
  static void save(Path file, Path maildir, DirState n, DirState c, List<Row> rows)
      throws IOException {
    LocalIndex.Config config = LocalIndex.config();
    java.util.function.Function<MessageSummary, byte[]> display =
        config == null ? null : config.display();
    SummaryTable.Builder t = new SummaryTable.Builder(SLOTS, rows.size(), display != null);
    for (Row r : rows) {
      t.add(
          slots(r.entry().size(), r.stat(), r.inNew()),
          r.summary().entry().flags(),
          r.name(),
          r.summary(),
          display == null ? null : r.display() != null ? r.display() : display.apply(r.summary()));
    }
    save(file, maildir, n, c, t);
  }

  /** A message's slots: its size as listed, and what identifies its file. */
  static long[] slots(long listedSize, FileStat st, boolean inNew) {
    return new long[] {listedSize, st.ino(), st.mtimeNs(), inNew ? 1 : 0, st.size()};
  }

  /** Writes the index with the table {@code t}, the directories as they were listed. */
  static void save(Path file, Path maildir, DirState n, DirState c, SummaryTable.Builder t)
      throws IOException {
    SummaryTable.Payload head = new SummaryTable.Payload(4096);
    DataOutputStream o = new DataOutputStream(head);
    SummaryTable.str(o, key(maildir));
    for (DirState d : List.of(n, c)) {
      o.writeByte(d.present() ? 1 : 0);
      o.writeLong(d.dev());
      o.writeLong(d.ino());
      o.writeLong(d.mtimeNs());
      o.writeLong(d.ctimeNs());
    }
    o.flush();
    ByteBuffer[] table = t.buffers();
    ByteBuffer[] parts = new ByteBuffer[table.length + 1];
    parts[0] = head.bytes();
    System.arraycopy(table, 0, parts, 1, table.length);
    CacheFiles.writeChecked(file, MAGIC, VERSION, parts);
  }

  /** What {@code jmail index} shows: the index of {@code maildir} under {@code cacheDir}. */
  static IndexInfo describe(Path cacheDir, Path maildir) throws IOException {
    Path file = fileFor(cacheDir, maildir);
    Optional<Index> idx = load(file, maildir, true);
    if (idx.isEmpty()) return IndexInfo.absent(file, -1);
    Index i = idx.get();
    long folderBytes = 0;
    for (int k = 0; k < i.size(); k++) folderBytes += Math.max(0, i.table().slot(k, 4));
    DirState n = DirState.of(maildir.resolve("new")), c = DirState.of(maildir.resolve("cur"));
    String why;
    if (!n.present() && !c.present()) why = "the folder is gone";
    else if (i.current(n, c)) why = null;
    else if (!i.newDir().known())
      why = "written after a change (the next look checks every name, reads only new files)";
    else why = "a directory changed (the next look checks every name, reads only new files)";
    return new IndexInfo(
        file,
        Files.size(file),
        folderBytes,
        i.size(),
        why == null ? "current" : "stale",
        why == null ? "" : why);
  }

  /**
   * What jmail's own change did to the files of a Maildir (renamed by flag changes, moved from
   * {@code new/} to {@code cur/}, removed, or replaced by an edited text), collected while it is
   * made, then applied to the index by {@link #update}.
   */
  static final class Moves {
    final Map<String, Path> renamed = new HashMap<>(); // unique name -> new file
    final java.util.Set<String> gone = new java.util.HashSet<>(); // unique names

    void renamed(Path to) {
      renamed.put(unique(to.getFileName().toString()), to);
    }

    void gone(Path file) {
      gone.add(unique(file.getFileName().toString()));
    }

    boolean isEmpty() {
      return renamed.isEmpty() && gone.isEmpty();
    }
  }

  /**
   * Brings the index up to date with jmail's own change: renamed messages keep their summaries
   * under their new names, removed or replaced ones leave it. The directories are recorded as
   * unknown, so the next look lists them and checks every name (a change another program made
   * meanwhile cannot be told apart from ours by the directories' time stamps), but reads no file it
   * has already read.
   */
  static void update(Path maildir, Moves moves) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null || moves.isEmpty()) return;
    Path file = fileFor(c.dir(), maildir);
    try {
      Optional<Index> idx = load(file, maildir, true);
      if (idx.isEmpty()) return;
      Index old = idx.get();
      Path newDir = maildir.resolve("new"), curDir = maildir.resolve("cur");
      List<Row> rows = new ArrayList<>(old.size());
      for (int i = 0; i < old.size(); i++) {
        String name = old.name(i);
        String u = unique(name);
        if (moves.gone.contains(u)) continue;
        boolean inNew = old.inNew(i);
        Path to = moves.renamed.get(u);
        if (to != null) {
          name = to.getFileName().toString();
          inNew = to.getParent().getFileName().toString().equals("new");
        }
        MessageEntry e =
            MaildirFolder.entryOf(
                0, (inNew ? newDir : curDir).resolve(name), name, inNew, old.table().slot(i, 0));
        rows.add(new Row(name, inNew, old.stat(i), old.summary(i, e), old.display(i)));
      }
      rows = MaildirFolder.inFolderOrder(rows);
      save(file, maildir, DirState.UNKNOWN, DirState.UNKNOWN, rows);
      c.say("updated: jmail changed " + (moves.renamed.size() + moves.gone.size()) + " messages");
    } catch (IOException | RuntimeException e) {
      c.say("not updated: " + e.getMessage());
      try {
        CacheFiles.delete(file);
      } catch (IOException ignored) {
        // left to the checks
      }
    }
  }
}
