package dev.jmail.store.imap;

import dev.jmail.config.Env;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.RawHeaders;
import dev.jmail.net.ServerLogin;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderType;
import dev.jmail.store.MessageVisitor;
import dev.jmail.store.cache.SummaryCache;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mailbox on an IMAP server, read as a folder. Opening it brings the {@link SummaryCache} up to
 * date in as few commands as the server allows, never one per message:
 *
 * <ol>
 *   <li>SELECT (with CONDSTORE where offered): UIDVALIDITY, UIDNEXT, EXISTS, HIGHESTMODSEQ. A new
 *       UIDVALIDITY drops the cache.
 *   <li>New messages: one {@code UID FETCH cachedUIDNEXT:* (UID FLAGS RFC822.SIZE
 *       BODY.PEEK[HEADER.FIELDS (…)])}; only the header fields the summaries use travel.
 *   <li>Flags and expunges of the cached messages: nothing at all when HIGHESTMODSEQ and the count
 *       are unchanged; with CONDSTORE only what changed ({@code CHANGEDSINCE}) plus, when the count
 *       says something was expunged, {@code UID SEARCH ALL}; else {@code UID FETCH 1:last (FLAGS)}.
 * </ol>
 *
 * Message numbers are positions in UID order; a message's identity is UIDVALIDITY+UID ({@link
 * MessageLocation.Imap}). Bodies are fetched on demand with {@code BODY.PEEK[]} (reading changes
 * nothing), a large one streamed into a temporary file.
 */
public final class ImapFolder implements Folder {
  static final String FIELDS =
      "DATE FROM SENDER RETURN-PATH TO CC REPLY-TO SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE";

  /** How to reach one IMAP mailbox: what the folder-name resolver hands out. */
  public record Opener(ServerLogin login, Env env) {
    public String mailbox() {
      String p = login.url().path();
      return p.isEmpty() ? "INBOX" : p;
    }

    public Path cacheFile() {
      return SummaryCache.fileFor(
          env,
          "imap",
          login.user() + "@" + login.url().host() + ":" + login.url().port(),
          mailbox());
    }

    public ImapFolder open() {
      return ImapFolder.open(this);
    }

    /** The cached summaries alone: no connection, nothing saved. */
    public ImapFolder openCached() {
      Path file = cacheFile();
      if (!java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new NoInputException(
            login.url().describe()
                + ": no cached summaries (list it once while the server is reachable)");
      }
      if (!dev.jmail.store.cache.CacheTrust.trusted(file)) {
        throw new NoInputException(
            file
                + ": cached summaries not used: a link, or not only yours to write (move it away)");
      }
      return new ImapFolder(this, null, SummaryCache.load(file));
    }
  }

  private final Opener opener;
  private final ImapClient client;
  private final SummaryCache cache;
  private final List<SummaryCache.Message> order;

  private ImapFolder(Opener opener, ImapClient client, SummaryCache cache) {
    this.opener = opener;
    this.client = client;
    this.cache = cache;
    this.order = new ArrayList<>(cache.messages().values());
  }

  static ImapFolder open(Opener opener) {
    ImapClient client = ImapClient.connect(opener.login());
    try {
      SummaryCache cache = SummaryCache.load(opener.cacheFile());
      sync(client, opener.mailbox(), cache);
      return new ImapFolder(opener, client, cache);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Brings the cache up to date with the server and saves it (see the class comment). */
  static void sync(ImapClient client, String mailbox, SummaryCache cache) {
    ImapClient.Selected sel = client.select(mailbox, false);
    if (cache.uidValidity() != sel.uidValidity()) cache.reset(sel.uidValidity());
    long from = Math.max(1, cache.uidNext());
    boolean hadAny = !cache.messages().isEmpty();
    int cachedCount = cache.messages().size();
    long cachedModSeq = cache.highestModSeq();
    // 1. what changed among the cached messages
    if (hadAny) {
      long last = cache.messages().lastKey();
      boolean condstore = client.has("CONDSTORE") && cachedModSeq > 0 && sel.highestModSeq() > 0;
      if (condstore && sel.highestModSeq() == cachedModSeq) {
        // nothing changed (flags, expunges) since the cache was written
      } else if (condstore) {
        client.uidFetch(
            "1:" + last,
            "(UID FLAGS) (CHANGEDSINCE " + cachedModSeq + ")",
            f -> updateFlags(cache, f));
        expunged(cache, new HashSet<>(client.uidSearchAll()));
      } else {
        Set<Long> present = new HashSet<>();
        client.uidFetch(
            "1:" + last,
            "(UID FLAGS)",
            f -> {
              present.add(f.uid());
              updateFlags(cache, f);
            });
        expunged(cache, present);
      }
    }
    // 2. new messages
    if (sel.uidNext() == 0 || sel.uidNext() > from || (sel.exists() > cache.messages().size())) {
      client.uidFetch(
          from + ":*",
          "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (" + FIELDS + ")])",
          f -> {
            if (f.uid() < from || f.flags() == null) return; // "N:*" also names the last message
            byte[] h = f.section() instanceof byte[] b ? b : new byte[0];
            cache.put(new SummaryCache.Message(f.uid(), flags(f.flags()), f.size(), h));
          });
    }
    long next =
        sel.uidNext() > 0
            ? sel.uidNext()
            : cache.messages().isEmpty() ? 1 : cache.messages().lastKey() + 1;
    boolean changed =
        cache.uidNext() != next
            || cache.highestModSeq() != sel.highestModSeq()
            || cache.messages().size() != cachedCount
            || !hadAny;
    cache.setState(next, sel.highestModSeq());
    if (changed || sel.highestModSeq() != cachedModSeq) cache.save();
  }

  private static void updateFlags(SummaryCache cache, ImapClient.Fetched f) {
    if (f.flags() == null) return;
    cache
        .get(f.uid())
        .ifPresent(
            m ->
                cache.put(
                    new SummaryCache.Message(m.uid(), flags(f.flags()), m.size(), m.headers())));
  }

  private static void expunged(SummaryCache cache, Set<Long> present) {
    List<Long> gone = new ArrayList<>();
    for (Long uid : cache.messages().keySet()) if (!present.contains(uid)) gone.add(uid);
    for (Long uid : gone) cache.remove(uid);
  }

  /**
   * IMAP flags as ours: {@code \Seen \Answered \Flagged \Deleted \Draft}; a message without {@code
   * \Seen} is new (unread), as mutt shows it.
   */
  static Set<Flag> flags(Collection<String> imap) {
    EnumSet<Flag> out = EnumSet.noneOf(Flag.class);
    boolean seen = false;
    for (String f : imap) {
      switch (f.toLowerCase(java.util.Locale.ROOT)) {
        case "\\seen" -> {
          out.add(Flag.SEEN);
          seen = true;
        }
        case "\\answered" -> out.add(Flag.ANSWERED);
        case "\\flagged" -> out.add(Flag.FLAGGED);
        case "\\deleted" -> out.add(Flag.DELETED);
        case "\\draft" -> out.add(Flag.DRAFT);
        default -> {}
      }
    }
    if (!seen) out.add(Flag.NEW);
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
            path(), java.util.Optional.of(FolderType.IMAP), false, opener));
  }

  @Override
  public boolean isSystemMailbox() {
    return false;
  }

  @Override
  public void scan(MessageVisitor visitor) {
    RawHeaders block = new RawHeaders(new byte[0], 0, false);
    int n = 0;
    for (SummaryCache.Message m : order) {
      block.set(m.headers(), m.headers().length, false);
      visitor.message(entry(++n, m), block);
    }
  }

  /**
   * Decodes the cached header fields on the reader threads, in batches, and hands the results over
   * in folder order: a 20,000-message listing is mostly this decoding.
   */
  @Override
  public <T> void scanMapped(
      java.util.function.Function<RawHeaders, T> map,
      java.util.function.BiConsumer<MessageEntry, T> each) {
    int batch = 1024;
    if (order.size() < 2 * batch) {
      Folder.super.scanMapped(map, each);
      return;
    }
    java.util.concurrent.ExecutorService pool =
        dev.jmail.store.ReaderThreads.pool(2, "imap-decoder");
    java.util.ArrayDeque<java.util.concurrent.Future<List<T>>> window =
        new java.util.ArrayDeque<>();
    int next = 0;
    int number = 0;
    try {
      while (number < order.size()) {
        while (next < order.size() && window.size() < 4) {
          List<SummaryCache.Message> part =
              order.subList(next, Math.min(order.size(), next + batch));
          next += part.size();
          window.add(
              pool.submit(
                  () -> {
                    RawHeaders block = new RawHeaders(new byte[0], 0, false);
                    List<T> out = new ArrayList<>(part.size());
                    for (SummaryCache.Message m : part) {
                      block.set(m.headers(), m.headers().length, false);
                      out.add(map.apply(block));
                    }
                    return out;
                  }));
        }
        List<T> done;
        try {
          done = window.removeFirst().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IoFailureException(path() + ": interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) throw r;
          throw new IoFailureException(path() + ": " + e.getCause(), e);
        }
        for (T t : done) {
          each.accept(entry(number + 1, order.get(number)), t);
          number++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private MessageEntry entry(int number, SummaryCache.Message m) {
    return new MessageEntry(
        number, new MessageLocation.Imap(cache.uidValidity(), m.uid()), m.size(), -1, m.flags());
  }

  @Override
  public List<MessageEntry> entries() {
    List<MessageEntry> out = new ArrayList<>(order.size());
    for (int i = 0; i < order.size(); i++) out.add(entry(i + 1, order.get(i)));
    return out;
  }

  @Override
  public int count() {
    return order.size();
  }

  @Override
  public MessageEntry entry(int number) {
    return entry(number, order.get(number - 1));
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
    return !order.isEmpty();
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
      throw new IoFailureException(
          client.where()
              + ": message "
              + entry.number()
              + " (UID "
              + uid
              + ") is gone from the server");
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
   * Applies edits decided on the current listing: flags with {@code UID STORE +FLAGS/-FLAGS} (only
   * what differs; keywords other clients set are left alone), deletions with {@code \\Deleted} and
   * then {@code UID EXPUNGE} of exactly those UIDs (UIDPLUS), never a blanket EXPUNGE that would
   * also remove what another client marked. Without UIDPLUS the messages stay marked \\Deleted. A
   * text replacement (mailx edit) is refused.
   *
   * @param expected messages the caller saw, which must still be the first ones (by UID); null:
   *     unchecked
   * @return deleted, flagged
   */
  public int[] apply(
      List<MessageEntry> expected,
      java.util.function.BiFunction<
              List<MessageEntry>, List<String>, java.util.Map<Integer, dev.jmail.store.MessageEdit>>
          decide,
      boolean wantIds) {
    List<MessageEntry> now = new ArrayList<>(order.size());
    List<String> ids = new ArrayList<>(order.size());
    scan(
        (e, h) -> {
          now.add(e);
          if (wantIds) {
            String v = h.field("message-id");
            ids.add(v == null ? null : v.strip());
          }
        });
    if (expected != null) {
      for (int i = 0; i < expected.size(); i++) {
        if (i >= now.size() || !expected.get(i).location().equals(now.get(i).location())) {
          throw new dev.jmail.error.DataFormatException(
              path()
                  + ": folder changed since it was opened (message "
                  + (i + 1)
                  + " is no longer the same); nothing was changed: list it again");
        }
      }
    }
    java.util.Map<Integer, dev.jmail.store.MessageEdit> edits = decide.apply(now, ids);
    java.util.Map<String, List<Long>> add = new java.util.TreeMap<>();
    java.util.Map<String, List<Long>> remove = new java.util.TreeMap<>();
    List<Long> delete = new ArrayList<>();
    int flagged = 0;
    for (java.util.Map.Entry<Integer, dev.jmail.store.MessageEdit> ed : edits.entrySet()) {
      dev.jmail.store.MessageEdit edit = ed.getValue();
      SummaryCache.Message m = order.get(ed.getKey() - 1);
      if (edit.replaces()) {
        throw new dev.jmail.error.UsageException(
            path() + ": editing a message on an IMAP server is not supported");
      }
      if (edit.delete()) {
        delete.add(m.uid());
        continue;
      }
      if (edit.flags() == null) continue;
      StringBuilder plus = new StringBuilder();
      StringBuilder minus = new StringBuilder();
      for (Flag f : List.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED, Flag.DELETED, Flag.DRAFT)) {
        boolean want = edit.flags().contains(f);
        if (want == m.flags().contains(f)) continue;
        StringBuilder b = want ? plus : minus;
        b.append(b.length() > 0 ? " " : "").append(imapName(f));
      }
      if (plus.length() > 0)
        add.computeIfAbsent(plus.toString(), k -> new ArrayList<>()).add(m.uid());
      if (minus.length() > 0)
        remove.computeIfAbsent(minus.toString(), k -> new ArrayList<>()).add(m.uid());
      if (plus.length() + minus.length() > 0) {
        flagged++;
        cache.put(new SummaryCache.Message(m.uid(), edit.flags(), m.size(), m.headers()));
      }
    }
    for (var e : add.entrySet()) client.uidStore(uidSet(e.getValue()), true, e.getKey());
    for (var e : remove.entrySet()) client.uidStore(uidSet(e.getValue()), false, e.getKey());
    if (!delete.isEmpty()) {
      String set = uidSet(delete);
      client.uidStore(set, true, "\\Deleted");
      if (client.has("UIDPLUS")) {
        client.run("UID EXPUNGE " + set, null);
        for (long uid : delete) cache.remove(uid);
      }
    }
    cache.save();
    return new int[] {delete.size(), flagged};
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
   * internal date: one connection, APPENDs pipelined where the server allows.
   */
  public static void append(Opener opener, List<Incoming> messages) {
    List<ImapClient.Appended> out = new ArrayList<>(messages.size());
    for (Incoming m : messages) {
      StringBuilder flags = new StringBuilder();
      for (Flag f : m.flags()) {
        String name = imapName(f);
        if (name.isEmpty()) continue;
        flags.append(flags.length() > 0 ? " " : "").append(name);
      }
      java.time.ZonedDateTime date =
          m.date() == null ? null : m.date().atZone(java.time.ZoneId.systemDefault());
      out.add(new ImapClient.Appended(crlf(m.lfText()), flags.toString(), date));
    }
    try (ImapClient client = ImapClient.connect(opener.login())) {
      client.appendAll(opener.mailbox(), out);
    }
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
}
