package dev.jmail.store;

import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import dev.jmail.message.RawHeaders;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A mail folder opened for reading: an mbox file or a Maildir. Reading never modifies the folder
 * (not a byte of an mbox, not a Maildir file name). Methods throw {@code dev.jmail.error}
 * exceptions: {@code DataFormatException} for a file that is not a folder, {@code
 * IoFailureException} for read errors.
 */
public interface Folder extends AutoCloseable {
  Path path();

  FolderType type();

  /** The store of this folder's kind, to change it or hand its messages to another folder. */
  default FolderStore store() {
    return new FolderLocator.Ref(path(), Optional.of(type()), isSystemMailbox()).store();
  }

  /** True for the user's system mailbox (the spool), where "No mail for USER" applies. */
  boolean isSystemMailbox();

  /**
   * Streams every message once, in folder order, with its raw header section. Memory stays bounded
   * by the largest header section, whatever the folder's size.
   */
  void scan(MessageVisitor visitor);

  /**
   * A scan whose per-message work is split in two: {@code map} turns the raw header section into a
   * small value and may run on the folder's reader threads, in any order (it must be thread-safe
   * and keep nothing of the block); {@code each} receives the entry and that value on the calling
   * thread, in folder order. Listing a large folder decodes headers in parallel this way.
   */
  default <T> void scanMapped(Function<RawHeaders, T> map, BiConsumer<MessageEntry, T> each) {
    scan((e, h) -> each.accept(e, map.apply(h)));
  }

  /**
   * Every message's summary, in folder order. {@code fields} decodes one header section into a
   * summary without its entry (entry null); like {@link #scanMapped}'s map it may run on reader
   * threads. A store with a summary index (mbox) answers from it when it is current and brings it
   * up to date otherwise; the summaries are the same either way.
   */
  default void summaries(
      Function<RawHeaders, MessageSummary> fields, Consumer<MessageSummary> each) {
    scanMapped(fields, (e, s) -> each.accept(s.withEntry(e)));
  }

  /** One message of a {@link #listingRows} listing. */
  interface Row {
    /**
     * @param number 1-based, in folder order
     * @param flags the message's flags as bits: bit n set for {@code Flag} ordinal n
     * @param lines as {@link MessageEntry#lines()}
     * @param size as {@link MessageEntry#size()}
     * @param display what {@code LocalIndex.Config.display} made of the message's summary
     */
    void row(int number, int flags, long lines, long size, java.nio.ByteBuffer display);
  }

  /**
   * Every message of a plain listing, in folder order, from the folder's summary index with the
   * display columns it keeps (brought up to date first: used, extended, or rebuilt and written),
   * without a summary decoded per message. Returns the number of messages, or -1 when this folder
   * has no such index (none configured, no display columns configured, another kind of folder):
   * then nothing was given to {@code each}, and {@link #summaries} is the way.
   */
  default int listingRows(Row each) {
    return -1;
  }

  /**
   * The count of rows a remote folder gave, while it was being opened, to the {@code ahead} of
   * {@link FolderLocator.Ref#open(Row)}, when they are exactly what {@link #listingRows} would give
   * now (the server confirmed its cached summaries are current); -1 when they are not the listing
   * (not asked for, another kind of folder, anything changed or in doubt): then they are to be
   * thrown away.
   */
  default int rowsAhead() {
    return -1;
  }

  /** Progress of long work: done of total, and bytes received (for a progress line). */
  @FunctionalInterface
  interface Progress {
    Progress NONE = (done, total, bytes) -> {};

    void update(int done, int total, long bytes);
  }

  /**
   * Where long work done while listing reports its progress (the first fill of a remote folder's
   * summary cache); folders without such work ignore it.
   */
  default void progress(Progress p) {}

  /** Every message's entry, in folder order (a scan that keeps only the entries). */
  default List<MessageEntry> entries() {
    List<MessageEntry> out = new ArrayList<>();
    scan((e, h) -> out.add(e));
    return out;
  }

  /** How many messages the folder holds (Maildir: a directory listing, no file is opened). */
  default int count() {
    return entries().size();
  }

  /**
   * The entry of message {@code number} (1-based), building as little as the store allows (Maildir:
   * one stat); {@code IndexOutOfBoundsException} outside 1..count().
   */
  default MessageEntry entry(int number) {
    return entries().get(number - 1);
  }

  /**
   * The stored bytes of one message (mbox: without the From_ line, with mboxrd {@code >From }
   * un-quoting; Maildir: the file), without reading any other message. The caller closes it.
   */
  InputStream open(MessageEntry entry);

  /**
   * The same bytes as {@link #open} as a region of the file they are stored in, when they are
   * stored unaltered (Maildir: the file; mbox: a message with no {@code >From } line to un-quote),
   * so that a reader can window the file instead of copying it; empty otherwise. The caller closes
   * the region.
   */
  default Optional<FileRegion> openRegion(MessageEntry entry) {
    return Optional.empty();
  }

  /** True when the folder holds at least one message (mailx -e), without scanning it all. */
  default boolean hasMessages() {
    return !entries().isEmpty();
  }

  /** Maildir++ sub-folder names ({@code .Sent}, …); empty for an mbox. */
  default List<String> subfolders() {
    return List.of();
  }

  /** True when the listing came from a local cache alone, without asking the server. */
  default boolean fromCache() {
    return false;
  }

  /** A sub-folder with its message and unseen counts (-1: not known cheaply). */
  record Counted(String name, long messages, long unseen) {}

  /**
   * {@link #subfolders()} with counts where the kind knows them cheaply (IMAP: STATUS for every
   * mailbox, pipelined in one round trip); -1 elsewhere.
   */
  default List<Counted> subfolderCounts() {
    return subfolders().stream().map(n -> new Counted(n, -1, -1)).toList();
  }

  @Override
  default void close() {}
}
