package dev.jmail.store.maildir;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.RawHeaders;
import dev.jmail.message.Swar;
import dev.jmail.store.FileRegion;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderType;
import dev.jmail.store.MessageVisitor;
import dev.jmail.store.ReaderThreads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
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

  @Override
  public int count() {
    listed = names();
    return listed.length;
  }

  @Override
  public MessageEntry entry(int number) {
    if (listed == null) listed = names();
    if (number < 1 || number > listed.length) {
      throw new IndexOutOfBoundsException("message " + number + " of " + listed.length);
    }
    Named n = listed[number - 1];
    Path p = n.path(path);
    return new MessageEntry(
        number, new MessageLocation.Maildir(p), size(p), -1, flags(n.inNew, n.name));
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
    listed = names();
    List<MessageEntry> out = new ArrayList<>(listed.length);
    for (int n = 1; n <= listed.length; n++) out.add(entry(n));
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
   * Reads every message's header section, on a few threads when there are many files (the cost is
   * open/read/close latency), and hands {@code each} either a {@link Head} copy (no map) or what
   * {@code map} made of the header, in folder order; at most WINDOW_BATCHES * BATCH results are
   * held.
   */
  private void read(Function<RawHeaders, ?> map, BiConsumer<MessageEntry, Object> each) {
    Named[] names = names();
    Path newDir = path.resolve("new"), curDir = path.resolve("cur");
    if (names.length < 64) {
      HeaderReader reader = new HeaderReader();
      for (int i = 0; i < names.length; i++) {
        MessageEntry e = reader.read(i + 1, names[i], names[i].inNew ? newDir : curDir);
        each.accept(e, result(reader, map));
      }
      return;
    }
    ExecutorService pool = ReaderThreads.pool(READERS, "maildir-reader");
    // Files are handed out in batches: one task per file cost more in queueing and futures than
    // the open/read/close it wraps.
    ThreadLocal<HeaderReader> readers = ThreadLocal.withInitial(HeaderReader::new);
    ArrayDeque<Future<Object[]>> window = new ArrayDeque<>();
    try {
      int next = 0;
      int n = 0;
      while (n < names.length) {
        while (next < names.length && window.size() < WINDOW_BATCHES) {
          int from = next, to = Math.min(names.length, next + BATCH);
          next = to;
          window.add(
              pool.submit(
                  () -> {
                    HeaderReader r = readers.get();
                    Object[] out = new Object[2 * (to - from)];
                    for (int i = from; i < to; i++) {
                      out[2 * (i - from)] =
                          r.read(i + 1, names[i], names[i].inNew ? newDir : curDir);
                      out[2 * (i - from) + 1] = result(r, map);
                    }
                    return out;
                  }));
        }
        Object[] done = get(window.poll());
        for (int k = 0; k < done.length; k += 2) {
          n++;
          each.accept((MessageEntry) done[k], done[k + 1]);
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

  private static Object[] get(Future<Object[]> f) {
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
      long size = read(p.toString(), name.name);
      return new MessageEntry(
          number, new MessageLocation.Maildir(p), size, -1, flags(name.inNew, name.name));
    }

    long read(String file, String name) {
      length = 0;
      truncated = false;
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
