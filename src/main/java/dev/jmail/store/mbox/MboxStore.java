package dev.jmail.store.mbox;

import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderChanges;
import dev.jmail.store.FolderCopier;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.FolderStore;
import dev.jmail.store.Incoming;
import dev.jmail.store.MailboxQuit;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.MessageKey;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.lock.MailboxLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The mbox store: one file, locked (dotlock and fcntl) for every change, changed by an atomic
 * rewrite ({@link MboxRewriter}), taking messages in by an append ({@link MboxAppender}). A
 * message's key is the offsets of its From_ line and header.
 */
public final class MboxStore implements FolderStore {
  private final FolderLocator.Ref ref;

  public MboxStore(FolderLocator.Ref ref) {
    this.ref = ref;
  }

  @Override
  public FolderLocator.Ref ref() {
    return ref;
  }

  @Override
  public long stamp() {
    try {
      Path p = ref.path();
      if (!Files.exists(p)) return 0;
      return Files.size(p) * 1_000_003L + Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public java.util.Optional<dev.jmail.store.cache.IndexInfo> index(Path cacheDir) {
    try {
      return java.util.Optional.of(MboxIndex.describe(cacheDir, ref.path()));
    } catch (IOException e) {
      throw new IoFailureException(ref.path() + ": index: " + e.getMessage(), e);
    }
  }

  @Override
  public MessageKey key(MessageEntry e) {
    MessageLocation.Mbox m = (MessageLocation.Mbox) e.location();
    return new MessageKey(List.of(m.start(), m.contentStart()));
  }

  @Override
  public boolean sameMessage(MessageEntry seen, MessageEntry now, boolean lastSeen) {
    return same(
        (MessageLocation.Mbox) seen.location(), (MessageLocation.Mbox) now.location(), lastSeen);
  }

  /**
   * The identity rule of an mbox: the same From_ line and header offsets and the same extent; the
   * last message seen may have grown by the separator (at most CRLF) an append put after it.
   */
  public static boolean same(MessageLocation.Mbox a, MessageLocation.Mbox b, boolean last) {
    return a.start() == b.start()
        && a.contentStart() == b.contentStart()
        && (last
            ? b.contentEnd() >= a.contentEnd()
                && b.end() >= a.end()
                && b.contentEnd() - a.contentEnd() <= 2
            : a.contentEnd() == b.contentEnd() && a.end() == b.end());
  }

  @Override
  public FolderChanges.Outcome apply(
      List<MessageEntry> expected,
      BiFunction<List<MessageEntry>, List<String>, Map<Integer, MessageEdit>> decide,
      boolean wantIds,
      boolean removeIfEmpty,
      LockPolicy policy) {
    if (!Files.exists(ref.path())) throw new NoInputException(ref.path() + ": no such folder");
    try (MailboxLock lock = MailboxLock.existing(ref.path(), policy)) {
      List<MboxRewriter.Scanned> scanned = MboxRewriter.scan(lock);
      if (expected != null) MboxRewriter.checkUnchanged(ref.path(), expected, scanned);
      List<MessageEntry> now = new ArrayList<>(scanned.size());
      List<String> ids = new ArrayList<>(scanned.size());
      for (MboxRewriter.Scanned s : scanned) {
        now.add(s.entry());
        ids.add(s.messageId());
      }
      Map<Integer, MessageEdit> edits = decide.apply(now, ids);
      MboxRewriter.Outcome o = rewrite(lock, scanned, edits, policy);
      return new FolderChanges.Outcome(o.deleted(), o.flagged(), false);
    }
  }

  /**
   * The rewrite, and the summary index brought up to date in the same locked operation: when it was
   * current before, the new one is written from its summaries and a scan of the rewritten part only
   * (the messages whose bytes changed decoded again); an index that was not current is forgotten
   * instead.
   */
  private MboxRewriter.Outcome rewrite(
      MailboxLock lock,
      List<MboxRewriter.Scanned> scanned,
      Map<Integer, MessageEdit> edits,
      LockPolicy policy) {
    MboxIndex.Index before = MboxIndex.current(ref.path(), lock.channel(), scanned);
    MboxRewriter.Outcome o = MboxRewriter.rewrite(lock, scanned, edits, policy.spareDir());
    if (o.deleted() == 0 && o.flagged() == 0) return o; // not a byte changed
    long firstChange = Long.MAX_VALUE;
    List<Integer> kept = new ArrayList<>(scanned.size());
    Set<Integer> rewritten = new HashSet<>();
    for (int i = 0; i < scanned.size(); i++) {
      MboxRewriter.Scanned s = scanned.get(i);
      MessageEdit e = edits.get(s.entry().number());
      if (NewContent.changes(s, e)) {
        firstChange = Math.min(firstChange, s.location().start());
        if (!e.delete()) rewritten.add(i);
      }
      if (e == null || !e.delete()) kept.add(i);
    }
    MboxIndex.update(ref.path(), lock.channel(), before, kept, rewritten, firstChange);
    return o;
  }

  @Override
  public FolderChanges.Outcome markSeen(Collection<MessageEntry> unseen, LockPolicy policy) {
    Set<MessageKey> wanted = new HashSet<>();
    for (MessageEntry e : unseen) wanted.add(key(e));
    int[] found = {0};
    FolderChanges.Outcome o =
        apply(
            null,
            (now, ids) -> {
              Map<Integer, MessageEdit> edits = new HashMap<>();
              for (MessageEntry e : now) {
                if (!wanted.contains(key(e))) continue;
                found[0]++;
                edits.put(e.number(), MessageEdit.flags(FolderChanges.seen(e)));
              }
              return edits;
            },
            false,
            false,
            policy);
    return new FolderChanges.Outcome(
        o.deleted(), o.flagged(), o.removed(), wanted.size() - found[0]);
  }

  @Override
  public void append(Iterable<Incoming> messages, LockPolicy policy) {
    Iterable<MboxAppender.Entry> entries =
        () -> {
          var it = messages.iterator();
          return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public MboxAppender.Entry next() {
              return it.next().mboxEntry();
            }
          };
        };
    MboxAppender.appendAll(ref.path(), policy, entries);
  }

  @Override
  public void deliver(byte[] message, String sender, boolean seen, LockPolicy policy) {
    // an mbox message without a Status header is new; record's copies are written as they are
    MboxAppender.append(ref.path(), policy, sender, Instant.now(), message);
  }

  @Override
  public Incoming export(Folder source, MessageEntry e, byte[] replacement) {
    return new Incoming() {
      @Override
      public MboxAppender.Entry mboxEntry() {
        MboxAppender.Entry stored = verbatim(source, e);
        return replacement == null
            ? stored
            : new MboxAppender.Entry(stored.fromLine(), replacement);
      }

      @Override
      public byte[] text() {
        return replacement != null ? replacement : FolderCopier.content(source, e);
      }

      @Override
      public String maildirFlags() {
        return FolderCopier.maildirFlags(e);
      }

      @Override
      public Instant internalDate() {
        return MboxAppender.dateOf(fromLine(source, e));
      }
    };
  }

  /** The From_ line alone (without its line end). */
  private static byte[] fromLine(Folder source, MessageEntry e) {
    MessageLocation.Mbox loc = (MessageLocation.Mbox) e.location();
    try (FileChannel ch = FileChannel.open(source.path(), StandardOpenOption.READ)) {
      byte[] from = read(ch, loc.start(), (int) (loc.contentStart() - loc.start()));
      int n = from.length;
      while (n > 0 && (from[n - 1] == '\n' || from[n - 1] == '\r')) n--;
      return Arrays.copyOf(from, n);
    } catch (IOException ex) {
      throw new IoFailureException(source.path() + ": " + ex.getMessage(), ex);
    }
  }

  /** The From_ line and the stored (mboxrd-quoted) text, byte for byte. */
  private static MboxAppender.Entry verbatim(Folder source, MessageEntry e) {
    MessageLocation.Mbox loc = (MessageLocation.Mbox) e.location();
    byte[] from = fromLine(source, e);
    try (FileChannel ch = FileChannel.open(source.path(), StandardOpenOption.READ)) {
      byte[] body = read(ch, loc.contentStart(), Math.toIntExact(loc.contentLength()));
      return MboxAppender.Entry.quoted(from, body);
    } catch (IOException ex) {
      throw new IoFailureException(source.path() + ": " + ex.getMessage(), ex);
    }
  }

  private static byte[] read(FileChannel ch, long at, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) throw new IOException("folder shrank while reading");
    }
    return b.array();
  }

  @Override
  public MailboxQuit.Outcome quit(MailboxQuit.Plan plan, MailboxQuit.Options o) {
    MailboxQuit.Session s = plan.session();
    if (!Files.exists(ref.path())) return new MailboxQuit.Outcome(0, 0, 0, false);
    try (MailboxLock lock = MailboxLock.existing(ref.path(), o.policy())) {
      List<MboxRewriter.Scanned> scanned = MboxRewriter.scan(lock);
      MboxRewriter.checkUnchanged(ref.path(), s.opened(), scanned);
      List<Integer> toMbox = plan.toMbox();
      if (!toMbox.isEmpty()) {
        // lazily, one message in memory at a time; the target is another file: its own locks,
        // taken while we hold the spool's, and synced before the spool is rewritten
        Iterable<Incoming> moving =
            () -> toMbox.stream().map(n -> moving(lock, scanned.get(n - 1), n, plan)).iterator();
        plan.target().store().append(moving, o.policy());
      }
      MboxRewriter.Outcome r = rewrite(lock, scanned, plan.edits(), o.policy());
      return new MailboxQuit.Outcome(r.deleted() - toMbox.size(), toMbox.size(), r.kept(), false);
    }
  }

  /** Message {@code n} moving to MBOX at quit, with the flags the session leaves it. */
  private static Incoming moving(
      MailboxLock lock, MboxRewriter.Scanned m, int n, MailboxQuit.Plan plan) {
    Set<Flag> flags = plan.finalFlags().get(n);
    byte[] edited = plan.session().replaced().get(n);
    return new Incoming() {
      @Override
      public MboxAppender.Entry mboxEntry() {
        if (edited == null) return MboxRewriter.entryFor(lock, m, flags);
        // an edited message: the From_ line it had, the new text with its flags
        byte[] from = MboxRewriter.entryFor(lock, m, null).fromLine();
        return new MboxAppender.Entry(from, MboxRewriter.withFlags(edited, flags));
      }

      @Override
      public byte[] text() {
        return edited != null ? edited : MboxRewriter.storedMessage(lock, m);
      }

      @Override
      public String maildirFlags() {
        MessageEntry e = m.entry();
        return FolderCopier.maildirFlags(
            new MessageEntry(n, e.location(), e.size(), e.lines(), flags));
      }
    };
  }
}
