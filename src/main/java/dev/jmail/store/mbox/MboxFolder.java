package dev.jmail.store.mbox;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.MessageSummary;
import dev.jmail.message.RawHeaders;
import dev.jmail.store.FileRegion;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderType;
import dev.jmail.store.MessageVisitor;
import dev.jmail.store.cache.LocalIndex;
import dev.jmail.store.cache.SummaryTable;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An mbox file opened read-only. Every operation opens the file afresh (read-only), so the folder
 * never changes a byte — except that, before the first read, a change a killed jmail left half-done
 * is completed ({@link JournalRecovery}); a missing system mailbox reads as empty.
 */
public final class MboxFolder implements Folder {
  private final Path path;
  private final boolean systemMailbox;

  public MboxFolder(Path path, boolean systemMailbox) {
    this.path = path;
    this.systemMailbox = systemMailbox;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public FolderType type() {
    return FolderType.MBOX;
  }

  @Override
  public boolean isSystemMailbox() {
    return systemMailbox;
  }

  @Override
  public void scan(MessageVisitor visitor) {
    FileChannel ch = openChannel();
    if (ch == null) return;
    try (ch) {
      MboxScanner.Sink sink = MboxScanner.entries(1, visitor::message);
      scan(ch, sink);
    } catch (MboxScanner.NotMboxException e) {
      throw new DataFormatException(
          path + ": not an mbox folder (the first line is not a \"From \" line)");
    } catch (IOException e) {
      throw new IoFailureException(path + ": " + describe(e), e);
    }
  }

  /** Scans a channel with two threads when the file is large enough to gain from it. */
  static void scan(FileChannel ch, MboxScanner.Sink sink)
      throws IOException, MboxScanner.NotMboxException {
    long size = ch.size();
    if (!ParallelScan.worthIt(size)) {
      new MboxScanner(ch).scan(sink);
      return;
    }
    ParallelScan.scan(
        ch,
        size,
        seg -> {
          for (int i = 0; i < seg.spans.size(); i++) {
            long[] s = seg.spans.get(i);
            byte[] h = seg.headers.get(i);
            int[] ls = seg.lineStarts.get(i);
            byte[] fl = seg.fromLines.get(i);
            sink.message(
                s[0],
                s[1],
                s[2],
                s[3],
                s[4],
                h,
                h.length,
                seg.truncated.get(i),
                ls,
                ls.length,
                fl,
                fl.length);
          }
        });
  }

  @Override
  public void summaries(
      Function<RawHeaders, MessageSummary> fields, Consumer<MessageSummary> each) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null) {
      Folder.super.summaries(fields, each);
      return;
    }
    FileChannel ch = openChannel();
    if (ch == null) return;
    try (ch) {
      SummaryTable t = upToDate(c, ch, fields);
      for (int i = 0; i < t.size(); i++) each.accept(t.summary(i, MboxIndex.entry(t, i)));
    } catch (IOException e) {
      throw new IoFailureException(path + ": " + describe(e), e);
    }
  }

  /**
   * A plain listing from the index, brought up to date first as for {@link #summaries}; the display
   * columns come with it.
   */
  @Override
  public int listingRows(Row each) {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null || c.display() == null || c.fields() == null) return -1;
    FileChannel ch = openChannel();
    if (ch == null) return 0;
    try (ch) {
      SummaryTable t = upToDate(c, ch, c.fields());
      for (int i = 0; i < t.size(); i++) {
        ByteBuffer display = t.display(i);
        if (display == null) throw new IllegalStateException("a record without display columns");
        each.row(i + 1, t.flagBits(i), t.slot(i, 4), t.slot(i, 2) - t.slot(i, 1), display);
      }
      return t.size();
    } catch (IOException e) {
      throw new IoFailureException(path + ": " + describe(e), e);
    }
  }

  /**
   * The index of this mbox brought up to date, as a table: used as it is when current; extended
   * when the mbox only grew (the indexed records copied as they are, the messages from the last
   * indexed one on decoded); else rebuilt by a scan whose decoding (display columns included, when
   * the configuration makes them) runs on the reader threads. A new table is written when the
   * folder stayed as it was ({@link #save}); it is answered either way.
   */
  private SummaryTable upToDate(
      LocalIndex.Config c, FileChannel ch, Function<RawHeaders, MessageSummary> fields) {
    java.util.function.Function<MessageSummary, byte[]> display = c.display();
    try {
      Path file = MboxIndex.fileFor(c.dir(), path);
      MboxIndex.State now = MboxIndex.State.of(path);
      Optional<MboxIndex.Index> idx = MboxIndex.load(file, path, true);
      String why;
      if (idx.isEmpty()) {
        why = LocalIndex.whyUnusable(file);
      } else if (idx.get().table().hasDisplay() != (display != null)) {
        why =
            display != null
                ? "the index holds no display columns"
                : "the index holds display columns this configuration does not make";
      } else {
        boolean[] grown = {false};
        why = MboxIndex.mismatch(idx.get(), now, ch, grown);
        if (why == null) {
          debug(c, "used (" + idx.get().size() + " messages)");
          return idx.get().table();
        }
        if (grown[0]) {
          MboxIndex.Index old = idx.get();
          SummaryTable.Builder t = SummaryTable.Builder.from(old.table(), old.size() - 1);
          new MboxScanner(ch, MboxScanner.CHUNK, old.lastStart(), now.size())
              .scan(
                  MboxScanner.entries(
                      t.size() + 1,
                      (entry, block) -> {
                        MessageSummary m = fields.apply(block);
                        MboxIndex.add(t, entry, m, display == null ? null : display.apply(m));
                      }));
          debug(
              c,
              "extended: "
                  + why
                  + " ("
                  + (t.size() - old.size() + 1)
                  + " messages scanned from the last indexed one)");
          save(c, file, now, t, old.generation());
          return t.table();
        }
      }
      debug(c, "rebuilt: " + why);
      SummaryTable.Builder t = new SummaryTable.Builder(MboxIndex.SLOTS, 1024, display != null);
      scanMapped(
          block -> {
            MessageSummary m = fields.apply(block);
            return new Object[] {m, display == null ? null : display.apply(m)};
          },
          (e, o) -> MboxIndex.add(t, e, (MessageSummary) o[0], (byte[]) o[1]));
      save(c, file, now, t, 0);
      return t.table();
    } catch (MboxScanner.NotMboxException e) {
      throw new DataFormatException(
          path + ": not an mbox folder (the first line is not a \"From \" line)");
    } catch (IOException e) {
      throw new IoFailureException(path + ": " + describe(e), e);
    }
  }

  /**
   * Writes the index when the folder is still as it was before the scan and its last change is
   * older than the file system's time stamp granularity (else a change in the same tick would go
   * unseen: the index is left as it was, and the next use scans again).
   */
  private void save(
      LocalIndex.Config c,
      Path file,
      MboxIndex.State before,
      SummaryTable.Builder t,
      long generation) {
    save(c, file, before, ch -> MboxIndex.save(file, path, before, ch, t, generation));
  }

  /** Writes the index in state {@code before} (the writer is given the mbox's channel). */
  private interface IndexWriter {
    void write(FileChannel ch) throws IOException;
  }

  private void save(LocalIndex.Config c, Path file, MboxIndex.State before, IndexWriter writer) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      MboxIndex.State after = MboxIndex.State.of(path);
      if (!after.equals(before)) {
        debug(c, "not written: the folder changed during the scan");
        return;
      }
      if (LocalIndex.racy(Math.max(after.mtimeNs(), after.ctimeNs()))) {
        debug(c, "not written: the folder changed too recently to tell a change in the same tick");
        return;
      }
      writer.write(ch);
      if (!MboxIndex.State.of(path).equals(before)) {
        MboxIndex.delete(file); // changed while the index was written: it may describe neither
        debug(c, "not kept: the folder changed while the index was written");
      }
    } catch (IOException | RuntimeException e) {
      debug(c, "not written: " + e.getMessage());
    }
  }

  private static void debug(LocalIndex.Config c, String text) {
    c.say(text);
  }

  /** The entries from the index when it is current; else a scan (the index is left as it is). */
  @Override
  public List<MessageEntry> entries() {
    LocalIndex.Config c = LocalIndex.config();
    if (c == null) return Folder.super.entries();
    FileChannel ch = openChannel();
    if (ch == null) return List.of();
    try (ch) {
      Path file = MboxIndex.fileFor(c.dir(), path);
      MboxIndex.State now = MboxIndex.State.of(path);
      // the blocks of the index file are checked as they are used: read N of a large folder
      // checks a few of them, not the 30 MB
      Optional<MboxIndex.Index> idx = MboxIndex.load(file, path, false);
      String why =
          idx.isEmpty()
              ? "no usable index"
              : MboxIndex.mismatch(idx.get(), now, ch, new boolean[1]);
      if (why == null) {
        MboxIndex.Index used = idx.get();
        debug(c, "used for the numbering (" + used.size() + " messages)");
        // a view of the mapped index: read N of a large folder makes one entry, not all of them
        return new java.util.AbstractList<MessageEntry>() {
          private List<MessageEntry> scanned; // after a damaged block: a scan's, as without

          @Override
          public MessageEntry get(int i) {
            if (scanned == null) {
              java.util.Objects.checkIndex(i, used.size());
              try {
                return used.entry(i);
              } catch (IllegalStateException e) {
                debug(c, "not used for the numbering: the index file is damaged");
                scanned = MboxFolder.this.scanned();
              }
            }
            return scanned.get(i);
          }

          @Override
          public int size() {
            return scanned == null ? used.size() : scanned.size();
          }
        };
      }
      debug(c, "not used for the numbering: " + why);
    } catch (IOException e) {
      throw new IoFailureException(path + ": " + describe(e), e);
    }
    return Folder.super.entries();
  }

  /** The entries of a scan, as without an index. */
  private List<MessageEntry> scanned() {
    return Folder.super.entries();
  }

  private List<MessageEntry> counted; // for count()/entry(n) only; entries() always rescans

  @Override
  public int count() {
    counted = entries();
    return counted.size();
  }

  @Override
  public MessageEntry entry(int number) {
    if (counted == null) counted = entries();
    return counted.get(number - 1);
  }

  @Override
  public boolean hasMessages() {
    FileChannel ch = openChannel();
    if (ch == null) return false;
    try (ch) {
      ByteBuffer b = ByteBuffer.allocate(5);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // fill up to 5 bytes
      }
      if (b.position() == 0) return false;
      if (b.position() < 5
          || !new String(b.array(), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)
              .equals("From ")) {
        throw new DataFormatException(
            path + ": not an mbox folder (the first line is not a \"From \" line)");
      }
      return true;
    } catch (IOException e) {
      throw new IoFailureException(path + ": " + describe(e), e);
    }
  }

  @Override
  @SuppressWarnings("unchecked") // the segment holds what map returned
  public <T> void scanMapped(Function<RawHeaders, T> map, BiConsumer<MessageEntry, T> each) {
    FileChannel ch = openChannel();
    if (ch == null) return;
    try (ch) {
      long size = ch.size();
      if (!ParallelScan.worthIt(size)) {
        Folder.super.scanMapped(map, each);
        return;
      }
      int[] number = {0};
      ParallelScan.scan(
          ch,
          size,
          ParallelScan.SEGMENT,
          map,
          seg -> {
            for (int i = 0; i < seg.spans.size(); i++) {
              long[] s = seg.spans.get(i);
              MessageEntry entry =
                  new MessageEntry(
                      ++number[0],
                      new MessageLocation.Mbox(s[0], s[1], s[2], s[3]),
                      s[2] - s[1],
                      s[4],
                      seg.flags.get(i));
              each.accept(entry, (T) seg.mapped.get(i));
            }
          });
    } catch (MboxScanner.NotMboxException e) {
      throw new DataFormatException(
          path + ": not an mbox folder (the first line is not a \"From \" line)");
    } catch (IOException e) {
      throw new IoFailureException(path + ": " + describe(e), e);
    }
  }

  @Override
  public InputStream open(MessageEntry entry) {
    if (!(entry.location() instanceof MessageLocation.Mbox loc)) {
      throw new IllegalArgumentException("not an mbox message: " + entry.location());
    }
    FileChannel ch = openChannel();
    if (ch == null) throw new NoInputException(path + ": no such folder");
    InputStream raw = new ChannelRangeInputStream(ch, loc.contentStart(), loc.contentEnd());
    return new FromUnquotingInputStream(new BufferedInputStream(raw, 1 << 16));
  }

  @Override
  public Optional<FileRegion> openRegion(MessageEntry entry) {
    if (!(entry.location() instanceof MessageLocation.Mbox loc)) {
      throw new IllegalArgumentException("not an mbox message: " + entry.location());
    }
    FileChannel ch = openChannel();
    if (ch == null) throw new NoInputException(path + ": no such folder");
    try {
      if (FromQuoting.hasQuotedLine(ch, loc.contentStart(), loc.contentEnd())) {
        ch.close();
        return Optional.empty();
      }
      return Optional.of(new FileRegion(ch, loc.contentStart(), loc.contentEnd()));
    } catch (IOException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IoFailureException(path + ": " + describe(e), e);
    }
  }

  private boolean journalChecked;

  /** The channel, or null when the system mailbox does not exist. */
  private FileChannel openChannel() {
    if (!journalChecked) {
      journalChecked = true;
      JournalRecovery.beforeReading(path); // a change killed half-way is completed first
    }
    try {
      return FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      if (systemMailbox) return null;
      throw new NoInputException(path + ": no such folder");
    } catch (AccessDeniedException e) {
      throw new NoInputException(path + ": cannot read: permission denied");
    } catch (IOException e) {
      if (Files.isDirectory(path)) {
        throw new DataFormatException(path + ": is a directory, not an mbox");
      }
      throw new IoFailureException(path + ": " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Bytes [from, to) of a channel; closes the channel when closed. */
  static final class ChannelRangeInputStream extends InputStream {
    private final FileChannel ch;
    private long position;
    private final long end;

    ChannelRangeInputStream(FileChannel ch, long from, long to) {
      this.ch = ch;
      this.position = from;
      this.end = to;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= end) return -1;
      int n = (int) Math.min(len, end - position);
      int r = ch.read(ByteBuffer.wrap(b, off, n), position);
      if (r < 0) return -1; // file shrank under us: stop at what is there
      position += r;
      return r;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}
