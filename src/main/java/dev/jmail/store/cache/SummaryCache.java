package dev.jmail.store.cache;

import dev.jmail.config.Env;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageSummary;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The summaries of one remote folder kept on disk, so that opening it fetches only what changed and
 * a listing prints them without decoding a header: one {@link CacheFiles} file per (account,
 * folder) under {@code $XDG_CACHE_HOME/jmail/} (mmap, CRC-32C, 0600 in 0700 directories, replaced
 * by an atomic rename). A file of another version (version 1 held raw header fields, version 2
 * summaries in a format of its own), of another folder, or damaged, is ignored and rebuilt from the
 * server.
 *
 * <pre>
 * payload = key:str uidvalidity:int64 uidnext:int64 highestmodseq:int64 table
 * table   = {@link SummaryTable} with slots uid, size (the record's key is null), and display
 *           columns when {@code LocalIndex.Config.display} is configured (a warm listing prints
 *           its lines from them, as a local folder's index does)
 * </pre>
 *
 * Messages are keyed by UIDVALIDITY+UID: a different UIDVALIDITY on the server drops them all.
 */
public final class SummaryCache {
  static final String MAGIC = "JMAILSC\n";
  static final int VERSION = 3;

  /**
   * One message's cached summary: UID, flags, size and its decoded fields ({@link #summary}, whose
   * entry is null), never the body. A message loaded from the file decodes its fields from the
   * mapped file when first asked (a {@code read N} needs only the UIDs).
   */
  public static final class Message {
    private final long uid;
    private final int flagBits;
    private Set<Flag> flags;
    private final long size;
    private MessageSummary summary;
    private final byte[] display;
    private final SummaryTable table;
    private final int row;
    private byte[] record;

    public Message(long uid, Set<Flag> flags, long size, MessageSummary summary) {
      this(uid, bits(flags), size, summary, null, null, 0);
    }

    /** As above, with what a listing line shows of the summary ({@link #display()}). */
    public Message(long uid, Set<Flag> flags, long size, MessageSummary summary, byte[] display) {
      this(uid, bits(flags), size, summary, display, null, 0);
    }

    /** As above, the flags as bits (bit n for {@code Flag} ordinal n). */
    public Message(long uid, int flagBits, long size, MessageSummary summary, byte[] display) {
      this(uid, flagBits, size, summary, display, null, 0);
    }

    private Message(
        long uid,
        int flagBits,
        long size,
        MessageSummary summary,
        byte[] display,
        SummaryTable table,
        int row) {
      this.uid = uid;
      this.flagBits = flagBits;
      this.size = size;
      this.summary = summary;
      this.display = display;
      this.table = table;
      this.row = row;
    }

    public long uid() {
      return uid;
    }

    /** The flags (a set of its own for each message, made when first asked: not to be changed). */
    public Set<Flag> flags() {
      if (flags == null) {
        EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
        for (Flag x : FLAGS) if ((flagBits & (1 << x.ordinal())) != 0) f.add(x);
        flags = f;
      }
      return flags;
    }

    /** Whether the message has this flag (no set made). */
    public boolean has(Flag f) {
      return (flagBits & (1 << f.ordinal())) != 0;
    }

    public long size() {
      return size;
    }

    /** The decoded fields, or null for a message not decoded yet (fetched, not listed). */
    public MessageSummary summary() {
      if (summary == null && table != null) summary = table.summary(row, null);
      return summary;
    }

    /**
     * What {@code LocalIndex.Config.display} made of the summary (the listing line's columns but
     * the flags and number, which are not in it): kept in the file beside the summary, or given
     * with a new message; null when there is none.
     */
    public java.nio.ByteBuffer display() {
      if (display != null) return java.nio.ByteBuffer.wrap(display);
      return table == null ? null : table.display(row);
    }

    /** The flags as bits: bit n for {@code Flag} ordinal n (as the file keeps them). */
    public int flagBits() {
      return flagBits;
    }

    public Message withFlags(Set<Flag> f) {
      return withFlagBits(bits(f));
    }

    public Message withFlagBits(int bits) {
      Message m = new Message(uid, bits, size, summary, display, table, row);
      m.record = record;
      return m;
    }

    /**
     * A message just decoded, its record in the file ({@link SummaryTable#record}) made now, on the
     * caller's thread (a decoding one), so that {@link #save} only copies it.
     */
    public static Message decoded(
        long uid, int flagBits, long size, MessageSummary summary, byte[] display) {
      Message m = new Message(uid, flagBits, size, summary, display, null, 0);
      m.record = SummaryTable.record(null, display != null, summary, display);
      return m;
    }

    /** Flags as bits: bit n for {@code Flag} ordinal n. */
    public static int bits(Set<Flag> flags) {
      int bits = 0;
      for (Flag f : flags) bits |= 1 << f.ordinal();
      return bits;
    }

    private static final Flag[] FLAGS = Flag.values();
  }

  private final Path file;
  private final String key;
  private long uidValidity;
  private long uidNext;
  private long highestModSeq;

  /**
   * The messages in ascending UID order as read or fetched ({@link #rows}, {@link #count} of them),
   * until one is put or removed by its UID: then they move into {@link #map} (built in one pass)
   * and stay there. A listing of a folder nothing changed in never builds the map.
   */
  private Message[] rows = new Message[0];

  private int count;
  private TreeMap<Long, Message> map;

  /**
   * A first fill's table, built as its messages are decoded ({@link #fill}), while the rest still
   * streams in: {@link #save} then writes it as it is instead of building it at the end, when
   * nothing else is left to do (the loop over 20,000 messages ran there, mostly before the JIT had
   * compiled its calls). Null when there is none, or once the messages are no longer exactly those
   * filled (a put, a removal, a reset).
   */
  private SummaryTable.Builder filling;

  private int filled;
  private long filledLast;
  private Message filledFirst;
  private Message filledLastMessage;
  private String loaded = "no cache file yet";
  private boolean display;

  private SummaryCache(Path file, String key) {
    this.file = file;
    this.key = key;
  }

  /** The cache file for a folder of an account ({@code imap/user@host:port/FOLDER}). */
  public static Path fileFor(Env env, String kind, String account, String folder) {
    return CacheFiles.root(env)
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

  /**
   * Loads the cache of the folder named {@code key} (its URL); a missing, damaged, foreign or
   * older-format file, or one of another folder, is an empty cache ({@link #loaded} says why).
   */
  public static SummaryCache load(Path file, String key) {
    return head(file, key).load();
  }

  /**
   * The cache file of {@code key} checked (magic, version, CRC) and the folder's state it records
   * read, its messages not yet: what a QRESYNC SELECT names, known well before the rows of a
   * 100,000-message folder are made (about 10 of 45 ms), so the SELECT can be on its way meanwhile.
   */
  public static Head head(Path file, String key) {
    Head h = new Head(file, key);
    Optional<ByteBuffer> p = CacheFiles.read(file, MAGIC, VERSION);
    if (p.isEmpty()) {
      if (Files.exists(file)) h.why = "the cache file is damaged, foreign or of another version";
      return h;
    }
    try {
      ByteBuffer b = p.get().duplicate();
      if (!key.equals(SummaryTable.str(b))) {
        h.why = "the cache file is of another folder";
        return h;
      }
      long validity = b.getLong();
      long next = b.getLong();
      long modseq = b.getLong();
      long[] rows = SummaryTable.countAndLastKey(b, 2);
      h.payload = p.get();
      h.table = b.position();
      h.uidValidity = validity;
      h.uidNext = next;
      h.highestModSeq = modseq;
      h.count = (int) rows[0];
      h.lastUid = rows[1];
    } catch (RuntimeException e) {
      h.why = "the cache file is damaged (" + e.getMessage() + ")";
    }
    return h;
  }

  /**
   * A cache file's folder state ({@link #head}): as the loaded cache will have it, or all zero when
   * the file will not be used (missing, damaged, another folder's).
   */
  public static final class Head {
    private final Path file;
    private final String key;
    private String why = "no cache file yet";
    private ByteBuffer payload; // null: not used
    private int table;
    private long uidValidity;
    private long uidNext;
    private long highestModSeq;
    private int count;
    private long lastUid;

    private Head(Path file, String key) {
      this.file = file;
      this.key = key;
    }

    public long uidValidity() {
      return uidValidity;
    }

    public long highestModSeq() {
      return highestModSeq;
    }

    /** How many messages the file holds. */
    public int size() {
      return count;
    }

    /** The highest UID the file holds, 0 without messages. */
    public long lastUid() {
      return lastUid;
    }

    /** The cache, its messages read from the same mapping of the file as this state. */
    public SummaryCache load() {
      SummaryCache c = new SummaryCache(file, key);
      c.loaded = why;
      if (payload == null) return c;
      try {
        // one bulk copy to the heap: strings are then decoded in place, not byte by byte
        byte[] all = new byte[payload.remaining()];
        payload.duplicate().get(all);
        ByteBuffer b = ByteBuffer.wrap(all);
        b.position(table);
        SummaryTable t = SummaryTable.read(b, 2);
        int n = t.size();
        Message[] rows = new Message[n];
        for (int i = 0; i < n; i++) {
          long uid = t.slot(i, 0);
          if (i > 0 && uid <= rows[i - 1].uid) throw new IllegalStateException("UIDs out of order");
          rows[i] = new Message(uid, t.flagBits(i), t.slot(i, 1), null, null, t, i);
        }
        if (n != count || (n > 0 && rows[n - 1].uid != lastUid))
          throw new IllegalStateException("the table is not what its head says");
        c.rows = rows;
        c.count = n;
        c.display = t.hasDisplay();
        if (b.hasRemaining()) throw new IllegalStateException("bytes after the last message");
        c.uidValidity = uidValidity;
        c.uidNext = uidNext;
        c.highestModSeq = highestModSeq;
        c.loaded = "used (" + n + " messages)";
        return c;
      } catch (RuntimeException e) {
        SummaryCache empty = new SummaryCache(file, key); // damaged: the server has it all
        empty.loaded = "the cache file is damaged (" + e.getMessage() + ")";
        return empty;
      }
    }
  }

  /**
   * Messages in ascending UID order (as {@link #save} writes them), as a sorted map for {@link
   * TreeMap#putAll}, which builds its tree from one in a single pass instead of a search and a
   * rebalancing per message (20,000 of them for a {@code read N}). Only what putAll uses is there.
   */
  private static final class Ascending extends java.util.AbstractMap<Long, Message>
      implements java.util.SortedMap<Long, Message> {
    private final Message[] rows;
    private final int n;

    Ascending(Message[] rows, int n) {
      this.rows = rows;
      this.n = n;
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public java.util.Comparator<? super Long> comparator() {
      return null; // natural order, as the cache's TreeMap
    }

    @Override
    public Set<Entry<Long, Message>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public int size() {
          return n;
        }

        @Override
        public java.util.Iterator<Entry<Long, Message>> iterator() {
          return new java.util.Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
              return i < n;
            }

            @Override
            public Entry<Long, Message> next() {
              if (i >= n) throw new java.util.NoSuchElementException();
              Message m = rows[i++];
              return new java.util.AbstractMap.SimpleImmutableEntry<>(m.uid, m);
            }
          };
        }
      };
    }

    @Override
    public java.util.SortedMap<Long, Message> subMap(Long from, Long to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.SortedMap<Long, Message> headMap(Long to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.SortedMap<Long, Message> tailMap(Long from) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Long firstKey() {
      return rows[0].uid;
    }

    @Override
    public Long lastKey() {
      return rows[n - 1].uid;
    }
  }

  public Path file() {
    return file;
  }

  /** How the file was found: used, or why not (for {@code --debug}). */
  public String loaded() {
    return loaded;
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

  /**
   * Whether the file read holds the listing's display columns ({@link Message#display}) for every
   * message; {@link #save} writes them whenever {@code LocalIndex.Config.display} is configured.
   */
  public boolean hasDisplay() {
    return display;
  }

  /** What a listing line shows of a summary, for the file to keep; null: none kept. */
  public static java.util.function.Function<MessageSummary, byte[]> displayColumns() {
    LocalIndex.Config c = LocalIndex.config();
    return c == null ? null : c.display();
  }

  public boolean isEmpty() {
    return size() == 0 && uidValidity == 0;
  }

  /**
   * The messages by UID, ascending: the folder's order (as a map from now on, see {@link #rows}).
   */
  public java.util.SortedMap<Long, Message> messages() {
    if (map == null) {
      map = new TreeMap<>();
      map.putAll(new Ascending(rows, count));
      rows = null;
    }
    return map;
  }

  /** How many messages there are. */
  public int size() {
    return map == null ? count : map.size();
  }

  /** The highest UID held, 0 without messages. */
  public long lastUid() {
    if (map == null) return count == 0 ? 0 : rows[count - 1].uid;
    return map.isEmpty() ? 0 : map.lastKey();
  }

  /** The messages in ascending UID order, not to be changed (without building the map). */
  public java.util.List<Message> ascending() {
    if (map == null)
      return java.util.Collections.unmodifiableList(
          java.util.Arrays.asList(rows).subList(0, count));
    return java.util.List.copyOf(map.values());
  }

  public Optional<Message> get(long uid) {
    return Optional.ofNullable(find(uid));
  }

  /** The message of this UID, or null (a binary search of the rows while there is no map). */
  public Message find(long uid) {
    if (map != null) return map.get(uid);
    int i = indexOf(uid);
    return i < 0 ? null : rows[i];
  }

  private int indexOf(long uid) {
    int lo = 0;
    int hi = count - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long u = rows[mid].uid;
      if (u < uid) lo = mid + 1;
      else if (u > uid) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /**
   * Starts building the table of a first fill ({@link #fill}): only when the cache holds no
   * message, and display columns are written exactly when {@code LocalIndex.Config.display} is
   * configured (as {@link #save} writes them).
   */
  public void startFill(int expected) {
    filling =
        size() == 0 && map == null
            ? new SummaryTable.Builder(2, expected, displayColumns() != null)
            : null;
    filled = 0;
    filledLast = 0;
    filledFirst = filledLastMessage = null;
  }

  /**
   * A message of the first fill, decoded ({@link Message#decoded}), in the order it will be added
   * ({@link #putAscending}): its row and record go into the table now. A message out of UID order
   * or without its record ends the fill (the table is then built by {@link #save}).
   */
  public void fill(Message m) {
    if (filling == null) return;
    if (m.record == null || (m.display != null) != filling.hasDisplay() || m.uid <= filledLast) {
      filling = null;
      return;
    }
    fillSlots[0] = m.uid;
    fillSlots[1] = m.size;
    filling.addRecord(fillSlots, m.flagBits, m.record);
    if (filled++ == 0) filledFirst = m;
    filledLast = m.uid;
    filledLastMessage = m;
  }

  private final long[] fillSlots = new long[2];

  /** Forgets everything (a new UIDVALIDITY) and remembers the new one. */
  public void reset(long newUidValidity) {
    filling = null;
    map = null;
    rows = new Message[0];
    count = 0;
    uidValidity = newUidValidity;
    uidNext = 0;
    highestModSeq = 0;
  }

  /** Adds a message, or replaces the one of its UID (in its row: new flags need no map). */
  public void put(Message m) {
    filling = null; // (new flags: the filled row is not the message's any more)
    int i = map == null ? indexOf(m.uid()) : -1;
    if (i >= 0) rows[i] = m;
    else messages().put(m.uid(), m);
  }

  /**
   * Adds messages in ascending UID order, all after the last one held (the new messages of a
   * fetch): appended to the rows while no message was put or removed by its UID, else (or when they
   * are not in order after the last one) put one at a time.
   */
  public void putAscending(java.util.List<Message> added) {
    if (added.isEmpty()) return;
    // as an array: the checks and the copy below run once, over 20,000 messages for a first fill,
    // before the JIT compiles this method; field reads and one arraycopy cost little interpreted
    Message[] a = added.toArray(new Message[0]);
    boolean after = a[0].uid > lastUid();
    for (int i = 1; after && i < a.length; i++) after = a[i].uid > a[i - 1].uid;
    if (!after || map != null) {
      for (Message m : a) put(m);
      return;
    }
    if (count + a.length > rows.length)
      rows = java.util.Arrays.copyOf(rows, Math.max(count + a.length, rows.length * 3 / 2));
    System.arraycopy(a, 0, rows, count, a.length);
    count += a.length;
  }

  public void remove(long uid) {
    filling = null;
    messages().remove(uid);
  }

  public void setState(long uidNext, long highestModSeq) {
    this.uidNext = uidNext;
    this.highestModSeq = highestModSeq;
  }

  /** The first fill's table when it holds exactly the messages, in order; else null. */
  private SummaryTable.Builder filled() {
    if (filling == null || map != null || filled != count || count == 0) return null;
    return rows[0] == filledFirst && rows[count - 1] == filledLastMessage ? filling : null;
  }

  /** Whether {@link #save} would write the first fill's table (for tests). */
  boolean savesFilledTable() {
    return filled() != null;
  }

  /** The table of the messages held, built now. */
  private SummaryTable.Builder build(
      java.util.function.Function<MessageSummary, byte[]> columns, boolean withColumns) {
    java.util.Collection<Message> all =
        map == null ? java.util.Arrays.asList(rows).subList(0, count) : map.values();
    SummaryTable.Builder t = new SummaryTable.Builder(2, size(), withColumns);
    long[] slots = new long[2];
    for (Message m : all) {
      slots[0] = m.uid();
      slots[1] = m.size();
      if (m.table != null && m.table.hasDisplay() == withColumns) {
        // as the file read had it: copied, not decoded and encoded again
        t.copy(slots, m.flagBits(), null, m.table, m.row);
        continue;
      }
      if (m.record != null && (m.display != null) == withColumns) {
        t.addRecord(slots, m.flagBits(), m.record);
        continue;
      }
      byte[] d = null;
      if (withColumns) {
        java.nio.ByteBuffer b = m.display();
        if (b == null) {
          d = columns.apply(m.summary());
        } else {
          d = new byte[b.remaining()];
          b.get(d);
        }
      }
      t.add(slots, m.flagBits(), null, m.summary(), d);
    }
    return t;
  }

  /**
   * Replaces the file (see {@link CacheFiles#write}). A cache is never a source of truth: a failure
   * to write it is returned (null when written) and the caller goes on without it.
   */
  public String save() {
    try {
      java.util.function.Function<MessageSummary, byte[]> columns = displayColumns();
      boolean withColumns = columns != null;
      SummaryTable.Builder t = filled();
      if (t == null || t.hasDisplay() != withColumns) t = build(columns, withColumns);
      SummaryTable.Payload head = new SummaryTable.Payload(28 + 3 * key.length());

      DataOutputStream o = new DataOutputStream(head);
      SummaryTable.str(o, key);
      o.writeLong(uidValidity);
      o.writeLong(uidNext);
      o.writeLong(highestModSeq);
      o.flush();
      java.nio.ByteBuffer[] table = t.buffers();
      java.nio.ByteBuffer[] parts = new java.nio.ByteBuffer[table.length + 1];
      parts[0] = head.bytes();
      System.arraycopy(table, 0, parts, 1, table.length);
      CacheFiles.write(file, MAGIC, VERSION, parts);
      filling = null; // used once: a later save builds its table from the messages
      display = withColumns;
      return null;
    } catch (IOException | RuntimeException e) {
      return file + ": cannot write the cache: " + e.getMessage();
    }
  }
}
