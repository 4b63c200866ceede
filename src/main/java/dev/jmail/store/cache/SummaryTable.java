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
 * var   = key:str hasDate:int8 [epochSecond:int64 nano:int32 offsetSeconds:int32 offsetKnown:int8]
 *         fromName fromAddress subject messageId:str
 * str   = length:int32 (-1: null) UTF-8 bytes
 * </pre>
 *
 * The slots are the store's own numbers (mbox offsets and lines; a Maildir file's size, inode and
 * times), the key its own name for the message (a Maildir file name; null for an mbox). Everything
 * read is bounds-checked: a damaged table fails with {@link IllegalStateException}, never with a
 * wrong answer the CRC of {@link CacheFiles} would not have caught anyway.
 */
public final class SummaryTable {
  private final ByteBuffer rows;
  private final ByteBuffer heap;
  private final int count;
  private final int slots;
  private final int rowSize;

  private SummaryTable(ByteBuffer rows, ByteBuffer heap, int count, int slots) {
    this.rows = rows;
    this.heap = heap;
    this.count = count;
    this.slots = slots;
    this.rowSize = slots * 8 + 8;
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
    if (s != slots || count < 0 || heapLength < 0) throw new IllegalStateException("bad table");
    if ((long) count * rowSize + heapLength > b.remaining())
      throw new IllegalStateException("table past the end");
    ByteBuffer rows = b.slice(b.position(), count * rowSize);
    ByteBuffer heap = b.slice(b.position() + count * rowSize, heapLength);
    b.position(b.position() + count * rowSize + heapLength);
    return new SummaryTable(rows, heap, count, slots);
  }

  public int size() {
    return count;
  }

  public long slot(int i, int k) {
    return rows.getLong(i * rowSize + k * 8);
  }

  public Set<Flag> flags(int i) {
    int bits = rows.getInt(i * rowSize + slots * 8);
    EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
    for (Flag f : FLAGS) if ((bits & (1 << f.ordinal())) != 0) flags.add(f);
    return flags;
  }

  private static final Flag[] FLAGS = Flag.values();

  private int at(int i) {
    int at = rows.getInt(i * rowSize + slots * 8 + 4);
    if (at < 0 || at >= heap.limit()) throw new IllegalStateException("record past the heap");
    return at;
  }

  /** The store's key of message {@code i} (0-based). */
  public String key(int i) {
    return str(heap, at(i));
  }

  /** The summary of message {@code i} (0-based) with {@code entry}. */
  public MessageSummary summary(int i, MessageEntry entry) {
    ByteBuffer h = heap.duplicate().position(at(i));
    skipStr(h);
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

  /** Builds a table in memory, one message at a time, in folder order. */
  public static final class Builder {
    private final int slots;
    private final Bytes rows;
    private final Bytes heap;
    private int count;

    public Builder(int slots, int expected) {
      this.slots = slots;
      this.rows = new Bytes(Math.max(64, expected * (slots * 8 + 8)));
      this.heap = new Bytes(Math.max(64, expected * 160));
    }

    /** Adds a message: the store's slots, its flags and key, and the summary's decoded fields. */
    public Builder add(long[] slotValues, Set<Flag> flags, String key, MessageSummary s) {
      if (slotValues.length != slots) throw new IllegalArgumentException("slots");
      for (long v : slotValues) rows.putLong(v);
      int bits = 0;
      for (Flag f : flags) bits |= 1 << f.ordinal();
      rows.putInt(bits);
      rows.putInt(heap.size);
      heap.putStr(key);
      if (s.date() == null) {
        heap.put((byte) 0);
      } else {
        heap.put((byte) 1);
        heap.putLong(s.date().toEpochSecond());
        heap.putInt(s.date().getNano());
        heap.putInt(s.date().getOffset().getTotalSeconds());
        heap.put((byte) (s.dateOffsetKnown() ? 1 : 0));
      }
      heap.putStr(s.fromName());
      heap.putStr(s.fromAddress());
      heap.putStr(s.subject());
      heap.putStr(s.messageId());
      count++;
      return this;
    }

    public int size() {
      return count;
    }

    /** The bytes {@link #writeTo} writes. */
    public int byteSize() {
      return 12 + rows.size + heap.size;
    }

    /** Writes the table after what {@code o} holds. */
    public void writeTo(DataOutputStream o) throws IOException {
      o.writeInt(count);
      o.writeInt(slots);
      o.writeInt(heap.size);
      o.write(rows.buf, 0, rows.size);
      o.write(heap.buf, 0, heap.size);
    }
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
      byte[] b = str.getBytes(StandardCharsets.UTF_8);
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
