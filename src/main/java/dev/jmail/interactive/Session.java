package dev.jmail.interactive;

import dev.jmail.app.MessageOpener;
import dev.jmail.error.IoFailureException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageNumbers;
import dev.jmail.message.MessageSummary;
import dev.jmail.render.MessageBytes;
import dev.jmail.render.Summaries;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.FolderStore;
import dev.jmail.store.MailboxQuit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One open folder in a session: the messages as listed when it was opened (plus mail that arrived
 * since), and what the session did to them — flags, deletions, preserve, save. Nothing is written
 * to the folder until {@link #quit}; {@code exit} simply drops the session.
 */
final class Session implements MessageNumbers.Selection {
  private final FolderLocator.Ref ref;
  private final FolderStore store;
  private final Folder folder;
  private final List<MessageSummary> messages = new ArrayList<>();
  private final Map<Integer, Set<Flag>> flags = new HashMap<>();
  private final Set<Integer> deleted = new HashSet<>();
  private final Set<Integer> preserved = new HashSet<>();
  private final Set<Integer> saved = new HashSet<>();
  private final Set<Integer> toMbox = new HashSet<>();

  /** Texts changed with edit/visual (one message each, as the user left it), by number. */
  private final Map<Integer, byte[]> edited = new HashMap<>();

  private int current;
  private long stamp;

  private Session(FolderLocator.Ref ref, Folder folder) {
    this.ref = ref;
    this.folder = folder;
    this.store = folder.store();
  }

  static Session open(FolderLocator.Ref ref) {
    Folder f = ref.open();
    Session s = new Session(ref, f);
    s.stamp = s.stamp();
    f.summaries(Summaries::detached, s.messages::add);
    s.current = s.firstInteresting();
    return s;
  }

  /** The first new (else unread) undeleted message, else the first: where mailx starts. */
  private int firstInteresting() {
    for (int i = 1; i <= count(); i++) if (has(i, Flag.NEW)) return i;
    for (int i = 1; i <= count(); i++) if (!has(i, Flag.SEEN)) return i;
    return count() == 0 ? 0 : 1;
  }

  FolderLocator.Ref ref() {
    return ref;
  }

  Folder folder() {
    return folder;
  }

  Path path() {
    return ref.path();
  }

  /** The folder's name as shown (a remote mailbox: its URL). */
  String name() {
    return ref.name();
  }

  @Override
  public int count() {
    return messages.size();
  }

  @Override
  public int current() {
    return current;
  }

  void setCurrent(int n) {
    current = n;
  }

  @Override
  public boolean deleted(int n) {
    return deleted.contains(n);
  }

  @Override
  public boolean has(int n, Flag f) {
    return flags(n).contains(f);
  }

  Set<Flag> flags(int n) {
    Set<Flag> f = flags.get(n);
    return f != null ? f : messages.get(n - 1).entry().flags();
  }

  @Override
  public String subject(int n) {
    return messages.get(n - 1).subject();
  }

  @Override
  public String from(int n) {
    return messages.get(n - 1).from();
  }

  MessageSummary summary(int n) {
    return messages.get(n - 1);
  }

  MessageEntry entry(int n) {
    return messages.get(n - 1).entry();
  }

  /** The summary with the session's flags, for the header line. */
  MessageSummary current(int n) {
    MessageSummary s = messages.get(n - 1);
    MessageEntry e = s.entry();
    EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
    f.addAll(flags(n));
    if (deleted(n)) f.add(Flag.DELETED);
    MessageEntry shown = new MessageEntry(e.number(), e.location(), e.size(), e.lines(), f);
    return s.withEntry(shown);
  }

  /**
   * mailx status letter: {@code *} saved, {@code P} preserved, {@code R} read in this session
   * (POSIX mailx), else the flag letter.
   */
  char statusLetter(int n) {
    if (saved.contains(n) && !deleted(n)) return '*';
    if (preserved.contains(n)) return 'P';
    if (toMbox.contains(n) && !deleted(n)) return 'M';
    if (!deleted(n) && has(n, Flag.SEEN) && !entry(n).has(Flag.SEEN) && !has(n, Flag.FLAGGED))
      return 'R';
    return Summaries.statusLetter(current(n).entry());
  }

  List<Integer> undeleted() {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= count(); i++) if (!deleted(i)) out.add(i);
    return out;
  }

  InputStream openMessage(int n) {
    byte[] e = edited.get(n);
    if (e != null) return new java.io.ByteArrayInputStream(e);
    return folder.open(entry(n));
  }

  /** Message n for {@code MimeWalker}: an edited copy, or the stored message in bounded heap. */
  MessageBytes openSource(int n) {
    byte[] e = edited.get(n);
    if (e != null) return MessageBytes.of(e);
    return MessageOpener.open(folder, entry(n));
  }

  byte[] raw(int n) {
    try (InputStream in = openMessage(n)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IoFailureException(path() + ": message " + n + ": " + e.getMessage(), e);
    }
  }

  void markRead(int n) {
    change(n, Flag.SEEN, true);
    change(n, Flag.NEW, false);
  }

  void change(int n, Flag f, boolean on) {
    EnumSet<Flag> s = EnumSet.noneOf(Flag.class);
    s.addAll(flags(n));
    if (on) s.add(f);
    else s.remove(f);
    flags.put(n, s);
  }

  void delete(int n) {
    deleted.add(n);
  }

  void undelete(int n) {
    deleted.remove(n);
  }

  void preserve(int n) {
    preserved.add(n);
    toMbox.remove(n);
  }

  void saved(int n) {
    saved.add(n);
  }

  /** {@code mbox}/{@code touch}: moves to MBOX on quit (system mailbox), read or not. */
  void markForMbox(int n) {
    toMbox.add(n);
    preserved.remove(n);
  }

  boolean markedForMbox(int n) {
    return toMbox.contains(n);
  }

  /** {@code edit}: the message's new text, kept here and written into the folder on quit. */
  void replace(int n, byte[] text) {
    edited.put(n, text);
  }

  boolean edited(int n) {
    return edited.containsKey(n);
  }

  boolean anyDeleted() {
    return !deleted.isEmpty();
  }

  /**
   * Picks up mail that arrived since the folder was opened or last checked: the new messages get
   * the next numbers. Returns how many arrived (0 when the folder is unchanged or was rewritten by
   * another program, in which case quit refuses to change it).
   */
  int checkNewMail() {
    long now = stamp();
    if (now == stamp) return 0;
    stamp = now;
    List<MessageSummary> fresh = new ArrayList<>();
    folder.summaries(Summaries::detached, fresh::add);
    if (fresh.size() <= messages.size()) return 0;
    for (int i = 0; i < messages.size(); i++) {
      if (!store.sameMessage(
          messages.get(i).entry(), fresh.get(i).entry(), i == messages.size() - 1)) return 0;
    }
    int before = messages.size();
    // the old messages' extents may have moved (the separator before the new mail): take them anew
    for (int i = 0; i < before; i++) messages.set(i, fresh.get(i));
    messages.addAll(fresh.subList(before, fresh.size()));
    return messages.size() - before;
  }

  /** Cheap change detector: the store's change stamp (on a read error: as if unchanged). */
  private long stamp() {
    long now = store.stamp();
    return now == -1 ? stamp : now;
  }

  /** mailx quit: new messages become old, then the mailbox-changes layer applies the rules. */
  MailboxQuit.Outcome quit(MailboxQuit.Options options) {
    Map<Integer, Set<Flag>> finalFlags = new HashMap<>();
    List<MessageEntry> opened = new ArrayList<>();
    for (int i = 1; i <= count(); i++) {
      opened.add(entry(i));
      EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
      f.addAll(flags(i));
      f.remove(Flag.NEW);
      finalFlags.put(i, f);
    }
    return MailboxQuit.quit(
        new MailboxQuit.Session(ref, opened, finalFlags, deleted, preserved, saved, toMbox, edited),
        options);
  }

  /** Whether quitting would change anything (else the folder is left byte for byte alone). */
  boolean changed() {
    if (!deleted.isEmpty() || !saved.isEmpty() || !edited.isEmpty() || !toMbox.isEmpty())
      return true;
    for (int i = 1; i <= count(); i++) {
      Set<Flag> now = EnumSet.noneOf(Flag.class);
      now.addAll(flags(i));
      if (!now.equals(entry(i).flags()) || entry(i).has(Flag.NEW)) return true;
    }
    return false;
  }

  void close() {
    folder.close();
  }
}
