package dev.jmail.store.maildir;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.MessageSummary;
import dev.jmail.message.RawHeaders;
import dev.jmail.message.Swar;
import dev.jmail.store.FileRegion;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderType;
import dev.jmail.store.MessageVisitor;
import dev.jmail.store.ReaderThreads;
import dev.jmail.store.cache.LocalIndex;
import dev.jmail.store.cache.SummaryTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Maildir (and Maildir++ sub-folders) opened read-only: messages in {@code new/} and {@code
 * cur/}, ordered by delivery time (the numeric prefix of the unique name, then the name); {@code
 * tmp/} and dot files are ignored. Nothing is renamed by reading.
 */
public final class MaildirFolder implements Folder {
  private static final int HEADER_READ = 16 * 1024;
  private static final int MAX_HEADER = 1 << 20;

  private final Path path;
  private final boolean systemMailbox;

  public MaildirFolder(Path path, boolean systemMailbox) {
    this.path = path;
    this.systemMailbox = systemMailbox;
  }

  /** A directory is a Maildir when it has {@code cur/} or {@code new/}. */
  public static boolean isMaildir(Path dir) {
    return Files.isDirectory(dir.resolve("cur")) || Files.isDirectory(dir.resolve("new"));
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public FolderType type() {
    return FolderType.MAILDIR;
  }

  @Override
  public boolean isSystemMailbox() {
    return systemMailbox;
  }

  /**
   * The message names of new/ and cur/, sorted in delivery order. Paths are made later, on the
   * reader threads: for a large Maildir, making 100,000 of them here was most of the time before
   * the first file could be read.
   */
  private Named[] names() {
    if (!Files.isDirectory(path)) {
      if (systemMailbox && !Files.exists(path)) return new Named[0];
      if (!Files.exists(path)) throw new NoInputException(path + ": no such folder");
      throw new DataFormatException(path + ": not a Maildir");
    }
    if (!isMaildir(path)) throw new DataFormatException(path + ": not a Maildir (no cur/ or new/)");
    List<Named> named = new ArrayList<>();
    listNames(path.resolve("new"), true, named);
    listNames(path.resolve("cur"), false, named);
    Named[] out = named.toArray(new Named[0]);
    Arrays.sort(out);
    return out;
  }

  /**
   * A file name with its sort key computed once (sorting 100,000 names stays cheap). Delivery
   * order: seconds, then the microseconds of an {@code M} field and the counter of a {@code Q}
   * field ({@code 1700000000.M9876P42Q3.host}, as Dovecot, Python and others write them; the
   * numbers are not zero-padded, so they compare as numbers), then the name.
   */
  private record Named(long time, long micros, long counter, String name, boolean inNew)
      implements Comparable<Named> {
    @Override
    public int compareTo(Named o) {
      int c = Long.compare(time, o.time);
      if (c == 0) c = Long.compare(micros, o.micros);
      if (c == 0) c = Long.compare(counter, o.counter);
      return c != 0 ? c : name.compareTo(o.name);
    }

    Path path(Path maildir) {
      return maildir.resolve(inNew ? "new" : "cur").resolve(name);
    }

    static Named of(String n, boolean inNew) {
      int dot = n.indexOf('.');
      long micros = -1, counter = -1;
      if (dot >= 0) {
        // the middle field ends at the next dot, or at the ':' of the info when that comes first
        int end = n.indexOf('.', dot + 1);
        int colon = n.indexOf(':', dot + 1);
        if (end < 0 || (colon >= 0 && colon < end)) end = colon >= 0 ? colon : n.length();
        micros = field(n, dot + 1, end, 'M');
        counter = field(n, dot + 1, end, 'Q');
      }
      return new Named(leadingNumber(n), micros, counter, n, inNew);
    }

    /** The number after the first {@code tag} in [from, end) of {@code s}, or -1. */
    private static long field(String s, int from, int end, char tag) {
      int i = s.indexOf(tag, from);
      if (i < 0 || i >= end) return -1;
      long v = 0;
      int j = i + 1;
      while (j < end && j - i <= 18 && Character.isDigit(s.charAt(j)))
        v = v * 10 + (s.charAt(j++) - '0');
      return j == i + 1 ? -1 : v;
    }
  }

  private static void listNames(Path dir, boolean inNew, List<Named> out) {
    String[] names = dir.toFile().list();
    if (names == null) {
      if (Files.isDirectory(dir) && !Files.isReadable(dir))
        throw new NoInputException(dir + ": cannot read: permission denied");
      if (Files.isDirectory(dir)) throw new IoFailureException(dir + ": cannot list");
      return;
    }
    for (String n : names) {
      if (!n.startsWith(".")) out.add(Named.of(n, inNew));
    }
  }

  private static void list(Path dir, List<Path> out) {
    if (!Files.isDirectory(dir)) return;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (!p.getFileName().toString().startsWith(".")) out.add(p);
      }
    } catch (IOException e) {
      throw new IoFailureException(dir + ": cannot list: " + e.getMessage(), e);
    }
  }

  static long leadingNumber(String name) {
    long n = 0;
    int i = 0;
    while (i < name.length() && i < 18 && Character.isDigit(name.charAt(i))) {
      n = n * 10 + (name.charAt(i) - '0');
      i++;
    }
    return i == 0 ? Long.MAX_VALUE : n;
  }

  /** Flags from the location: new/ = new; info letters S R F T D. */
  private static Set<Flag> flags(boolean inNew, String name) {
    EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
    if (inNew) f.add(Flag.NEW);
    int info = name.indexOf(":2,");
    if (info < 0) return f;
    for (int i = info + 3; i < name.length(); i++) {
      switch (name.charAt(i)) {
        case 'S' -> f.add(Flag.SEEN);
        case 'R' -> f.add(Flag.ANSWERED);
        case 'F' -> f.add(Flag.FLAGGED);
        case 'T' -> f.add(Flag.DELETED);
        case 'D' -> f.add(Flag.DRAFT);
        default -> {}
      }
    }
    return f;
  }

  /** The {@code ,S=size} field of a name, or -1. */
  static long sizeFromName(String name) {
    int i = name.indexOf(",S=");
    if (i < 0) return -1;
    long n = 0;
    int j = i + 3;
    int start = j;
    while (j < name.length() && Character.isDigit(name.charAt(j)) && j - start < 18) {
      n = n * 10 + (name.charAt(j++) - '0');
    }
    return j == start ? -1 : n;
  }

  private Named[] listed; // for count()/entry(n): one listing per opened folder
  private MaildirIndex.Index indexed; // or the index, when it was current

  @Override
  public int count() {
    // the index file's blocks are checked as they are used: read N checks a few of them
    indexed = currentIndex("numbering", false);
    if (indexed != null) return indexed.size();
    listed = names();
    return listed.length;
  }

  @Override
  public MessageEntry entry(int number) {
    if (indexed != null) {
      if (number < 1 || number > indexed.size()) {
        throw new IndexOutOfBoundsException("message " + number + " of " + indexed.size());
      }
      try {
        return indexed.entry(number - 1, path.resolve("new"), path.resolve("cur"));
      } catch (IllegalStateException e) {
        LocalIndex.Config c = LocalIndex.config();
        if (c != null) c.say("not used for the numbering: the index file is damaged");
        indexed = null; // listed as without
      }
    }
    if (listed == null) listed = names();
    if (number < 1 || number > listed.length) {
      throw new IndexOutOfBoundsException("message " + number + " of " + listed.length);
    }
    Named n = listed[number - 1];
    Path p = n.path(path);
    return new MessageEntry(
        number, new MessageLocation.Maildir(p), size(p), -1, flags(n.inNew, n.name));
  }

  /** A message's entry as a listing makes it; {@code fileSize} is used when the name has no S=. */
  static MessageEntry entryOf(int number, Path file, String name, boolean inNew, long fileSize) {
    long fromName = sizeFromName(name);
    return new MessageEntry(
        number,
        new MessageLocation.Maildir(file),
        fromName >= 0 ? fromName : fileSize,
        -1,
        flags(inNew, name));
  }

  private static long size(Path p) {
    long size = sizeFromName(p.getFileName().toString());
    if (size >= 0) return size;
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0; // vanished since the listing: shown as empty
    }
  }

  @Override
  public List<MessageEntry> entries() {
    MaildirIndex.Index idx = currentIndex("numbering", true);
    if (idx != null) {
      Path newDir = path.resolve("new"), curDir = path.resolve("cur");
      List<MessageEntry> out = new ArrayList<>(idx.size());
      for (int i = 0; i < idx.size(); i++) out.add(idx.entry(i, newDir, curDir));
      return out;
    }
    indexed = null;
    listed = names();
    List<MessageEntry> out = new ArrayList<>(listed.length);
    for (int n = 1; n <= listed.length; n++) out.add(entry(n));
    return out;
  }

  /**
   * The index when it is current (both directories as indexed), else null; said on --debug. {@code
   * whole}: as {@link MaildirIndex#load}.
   */
  private MaildirIndex.Index currentIndex(String use, boolean whole) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null) return null;
    try {
      MaildirIndex.DirState n = MaildirIndex.DirState.of(path.resolve("new"));
      MaildirIndex.DirState cur = MaildirIndex.DirState.of(path.resolve("cur"));
      if (!n.present() && !cur.present()) return null;
      Optional<MaildirIndex.Index> idx =
          MaildirIndex.load(MaildirIndex.fileFor(c.dir(), path), path, whole);
      if (idx.isPresent() && idx.get().current(n, cur)) {
        c.say("used for the " + use + " (" + idx.get().size() + " messages)");
        return idx.get();
      }
      c.say(
          "not used for the "
              + use
              + ": "
              + (idx.isEmpty() ? "no usable index" : "a directory changed"));
    } catch (IOException e) {
      // listed below, with the listing's own errors
    }
    return null;
  }

  /**
   * A plain listing from the index when both directories are as indexed and it keeps display
   * columns; else the directories are listed and the index brought up to date as for {@link
   * #summaries}, the rows made from the display columns it gets. -1 when no index is configured (or
   * no display columns, or no Maildir yet): then {@link #summaries} is the way.
   */
  @Override
  public int listingRows(Row each) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null || c.display() == null || c.fields() == null) return -1;
    Path file = MaildirIndex.fileFor(c.dir(), path);
    MaildirIndex.DirState n0, c0;
    try {
      n0 = MaildirIndex.DirState.of(path.resolve("new"));
      c0 = MaildirIndex.DirState.of(path.resolve("cur"));
    } catch (IOException e) {
      return -1;
    }
    if (!n0.present() && !c0.present()) return -1;
    Optional<MaildirIndex.Index> idx = MaildirIndex.load(file, path, true);
    if (idx.isPresent() && idx.get().current(n0, c0) && idx.get().table().hasDisplay()) {
      SummaryTable t = idx.get().table();
      c.say("used (" + t.size() + " messages)");
      for (int i = 0; i < t.size(); i++) {
        java.nio.ByteBuffer display = t.display(i);
        if (display == null) throw new IllegalStateException("a record without display columns");
        each.row(i + 1, t.flagBits(i), -1, t.slot(i, 0), display);
      }
      return t.size();
    }
    return relist(
        c,
        c.fields(),
        false,
        file,
        n0,
        c0,
        idx,
        why(file, idx, n0, c0),
        (n, l) -> {
          java.nio.ByteBuffer d =
              l.display != null
                  ? java.nio.ByteBuffer.wrap(l.display)
                  : idx.get().table().display(l.old);
          each.row(n, l.flags, -1, l.size, d);
        });
  }

  /** Why the index is not used as it is (it is not current, or holds no display columns). */
  private static String why(
      Path file,
      Optional<MaildirIndex.Index> idx,
      MaildirIndex.DirState n0,
      MaildirIndex.DirState c0) {
    if (idx.isEmpty()) return LocalIndex.whyUnusable(file);
    if (idx.get().current(n0, c0)) return "the index holds no display columns";
    return idx.get().newDir().known()
        ? "a directory changed"
        : "the directories were not recorded as current (changed by jmail, or just before)";
  }

  /**
   * Every message's summary: from the index when both directories are as indexed; else the
   * directories are listed, files the index knows unchanged (same inode, size and mtime under the
   * same unique name) keep their summaries with the flags of their names, the others are read, and
   * the index is written again.
   */
  @Override
  public void summaries(
      Function<RawHeaders, MessageSummary> fields, Consumer<MessageSummary> each) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null) {
      Folder.super.summaries(fields, each);
      return;
    }
    Path newDir = path.resolve("new"), curDir = path.resolve("cur");
    Path file = MaildirIndex.fileFor(c.dir(), path);
    MaildirIndex.DirState n0, c0;
    try {
      n0 = MaildirIndex.DirState.of(newDir);
      c0 = MaildirIndex.DirState.of(curDir);
    } catch (IOException e) {
      Folder.super.summaries(fields, each);
      return;
    }
    if (!n0.present() && !c0.present()) {
      Folder.super.summaries(fields, each); // no Maildir (yet): nothing to index
      return;
    }
    Optional<MaildirIndex.Index> idx = MaildirIndex.load(file, path, true);
    if (idx.isPresent() && idx.get().current(n0, c0)) {
      MaildirIndex.Index used = idx.get();
      c.say("used (" + used.size() + " messages)");
      for (int i = 0; i < used.size(); i++)
        each.accept(used.summary(i, used.entry(i, newDir, curDir)));
      return;
    }
    relist(
        c,
        fields,
        true,
        file,
        n0,
        c0,
        idx,
        why(file, idx, n0, c0),
        (n, l) -> each.accept(l.summary));
  }

  /**
   * One message of a listing that brings the index up to date, as a reader thread made it: its
   * name, stat, size and flags, and either its summary (with its entry) and display columns, or the
   * index's record {@code old} of it, to be copied as it is.
   */
  private record Listed(
      Named named,
      MaildirIndex.FileStat stat,
      long size,
      int flags,
      MessageSummary summary,
      byte[] display,
      int old,
      boolean read) {}

  /** Where {@link #relist} hands each message, numbered from 1, in folder order. */
  private interface ListedSink {
    void accept(int number, Listed l);
  }

  /**
   * Lists the directories, hands every message to {@code sink} in folder order and writes the index
   * again, appended to as the messages come (no message is held): a file the old index knows
   * unchanged keeps its record (copied, or decoded when {@code summaries} asks for the summaries),
   * the others are read and decoded on the reader threads, display columns included. Returns the
   * number of messages.
   */
  private int relist(
      LocalIndex.Config c,
      Function<RawHeaders, MessageSummary> fields,
      boolean summaries,
      Path file,
      MaildirIndex.DirState n0,
      MaildirIndex.DirState c0,
      Optional<MaildirIndex.Index> idx,
      String why,
      ListedSink sink) {
    Path newDir = path.resolve("new"), curDir = path.resolve("cur");
    Named[] names = names();
    MaildirIndex.Index old = idx.orElse(null);
    Map<String, Integer> known = old == null ? Map.of() : old.byUniqueName();
    Function<MessageSummary, byte[]> display = c.display();
    // an old record is copied when its layout is the new one's (display columns or not)
    boolean copyable = old != null && old.table().hasDisplay() == (display != null);
    SummaryTable.Builder t =
        new SummaryTable.Builder(MaildirIndex.SLOTS, names.length, display != null);
    int[] reread = {0};
    run(
        names.length,
        (r, i) -> {
          Named nm = names[i];
          Path dir = nm.inNew ? newDir : curDir;
          Path p = dir.resolve(nm.name);
          BasicFileAttributes a;
          try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
          } catch (IOException | RuntimeException e) {
            a = null; // gone: the read says so
          }
          MaildirIndex.FileStat st = MaildirIndex.FileStat.of(a);
          int flags = bits(flags(nm.inNew, nm.name));
          Integer k = known.get(MaildirIndex.unique(nm.name));
          if (k != null && st.ino() >= 0 && st.equals(old.stat(k))) {
            long fromName = sizeFromName(nm.name);
            long size = fromName >= 0 ? fromName : st.size();
            if (copyable && !summaries)
              return new Object[] {new Listed(nm, st, size, flags, null, null, k, false)};
            MessageSummary sum = old.summary(k, entryOf(i + 1, p, nm.name, nm.inNew, st.size()));
            byte[] d = copyable || display == null ? null : display.apply(sum);
            return new Object[] {new Listed(nm, st, size, flags, sum, d, copyable ? k : -1, false)};
          }
          MessageEntry e = r.read(i + 1, nm, dir, a == null || a.isRegularFile());
          MessageSummary sum =
              fields.apply(new RawHeaders(r.buf, r.length, r.truncated)).withEntry(e);
          byte[] d = display == null ? null : display.apply(sum);
          return new Object[] {new Listed(nm, st, e.size(), flags, sum, d, -1, true)};
        },
        one -> {
          Listed l = (Listed) one[0];
          long[] slots = MaildirIndex.slots(l.size, l.stat, l.named.inNew);
          if (l.old >= 0) {
            t.copy(slots, l.flags, l.named.name, old.table(), l.old);
          } else {
            t.add(slots, l.flags, l.named.name, l.summary, l.display);
          }
          if (l.read) reread[0]++;
          sink.accept(t.size(), l);
        });
    c.say(
        (old == null ? "rebuilt: " : "updated: ")
            + why
            + " ("
            + reread[0]
            + " of "
            + t.size()
            + " messages read)");
    save(c, file, n0, c0, t);
    return t.size();
  }

  /** Flags as bits: bit n for {@link Flag} ordinal n. */
  private static int bits(Set<Flag> flags) {
    int bits = 0;
    for (Flag f : flags) bits |= 1 << f.ordinal();
    return bits;
  }

  /**
   * Writes the index; the directories are recorded as listed only when they are still so and old
   * enough that a change in the same tick would show, else as unknown (the next look lists them).
   */
  private void save(
      LocalIndex.Config c,
      Path file,
      MaildirIndex.DirState n0,
      MaildirIndex.DirState c0,
      SummaryTable.Builder rows) {
    try {
      MaildirIndex.DirState n1 = MaildirIndex.DirState.of(path.resolve("new"));
      MaildirIndex.DirState c1 = MaildirIndex.DirState.of(path.resolve("cur"));
      boolean still = n1.equals(n0) && c1.equals(c0) && !n0.racy() && !c0.racy();
      if (!still)
        c.say("directories recorded as unknown: changed during or just before the listing");
      MaildirIndex.save(
          file,
          path,
          still ? n0 : MaildirIndex.DirState.UNKNOWN,
          still ? c0 : MaildirIndex.DirState.UNKNOWN,
          rows);
    } catch (IOException | RuntimeException e) {
      c.say("not written: " + e.getMessage());
    }
  }

  /** Rows sorted in folder order (delivery time, then name). */
  static List<MaildirIndex.Row> inFolderOrder(List<MaildirIndex.Row> rows) {
    record Keyed(Named key, MaildirIndex.Row row) {}
    List<Keyed> k = new ArrayList<>(rows.size());
    for (MaildirIndex.Row r : rows) k.add(new Keyed(Named.of(r.name(), r.inNew()), r));
    k.sort((a, b) -> a.key().compareTo(b.key()));
    List<MaildirIndex.Row> out = new ArrayList<>(rows.size());
    for (int i = 0; i < k.size(); i++) {
      MaildirIndex.Row r = k.get(i).row();
      MessageEntry e = r.entry();
      MessageEntry renumbered =
          new MessageEntry(i + 1, e.location(), e.size(), e.lines(), e.flags());
      out.add(
          new MaildirIndex.Row(
              r.name(), r.inNew(), r.stat(), r.summary().withEntry(renumbered), r.display()));
    }
    return out;
  }

  @Override
  public void scan(MessageVisitor visitor) {
    RawHeaders block = new RawHeaders(new byte[0], 0, false);
    read(
        null,
        (entry, h) -> {
          Head head = (Head) h;
          block.set(head.bytes, head.bytes.length, head.truncated);
          visitor.message(entry, block);
        });
  }

  @Override
  @SuppressWarnings("unchecked") // read() hands back what map returned
  public <T> void scanMapped(Function<RawHeaders, T> map, BiConsumer<MessageEntry, T> each) {
    read(map, (entry, value) -> each.accept(entry, (T) value));
  }

  /**
   * Reads every message's header section and hands {@code each} either a {@link Head} copy (no map)
   * or what {@code map} made of the header, in folder order.
   */
  private void read(Function<RawHeaders, ?> map, BiConsumer<MessageEntry, Object> each) {
    Named[] names = names();
    Path newDir = path.resolve("new"), curDir = path.resolve("cur");
    run(
        names.length,
        (r, i) -> {
          MessageEntry e = r.read(i + 1, names[i], names[i].inNew ? newDir : curDir);
          return new Object[] {e, result(r, map)};
        },
        (pair) -> each.accept((MessageEntry) pair[0], pair[1]));
  }

  /** The work on message {@code i} (0-based) with a reader of this thread's. */
  private interface Item {
    Object[] read(HeaderReader r, int i);
  }

  /**
   * Runs {@code item} for messages 0..n-1, on a few threads when there are many files (the cost is
   * open/read/close latency), and hands the results to {@code each} in folder order; at most
   * WINDOW_BATCHES * BATCH results are held.
   */
  private static void run(int n, Item item, Consumer<Object[]> each) {
    if (n < 64) {
      HeaderReader reader = new HeaderReader();
      for (int i = 0; i < n; i++) each.accept(item.read(reader, i));
      return;
    }
    ExecutorService pool = ReaderThreads.pool(READERS, "maildir-reader");
    // Files are handed out in batches: one task per file cost more in queueing and futures than
    // the open/read/close it wraps.
    ThreadLocal<HeaderReader> readers = ThreadLocal.withInitial(HeaderReader::new);
    ArrayDeque<Future<Object[][]>> window = new ArrayDeque<>();
    try {
      int next = 0;
      int done = 0;
      while (done < n) {
        while (next < n && window.size() < WINDOW_BATCHES) {
          int from = next, to = Math.min(n, next + BATCH);
          next = to;
          window.add(
              pool.submit(
                  () -> {
                    HeaderReader r = readers.get();
                    Object[][] out = new Object[to - from][];
                    for (int i = from; i < to; i++) out[i - from] = item.read(r, i);
                    return out;
                  }));
        }
        for (Object[] one : get(window.poll())) {
          done++;
          each.accept(one);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Object result(HeaderReader r, Function<RawHeaders, ?> map) {
    if (map == null) return new Head(Arrays.copyOf(r.buf, r.length), r.truncated);
    return map.apply(new RawHeaders(r.buf, r.length, r.truncated));
  }

  private static final int READERS = 4;
  private static final int BATCH = 128;
  private static final int WINDOW_BATCHES = 16;

  private record Head(byte[] bytes, boolean truncated) {}

  private static Object[][] get(Future<Object[][]> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IoFailureException("Maildir read failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IoFailureException("interrupted", e);
    }
  }

  /** Reads a file's header section (up to the first empty line) and its size. */
  static final class HeaderReader {
    byte[] buf = new byte[HEADER_READ];
    int length;
    boolean truncated;

    /** Reads message {@code number}, file {@code name} of {@code dir} (new/ or cur/), into buf. */
    MessageEntry read(int number, Named name, Path dir) {
      Path p = dir.resolve(name.name);
      return read(number, name, dir, isRegularFile(p.toString()));
    }

    /** As above, told whether the file is a regular one (or gone: worth opening). */
    MessageEntry read(int number, Named name, Path dir, boolean regular) {
      Path p = dir.resolve(name.name);
      long size = read(p.toString(), name.name, regular);
      return new MessageEntry(
          number, new MessageLocation.Maildir(p), size, -1, flags(name.inNew, name.name));
    }

    long read(String file, String name) {
      return read(file, name, isRegularFile(file));
    }

    long read(String file, String name, boolean regular) {
      length = 0;
      truncated = false;
      // a FIFO would block the open for ever, a device never end: listed as empty messages
      if (!regular) return 0;
      // FileInputStream: far lighter to open than a FileChannel, and this runs once per message
      try (java.io.FileInputStream in = new java.io.FileInputStream(file)) {
        long size = sizeFromName(name);
        if (size < 0) {
          // no ,S= in the name (mutt, Python, offlineimap): available() at offset 0 is the size
          // for a regular file, without the FileChannel that getChannel() would build
          int available = in.available();
          size = available < Integer.MAX_VALUE ? available : in.getChannel().size();
        }
        int scanned = 0;
        while (true) {
          if (length == buf.length) {
            if (buf.length >= MAX_HEADER) {
              truncated = true;
              break;
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
          }
          // Small reads: most header sections fit in the first 4 KiB, and the rest of the
          // message need not be copied (FileInputStream also mallocs for reads over 8 KiB).
          int want = Math.min(buf.length - length, length == 0 ? FIRST_READ : NEXT_READ);
          int r = in.read(buf, length, want);
          if (r <= 0) break;
          length += r;
          int end = headerEnd(buf, Math.max(0, scanned - 2), length);
          if (end >= 0) {
            length = end;
            break;
          }
          scanned = length;
        }
        return size;
      } catch (java.io.FileNotFoundException e) {
        if (Files.exists(Path.of(file)) && !Files.isReadable(Path.of(file))) {
          throw new NoInputException(file + ": cannot read: permission denied", e);
        }
        if (Files.exists(Path.of(file)))
          throw new IoFailureException(file + ": cannot read: " + e.getMessage(), e);
        length = 0;
        return 0; // delivered elsewhere or expunged since the listing
      } catch (IOException e) {
        throw new IoFailureException(file + ": " + e.getMessage(), e);
      }
    }

    /** Whether {@code file} (a link followed) is a regular file, or gone: worth opening. */
    private static boolean isRegularFile(String file) {
      try {
        return Files.readAttributes(Path.of(file), BasicFileAttributes.class).isRegularFile();
      } catch (IOException e) {
        return true; // gone, or not ours to read: the open says which
      }
    }

    private static final int FIRST_READ = 4096;
    private static final int NEXT_READ = 8192;

    /**
     * Index of the LF that starts the empty line (the header ends before it), or -1. Every listed
     * message passes through here, so LFs are found eight bytes at a time (SWAR, as in
     * MboxScanner.skipBody: the high bit is set in the bytes of {@code word ^ 0x0a..} that are
     * zero).
     */
    static int headerEnd(byte[] b, int from, int to) {
      if (from == 0 && to > 0 && (b[0] == '\n')) return 0;
      if (from == 0 && to > 1 && b[0] == '\r' && b[1] == '\n') return 0;
      int i = Math.max(from, 0);
      for (; i + 8 <= to; i += 8) {
        long lfs = Swar.matches(Swar.word(b, i), LFS);
        while (lfs != 0) {
          int end = emptyLineAfter(b, i + Swar.firstByte(lfs), to);
          if (end >= 0) return end;
          lfs &= lfs - 1;
        }
      }
      for (; i < to; i++) {
        if (b[i] == '\n') {
          int end = emptyLineAfter(b, i, to);
          if (end >= 0) return end;
        }
      }
      return -1;
    }

    /** {@code nl + 1} when the line after the LF at {@code nl} is empty (LF or CRLF), else -1. */
    private static int emptyLineAfter(byte[] b, int nl, int to) {
      if (nl + 1 < to && b[nl + 1] == '\n') return nl + 1;
      if (nl + 2 < to && b[nl + 1] == '\r' && b[nl + 2] == '\n') return nl + 1;
      return -1;
    }

    private static final long LFS = Swar.pattern('\n');
  }

  @Override
  public InputStream open(MessageEntry entry) {
    if (!(entry.location() instanceof MessageLocation.Maildir loc)) {
      throw new IllegalArgumentException("not a Maildir message: " + entry.location());
    }
    requireRegularFile(loc.file());
    try {
      return Files.newInputStream(loc.file());
    } catch (NoSuchFileException e) {
      // another client may have moved it from new/ to cur/ or changed its flags
      Path moved = findByUniqueName(loc.uniqueName());
      if (moved != null) {
        try {
          return Files.newInputStream(moved);
        } catch (IOException e2) {
          throw new IoFailureException(moved + ": " + e2.getMessage(), e2);
        }
      }
      throw new NoInputException(loc.file() + ": message no longer exists");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new NoInputException(loc.file() + ": cannot read: permission denied", e);
    } catch (IOException e) {
      throw new IoFailureException(loc.file() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<FileRegion> openRegion(MessageEntry entry) {
    if (!(entry.location() instanceof MessageLocation.Maildir loc)) {
      throw new IllegalArgumentException("not a Maildir message: " + entry.location());
    }
    Path file = loc.file();
    requireRegularFile(file);
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      // another client may have moved it from new/ to cur/ or changed its flags
      file = findByUniqueName(loc.uniqueName());
      if (file == null) throw new NoInputException(loc.file() + ": message no longer exists");
      try {
        ch = FileChannel.open(file, StandardOpenOption.READ);
      } catch (IOException e2) {
        throw new IoFailureException(file + ": " + e2.getMessage(), e2);
      }
    } catch (java.nio.file.AccessDeniedException e) {
      throw new NoInputException(file + ": cannot read: permission denied", e);
    } catch (IOException e) {
      throw new IoFailureException(file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(new FileRegion(ch, 0, ch.size()));
    } catch (IOException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IoFailureException(file + ": " + e.getMessage(), e);
    }
  }

  /** A FIFO, device or directory in new/ or cur/ is no message (a FIFO's open never returns). */
  private static void requireRegularFile(Path file) {
    if (!HeaderReader.isRegularFile(file.toString()))
      throw new NoInputException(file + ": not a regular file");
  }

  private Path findByUniqueName(String unique) {
    for (String sub : List.of("cur", "new")) {
      List<Path> found = new ArrayList<>();
      list(path.resolve(sub), found);
      for (Path p : found) {
        String n = p.getFileName().toString();
        if (n.equals(unique) || n.startsWith(unique + ":")) return p;
      }
    }
    return null;
  }

  @Override
  public List<String> subfolders() {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && !n.equals(".") && !n.equals("..") && isMaildir(p)) out.add(n);
      }
    } catch (IOException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }
}
