package dev.jmail.store.imap;

import dev.jmail.config.Env;
import dev.jmail.error.IoFailureException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.net.ServerLogin;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderType;
import dev.jmail.store.HeaderBlock;
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
      return SummaryCache.fileFor(env, "imap", login.user() + "@" + login.url().host() + ":" + login.url().port(), mailbox());
    }

    public ImapFolder open() {
      return ImapFolder.open(this);
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
        client.uidFetch("1:" + last, "(UID FLAGS) (CHANGEDSINCE " + cachedModSeq + ")", f -> updateFlags(cache, f));
        expunged(cache, new HashSet<>(client.uidSearchAll()));
      } else {
        Set<Long> present = new HashSet<>();
        client.uidFetch("1:" + last, "(UID FLAGS)", f -> {
          present.add(f.uid());
          updateFlags(cache, f);
        });
        expunged(cache, present);
      }
    }
    // 2. new messages
    if (sel.uidNext() == 0 || sel.uidNext() > from || (sel.exists() > cache.messages().size())) {
      client.uidFetch(from + ":*", "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (" + FIELDS + ")])", f -> {
        if (f.uid() < from || f.flags() == null) return; // "N:*" also names the last message
        byte[] h = f.section() instanceof byte[] b ? b : new byte[0];
        cache.put(new SummaryCache.Message(f.uid(), flags(f.flags()), f.size(), h));
      });
    }
    long next = sel.uidNext() > 0 ? sel.uidNext() : cache.messages().isEmpty() ? 1 : cache.messages().lastKey() + 1;
    boolean changed = cache.uidNext() != next || cache.highestModSeq() != sel.highestModSeq()
        || cache.messages().size() != cachedCount || !hadAny;
    cache.setState(next, sel.highestModSeq());
    if (changed || sel.highestModSeq() != cachedModSeq) cache.save();
  }

  private static void updateFlags(SummaryCache cache, ImapClient.Fetched f) {
    if (f.flags() == null) return;
    cache.get(f.uid()).ifPresent(m -> cache.put(new SummaryCache.Message(m.uid(), flags(f.flags()), m.size(), m.headers())));
  }

  private static void expunged(SummaryCache cache, Set<Long> present) {
    List<Long> gone = new ArrayList<>();
    for (Long uid : cache.messages().keySet()) if (!present.contains(uid)) gone.add(uid);
    for (Long uid : gone) cache.remove(uid);
  }

  /**
   * IMAP flags as ours: {@code \Seen \Answered \Flagged \Deleted \Draft}; a message without
   * {@code \Seen} is new (unread), as mutt shows it.
   */
  static Set<Flag> flags(Collection<String> imap) {
    EnumSet<Flag> out = EnumSet.noneOf(Flag.class);
    boolean seen = false;
    for (String f : imap) {
      switch (f.toLowerCase(java.util.Locale.ROOT)) {
        case "\\seen" -> { out.add(Flag.SEEN); seen = true; }
        case "\\answered" -> out.add(Flag.ANSWERED);
        case "\\flagged" -> out.add(Flag.FLAGGED);
        case "\\deleted" -> out.add(Flag.DELETED);
        case "\\draft" -> out.add(Flag.DRAFT);
        default -> { }
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
  public boolean isSystemMailbox() {
    return false;
  }

  @Override
  public void scan(MessageVisitor visitor) {
    HeaderBlock block = new HeaderBlock(new byte[0], 0, false);
    int n = 0;
    for (SummaryCache.Message m : order) {
      block.set(m.headers(), m.headers().length, false);
      visitor.message(entry(++n, m), block);
    }
  }

  private MessageEntry entry(int number, SummaryCache.Message m) {
    return new MessageEntry(number, new MessageLocation.Imap(cache.uidValidity(), m.uid()), m.size(), -1, m.flags());
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

  @Override
  public boolean hasMessages() {
    return !order.isEmpty();
  }

  /** The message's bytes as stored on the server ({@code BODY.PEEK[]}: \Seen is not set). */
  @Override
  public InputStream open(MessageEntry entry) {
    long uid = ((MessageLocation.Imap) entry.location()).uid();
    Object[] body = {null};
    client.uidFetch(Long.toString(uid), "(UID BODY.PEEK[])", f -> {
      if (f.uid() == uid && f.section() != null) body[0] = f.section();
    });
    if (body[0] == null) {
      throw new IoFailureException(client.where() + ": message " + entry.number() + " (UID " + uid + ") is gone from the server");
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
      if (!(e.location() instanceof MessageLocation.Imap loc) || loc.uidValidity() != cache.uidValidity()) continue;
      if (set.length() > 0) set.append(',');
      set.append(loc.uid());
    }
    if (set.length() == 0) return read.size();
    client.uidStore(set.toString(), true, "\\Seen");
    return 0;
  }

  @Override
  public void close() {
    client.close();
  }
}
