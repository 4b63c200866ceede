package dev.jmail.store.maildir;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
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
import dev.jmail.store.mbox.MboxAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The Maildir store: one file per message, changed by rename and unlink ({@link MaildirChanges}),
 * taking messages in through {@code tmp/} ({@link MaildirDelivery}); no lock is needed. A message's
 * key is the unique part of its file name.
 */
public final class MaildirStore implements FolderStore {
  private final FolderLocator.Ref ref;

  public MaildirStore(FolderLocator.Ref ref) {
    this.ref = ref;
  }

  @Override
  public FolderLocator.Ref ref() {
    return ref;
  }

  @Override
  public long stamp() {
    try {
      long t = 0;
      for (String d : List.of("new", "cur")) {
        Path sub = ref.path().resolve(d);
        if (Files.isDirectory(sub)) t = t * 31 + Files.getLastModifiedTime(sub).toMillis();
      }
      return t;
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public java.util.Optional<dev.jmail.store.cache.IndexInfo> index(Path cacheDir) {
    try {
      return java.util.Optional.of(MaildirIndex.describe(cacheDir, ref.path()));
    } catch (IOException e) {
      throw new IoFailureException(ref.path() + ": index: " + e.getMessage(), e);
    }
  }

  @Override
  public MessageKey key(MessageEntry e) {
    return new MessageKey(((MessageLocation.Maildir) e.location()).uniqueName());
  }

  /** The identity rule of a Maildir: the same unique name (the flags in the name may change). */
  @Override
  public boolean sameMessage(MessageEntry seen, MessageEntry now, boolean lastSeen) {
    return key(seen).equals(key(now));
  }

  @Override
  public FolderChanges.Outcome apply(
      List<MessageEntry> expected,
      BiFunction<List<MessageEntry>, List<String>, Map<Integer, MessageEdit>> decide,
      boolean wantIds,
      boolean removeIfEmpty,
      LockPolicy policy) {
    MaildirFolder folder = new MaildirFolder(ref.path(), ref.systemMailbox());
    List<MessageEntry> now;
    List<String> ids = new ArrayList<>();
    if (wantIds) {
      List<MessageEntry> seen = new ArrayList<>();
      folder.scan(
          (e, h) -> {
            seen.add(e);
            ids.add(FolderChanges.messageId(h));
          });
      now = seen;
    } else {
      now = folder.entries();
    }
    if (expected != null) {
      for (int i = 0; i < expected.size(); i++) {
        if (i >= now.size()
            || !sameMessage(expected.get(i), now.get(i), i == expected.size() - 1)) {
          throw new DataFormatException(
              ref.path()
                  + ": folder changed since it was opened (message "
                  + (i + 1)
                  + " is no longer the same); nothing was changed: list it again");
        }
      }
    }
    MaildirIndex.Moves moves = new MaildirIndex.Moves();
    try {
      MaildirChanges.Outcome o =
          MaildirChanges.apply(ref.path(), now, decide.apply(now, ids), moves);
      return new FolderChanges.Outcome(o.deleted(), o.flagged(), false);
    } finally {
      MaildirIndex.update(ref.path(), moves); // what was done, even when a later message failed
    }
  }

  /** One rename per message, found by its unique name; no other file is opened. */
  @Override
  public FolderChanges.Outcome markSeen(Collection<MessageEntry> unseen, LockPolicy policy) {
    int flagged = 0, missed = 0;
    MaildirIndex.Moves moves = new MaildirIndex.Moves();
    try {
      for (MessageEntry e : unseen) {
        try {
          if (MaildirChanges.markSeen(ref.path(), e, moves)) flagged++;
        } catch (DataFormatException gone) {
          missed++;
        }
      }
    } finally {
      MaildirIndex.update(ref.path(), moves);
    }
    if (flagged > 0) {
      MaildirDelivery.fsyncDir(ref.path().resolve("cur"));
      MaildirDelivery.fsyncDir(ref.path().resolve("new"));
    }
    return new FolderChanges.Outcome(0, flagged, false, missed);
  }

  @Override
  public void append(Iterable<Incoming> messages, LockPolicy policy) {
    for (Incoming m : messages) {
      Path file = MaildirDelivery.deliver(ref.path(), m.text(), m.maildirFlags());
      Instant date = m.internalDate();
      if (date == null) continue;
      try {
        // the message keeps its arrival time (IMAP INTERNALDATE, an mbox From_ line) as the
        // file's time, as mutt and Dovecot read it
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(date));
      } catch (IOException ex) {
        // the message is stored; only its time is the copy's
      }
    }
  }

  @Override
  public void deliver(byte[] message, String sender, boolean seen, LockPolicy policy) {
    if (seen) MaildirDelivery.deliver(ref.path(), message, "S");
    else MaildirDelivery.deliver(ref.path(), message);
  }

  @Override
  public Incoming export(Folder source, MessageEntry e, byte[] replacement) {
    return new Incoming() {
      @Override
      public MboxAppender.Entry mboxEntry() {
        // a From_ line from Return-Path and the file's time, as an MTA would have written it
        byte[] raw = FolderCopier.content(source, e);
        Instant date = internalDate();
        if (date == null) date = Instant.now();
        MboxAppender.Entry stored = MboxAppender.Entry.of(FolderCopier.returnPath(raw), date, raw);
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

      /** The file's modification time: when it was delivered (maildir(5) readers show it). */
      @Override
      public Instant internalDate() {
        try {
          return Files.getLastModifiedTime(((MessageLocation.Maildir) e.location()).file())
              .toInstant();
        } catch (IOException ex) {
          return null;
        }
      }
    };
  }

  @Override
  public MailboxQuit.Outcome quit(MailboxQuit.Plan plan, MailboxQuit.Options o) {
    MailboxQuit.Session s = plan.session();
    List<Integer> toMbox = plan.toMbox();
    if (!toMbox.isEmpty()) {
      try (Folder f = open()) {
        List<MessageEntry> move =
            s.opened().stream().filter(e -> toMbox.contains(e.number())).toList();
        FolderCopier.copy(f, move, s.replaced(), plan.target(), o.policy());
      }
    }
    FolderChanges.Outcome c =
        apply(s.opened(), (now, ids) -> plan.edits(), false, !o.keep(), o.policy());
    return new MailboxQuit.Outcome(c.deleted() - toMbox.size(), toMbox.size(), plan.kept(), false);
  }
}
