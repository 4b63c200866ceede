package dev.jmail.store;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.lock.MailboxLock;
import dev.jmail.store.maildir.MaildirChanges;
import dev.jmail.store.maildir.MaildirFolder;
import dev.jmail.store.mbox.MboxRewriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  public record Outcome(int deleted, int flagged, boolean removed) {}

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
    if (ref.type() == FolderType.MAILDIR) {
      List<MessageEntry> now = new MaildirFolder(ref.path(), ref.systemMailbox()).entries();
      if (expected != null) checkMaildir(ref, expected, now);
      MaildirChanges.Outcome o = MaildirChanges.apply(ref.path(), now, decide.apply(now));
      return new Outcome(o.deleted(), o.flagged(), false);
    }
    if (!Files.exists(ref.path())) throw new NoInputException(ref.path() + ": no such folder");
    try (MailboxLock lock = MailboxLock.existing(ref.path(), policy)) {
      List<MboxRewriter.Scanned> scanned = MboxRewriter.scan(lock);
      if (expected != null) MboxRewriter.checkUnchanged(ref.path(), expected, scanned);
      List<MessageEntry> now = new ArrayList<>(scanned.size());
      for (MboxRewriter.Scanned s : scanned) now.add(s.entry());
      MboxRewriter.Outcome o = MboxRewriter.rewrite(lock, scanned, decide.apply(now), removeIfEmpty);
      return new Outcome(o.deleted(), o.flagged(), o.removed());
    }
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
   * in an mbox, {@code cur/…:2,S} in a Maildir. Numbers are 1-based, in list order.
   */
  public static Outcome markSeen(FolderLocator.Ref ref, LockPolicy policy, java.util.Collection<Integer> numbers) {
    return apply(
        ref,
        policy,
        null,
        now -> {
          Map<Integer, MessageEdit> edits = new java.util.HashMap<>();
          for (int n : numbers) {
            if (n < 1 || n > now.size()) continue;
            java.util.EnumSet<dev.jmail.message.Flag> f = java.util.EnumSet.noneOf(dev.jmail.message.Flag.class);
            f.addAll(now.get(n - 1).flags());
            f.remove(dev.jmail.message.Flag.NEW);
            f.add(dev.jmail.message.Flag.SEEN);
            edits.put(n, MessageEdit.flags(f));
          }
          return edits;
        },
        false);
  }
}
