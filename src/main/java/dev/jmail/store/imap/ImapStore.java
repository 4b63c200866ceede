package dev.jmail.store.imap;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
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
import dev.jmail.store.mbox.MboxAppender;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The IMAP store: a mailbox on a server, reached through {@link ImapFolder} (one connection per
 * operation, summaries from the on-disk cache). A message's key is UIDVALIDITY+UID; edits are
 * {@code UID STORE} and {@code UID EXPUNGE} of exactly the messages edited; messages come in by
 * APPEND with their flags.
 */
public final class ImapStore implements FolderStore {
  private final FolderLocator.Ref ref;

  /** The folder a session keeps open (its connection answers {@link #stamp}), or null. */
  private final ImapFolder open;

  public ImapStore(FolderLocator.Ref ref) {
    this(ref, null);
  }

  ImapStore(FolderLocator.Ref ref, ImapFolder open) {
    this.ref = ref;
    this.open = open;
  }

  @Override
  public FolderLocator.Ref ref() {
    return ref;
  }

  /**
   * For the store of a folder a session keeps open: a NOOP on its connection, changing when mail
   * arrived (the session then lists the new messages and announces them, as for a local folder).
   * Unknown (-1) without an open folder.
   */
  @Override
  public long stamp() {
    return open == null ? -1 : open.arrivals();
  }

  @Override
  public MessageKey key(MessageEntry e) {
    return new MessageKey(e.location());
  }

  /** UIDVALIDITY+UID: a UID is never reused within one UIDVALIDITY (RFC 3501 2.3.1.1). */
  @Override
  public boolean sameMessage(MessageEntry seen, MessageEntry now, boolean lastSeen) {
    return seen.location().equals(now.location());
  }

  @Override
  public FolderChanges.Outcome apply(
      List<MessageEntry> expected,
      BiFunction<List<MessageEntry>, List<String>, Map<Integer, MessageEdit>> decide,
      boolean wantIds,
      boolean removeIfEmpty,
      LockPolicy policy) {
    try (ImapFolder f = ref.imap().open()) {
      int[] o = f.apply(expected, decide, wantIds);
      return new FolderChanges.Outcome(o[0], o[1], false, o[2]);
    }
  }

  @Override
  public FolderChanges.Outcome markSeen(Collection<MessageEntry> unseen, LockPolicy policy) {
    try (ImapFolder f = ref.imap().open()) {
      int missed = f.markSeen(unseen);
      return new FolderChanges.Outcome(0, unseen.size() - missed, false, missed);
    }
  }

  @Override
  public void append(Iterable<Incoming> messages, LockPolicy policy) {
    Iterable<ImapFolder.Incoming> in =
        () -> {
          java.util.Iterator<Incoming> it = messages.iterator();
          return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public ImapFolder.Incoming next() {
              Incoming m = it.next();
              return new ImapFolder.Incoming(m.text(), flags(m.maildirFlags()), m.internalDate());
            }
          };
        };
    ImapFolder.append(ref.imap(), in);
  }

  /** {@code record=+Sent} with {@code folder=imaps://…}: the sent copy APPENDed, \Seen. */
  @Override
  public void deliver(byte[] message, String sender, boolean seen, LockPolicy policy) {
    Set<Flag> f = seen ? EnumSet.of(Flag.SEEN) : EnumSet.noneOf(Flag.class);
    ImapFolder.append(ref.imap(), List.of(new ImapFolder.Incoming(message, f, Instant.now())));
  }

  /**
   * A message on its way out: its text and INTERNALDATE fetched once, when first asked ({@code
   * BODY.PEEK[]}: \Seen is not set); the date becomes the mbox From_ line's, the Maildir file's
   * time or the APPEND's date-time.
   */
  @Override
  public Incoming export(Folder source, MessageEntry e, byte[] replacement) {
    return new Incoming() {
      private ImapFolder.Whole whole;

      private ImapFolder.Whole whole() {
        if (whole == null) {
          whole =
              source instanceof ImapFolder f
                  ? f.fetchWhole(e)
                  : new ImapFolder.Whole(FolderCopier.content(source, e), null);
        }
        return whole;
      }

      @Override
      public MboxAppender.Entry mboxEntry() {
        byte[] raw = text();
        Instant date = internalDate();
        return MboxAppender.Entry.of(
            FolderCopier.returnPath(raw), date == null ? Instant.now() : date, raw);
      }

      @Override
      public byte[] text() {
        return replacement != null ? replacement : whole().text();
      }

      @Override
      public String maildirFlags() {
        return FolderCopier.maildirFlags(e);
      }

      @Override
      public Instant internalDate() {
        return whole().date();
      }
    };
  }

  /** mailx quit: the moves to MBOX first (stored and fsynced), then the edits on the server. */
  @Override
  public MailboxQuit.Outcome quit(MailboxQuit.Plan plan, MailboxQuit.Options o) {
    MailboxQuit.Session s = plan.session();
    List<Integer> toMbox = plan.toMbox();
    if (!toMbox.isEmpty()) {
      try (Folder f = ref.open()) {
        List<MessageEntry> move =
            s.opened().stream().filter(e -> toMbox.contains(e.number())).toList();
        FolderCopier.copy(f, move, s.replaced(), plan.target(), o.policy());
      }
    }
    FolderChanges.Outcome c =
        apply(s.opened(), (now, ids) -> plan.edits(), false, false, o.policy());
    return new MailboxQuit.Outcome(
        c.deleted() - toMbox.size(),
        toMbox.size(),
        s.opened().size() - c.deleted() - c.missed(),
        false,
        c.missed());
  }

  /** Maildir info letters ({@code DFRST}) as flags; null: a new message. */
  static Set<Flag> flags(String maildir) {
    EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
    if (maildir == null) return f;
    for (char c : maildir.toCharArray()) {
      switch (c) {
        case 'D' -> f.add(Flag.DRAFT);
        case 'F' -> f.add(Flag.FLAGGED);
        case 'R' -> f.add(Flag.ANSWERED);
        case 'S' -> f.add(Flag.SEEN);
        case 'T' -> f.add(Flag.DELETED);
        default -> {}
      }
    }
    return f;
  }

  /**
   * IMAP to IMAP on the same account (same user, host and port): {@code UID MOVE} where the server
   * has MOVE (RFC 6851), else {@code UID COPY}, then for a move {@code \\Deleted} and {@code UID
   * EXPUNGE} of exactly those UIDs; nothing is downloaded or APPENDed.
   */
  @Override
  public boolean transferWithin(
      Folder source, List<MessageEntry> messages, FolderLocator.Ref target, boolean move) {
    if (target.imap() == null || !(source instanceof ImapFolder f) || f.fromCache()) return false;
    var from = ref.imap().login();
    var to = target.imap().login();
    boolean sameAccount =
        from.url().host().equalsIgnoreCase(to.url().host())
            && from.url().port() == to.url().port()
            && from.user().equals(to.user());
    if (!sameAccount) return false;
    f.transfer(target.imap().mailbox(), messages, move);
    return true;
  }
}
