package dev.jmail.store.maildir;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.MessageEdit;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes a Maildir without locks, by its own rules: flags are the info part of the file name
 * ({@code cur/UNIQUE:2,FLAGS}, letters sorted) and change by {@code rename(2)}; a message leaves
 * {@code new/} for {@code cur/} once it is no longer new; delete is {@code unlink(2)}. Info letters
 * jmail does not know (e.g. {@code P} passed) are kept. A message renamed meanwhile by another
 * program is found again by its unique name; one that is gone is reported (exit 65).
 */
public final class MaildirChanges {
  private MaildirChanges() {}

  /** Outcome counts. */
  public record Outcome(int deleted, int flagged) {}

  public static Outcome apply(
      Path maildir, List<MessageEntry> entries, Map<Integer, MessageEdit> edits) {
    return apply(maildir, entries, edits, new MaildirIndex.Moves());
  }

  /** As above, noting in {@code moves} what happened to each file (for the summary index). */
  static Outcome apply(
      Path maildir,
      List<MessageEntry> entries,
      Map<Integer, MessageEdit> edits,
      MaildirIndex.Moves moves) {
    int deleted = 0, flagged = 0;
    for (MessageEntry e : entries) {
      MessageEdit edit = edits.get(e.number());
      if (edit == null) continue;
      MessageLocation.Maildir loc = (MessageLocation.Maildir) e.location();
      Path file = current(maildir, loc, e.number());
      try {
        if (edit.delete()) {
          Files.delete(file);
          moves.gone(file);
          deleted++;
        } else if (edit.replaces()) {
          moves.gone(file);
          replace(maildir, file, edit);
          flagged++;
        } else if (edit.flags() != null) {
          Path target = target(maildir, new MessageLocation.Maildir(file), edit.flags());
          if (!target.equals(file)) {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            moves.renamed(target);
            flagged++;
          }
        }
      } catch (IOException ex) {
        throw failure(maildir, e.number(), " (" + loc.uniqueName() + ")", ex);
      }
    }
    if (deleted + flagged > 0) {
      MaildirDelivery.fsyncDir(maildir.resolve("cur"));
      MaildirDelivery.fsyncDir(maildir.resolve("new"));
    }
    return new Outcome(deleted, flagged);
  }

  /**
   * A message's text replaced (mailx {@code edit}): the new text is written to {@code tmp/} and
   * fsync'ed, then renamed over the message (same unique name, flags from the edit or as they
   * were), so a crash leaves the old text or the new, never half of one.
   */
  private static void replace(Path maildir, Path file, MessageEdit edit) throws IOException {
    MessageLocation.Maildir loc = new MessageLocation.Maildir(file);
    Path target = edit.flags() == null ? file : target(maildir, loc, edit.flags());
    Path tmp =
        maildir.resolve("tmp").resolve(loc.uniqueName() + ".edit-" + ProcessHandle.current().pid());
    Files.createDirectories(tmp.getParent());
    try (var ch =
        java.nio.channels.FileChannel.open(
            tmp,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(edit.replacement());
      while (b.hasRemaining()) ch.write(b);
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (!target.equals(file)) Files.deleteIfExists(file);
  }

  /**
   * Adds the seen flag ({@code S}) to one message by rename, keeping every other info letter the
   * file has <em>now</em> (another program may have flagged it since it was listed): {@code new/U}
   * or {@code cur/U:2,F} becomes {@code cur/U:2,FS}. Returns false when it was seen already; {@link
   * DataFormatException} when the message is gone.
   */
  public static boolean markSeen(Path maildir, MessageEntry e) {
    return markSeen(maildir, e, new MaildirIndex.Moves());
  }

  /** As above, noting the rename in {@code moves}. */
  static boolean markSeen(Path maildir, MessageEntry e, MaildirIndex.Moves moves) {
    Path file = current(maildir, (MessageLocation.Maildir) e.location(), e.number());
    MessageLocation.Maildir now = new MessageLocation.Maildir(file);
    String info = now.infoFlags();
    if (now.subdir().equals("cur") && info.indexOf('S') >= 0) return false;
    Path target =
        maildir
            .resolve("cur")
            .resolve(now.uniqueName() + ":2," + MaildirDelivery.sortedFlags(info + "S"));
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      throw failure(maildir, e.number(), "", ex);
    }
    moves.renamed(target);
    return true;
  }

  /** The typed failure for an I/O error while renaming or removing message {@code number}. */
  private static RuntimeException failure(Path maildir, int number, String which, IOException ex) {
    if (ex instanceof NoSuchFileException) {
      return new DataFormatException(
          maildir + ": message " + number + " vanished while changing it" + which, ex);
    }
    if (ex instanceof AccessDeniedException) {
      return new CannotCreateException(
          maildir + ": cannot change message " + number + ": permission denied", ex);
    }
    if (ex instanceof FileSystemException fs) {
      String why = fs.getReason() == null ? String.valueOf(fs.getMessage()) : fs.getReason();
      if (why.contains("Read-only"))
        return new CannotCreateException(maildir + ": read-only file system", ex);
      return new IoFailureException(maildir + ": " + why, ex);
    }
    return new IoFailureException(maildir + ": " + ex.getMessage(), ex);
  }

  /** The message's file now: as listed, else renamed by someone (same unique name). */
  static Path current(Path maildir, MessageLocation.Maildir loc, int number) {
    if (Files.exists(loc.file())) return loc.file();
    String unique = loc.uniqueName();
    for (String sub : new String[] {"cur", "new"}) {
      try (var ds =
          Files.newDirectoryStream(
              maildir.resolve(sub),
              p -> {
                String n = p.getFileName().toString();
                return n.equals(unique) || n.startsWith(unique + ":");
              })) {
        for (Path p : ds) return p;
      } catch (IOException e) {
        // try the other one
      }
    }
    throw new DataFormatException(
        maildir
            + ": folder changed since it was listed: message "
            + number
            + " ("
            + unique
            + ") is gone; nothing more was changed");
  }

  /** Where a message with these flags lives. */
  static Path target(Path maildir, MessageLocation.Maildir loc, Set<Flag> flags) {
    StringBuilder letters = new StringBuilder();
    for (char c : loc.infoFlags().toCharArray()) if ("SRFTD".indexOf(c) < 0) letters.append(c);
    if (flags.contains(Flag.DRAFT)) letters.append('D');
    if (flags.contains(Flag.FLAGGED)) letters.append('F');
    if (flags.contains(Flag.ANSWERED)) letters.append('R');
    if (flags.contains(Flag.SEEN)) letters.append('S');
    if (flags.contains(Flag.DELETED)) letters.append('T');
    String sorted = MaildirDelivery.sortedFlags(letters.toString());
    boolean staysNew = flags.contains(Flag.NEW) && sorted.isEmpty() && loc.subdir().equals("new");
    if (staysNew) return loc.file();
    return maildir.resolve("cur").resolve(loc.uniqueName() + ":2," + sorted);
  }
}
