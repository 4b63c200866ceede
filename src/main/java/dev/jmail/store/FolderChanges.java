package dev.jmail.store;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.lock.MailboxLock;
import dev.jmail.store.maildir.MaildirChanges;
import dev.jmail.store.maildir.MaildirDelivery;
import dev.jmail.store.maildir.MaildirFolder;
import dev.jmail.store.mbox.MboxRewriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Flags and deletes messages in any folder, safely: an mbox is locked, re-scanned and rewritten
 * atomically ({@link MboxRewriter}); a Maildir is changed by rename and unlink ({@link
 * MaildirChanges}). The caller decides the edits from the folder's current listing, taken under
 * the lock, so message numbers mean what the listing says.
 */
public final class FolderChanges {
  private FolderChanges() {}

  /** What a change did. */
  public record Outcome(int deleted, int flagged, boolean removed, int missed) {
    public Outcome(int deleted, int flagged, boolean removed) {
      this(deleted, flagged, removed, 0);
    }
  }

  /**
   * @param expected messages the caller saw earlier (an open session), checked to be still the
   *     first messages of the folder; null to skip (the edits are then decided under the lock)
   * @param decide turns the current listing into edits keyed by message number
   * @param removeIfEmpty remove an mbox left without messages (mailx without {@code keep})
   */
  public static Outcome apply(
      FolderLocator.Ref ref,
      LockPolicy policy,
      List<MessageEntry> expected,
      Function<List<MessageEntry>, Map<Integer, MessageEdit>> decide,
      boolean removeIfEmpty) {
    return apply(ref, policy, expected, (now, ids) -> decide.apply(now), false, removeIfEmpty);
  }

  /**
   * Like {@link #apply}, but the edits are decided from the listing and each message's {@code
   * Message-ID} (raw field value, null when absent), both read under the lock by the same scan:
   * deciding by Message-ID never needs a second look at the folder (which, for an mbox, would
   * open a second descriptor and so drop the fcntl lock).
   */
  public static Outcome applyByMessageId(
      FolderLocator.Ref ref,
      LockPolicy policy,
      BiFunction<List<MessageEntry>, List<String>, Map<Integer, MessageEdit>> decide,
      boolean removeIfEmpty) {
    return apply(ref, policy, null, decide, true, removeIfEmpty);
  }

  private static Outcome apply(
      FolderLocator.Ref ref,
      LockPolicy policy,
      List<MessageEntry> expected,
      BiFunction<List<MessageEntry>, List<String>, Map<Integer, MessageEdit>> decide,
      boolean wantIds,
      boolean removeIfEmpty) {
    if (ref.imap() != null) {
      try (dev.jmail.store.imap.ImapFolder f = ref.imap().open()) {
        int[] o = f.apply(expected, decide, wantIds);
        return new Outcome(o[0], o[1], false);
      }
    }
    if (ref.type() == FolderType.MAILDIR) {
      MaildirFolder folder = new MaildirFolder(ref.path(), ref.systemMailbox());
      List<MessageEntry> now;
      List<String> ids = new ArrayList<>();
      if (wantIds) {
        List<MessageEntry> seen = new ArrayList<>();
        folder.scan((e, h) -> {
          seen.add(e);
          ids.add(messageId(h));
        });
        now = seen;
      } else {
        now = folder.entries();
      }
      if (expected != null) checkMaildir(ref, expected, now);
      MaildirChanges.Outcome o = MaildirChanges.apply(ref.path(), now, decide.apply(now, ids));
      return new Outcome(o.deleted(), o.flagged(), false);
    }
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
      MboxRewriter.Outcome o =
          MboxRewriter.rewrite(lock, scanned, decide.apply(now, ids), removeIfEmpty, policy.spareDir());
      return new Outcome(o.deleted(), o.flagged(), o.removed());
    }
  }

  static String messageId(HeaderBlock h) {
    String v = h.field("message-id");
    return v == null ? null : v.strip();
  }

  private static void checkMaildir(FolderLocator.Ref ref, List<MessageEntry> expected, List<MessageEntry> now) {
    for (int i = 0; i < expected.size(); i++) {
      String want = ((MessageLocation.Maildir) expected.get(i).location()).uniqueName();
      if (i >= now.size() || !((MessageLocation.Maildir) now.get(i).location()).uniqueName().equals(want)) {
        throw new DataFormatException(
            ref.path() + ": folder changed since it was opened (message " + (i + 1)
                + " is no longer the same); nothing was changed: list it again");
      }
    }
  }

  /**
   * Marks messages seen (what {@code jmail read N} does unless {@code --peek}): {@code Status: RO}
   * in an mbox (through the atomic rewrite), {@code cur/…:2,S} in a Maildir. Messages already seen
   * cost nothing: when all of {@code read} are, the folder is not even locked.
   *
   * <p>Each message is found again under the lock by its identity (mbox: the offsets of its From_
   * line and header; Maildir: the unique name), not by its number, so a folder changed by another
   * program since it was read never gets the wrong message marked; messages no longer found are
   * skipped and counted in {@link Outcome#missed()}.
   */
  public static Outcome markSeen(FolderLocator.Ref ref, LockPolicy policy, List<MessageEntry> read) {
    if (ref.imap() != null) {
      try (dev.jmail.store.imap.ImapFolder f = ref.imap().open()) {
        int missed = f.markSeen(read);
        return new Outcome(0, read.size() - missed, false, missed);
      }
    }
    Map<Object, MessageEntry> wanted = new HashMap<>();
    for (MessageEntry e : read) if (!e.has(Flag.SEEN) || e.has(Flag.NEW)) wanted.put(identity(e), e);
    if (wanted.isEmpty()) return new Outcome(0, 0, false, 0);
    if (ref.type() == FolderType.MAILDIR) return markSeenMaildir(ref, wanted.values());
    int[] found = {0};
    Outcome o =
        apply(
            ref,
            policy,
            null,
            now -> {
              Map<Integer, MessageEdit> edits = new HashMap<>();
              for (MessageEntry e : now) {
                if (!wanted.containsKey(identity(e))) continue;
                found[0]++;
                edits.put(e.number(), MessageEdit.flags(seen(e)));
              }
              return edits;
            },
            false);
    return new Outcome(o.deleted(), o.flagged(), o.removed(), wanted.size() - found[0]);
  }

  /** Maildir: one rename per message, found by its unique name; no other file is opened. */
  private static Outcome markSeenMaildir(FolderLocator.Ref ref, java.util.Collection<MessageEntry> read) {
    int flagged = 0, missed = 0;
    for (MessageEntry e : read) {
      try {
        if (MaildirChanges.markSeen(ref.path(), e)) flagged++;
      } catch (DataFormatException gone) {
        missed++;
      }
    }
    if (flagged > 0) {
      MaildirDelivery.fsyncDir(ref.path().resolve("cur"));
      MaildirDelivery.fsyncDir(ref.path().resolve("new"));
    }
    return new Outcome(0, flagged, false, missed);
  }

  private static EnumSet<Flag> seen(MessageEntry e) {
    EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
    f.addAll(e.flags());
    f.remove(Flag.NEW);
    f.add(Flag.SEEN);
    return f;
  }

  /** What stays the same for a message while other messages come and go around it. */
  private static Object identity(MessageEntry e) {
    if (e.location() instanceof MessageLocation.Mbox m) return List.of(m.start(), m.contentStart());
    return ((MessageLocation.Maildir) e.location()).uniqueName();
  }
}
