package dev.jmail.store;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.store.lock.LockPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What mailx does to a folder when the session ends with {@code quit} (POSIX mailx, "quit"):
 *
 * <ul>
 *   <li>deleted messages are removed (and saved ones, unless {@code keepsave});
 *   <li>on the system mailbox, messages read and neither deleted nor {@code preserve}d move to the
 *       secondary mailbox {@code MBOX} (appended and fsync'ed first, then removed from the spool: a
 *       crash in between duplicates, never loses), unless {@code hold} is set; {@code MBOX} may be
 *       an mbox file or an existing Maildir;
 *   <li>the others stay, with their flags as the session left them ({@code Status: RO}, …);
 *   <li>a mailbox left empty is removed, or truncated to zero length when {@code keep} is set;
 *   <li>mail that arrived during the session stays untouched.
 * </ul>
 *
 * {@code exit}/{@code x} leaves the folder as it was: the caller simply does not call {@link
 * #quit}. If the folder was rewritten by another program since the session opened it, nothing is
 * changed and {@code DataFormatException} (exit 65) says so.
 */
public final class MailboxQuit {
  private MailboxQuit() {}

  /**
   * The session's view at quit time.
   *
   * @param opened the messages as listed when the folder was opened (numbers 1..n)
   * @param flags each message's flags now, by number (absent: as stored)
   * @param deleted numbers deleted in the session
   * @param preserved numbers {@code preserve}d (stay in the spool even when read)
   * @param saved numbers saved to another folder
   * @param toMbox numbers marked with {@code mbox} (move to MBOX on the system mailbox even when
   *     unread or {@code hold} is set) or {@code touch} (move like a read message)
   * @param replaced numbers whose text was edited ({@code edit}/{@code visual}), with the new text
   */
  public record Session(
      FolderLocator.Ref folder,
      List<MessageEntry> opened,
      Map<Integer, Set<Flag>> flags,
      Set<Integer> deleted,
      Set<Integer> preserved,
      Set<Integer> saved,
      Set<Integer> toMbox,
      Map<Integer, byte[]> replaced) {
    /** Without {@code mbox}/{@code touch} marks and without edited texts. */
    public Session(
        FolderLocator.Ref folder,
        List<MessageEntry> opened,
        Map<Integer, Set<Flag>> flags,
        Set<Integer> deleted,
        Set<Integer> preserved,
        Set<Integer> saved) {
      this(folder, opened, flags, deleted, preserved, saved, Set.of(), Map.of());
    }
  }

  /**
   * The variables that decide: hold, keep, keepsave; where MBOX is ({@code mboxFolder}, when not
   * null, is it resolved: a remote mailbox too; else the file {@code mbox}).
   */
  public record Options(
      boolean hold,
      boolean keep,
      boolean keepsave,
      Path mbox,
      LockPolicy policy,
      FolderLocator.Ref mboxFolder) {
    public Options(boolean hold, boolean keep, boolean keepsave, Path mbox, LockPolicy policy) {
      this(hold, keep, keepsave, mbox, policy, null);
    }
  }

  /**
   * What quit did; {@code gone}: messages the session changed that another client removed meanwhile
   * (IMAP), left alone.
   */
  public record Outcome(int deleted, int movedToMbox, int kept, boolean removed, int gone) {
    public Outcome(int deleted, int movedToMbox, int kept, boolean removed) {
      this(deleted, movedToMbox, kept, removed, 0);
    }
  }

  public static Outcome quit(Session s, Options o) {
    boolean isMboxItself =
        s.folder()
            .path()
            .toAbsolutePath()
            .normalize()
            .equals(o.mbox().toAbsolutePath().normalize());
    boolean moveRead = s.folder().systemMailbox() && !o.hold() && !isMboxItself;
    Map<Integer, Set<Flag>> finalFlags = new HashMap<>();
    for (MessageEntry e : s.opened()) {
      Set<Flag> f = s.flags().getOrDefault(e.number(), e.flags());
      finalFlags.put(e.number(), f);
    }
    Map<Integer, MessageEdit> edits = new HashMap<>();
    List<Integer> toMbox = new ArrayList<>();
    for (MessageEntry e : s.opened()) {
      int n = e.number();
      Set<Flag> f = finalFlags.get(n);
      if (s.deleted().contains(n) || (s.saved().contains(n) && !o.keepsave())) {
        edits.put(n, MessageEdit.deleteIt());
      } else if (s.folder().systemMailbox()
          && !isMboxItself
          && !s.preserved().contains(n)
          && s.toMbox().contains(n)) {
        edits.put(n, MessageEdit.deleteIt());
        toMbox.add(n);
      } else if (moveRead && f.contains(Flag.SEEN) && !s.preserved().contains(n)) {
        edits.put(n, MessageEdit.deleteIt());
        toMbox.add(n);
      } else if (s.replaced().containsKey(n)) {
        edits.put(n, MessageEdit.replace(s.replaced().get(n), f));
      } else {
        edits.put(n, MessageEdit.flags(f));
      }
    }
    int kept =
        s.opened().size() - (int) edits.values().stream().filter(MessageEdit::delete).count();
    Plan plan = new Plan(s, edits, toMbox, finalFlags, kept, mboxRef(o));
    return s.folder().store().quit(plan, o);
  }

  /**
   * What quit decided, for the folder's store to carry out under one lock.
   *
   * @param edits by message number: deletions (including the moves), flags, replaced texts
   * @param toMbox numbers that move to {@code target} (appended and synced before the folder is
   *     changed)
   * @param finalFlags each message's flags as the session leaves them
   * @param kept how many messages stay
   */
  public record Plan(
      Session session,
      Map<Integer, MessageEdit> edits,
      List<Integer> toMbox,
      Map<Integer, Set<Flag>> finalFlags,
      int kept,
      FolderLocator.Ref target) {}

  private static FolderLocator.Ref mboxRef(Options o) {
    if (o.mboxFolder() != null) return o.mboxFolder();
    return new FolderLocator.Ref(o.mbox(), java.util.Optional.empty(), false);
  }
}
