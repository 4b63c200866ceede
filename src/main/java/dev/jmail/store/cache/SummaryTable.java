package dev.jmail.store.cache;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

/**
 * The summary records every folder index shares (mbox, Maildir): one fixed-size row per message, so
 * that message {@code n} is found without decoding the others ({@code read N} of a 100,000 message
 * folder reads one row), and a heap with each message's variable part.
 *
 * <pre>
 * table = count:int32 slots:int32 heapLength:int32 row{count} heap:heapLength
 * row   = slot:int64{slots} flags:int32 (bit n = Flag ordinal n) at:int32 (the record's heap offset)
 * var   = key:str [display:str] hasDate:int8 [epochSecond:int64 nano:int32 offsetSeconds:int32
 *         offsetKnown:int8] fromName fromAddress subject messageId:str
 * str   = length:int32 (-1: null) UTF-8 bytes
 * </pre>
 *
 * The slots are the store's own numbers (mbox offsets and lines; a Maildir file's size, inode and
 * times), the key its own name for the message (a Maildir file name; null for an mbox). A table
 * with display columns ({@link DISPLAY} set in its slots field) holds after each key what {@link
 * LocalIndex.Config#display} made of the summary, bytes the store does not read: what a listing
 * line shows of the message, so that a warm listing neither decodes nor sanitises again. Everything
 * read is bounds-checked: a damaged table fails with {@link IllegalStateException}, never with a
 * wrong answer the CRC of {@link CacheFiles} would not have caught anyway.
 */
public final class SummaryTable {
  private final ByteBuffer rows;
  private final ByteBuffer heap;
  private final int count;
  private final int slots;
  private final int rowSize;
  private final boolean display;
  // A table built after another one's first messages ({@link Builder#from}): messages before
  // baseCount are base's; the others are in rows and heap, whose records' offsets start at
  // heapBase (heap holds the records from heapBase on).
  private final SummaryTable base;
  private final int baseCount;
  private final int heapBase;
  // A table read from a file of block CRCs ({@link CacheFiles#readChecked}): each row and record
  // is checked before it is used (rowsAt, heapAt: where rows and heap are in checked's payload).
  private final CacheFiles.Checked checked;
  private final int rowsAt;
  private final int heapAt;

  /** The bit of the slots field that says the records hold display columns. */
  static final int DISPLAY = 1 << 16;

  private SummaryTable(ByteBuffer rows, ByteBuffer heap, int count, int slots, boolean display) {
    this(rows, heap, count, slots, display, null, 0, 0, null, 0, 0);
  }

  private SummaryTable(
      ByteBuffer rows,
      ByteBuffer heap,
      int count,
      int slots,
      boolean display,
      SummaryTable base,
      int baseCount,
      int heapBase,
      CacheFiles.Checked checked,
      int rowsAt,
      int heapAt) {
    this.rows = rows;
    this.heap = heap;
    this.count = count;
    this.slots = slots;
    this.rowSize = slots * 8 + 8;
    this.display = display;
    this.base = base;
    this.baseCount = baseCount;
    this.heapBase = heapBase;
    this.checked = checked;
    this.rowsAt = rowsAt;
    this.heapAt = heapAt;
  }

  /**
   * The row count of the table at {@code b}'s position and the first slot of its last row (a
   * message's UID), without reading the table: {@code {count, slot}}, {@code {0, 0}} when empty.
   */
  public static long[] countAndLastKey(ByteBuffer b, int slots) {
    int at = b.position();
    int count = b.getInt(at);
    if (count <= 0) return new long[] {0, 0};
    long row = at + 12 + (long) (count - 1) * (slots * 8 + 8);
    if (row + 8 > b.limit()) throw new IllegalStateException("table past the end");
    return new long[] {count, b.getLong((int) row)};
  }

  /**
   * Reads a table at the buffer's position (which is moved past it); {@code slots} is what the
   * caller wrote.
   */
  public static SummaryTable read(ByteBuffer b, int slots) {
    int count = b.getInt();
    int s = b.getInt();
    int heapLength = b.getInt();
    int rowSize = slots * 8 + 8;
    if ((s & ~DISPLAY) != slots || count < 0 || heapLength < 0)
      throw new IllegalStateException("bad table");
    if ((long) count * rowSize + heapLength > b.remaining())
      throw new IllegalStateException("table past the end");
    ByteBuffer rows = b.slice(b.position(), count * rowSize);
    ByteBuffer heap = b.slice(b.position() + count * rowSize, heapLength);
    b.position(b.position() + count * rowSize + heapLength);
    return new SummaryTable(rows, heap, count, slots, (s & DISPLAY) != 0);
  }

  /**
   * Reads a table at the position of {@code b}, a view of {@code checked}'s payload (positions are
   * payload offsets): its head is checked now, each row and record when first used.
   */
  public static SummaryTable read(ByteBuffer b, int slots, CacheFiles.Checked checked) {
    int head = b.position();
    checked.check(head, 12);
    SummaryTable t = read(b, slots);
    int rowsAt = head + 12;
    return new SummaryTable(
        t.rows,
        t.heap,
        t.count,
        slots,
        t.display,
        null,
        0,
        0,
        checked,
        rowsAt,
        rowsAt + t.count * t.rowSize);
  }

  /**
   * Reads a table written by {@link Builder#tailBuffers} of a builder made {@link Builder#from
   * from} {@code base}: the messages after base's first ones, which stay base's. {@code b} is a
   * view of {@code checked}'s payload, as for {@link #read(ByteBuffer, int, CacheFiles.Checked)}. A
   * tail that does not fit {@code base} fails with {@link IllegalStateException}.
   */
  public static SummaryTable readTail(
      ByteBuffer b, int slots, SummaryTable base, CacheFiles.Checked checked) {
    int head = b.position();
    checked.check(head, 20);
    int count = b.getInt();
    int s = b.getInt();
    int heapEnd = b.getInt();
    int baseCount = b.getInt();
    int heapBase = b.getInt();
    int rowSize = slots * 8 + 8;
    if ((s & ~DISPLAY) != slots
        || ((s & DISPLAY) != 0) != base.display
        || base.base != null
        || base.slots != slots
        || baseCount < 0
        || baseCount > base.count
        || count < baseCount
        || heapBase != (baseCount < base.count ? base.at(baseCount) : base.heap.limit())
        || heapEnd < heapBase) throw new IllegalStateException("a tail of another table");
    int own = count - baseCount;
    int heapLength = heapEnd - heapBase;
    if ((long) own * rowSize + heapLength > b.remaining())
      throw new IllegalStateException("table past the end");
    int rowsAt = b.position();
    ByteBuffer rows = b.slice(rowsAt, own * rowSize);
    ByteBuffer heap = b.slice(rowsAt + own * rowSize, heapLength);
    b.position(rowsAt + own * rowSize + heapLength);
    return new SummaryTable(
        rows,
        heap,
        count,
        slots,
        base.display,
        base,
        baseCount,
        heapBase,
        checked,
        rowsAt,
        rowsAt + own * rowSize);
  }

  /** Checks row {@code i}'s bytes (i >= baseCount) when read from a file of block CRCs. */
  private void checkRow(int i) {
    if (unchecked()) checked.check(rowsAt + (i - baseCount) * rowSize, rowSize);
  }

  /**
   * Read from a file of block CRCs not all checked yet (a listing has checked them all first: its
   * 100,000 rows then cost no call each).
   */
  private boolean unchecked() {
    return checked != null && !checked.complete();
  }

  /**
   * Where message {@code i}'s record starts in heap (i >= baseCount), its bytes checked when read
   * from a file of block CRCs (up to the next record, or the heap's end).
   */
  private int record(int i) {
    int at = at(i);
    if (unchecked()) {
      int next = i + 1 < count ? at(i + 1) : heap.limit();
      if (next < at) throw new IllegalStateException("records out of order");
      checked.check(heapAt + at, next - at);
    }
    return at;
  }

  /**
   * Checks the first {@code n} rows and the heap up to {@code heapEnd} (relative to this table's
   * own heap), which a builder made {@link Builder#from from} it writes as they are.
   */
  private void checkPrefix(int n, int heapEnd) {
    if (checked == null) return;
    checked.check(rowsAt, (n - baseCount) * rowSize);
    checked.check(heapAt, heapEnd);
  }

  /** Whether the records hold display columns. */
  public boolean hasDisplay() {
    return display;
  }

  /** The flags of message {@code i} (0-based) as bits: bit n = {@code Flag} ordinal n. */
  public int flagBits(int i) {
    if (i < baseCount) return base.flagBits(i);
    checkRow(i);
    return rows.getInt((i - baseCount) * rowSize + slots * 8);
  }

  /**
   * The display columns of message {@code i} (0-based), a window of the table (null when there are
   * none).
   */
  public ByteBuffer display(int i) {
    if (!display) return null;
    if (i < baseCount) return base.display(i);
    int at = record(i);
    int n = heap.getInt(at);
    at += 4 + Math.max(0, n);
    int d = heap.getInt(at);
    if (d < 0) return null;
    if (d > heap.limit() - at - 4) throw new IllegalStateException("string past the end");
    return heap.slice(at + 4, d);
  }

  public int size() {
    return count;
  }

  public long slot(int i, int k) {
    if (i < baseCount) return base.slot(i, k);
    checkRow(i);
    return rows.getLong((i - baseCount) * rowSize + k * 8);
  }

  public Set<Flag> flags(int i) {
    int bits = flagBits(i);
    EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
    for (Flag f : FLAGS) if ((bits & (1 << f.ordinal())) != 0) flags.add(f);
    return flags;
  }

  private static final Flag[] FLAGS = Flag.values();

  /** Where message {@code i}'s record starts in heap (not base's: i >= baseCount). */
  private int at(int i) {
    checkRow(i);
    int at = rows.getInt((i - baseCount) * rowSize + slots * 8 + 4) - heapBase;
    if (at < 0 || at >= heap.limit()) throw new IllegalStateException("record past the heap");
    return at;
  }

  /** Where message {@code i}'s record ends in heap (i >= baseCount). */
  private int end(int i) {
    ByteBuffer h = heap.duplicate().position(record(i));
    skipStr(h);
    if (display) skipStr(h);
    if (h.get() != 0) h.position(h.position() + 17);
    for (int k = 0; k < 4; k++) skipStr(h);
    return h.position();
  }

  /** The store's key of message {@code i} (0-based). */
  public String key(int i) {
    if (i < baseCount) return base.key(i);
    return str(heap, record(i));
  }

  /** The summary of message {@code i} (0-based) with {@code entry}. */
  public MessageSummary summary(int i, MessageEntry entry) {
    if (i < baseCount) return base.summary(i, entry);
    ByteBuffer h = heap.duplicate().position(record(i));
    skipStr(h);
    if (display) skipStr(h);
    OffsetDateTime date = null;
    boolean known = false;
    if (h.get() != 0) {
      long sec = h.getLong();
      int nano = h.getInt();
      int off = h.getInt();
      known = h.get() != 0;
      date =
          OffsetDateTime.ofInstant(
              Instant.ofEpochSecond(sec, nano), ZoneOffset.ofTotalSeconds(off));
    }
    String fromName = str(h);
    String fromAddress = str(h);
    String subject = str(h);
    String id = str(h);
    return new MessageSummary(
        entry, fromName, fromAddress, subject == null ? "" : subject, date, known, id);
  }

  /**
   * Builds a table in memory, one message at a time, in folder order; possibly after the first
   * messages of another table, which are then neither copied nor decoded ({@link #from}).
   */
  public static final class Builder {
    private final int slots;
    private final Bytes rows;
    private final Bytes heap;
    private final boolean display;
    private final SummaryTable base;
    private final int baseCount;
    private final int heapBase;
    private int count;

    public Builder(int slots, int expected) {
      this(slots, expected, false);
    }

    /** A table whose records hold display columns ({@link #add} is given them). */
    public Builder(int slots, int expected, boolean display) {
      this(slots, expected, display, null, 0, 0);
    }

    private Builder(
        int slots, int expected, boolean display, SummaryTable base, int baseCount, int heapBase) {
      this.slots = slots;
      this.display = display;
      this.rows = new Bytes(Math.max(64, expected * (slots * 8 + 8)));
      this.heap = new Bytes(Math.max(64, expected * (display ? 320 : 160)));
      this.base = base;
      this.baseCount = baseCount;
      this.heapBase = heapBase;
      this.count = baseCount;
    }

    /**
     * A builder holding the first {@code n} messages of {@code t} as they are (an index extended by
     * what was appended to its folder): their rows and records are written from {@code t} (a mapped
     * file) when the table is, not copied or decoded before. {@code t} must stay valid.
     */
    public static Builder from(SummaryTable t, int n) {
      if (n < 0 || n > t.count) throw new IllegalArgumentException("base");
      if (t.base != null) return fromTail(t, n);
      int heapEnd = n < t.count ? t.at(n) : t.heap.limit();
      if (n > 0 && t.at(n - 1) >= heapEnd) throw new IllegalStateException("records out of order");
      t.checkPrefix(n, heapEnd);
      return new Builder(t.slots, 64, t.display, t, n, heapEnd);
    }

    /**
     * As {@link #from}, of a table that is itself a base and a tail ({@link #readTail}): the
     * builder keeps the same base, and copies the tail's first rows and records (a few, beside the
     * base's thousands) as they are.
     */
    private static Builder fromTail(SummaryTable t, int n) {
      if (n < t.baseCount) return from(t.base, n);
      int own = n - t.baseCount;
      int heapEnd = n < t.count ? t.at(n) : t.heap.limit();
      if (own > 0 && t.at(n - 1) >= heapEnd)
        throw new IllegalStateException("records out of order");
      t.base.checkPrefix(t.baseCount, t.heapBase);
      t.checkPrefix(n, heapEnd);
      Builder b = new Builder(t.slots, own + 64, t.display, t.base, t.baseCount, t.heapBase);
      b.rows.room(own * t.rowSize);
      t.rows.get(0, b.rows.buf, 0, own * t.rowSize);
      b.rows.size = own * t.rowSize;
      b.heap.room(heapEnd);
      t.heap.get(0, b.heap.buf, 0, heapEnd);
      b.heap.size = heapEnd;
      b.count = n;
      return b;
    }

    /** Whether the records hold display columns. */
    public boolean hasDisplay() {
      return display;
    }

    /** How many of the messages are the base table's (0 without one). */
    public int baseCount() {
      return baseCount;
    }

    /** The bytes of the messages after the base's ({@link #tailBuffers}). */
    public int tailByteSize() {
      return rows.size + heap.size;
    }

    /**
     * The messages after the base table's, as {@link #readTail} reads them (which needs the base):
     * {@code count slots heapEnd baseCount heapBase:int32 rows heap}.
     */
    public ByteBuffer[] tailBuffers() {
      ByteBuffer head =
          ByteBuffer.allocate(20)
              .putInt(count)
              .putInt(display ? slots | DISPLAY : slots)
              .putInt(heapBase + heap.size)
              .putInt(baseCount)
              .putInt(heapBase)
              .flip();
      return new ByteBuffer[] {
        head, ByteBuffer.wrap(rows.buf, 0, rows.size), ByteBuffer.wrap(heap.buf, 0, heap.size)
      };
    }

    /** Adds a message: the store's slots, its flags and key, and the summary's decoded fields. */
    public Builder add(long[] slotValues, Set<Flag> flags, String key, MessageSummary s) {
      return add(slotValues, flags, key, s, null);
    }

    /** As above, with the message's display columns (kept when the table holds them). */
    public Builder add(
        long[] slotValues, Set<Flag> flags, String key, MessageSummary s, byte[] columns) {
      int bits = 0;
      for (Flag f : flags) bits |= 1 << f.ordinal();
      return add(slotValues, bits, key, s, columns);
    }

    /** As above, the flags as bits (bit n = Flag ordinal n). */
    public Builder add(
        long[] slotValues, int flagBits, String key, MessageSummary s, byte[] columns) {
      row(slotValues, flagBits);
      record(heap, key, display, s, columns);
      count++;
      return this;
    }

    /**
     * Adds a message whose record was made before ({@link #record(String, boolean, MessageSummary,
     * byte[])}, with display columns exactly when this table holds them): copied as it is.
     */
    public Builder addRecord(long[] slotValues, int flagBits, byte[] record) {
      row(slotValues, flagBits);
      heap.room(record.length);
      System.arraycopy(record, 0, heap.buf, heap.size, record.length);
      heap.size += record.length;
      count++;
      return this;
    }

    /**
     * Adds message {@code i} of {@code t} (a table of the same layout) under new slots, flags and
     * key, its summary fields and display columns copied as they are, not decoded.
     */
    public Builder copy(long[] slotValues, int flagBits, String key, SummaryTable t, int i) {
      if (t.slots != slots || t.display != display) throw new IllegalArgumentException("layout");
      if (i < t.baseCount) return copy(slotValues, flagBits, key, t.base, i);
      int at = t.record(i);
      int from = at + 4 + Math.max(0, t.heap.getInt(at));
      int to = t.end(i);
      row(slotValues, flagBits);
      heap.putStr(key);
      heap.room(to - from);
      t.heap.get(from, heap.buf, heap.size, to - from);
      heap.size += to - from;
      count++;
      return this;
    }

    private void row(long[] slotValues, int flagBits) {
      if (slotValues.length != slots) throw new IllegalArgumentException("slots");
      for (long v : slotValues) rows.putLong(v);
      rows.putInt(flagBits);
      rows.putInt(heapBase + heap.size);
    }

    public int size() {
      return count;
    }

    /** The bytes {@link #writeTo} writes. */
    public int byteSize() {
      int n = 0;
      for (ByteBuffer b : buffers()) n += b.remaining();
      return n;
    }

    /** Writes the table after what {@code o} holds. */
    public void writeTo(DataOutputStream o) throws IOException {
      for (ByteBuffer b : buffers()) {
        if (b.hasArray()) {
          o.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } else {
          byte[] bytes = new byte[b.remaining()];
          b.get(bytes);
          o.write(bytes);
        }
      }
    }

    /** The table's bytes, as {@link #writeTo} writes them, in parts (not copied). */
    public ByteBuffer[] buffers() {
      ByteBuffer head =
          ByteBuffer.allocate(12)
              .putInt(count)
              .putInt(display ? slots | DISPLAY : slots)
              .putInt(heapBase + heap.size)
              .flip();
      if (base == null)
        return new ByteBuffer[] {
          head, ByteBuffer.wrap(rows.buf, 0, rows.size), ByteBuffer.wrap(heap.buf, 0, heap.size)
        };
      return new ByteBuffer[] {
        head,
        base.rows.slice(0, baseCount * base.rowSize),
        ByteBuffer.wrap(rows.buf, 0, rows.size),
        base.heap.slice(0, heapBase),
        ByteBuffer.wrap(heap.buf, 0, heap.size)
      };
    }

    /**
     * The table as {@link #writeTo} writes it, read back (for a listing of what was just built).
     */
    public SummaryTable table() {
      return new SummaryTable(
          ByteBuffer.wrap(rows.buf, 0, rows.size).slice(),
          ByteBuffer.wrap(heap.buf, 0, heap.size).slice(),
          count,
          slots,
          display,
          base,
          baseCount,
          heapBase,
          null,
          0,
          0);
    }
  }

  /**
   * A message's record (the {@code var} of the class comment) on its own, as {@link Builder#add}
   * writes it: made where the summary is decoded (another thread), for {@link Builder#addRecord}.
   */
  public static byte[] record(String key, boolean display, MessageSummary s, byte[] columns) {
    // the strings encoded first: the record is then made at its size, without a copy
    byte[] k = utf8(key);
    byte[] name = utf8(s.fromName());
    byte[] address = utf8(s.fromAddress());
    byte[] subject = utf8(s.subject());
    byte[] id = utf8(s.messageId());
    int size = 1 + (s.date() == null ? 0 : 17) + 4 * 5;
    size += length(k) + length(name) + length(address) + length(subject) + length(id);
    if (display) size += 4 + (columns == null ? 0 : columns.length);
    Bytes b = new Bytes(size);
    b.putBytes(k);
    if (display) b.putBytes(columns);
    date(b, s);
    b.putBytes(name);
    b.putBytes(address);
    b.putBytes(subject);
    b.putBytes(id);
    return b.size == b.buf.length ? b.buf : java.util.Arrays.copyOf(b.buf, b.size);
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static void date(Bytes heap, MessageSummary s) {
    if (s.date() == null) {
      heap.put((byte) 0);
    } else {
      heap.put((byte) 1);
      heap.putLong(s.date().toEpochSecond());
      heap.putInt(s.date().getNano());
      heap.putInt(s.date().getOffset().getTotalSeconds());
      heap.put((byte) (s.dateOffsetKnown() ? 1 : 0));
    }
  }

  private static void record(
      Bytes heap, String key, boolean display, MessageSummary s, byte[] columns) {
    heap.putStr(key);
    if (display) heap.putBytes(columns);
    date(heap, s);
    heap.putStr(s.fromName());
    heap.putStr(s.fromAddress());
    heap.putStr(s.subject());
    heap.putStr(s.messageId());
  }

  /**
   * A growable big-endian byte array, as DataOutputStream writes (without its per-byte calls into a
   * synchronized stream: a 100,000-message table is a few million of them).
   */
  private static final class Bytes {
    byte[] buf;
    int size;

    Bytes(int capacity) {
      buf = new byte[capacity];
    }

    private void room(int n) {
      if (buf.length - size < n)
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }

    void put(byte b) {
      room(1);
      buf[size++] = b;
    }

    void putInt(int v) {
      room(4);
      buf[size] = (byte) (v >>> 24);
      buf[size + 1] = (byte) (v >>> 16);
      buf[size + 2] = (byte) (v >>> 8);
      buf[size + 3] = (byte) v;
      size += 4;
    }

    void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    void putStr(String str) {
      if (str == null) {
        putInt(-1);
        return;
      }
      putBytes(str.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes as a str (null: -1). */
    void putBytes(byte[] b) {
      if (b == null) {
        putInt(-1);
        return;
      }
      putInt(b.length);
      room(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }
  }

  /**
   * An index file's payload being written: a byte stream of a known final size whose bytes are
   * handed to {@link CacheFiles#write} without another copy (a 100,000-message index is ~20 MB).
   */
  public static final class Payload extends ByteArrayOutputStream {
    public Payload(int size) {
      super(size);
    }

    /** What was written, not copied. */
    public ByteBuffer bytes() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }

  /** Writes a string as {@code length UTF-8} (-1: null). */
  public static void str(DataOutputStream o, String s) throws IOException {
    if (s == null) {
      o.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.writeInt(b.length);
    o.write(b);
  }

  /** Reads a string written by {@link #str(DataOutputStream, String)}. */
  public static String str(ByteBuffer b) {
    int at = b.position();
    String s = str(b, at);
    b.position(at + 4 + Math.max(0, b.getInt(at)));
    return s;
  }

  private static String str(ByteBuffer b, int at) {
    int n = b.getInt(at);
    if (n < 0) return null;
    if (n > b.limit() - at - 4) throw new IllegalStateException("string past the end");
    if (b.hasArray()) // decoded in place: no copy per string
    return new String(b.array(), b.arrayOffset() + at + 4, n, StandardCharsets.UTF_8);
    byte[] bytes = new byte[n];
    b.get(at + 4, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void skipStr(ByteBuffer b) {
    int n = b.getInt();
    if (n > 0) b.position(b.position() + n);
  }
}
