package dev.jmail.store;

import dev.jmail.message.MessageEntry;
import dev.jmail.store.lock.LockPolicy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One kind of folder, for its whole life: open it for reading (scan, open one message as a stream),
 * know when it changed, say whether two listings show the same message, apply a batch of edits
 * under its lock, take messages in, and hand its messages out to another folder. One implementation
 * per kind ({@code mbox.MboxStore}, {@code maildir.MaildirStore}); {@link
 * FolderLocator.Ref#store()} is the one place that picks it, so no code outside {@code store/}
 * knows which kind of folder it holds. A new kind (IMAP, POP3) is one more implementation and one
 * more line there.
 *
 * <p>Every operation is batched (one lock, one scan, one pass for a whole set of messages), so a
 * remote store can map each to one round trip; messages are named by an opaque {@link MessageKey}
 * the store defines (mbox: offsets; Maildir: the unique name; IMAP: UIDVALIDITY and UID). Methods
 * throw {@code dev.jmail.error} exceptions.
 */
public interface FolderStore {
  /** The resolved name this store was chosen for. */
  FolderLocator.Ref ref();

  /** Opens the folder for reading; reading never changes it. */
  default Folder open() {
    return ref().open();
  }

  /**
   * A cheap stamp that changes whenever the folder may have (size and time of an mbox, of a
   * Maildir's {@code new/} and {@code cur/}; IMAP: UIDNEXT and HIGHESTMODSEQ); 0 when it is gone,
   * -1 when it cannot be read now.
   */
  long stamp();

  /** What stays the same for a message while other messages come and go around it. */
  MessageKey key(MessageEntry e);

  /**
   * The store's one identity rule: {@code now} (from a later listing) is the message {@code seen}
   * was (same key, same extent), so that edits decided on the earlier listing may be applied. The
   * last message seen may have gained a separator when mail was appended after it.
   */
  boolean sameMessage(MessageEntry seen, MessageEntry now, boolean lastSeen);

  /**
   * Applies a batch of edits under the folder's lock, from its current listing taken under that
   * lock.
   *
   * @param expected messages the caller saw earlier, checked ({@link #sameMessage}) to be still the
   *     first messages of the folder; null to skip
   * @param decide turns the current listing (and each message's Message-ID when {@code wantIds},
   *     else an empty list) into edits keyed by message number
   * @param removeIfEmpty remove an mbox left without messages (mailx without {@code keep})
   */
  FolderChanges.Outcome apply(
      List<MessageEntry> expected,
      BiFunction<List<MessageEntry>, List<String>, Map<Integer, MessageEdit>> decide,
      boolean wantIds,
      boolean removeIfEmpty,
      LockPolicy policy);

  /**
   * Marks these messages seen, finding each again by its {@link #key}; returns how many were
   * flagged and how many are gone ({@link FolderChanges.Outcome#missed()}).
   */
  FolderChanges.Outcome markSeen(Collection<MessageEntry> unseen, LockPolicy policy);

  /**
   * Takes messages in, all or nothing where the kind allows (an mbox: one lock, one append). A
   * missing folder is created. Read lazily, one message at a time.
   */
  void append(Iterable<Incoming> messages, LockPolicy policy);

  /** A new message (local delivery, {@code record}): LF line ends, no From_ line. */
  void deliver(byte[] message, String sender, boolean seen, LockPolicy policy);

  /**
   * One message of {@code source} (a folder of this kind) on its way to another folder, verbatim
   * where both kinds allow; {@code replacement} (null: the stored text) stands for the text.
   */
  Incoming export(Folder source, MessageEntry e, byte[] replacement);

  /**
   * mailx {@code quit} on this folder: the edits and the moves to {@code MBOX} that {@link
   * MailboxQuit} decided, done under one lock.
   */
  MailboxQuit.Outcome quit(MailboxQuit.Plan plan, MailboxQuit.Options options);

  /**
   * The folder's summary index under {@code cacheDir} (what {@code jmail index} shows); empty for a
   * kind of folder that keeps none.
   */
  default java.util.Optional<dev.jmail.store.cache.IndexInfo> index(java.nio.file.Path cacheDir) {
    return java.util.Optional.empty();
  }

  /**
   * Copies, or with {@code move} moves, messages of {@code source} (a folder of this kind) to
   * {@code target} inside the server that holds both, without their text passing through jmail
   * (IMAP, the same account: {@code UID COPY}, {@code UID MOVE}); false when this store cannot, and
   * the caller copies them ({@link FolderCopier}).
   */
  default boolean transferWithin(
      Folder source, List<MessageEntry> messages, FolderLocator.Ref target, boolean move) {
    return false;
  }
}
