package dev.jmail.store;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.RawHeaders;
import dev.jmail.store.lock.LockPolicy;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Flags and deletes messages in any folder, safely, through its {@link FolderStore} (an mbox is
 * locked, re-scanned and rewritten atomically; a Maildir is changed by rename and unlink). The
 * caller decides the edits from the folder's current listing, taken under the lock, so message
 * numbers mean what the listing says.
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
   * deciding by Message-ID never needs a second look at the folder (which, for an mbox, would open
   * a second descriptor and so drop the fcntl lock).
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
    return ref.store().apply(expected, decide, wantIds, removeIfEmpty, policy);
  }

  /** The raw Message-ID field value of a header section, stripped; null when absent. */
  public static String messageId(RawHeaders h) {
    String v = h.field("message-id");
    return v == null ? null : v.strip();
  }

  /**
   * Marks messages seen (what {@code jmail read N} does unless {@code --peek}): {@code Status: RO}
   * in an mbox (through the atomic rewrite), {@code cur/…:2,S} in a Maildir. Messages already seen
   * cost nothing: when all of {@code read} are, the folder is not even locked.
   *
   * <p>Each message is found again under the lock by its {@link FolderStore#key}, not by its
   * number, so a folder changed by another program since it was read never gets the wrong message
   * marked; messages no longer found are skipped and counted in {@link Outcome#missed()}.
   */
  public static Outcome markSeen(
      FolderLocator.Ref ref, LockPolicy policy, List<MessageEntry> read) {
    FolderStore store = ref.store();
    Map<MessageKey, MessageEntry> wanted = new HashMap<>();
    for (MessageEntry e : read)
      if (!e.has(Flag.SEEN) || e.has(Flag.NEW)) wanted.put(store.key(e), e);
    if (wanted.isEmpty()) return new Outcome(0, 0, false, 0);
    return store.markSeen(wanted.values(), policy);
  }

  /** The flags of {@code e} once it is read: seen, no longer new. */
  public static EnumSet<Flag> seen(MessageEntry e) {
    EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
    f.addAll(e.flags());
    f.remove(Flag.NEW);
    f.add(Flag.SEEN);
    return f;
  }
}
