package dev.jmail.store.imap;

import dev.jmail.config.Env;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.MessageSummary;
import dev.jmail.message.RawHeaders;
import dev.jmail.net.ServerLogin;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderType;
import dev.jmail.store.MessageVisitor;
import dev.jmail.store.cache.CacheTrust;
import dev.jmail.store.cache.SummaryCache;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A mailbox on an IMAP server, read as a folder. Opening it brings the {@link SummaryCache} up to
 * date in as few commands as the server allows, never one per message:
 *
 * <ol>
 *   <li>SELECT (with CONDSTORE where offered): UIDVALIDITY, UIDNEXT, EXISTS, HIGHESTMODSEQ. A new
 *       UIDVALIDITY drops the cache.
 *   <li>Flags and expunges of the cached messages: with QRESYNC (RFC 7162; Dovecot has it) they
 *       come in the SELECT's own answer ({@code SELECT (QRESYNC (uidvalidity modseq 1:last))}: the
 *       changed flags and {@code VANISHED (EARLIER)}), no command more, and where the server names
 *       its capabilities in its greeting (Dovecot) {@code ENABLE QRESYNC} and that SELECT go in the
 *       LOGIN's round trip ({@link ImapClient#loginPending}); else nothing at all when
 *       HIGHESTMODSEQ and the count are unchanged; with CONDSTORE only what changed ({@code
 *       CHANGEDSINCE}) plus, when the count says something was expunged, {@code UID SEARCH ALL};
 *       else {@code UID FETCH 1:last (FLAGS)}.
 *   <li>New messages, when first needed: one {@code UID FETCH cachedUIDNEXT:* (UID FLAGS
 *       RFC822.SIZE BODY.PEEK[HEADER.FIELDS (…)])}; only the header fields a summary shows travel.
 *       A listing prints the cached summaries first, then decodes the new ones on the reader
 *       threads as they stream in, and stores them decoded, so the next listing only prints.
 * </ol>
 *
 * Message numbers are positions in UID order; a message's identity is UIDVALIDITY+UID ({@link
 * MessageLocation.Imap}). Bodies are fetched on demand with {@code BODY.PEEK[]} (reading changes
 * nothing), a large one streamed into a temporary file.
 */
public final class ImapFolder implements Folder {
  /** The header fields of {@link #scan} (every field a header-based caller may ask about). */
  static final String FIELDS =
      "DATE FROM SENDER RETURN-PATH TO CC REPLY-TO SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE";

  /** The header fields a summary is decoded from (From, else Sender, else Return-Path). */
  static final String SUMMARY_FIELDS = "DATE FROM SENDER RETURN-PATH SUBJECT MESSAGE-ID";

  /** Decoding batch and the new-message count from which a fill reports its progress. */
  static final int BATCH = 512;

  static final int PROGRESS_FROM = 1000;

  /** How to reach one IMAP mailbox: what the folder-name resolver hands out. */
  public record Opener(ServerLogin login, Env env) {
    public String mailbox() {
      String p = login.url().path();
      return p.isEmpty() ? "INBOX" : p;
    }

    private String account() {
      return login.user() + "@" + login.url().host() + ":" + login.url().port();
    }

    public Path cacheFile() {
      return SummaryCache.fileFor(env, "imap", account(), mailbox());
    }

    /** What the cache file names as its folder (a file of another folder is not used). */
    String cacheKey() {
      return "imap " + account() + " " + mailbox();
    }

    public ImapFolder open() {
      return ImapFolder.open(this);
    }

    /** The cached summaries alone: no connection, nothing saved. */
    public ImapFolder openCached() {
      Path file = cacheFile();
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !CacheTrust.trusted(file)) {
        throw new NoInputException(
            file
                + ": cached summaries not used: a link, or not only yours to write (move it away)");
      }
      SummaryCache cache = SummaryCache.load(file, cacheKey());
      if (cache.isEmpty()) {
        throw new NoInputException(
            login.url().describe()
                + ": no cached summaries (list it once while the server is reachable)");
      }
      return new ImapFolder(this, null, cache);
    }
  }

  private final Opener opener;
  private final ImapClient client;
  private final SummaryCache cache;

  /** The cached messages (decoded summaries) in UID order, then the new ones fetched (none yet). */
  private final List<SummaryCache.Message> order;

  /** New messages fetched but not yet decoded (summary null), after {@link #order}'s. */
  private final List<SummaryCache.Message> fresh = new ArrayList<>();

  private final List<byte[]> freshHeaders = new ArrayList<>();
  private ImapClient.Selected selected;
  private boolean newToFetch;
  private boolean newFetched;
  private Progress progress; // null: none (not Progress.NONE: a lambda made at run time)

  private ImapFolder(Opener opener, ImapClient client, SummaryCache cache) {
    this.opener = opener;
    this.client = client;
    this.cache = cache;
    // (an open connection fills it after the resync)
    this.order = client == null ? new ArrayList<>(cache.ascending()) : new ArrayList<>();
  }

  /*
   * (No lambda or method reference on the way of a listing, here and in ImapClient: the start-up
   * cache holds this package's classes, loaded by its training, but not the classes a lambda makes
   * when first run, about a millisecond each in a fresh JVM; named classes instead.)
   */

  /**
   * The cache file read on a thread of its own, while the connection is set up (TLS, login): first
   * the folder's state the SELECT names ({@link #head}), then its messages ({@link #cache}), which
   * a large folder's SELECT need not wait for.
   */
  private static final class Loading extends Thread {
    private final Opener opener;
    private final java.util.concurrent.CountDownLatch headRead =
        new java.util.concurrent.CountDownLatch(1);
    private SummaryCache.Head head;
    private SummaryCache cache;
    private RuntimeException failure;

    Loading(Opener opener) {
      super("imap-cache");
      this.opener = opener;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        head = SummaryCache.head(opener.cacheFile(), opener.cacheKey());
        headRead.countDown();
        cache = head.load();
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        headRead.countDown();
      }
    }

    SummaryCache.Head head() {
      try {
        headRead.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IoFailureException(opener.cacheFile() + ": interrupted", e);
      }
      if (head == null) throw failure;
      return head;
    }

    SummaryCache cache() {
      try {
        join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IoFailureException(opener.cacheFile() + ": interrupted", e);
      }
      if (failure != null) throw failure;
      return cache;
    }
  }

  static ImapFolder open(Opener opener) {
    Loading loading = new Loading(opener);
    loading.start();
    ImapClient client = ImapClient.connect(opener.login(), true);
    try {
      Selecting selecting = new Selecting(opener, client, loading.head());
      ImapFolder f = new ImapFolder(opener, client, loading.cache());
      f.sync(selecting);
      return f;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Step 1 of the class comment: the SELECT, named from the cache file's head alone, its answer
   * read while the cache's messages are still being read.
   */
  private static final class Selecting {
    final boolean qresync;
    final Changes reported = new Changes();
    final ImapClient.Selected sel;

    Selecting(Opener opener, ImapClient client, SummaryCache.Head head) {
      // QRESYNC: the flag changes and expunges since the cached HIGHESTMODSEQ come with the SELECT
      // (with the LOGIN's answer still to come, the SELECT goes in the same round trip)
      boolean q =
          head.size() > 0
              && head.highestModSeq() > 0
              && (client.loginPending() || client.canQresync());
      sel =
          q
              ? client.select(
                  opener.mailbox(),
                  false,
                  new ImapClient.Resync(
                      head.uidValidity(), head.highestModSeq(), "1:" + head.lastUid()),
                  reported,
                  reported)
              : client.select(opener.mailbox(), false);
      qresync = q && client.canQresync(); // false when the server refused it: a plain SELECT then
    }
  }

  /** Step 2 of the class comment; step 3 waits until the new messages are needed. */
  private void sync(Selecting selecting) {
    boolean qresync = selecting.qresync;
    List<ImapClient.Fetched> changes = selecting.reported.changes;
    List<long[]> vanished = selecting.reported.vanished;
    ImapClient.Selected sel = selecting.sel;
    selected = sel;
    if (cache.uidValidity() != sel.uidValidity()) cache.reset(sel.uidValidity());
    long knownBelow = cache.uidNext(); // 0 after a reset: a new mailbox, nothing seen before
    boolean hadAny = cache.size() > 0;
    int cachedCount = cache.size();
    long cachedModSeq = cache.highestModSeq();
    boolean[] flagsChanged = {false};
    if (hadAny) {
      long last = cache.lastUid();
      boolean condstore = client.has("CONDSTORE") && cachedModSeq > 0 && sel.highestModSeq() > 0;
      if (qresync) {
        for (ImapClient.Fetched f : changes) flagsChanged[0] |= updateFlags(cache, f);
        for (long[] r : vanished) {
          for (Long uid : List.copyOf(cache.messages().subMap(r[0], r[1] + 1).keySet()))
            cache.remove(uid);
        }
      } else if (condstore && sel.highestModSeq() == cachedModSeq) {
        // nothing changed (flags, expunges) since the cache was written
      } else if (condstore) {
        client.uidFetch(
            "1:" + last,
            "(UID FLAGS) (CHANGEDSINCE " + cachedModSeq + ")",
            f -> flagsChanged[0] |= updateFlags(cache, f));
        // each UID from the cached UIDNEXT on is at most one new message: more messages than the
        // cached ones and those means none was expunged, and the UIDs need not be asked for
        long newAtMost =
            sel.uidNext() > 0 && cache.uidNext() > 0
                ? Math.max(0, sel.uidNext() - cache.uidNext())
                : Long.MAX_VALUE / 2;
        if (sel.exists() < cachedCount + newAtMost) {
          expunged(cache, new HashSet<>(client.uidSearchAll()));
        }
      } else {
        Set<Long> present = new HashSet<>();
        client.uidFetch(
            "1:" + last,
            "(UID FLAGS)",
            f -> {
              present.add(f.uid());
              flagsChanged[0] |= updateFlags(cache, f);
            });
        expunged(cache, present);
      }
    }
    flagsChanged[0] |= ageNewness(cache, knownBelow, reportsRecent());
    long from = Math.max(1, cache.uidNext());
    newToFetch = sel.uidNext() == 0 || sel.uidNext() > from || sel.exists() > cache.size();
    order.clear();
    order.addAll(cache.ascending());
    if (!newToFetch) {
      boolean changed =
          cache.uidNext() != nextUid()
              || cache.highestModSeq() != sel.highestModSeq()
              || cache.size() != cachedCount
              || flagsChanged[0]
              || !hadAny;
      cache.setState(nextUid(), sel.highestModSeq());
      if (changed) cache.save();
    } else if (flagsChanged[0] || cache.size() != cachedCount) {
      // the new messages come later with their flags as they are then: the old UIDNEXT is kept
      cache.setState(cache.uidNext(), sel.highestModSeq());
      cache.save();
    }
  }

  private long nextUid() {
    long last = cache.lastUid();
    if (!fresh.isEmpty()) last = Math.max(last, fresh.get(fresh.size() - 1).uid());
    return Math.max(selected.uidNext(), last + 1); // messages fetched since SELECT count too
  }

  /** {@link #arrivals}: the count when the folder was opened, and the last one returned. */
  private long arrivedAtOpen = -1;

  private long arrivedLast = -1;

  /**
   * For a session that keeps the folder open: a NOOP, and when the server reports messages that
   * arrived since the last call, the next {@link #summaries} fetches them (from the cached UIDNEXT,
   * one UID FETCH). Returns a stamp that changes when messages arrived; -1 without a connection or
   * when the NOOP failed (the caller keeps its listing).
   */
  public long arrivals() {
    if (client == null) return -1;
    long now;
    try {
      now = client.noop();
    } catch (dev.jmail.error.JmailException e) {
      return -1;
    }
    if (arrivedAtOpen < 0) arrivedAtOpen = arrivedLast = now;
    if (now > arrivedLast) {
      arrivedLast = now;
      newToFetch = true;
      if (fresh.isEmpty()) newFetched = false;
    }
    return arrivedLast - arrivedAtOpen;
  }

  /** True when the flags of a cached message changed. */
  private static boolean updateFlags(SummaryCache cache, ImapClient.Fetched f) {
    if (f.flags() == null) return false;
    SummaryCache.Message m = cache.find(f.uid());
    if (m == null) return false;
    Set<Flag> now = flags(f.flags());
    // newness is decided after the resync (ageNewness), not by these flags: kept while unseen, so
    // a server without \Recent does not make every unseen message look changed on every open
    if (m.has(Flag.NEW) && !now.contains(Flag.SEEN)) now.add(Flag.NEW);
    if (SummaryCache.Message.bits(now) == m.flagBits()) return false;
    cache.put(m.withFlags(now));
    return true;
  }

  private static void expunged(SummaryCache cache, Set<Long> present) {
    List<Long> gone = new ArrayList<>();
    for (Long uid : cache.messages().keySet()) if (!present.contains(uid)) gone.add(uid);
    for (Long uid : gone) cache.remove(uid);
  }

  /** What QRESYNC reports in the SELECT's answer: changed flags, expunged UIDs. */
  private static final class Changes implements Consumer<ImapClient.Fetched>, ImapClient.UidRanges {
    final List<ImapClient.Fetched> changes = new ArrayList<>();
    final List<long[]> vanished = new ArrayList<>();

    @Override
    public void accept(ImapClient.Fetched f) {
      changes.add(f);
    }

    @Override
    public void range(long low, long high) {
      vanished.add(new long[] {low, high});
    }
  }

  /** Where new messages go as they arrive (summary null, raw header). */
  private interface Arrivals {
    void add(SummaryCache.Message m, byte[] header);
  }

  /** Step 3: every new message, as it arrives, to {@code each}. */
  private void fetchNew(Arrivals each) {
    long from = Math.max(1, cache.uidNext());
    long expected = Math.max(0, selected.exists() - order.size());
    if (expected >= PROGRESS_FROM) client.readAhead(); // decryption beside the parsing
    client.uidFetch(
        from + ":*",
        "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (" + SUMMARY_FIELDS + ")])",
        new Consumer<ImapClient.Fetched>() {
          private int done;

          @Override
          public void accept(ImapClient.Fetched f) {
            if (f.uid() < from || f.flags() == null) return; // "N:*" also names the last message
            byte[] h = f.section() instanceof byte[] b ? b : new byte[0];
            each.add(new SummaryCache.Message(f.uid(), firstFlags(f.flags()), f.size(), null), h);
            done++;
            if (expected >= PROGRESS_FROM && progress != null) {
              progress.update(done, (int) Math.max(expected, done), client.bytesRead());
            }
          }
        });
    newFetched = true;
  }

  /** The new messages, fetched (not decoded) when a caller needs more than the summaries. */
  private void ensureFetched() {
    if (client == null || !newToFetch || newFetched) return;
    fetchNew(
        new Arrivals() {
          @Override
          public void add(SummaryCache.Message m, byte[] h) {
            fresh.add(m);
            freshHeaders.add(h);
          }
        });
  }

  /**
   * IMAP flags as ours: {@code \Seen \Answered \Flagged \Deleted \Draft}; a message without {@code
   * \Seen} is {@link Flag#NEW} when it is also {@code \Recent} (this session is the first to see
   * it, RFC 3501 2.3.2), as a local message is new until a mailbox has been looked at: the same
   * N/U/O letters as mbox and Maildir. (A server that never reports \Recent: {@link #ageNewness}.)
   */
  static Set<Flag> flags(Collection<String> imap) {
    EnumSet<Flag> out = EnumSet.noneOf(Flag.class);
    boolean seen = false;
    boolean recent = false;
    for (String f : imap) { // (in any case: no lower-case copy of each)
      if (f.equalsIgnoreCase("\\Seen")) {
        out.add(Flag.SEEN);
        seen = true;
      } else if (f.equalsIgnoreCase("\\Recent")) recent = true;
      else if (f.equalsIgnoreCase("\\Answered")) out.add(Flag.ANSWERED);
      else if (f.equalsIgnoreCase("\\Flagged")) out.add(Flag.FLAGGED);
      else if (f.equalsIgnoreCase("\\Deleted")) out.add(Flag.DELETED);
      else if (f.equalsIgnoreCase("\\Draft")) out.add(Flag.DRAFT);
    }
    if (!seen && recent) out.add(Flag.NEW);
    return out;
  }

  @Override
  public Path path() {
    return Path.of(opener.login().url().describe());
  }

  @Override
  public FolderType type() {
    return FolderType.IMAP;
  }

  @Override
  public dev.jmail.store.FolderStore store() {
    return new ImapStore(
        new dev.jmail.store.FolderLocator.Ref(
            path(), java.util.Optional.of(FolderType.IMAP), false, opener),
        this);
  }

  @Override
  public boolean isSystemMailbox() {
    return false;
  }

  @Override
  public void progress(Progress p) {
    progress = p;
  }

  /**
   * The summaries: the cached ones as they are (nothing decoded), then the new messages, decoded
   * with {@code fields} on the reader threads while the rest still streams in, in UID order; the
   * new ones are then stored in the cache, decoded.
   */
  @Override
  public void summaries(
      Function<RawHeaders, MessageSummary> fields, Consumer<MessageSummary> each) {
    int n = 0;
    for (SummaryCache.Message m : order) each.accept(m.summary().withEntry(entry(++n, m)));
    if (client == null || !newToFetch) return;
    decodeNew(
        fields,
        SummaryCache.displayColumns(),
        new Numbered() {
          @Override
          public void accept(SummaryCache.Message m, int number) {
            each.accept(m.summary().withEntry(entry(number, m)));
          }
        });
  }

  /** A decoded message with its number in the folder. */
  private interface Numbered {
    void accept(SummaryCache.Message m, int number);
  }

  /**
   * A plain listing from the cache's display columns ({@link SummaryCache.Message#display}), the
   * flags as the resynchronisation left them: the cached messages without a summary decoded, then
   * the new ones as {@link #summaries} fetches and decodes them (their columns made on the reader
   * threads too) and stores them. -1 (nothing given) when no display columns are configured.
   */
  @Override
  public int listingRows(Row each) {
    Function<MessageSummary, byte[]> columns = SummaryCache.displayColumns();
    dev.jmail.store.cache.LocalIndex.Config c = dev.jmail.store.cache.LocalIndex.config();
    if (columns == null || c.fields() == null) return -1;
    int n = 0;
    for (SummaryCache.Message m : order) {
      java.nio.ByteBuffer d = m.display();
      if (d == null) d = java.nio.ByteBuffer.wrap(columns.apply(m.summary()));
      each.row(++n, m.flagBits(), -1, m.size(), d);
    }
    if (client != null && newToFetch) {
      decodeNew(
          c.fields(),
          columns,
          new Numbered() {
            @Override
            public void accept(SummaryCache.Message m, int number) {
              each.row(number, m.flagBits(), -1, m.size(), m.display());
            }
          });
    } else if (client != null && !order.isEmpty() && !cache.hasDisplay()) {
      cache.save(); // a file written without the columns: with them, for the next listing
    }
    return order.size();
  }

  /**
   * The new messages, decoded with {@code fields} (and their display columns made with {@code
   * columns}, unless null) on the reader threads while the rest still streams in, to {@code each}
   * with their numbers in UID order; then stored in the cache.
   */
  private void decodeNew(
      Function<RawHeaders, MessageSummary> fields,
      Function<MessageSummary, byte[]> columns,
      Numbered each) {
    List<SummaryCache.Message> decoded = new ArrayList<>();
    // a first fill: the cache file's table is built as the messages are decoded
    if (order.isEmpty() && fresh.isEmpty()) cache.startFill(Math.max(0, (int) selected.exists()));
    try (Decoder d = new Decoder(fields, columns, decoded, each)) {
      if (newFetched) {
        for (int i = 0; i < fresh.size(); i++) d.add(fresh.get(i), freshHeaders.get(i));
      } else {
        fetchNew(d);
      }
    }
    order.addAll(decoded);
    fresh.clear();
    freshHeaders.clear();
    cache.putAscending(decoded);
    newToFetch = false;
    cache.setState(nextUid(), selected.highestModSeq());
    cache.save();
  }

  /**
   * Decodes header sections in batches on the reader threads and hands the results on in arrival
   * order, as each batch at the head of the window is done (the network keeps the calling thread
   * busy meanwhile).
   */
  private final class Decoder implements AutoCloseable, Arrivals {
    private final Function<RawHeaders, MessageSummary> fields;
    private final Function<MessageSummary, byte[]> columns;
    private final List<SummaryCache.Message> decoded;
    private final Numbered out;
    private final java.util.ArrayDeque<java.util.concurrent.Future<List<SummaryCache.Message>>>
        window = new java.util.ArrayDeque<>();
    private java.util.concurrent.ExecutorService pool;
    private List<SummaryCache.Message> rows = new ArrayList<>(BATCH);
    private List<byte[]> headers = new ArrayList<>(BATCH);

    Decoder(
        Function<RawHeaders, MessageSummary> fields,
        Function<MessageSummary, byte[]> columns,
        List<SummaryCache.Message> decoded,
        Numbered out) {
      this.fields = fields;
      this.columns = columns;
      this.decoded = decoded;
      this.out = out;
    }

    /** A decoded message, in order: kept, and handed on with its number. */
    private void done(SummaryCache.Message m) {
      decoded.add(m);
      cache.fill(m);
      out.accept(m, order.size() + decoded.size());
    }

    @Override
    public void add(SummaryCache.Message m, byte[] header) {
      rows.add(m);
      headers.add(header);
      if (rows.size() == BATCH) submit();
      drain(false);
    }

    private void submit() {
      if (rows.isEmpty()) return;
      List<SummaryCache.Message> r = rows;
      List<byte[]> h = headers;
      rows = new ArrayList<>(BATCH);
      headers = new ArrayList<>(BATCH);
      if (pool == null) pool = dev.jmail.store.ReaderThreads.pool(2, "imap-decoder");
      window.add(pool.submit(new Batch(r, h)));
    }

    /** One batch decoded on a reader thread. */
    private final class Batch implements java.util.concurrent.Callable<List<SummaryCache.Message>> {
      private final List<SummaryCache.Message> rows;
      private final List<byte[]> headers;

      Batch(List<SummaryCache.Message> rows, List<byte[]> headers) {
        this.rows = rows;
        this.headers = headers;
      }

      @Override
      public List<SummaryCache.Message> call() {
        return decode(rows, headers);
      }
    }

    private List<SummaryCache.Message> decode(List<SummaryCache.Message> r, List<byte[]> h) {
      RawHeaders block = new RawHeaders(new byte[0], 0, false);
      List<SummaryCache.Message> done = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        block.set(h.get(i), h.get(i).length, false);
        SummaryCache.Message m = r.get(i);
        MessageSummary s = fields.apply(block);
        byte[] d = columns == null ? null : columns.apply(s);
        done.add(SummaryCache.Message.decoded(m.uid(), m.flagBits(), m.size(), s, d));
      }
      return done;
    }

    private void drain(boolean wait) {
      while (!window.isEmpty() && (wait || window.peekFirst().isDone())) {
        List<SummaryCache.Message> done;
        try {
          done = window.removeFirst().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IoFailureException(path() + ": interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) throw r;
          throw new IoFailureException(path() + ": " + e.getCause(), e);
        }
        for (SummaryCache.Message m : done) done(m);
      }
    }

    @Override
    public void close() {
      try {
        if (pool != null || !rows.isEmpty()) {
          if (rows.size() < 64 && window.isEmpty()) {
            for (SummaryCache.Message m : decode(rows, headers)) done(m); // a few: no thread
            rows.clear();
          } else {
            submit();
          }
        }
        drain(true);
      } finally {
        if (pool != null) pool.shutdownNow();
      }
    }
  }

  /**
   * Streams every message with its raw header fields ({@link #FIELDS}): the cache keeps only
   * decoded summaries, so they are fetched from the server (one {@code UID FETCH}); a listing uses
   * {@link #summaries} instead.
   */
  @Override
  public void scan(MessageVisitor visitor) {
    if (client == null) {
      throw new dev.jmail.error.UnavailableException(
          path() + ": the header fields of a folder read from the cache need the server");
    }
    ensureFetched();
    List<SummaryCache.Message> all = all();
    if (all.isEmpty()) return;
    Map<Long, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < all.size(); i++) index.put(all.get(i).uid(), i);
    RawHeaders block = new RawHeaders(new byte[0], 0, false);
    client.uidFetch(
        "1:" + all.get(all.size() - 1).uid(),
        "(UID BODY.PEEK[HEADER.FIELDS (" + FIELDS + ")])",
        f -> {
          Integer i = index.get(f.uid());
          if (i == null) return; // arrived since the folder was opened
          byte[] h = f.section() instanceof byte[] b ? b : new byte[0];
          block.set(h, h.length, false);
          visitor.message(entry(i + 1, all.get(i)), block);
        });
  }

  /** Cached, then new messages (fetched first when there are any). */
  private List<SummaryCache.Message> all() {
    ensureFetched();
    if (fresh.isEmpty()) return order;
    List<SummaryCache.Message> all = new ArrayList<>(order.size() + fresh.size());
    all.addAll(order);
    all.addAll(fresh);
    return all;
  }

  private MessageEntry entry(int number, SummaryCache.Message m) {
    return new MessageEntry(
        number, new MessageLocation.Imap(cache.uidValidity(), m.uid()), m.size(), -1, m.flags());
  }

  @Override
  public List<MessageEntry> entries() {
    List<SummaryCache.Message> all = all();
    List<MessageEntry> out = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) out.add(entry(i + 1, all.get(i)));
    return out;
  }

  @Override
  public int count() {
    return all().size();
  }

  @Override
  public MessageEntry entry(int number) {
    return entry(number, all().get(number - 1));
  }

  /** The server's other mailboxes ({@code LIST}), for {@code list --folders}. */
  @Override
  public List<String> subfolders() {
    List<String> names = client.listMailboxes();
    names.remove(opener.mailbox());
    java.util.Collections.sort(names);
    return names;
  }

  /** STATUS (MESSAGES UNSEEN) of every other mailbox: all sent, then all answers read. */
  @Override
  public List<Counted> subfolderCounts() {
    List<String> names = subfolders();
    Map<String, long[]> counts = client.statusAll(names);
    List<Counted> out = new ArrayList<>();
    for (String n : names) {
      long[] c = counts.getOrDefault(n, new long[] {-1, -1});
      out.add(new Counted(n, c[0], c[1]));
    }
    return out;
  }

  @Override
  public boolean hasMessages() {
    return !order.isEmpty() || (client != null && newToFetch && selected.exists() > 0);
  }

  /** A message another client expunged since the listing: named by its number and UID. */
  private IoFailureException gone(MessageEntry entry, long uid) {
    return new IoFailureException(
        client.where()
            + ": message "
            + entry.number()
            + " (UID "
            + uid
            + ") is gone from the server");
  }

  /** The message's bytes as stored on the server ({@code BODY.PEEK[]}: \Seen is not set). */
  @Override
  public InputStream open(MessageEntry entry) {
    long uid = ((MessageLocation.Imap) entry.location()).uid();
    Object[] body = {null};
    client.uidFetch(
        Long.toString(uid),
        "(UID BODY.PEEK[])",
        f -> {
          if (f.uid() == uid && f.section() != null) body[0] = f.section();
        });
    if (body[0] == null) {
      throw gone(entry, uid);
    }
    if (body[0] instanceof byte[] b) return new ByteArrayInputStream(b);
    ImapResponse.Spilled s = (ImapResponse.Spilled) body[0];
    try {
      return new FilterInputStream(Files.newInputStream(s.file())) {
        @Override
        public void close() throws IOException {
          super.close();
          Files.deleteIfExists(s.file());
        }
      };
    } catch (IOException e) {
      throw new IoFailureException(s.file() + ": " + e.getMessage(), e);
    }
  }

  /** Sets \Seen on these messages (one UID STORE); returns how many are gone from the server. */
  public int markSeen(Collection<MessageEntry> read) {
    StringBuilder set = new StringBuilder();
    for (MessageEntry e : read) {
      if (!(e.location() instanceof MessageLocation.Imap loc)
          || loc.uidValidity() != cache.uidValidity()) continue;
      if (set.length() > 0) set.append(',');
      set.append(loc.uid());
    }
    if (set.length() == 0) return read.size();
    client.uidStore(set.toString(), true, "\\Seen");
    return 0;
  }

  /**
   * Applies edits with {@code UID STORE +FLAGS/-FLAGS} and {@code UID EXPUNGE}: deletions are
   * {@code \\Deleted} and then {@code UID EXPUNGE} of exactly those UIDs (UIDPLUS), never a blanket
   * EXPUNGE that would also remove what another client marked (without UIDPLUS the messages stay
   * marked \\Deleted). Only the flags the caller changed travel: a flag another client set or
   * cleared meanwhile on the same message is left as that client left it, as are keywords. A text
   * replacement (mailx edit) is refused.
   *
   * @param expected the listing the caller decided on (an open session, a move), whose numbers the
   *     edits use; each is found again by its UID, and one another client expunged meanwhile is
   *     skipped, never confused with another. Null: the edits are decided on the current listing.
   * @return deleted, flagged, missed (messages of {@code expected} gone from the server)
   */
  public int[] apply(
      List<MessageEntry> expected,
      java.util.function.BiFunction<
              List<MessageEntry>, List<String>, java.util.Map<Integer, dev.jmail.store.MessageEdit>>
          decide,
      boolean wantIds) {
    List<SummaryCache.Message> all = all();
    List<MessageEntry> now = entries();
    List<String> ids = new ArrayList<>(all.size());
    if (wantIds) {
      for (int i = 0; i < all.size(); i++) {
        SummaryCache.Message m = all.get(i);
        if (m.summary() != null) {
          ids.add(m.summary().messageId());
        } else {
          byte[] h = freshHeaders.get(i - order.size());
          String v = new RawHeaders(h, h.length, false).field("message-id");
          ids.add(v == null ? null : v.strip());
        }
      }
    }
    Map<Long, Integer> at = new java.util.HashMap<>();
    for (int i = 0; i < all.size(); i++) at.put(all.get(i).uid(), i);
    List<MessageEntry> view = now;
    List<String> viewIds = ids;
    int missed = 0;
    if (expected != null) {
      view = expected;
      viewIds = new ArrayList<>(expected.size());
      for (MessageEntry e : expected) {
        if (!(e.location() instanceof MessageLocation.Imap loc)
            || loc.uidValidity() != cache.uidValidity()) {
          throw new dev.jmail.error.DataFormatException(
              path()
                  + ": folder changed since it was opened (replaced: a new UIDVALIDITY); nothing"
                  + " was changed: list it again");
        }
        Integer i = at.get(loc.uid());
        if (wantIds) viewIds.add(i == null ? null : ids.get(i));
        if (i == null) missed++;
      }
    }
    java.util.Map<Integer, dev.jmail.store.MessageEdit> edits = decide.apply(view, viewIds);
    java.util.Map<String, List<Long>> add = new java.util.TreeMap<>();
    java.util.Map<String, List<Long>> remove = new java.util.TreeMap<>();
    List<Long> delete = new ArrayList<>();
    int flagged = 0;
    for (java.util.Map.Entry<Integer, dev.jmail.store.MessageEdit> ed : edits.entrySet()) {
      dev.jmail.store.MessageEdit edit = ed.getValue();
      MessageEntry seen = view.get(ed.getKey() - 1);
      long uid = ((MessageLocation.Imap) seen.location()).uid();
      if (edit.replaces()) {
        throw new dev.jmail.error.UsageException(
            path() + ": editing a message on an IMAP server is not supported");
      }
      Integer i = at.get(uid);
      if (i == null) continue; // expunged by another client: gone (counted above)
      SummaryCache.Message m = all.get(i);
      if (edit.delete()) {
        delete.add(uid);
        continue;
      }
      if (edit.flags() == null) continue;
      StringBuilder plus = new StringBuilder();
      StringBuilder minus = new StringBuilder();
      EnumSet<Flag> result = EnumSet.noneOf(Flag.class);
      result.addAll(m.flags());
      for (Flag f : List.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED, Flag.DELETED, Flag.DRAFT)) {
        boolean want = edit.flags().contains(f);
        if (want == seen.flags().contains(f)) continue; // the caller did not change it
        StringBuilder b = want ? plus : minus;
        b.append(b.length() > 0 ? " " : "").append(imapName(f));
        if (want) result.add(f);
        else result.remove(f);
      }
      if (!edit.flags().contains(Flag.NEW)) result.remove(Flag.NEW);
      if (plus.length() > 0) add.computeIfAbsent(plus.toString(), k -> new ArrayList<>()).add(uid);
      if (minus.length() > 0)
        remove.computeIfAbsent(minus.toString(), k -> new ArrayList<>()).add(uid);
      if (plus.length() + minus.length() > 0) flagged++;
      if (!result.equals(m.flags()) && cache.messages().containsKey(uid))
        cache.put(m.withFlags(result));
    }
    for (var e : add.entrySet()) client.uidStore(uidSet(e.getValue()), true, e.getKey());
    for (var e : remove.entrySet()) client.uidStore(uidSet(e.getValue()), false, e.getKey());
    if (!delete.isEmpty()) {
      String set = uidSet(delete);
      client.uidStore(set, true, "\\Deleted");
      if (client.has("UIDPLUS")) {
        client.uidExpunge(set);
        for (long uid : delete) cache.remove(uid);
      }
    }
    cache.save();
    return new int[] {delete.size(), flagged, missed};
  }

  static String imapName(Flag f) {
    return switch (f) {
      case SEEN -> "\\Seen";
      case ANSWERED -> "\\Answered";
      case FLAGGED -> "\\Flagged";
      case DELETED -> "\\Deleted";
      case DRAFT -> "\\Draft";
      case NEW -> "";
    };
  }

  /** A UID set in ascending runs: {@code 3:5,9,12:13}. */
  static String uidSet(Collection<Long> uids) {
    List<Long> sorted = new ArrayList<>(uids);
    java.util.Collections.sort(sorted);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) j++;
      if (b.length() > 0) b.append(',');
      b.append(sorted.get(i));
      if (j > i) b.append(':').append(sorted.get(j));
      i = j + 1;
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (client != null) client.close();
  }

  @Override
  public boolean fromCache() {
    return client == null;
  }

  /** A message for {@link #append}: LF text, our flags, and when it arrived (null: unknown). */
  public record Incoming(byte[] lfText, Set<Flag> flags, java.time.Instant date) {}

  /**
   * Saves messages into the mailbox (created if missing) with their flags and, where known,
   * internal date: one connection; batches of up to {@link #APPEND_BATCH} messages ({@link
   * #APPEND_BATCH_BYTES}) each in one MULTIAPPEND, or pipelined APPENDs, so no message costs a
   * round trip of its own where the server has LITERAL+. Read lazily: one batch in memory at a
   * time.
   */
  public static void append(Opener opener, Iterable<Incoming> messages) {
    java.util.Iterator<Incoming> it = messages.iterator();
    if (!it.hasNext()) return;
    try (ImapClient client = ImapClient.connect(opener.login())) {
      List<ImapClient.Appended> batch = new ArrayList<>();
      long bytes = 0;
      boolean created = false;
      while (it.hasNext()) {
        ImapClient.Appended a = appended(it.next());
        batch.add(a);
        bytes += a.crlf().length;
        // the first message goes alone: a missing mailbox is created (TRYCREATE) before the
        // others are sent, never all of them twice
        if (!created
            || batch.size() >= APPEND_BATCH
            || bytes >= APPEND_BATCH_BYTES
            || !it.hasNext()) {
          created = true;
          client.multiAppend(opener.mailbox(), batch);
          batch = new ArrayList<>();
          bytes = 0;
        }
      }
    }
  }

  /** Messages per MULTIAPPEND, and their bytes: a batch is one round trip, bounded in memory. */
  static final int APPEND_BATCH = 500;

  static final long APPEND_BATCH_BYTES = 32L << 20;

  private static ImapClient.Appended appended(Incoming m) {
    StringBuilder flags = new StringBuilder();
    for (Flag f : m.flags()) {
      String name = imapName(f);
      if (name.isEmpty()) continue;
      flags.append(flags.length() > 0 ? " " : "").append(name);
    }
    java.time.ZonedDateTime date =
        m.date() == null ? null : m.date().atZone(java.time.ZoneId.systemDefault());
    return new ImapClient.Appended(crlf(m.lfText()), flags.toString(), date);
  }

  /** LF line ends to IMAP's CRLF (a CR already before an LF is kept once). */
  static byte[] crlf(byte[] lf) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(lf.length + lf.length / 40);
    for (int i = 0; i < lf.length; i++) {
      if (lf[i] == '\n' && (i == 0 || lf[i - 1] != '\r')) b.write('\r');
      b.write(lf[i]);
    }
    return b.toByteArray();
  }

  // --- whole messages with their internal date (copies out of IMAP)

  /** A message's stored text and INTERNALDATE (null when the server sent none). */
  public record Whole(byte[] text, java.time.Instant date) {}

  /** {@code UID FETCH uid (UID INTERNALDATE BODY.PEEK[])}: \Seen is not set. */
  public Whole fetchWhole(MessageEntry entry) {
    long uid = ((MessageLocation.Imap) entry.location()).uid();
    Object[] got = {null, null};
    client.uidFetch(
        Long.toString(uid),
        "(UID INTERNALDATE BODY.PEEK[])",
        f -> {
          if (f.uid() != uid || f.section() == null) return;
          got[0] = f.section();
          got[1] = f.internalDate();
        });
    if (got[0] == null) {
      throw gone(entry, uid);
    }
    byte[] text;
    if (got[0] instanceof byte[] b) text = b;
    else {
      ImapResponse.Spilled sp = (ImapResponse.Spilled) got[0];
      try {
        text = Files.readAllBytes(sp.file());
        Files.deleteIfExists(sp.file());
      } catch (IOException e) {
        throw new IoFailureException(sp.file() + ": " + e.getMessage(), e);
      }
    }
    return new Whole(text, internalDate((String) got[1]));
  }

  private static final java.time.format.DateTimeFormatter INTERNALDATE =
      java.time.format.DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", java.util.Locale.ROOT);

  /**
   * RFC 3501 9: {@code date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP
   * zone DQUOTE}, {@code date-day-fixed = (SP DIGIT) / 2DIGIT}; null when absent or malformed.
   */
  static java.time.Instant internalDate(String s) {
    if (s == null) return null;
    try {
      return java.time.ZonedDateTime.parse(s.strip(), INTERNALDATE).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  // --- \Recent: which unseen messages are new

  /**
   * After a sync: a message the cache knew before this SELECT was seen by an earlier session, which
   * took its \Recent (RFC 3501 2.3.2: only one session sees a message as recent), so it is no
   * longer new but unread (U), however its flags were last fetched. A server that does not speak
   * IMAP4rev1 (IMAP4rev2, RFC 9051, has no \Recent) never says what is new: every unseen message is
   * new there, as mutt shows it. True when this changed anything.
   */
  static boolean ageNewness(SummaryCache cache, long knownBelow, boolean reportsRecent) {
    int seen = 1 << Flag.SEEN.ordinal();
    int fresh = 1 << Flag.NEW.ordinal();
    List<SummaryCache.Message> changed = null;
    for (SummaryCache.Message m : cache.ascending()) {
      int bits = m.flagBits();
      boolean isNew = (bits & fresh) != 0;
      boolean want = reportsRecent ? isNew && m.uid() >= knownBelow : (bits & seen) == 0;
      if (want == isNew) continue;
      if (changed == null) changed = new ArrayList<>();
      changed.add(m.withFlagBits(want ? bits | fresh : bits & ~fresh));
    }
    if (changed == null) return false;
    for (SummaryCache.Message m : changed) cache.put(m);
    return true;
  }

  /** Whether the server says which messages are \Recent (IMAP4rev1; IMAP4rev2 has no \Recent). */
  private boolean reportsRecent() {
    return client.has("IMAP4REV1");
  }

  /** The flags of a message fetched for the first time: unseen is new where nothing is \Recent. */
  private Set<Flag> firstFlags(Collection<String> imap) {
    Set<Flag> f = flags(imap);
    if (!reportsRecent() && !f.contains(Flag.SEEN)) f.add(Flag.NEW);
    return f;
  }

  // --- copies and moves inside the server

  /**
   * Copies or moves messages to another mailbox of this account: {@code UID MOVE} where offered,
   * else {@code UID COPY} and, for a move, {@code \\Deleted} then {@code UID EXPUNGE} of exactly
   * these UIDs (without UIDPLUS they stay marked \\Deleted: a blanket EXPUNGE would remove what
   * other clients marked). Messages of another UIDVALIDITY are refused: they are not these.
   */
  public void transfer(String mailbox, List<MessageEntry> messages, boolean move) {
    List<Long> uids = new ArrayList<>(messages.size());
    for (MessageEntry e : messages) {
      if (!(e.location() instanceof MessageLocation.Imap loc)
          || loc.uidValidity() != cache.uidValidity()) {
        throw new dev.jmail.error.DataFormatException(
            path()
                + ": folder changed since it was opened (message "
                + e.number()
                + " is no longer the same); nothing was copied: list it again");
      }
      uids.add(loc.uid());
    }
    if (uids.isEmpty()) return;
    String set = uidSet(uids);
    if (move && client.has("MOVE")) {
      client.uidCopy(set, mailbox, true);
    } else {
      client.uidCopy(set, mailbox, false);
      if (!move) return;
      client.uidStore(set, true, "\\Deleted");
      if (!client.has("UIDPLUS")) return;
      client.uidExpunge(set);
    }
    for (long uid : uids) cache.remove(uid);
    cache.save();
  }
}
