package dev.jmail.interactive;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.UsageException;
import dev.jmail.message.Flag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Handlers of {@link CommandTable}. Marks and edits on messages of the open folder, applied on
 * {@code quit}: delete, undelete, unread, hold, edit, mbox, touch.
 */
final class ChangeCommands {
  private ChangeCommands() {}

  static void delete(Repl r, CommandTable.Call c) {
    for (int n : c.messages()) r.session.delete(n);
    moveAfter(r, c.messages().get(c.messages().size() - 1));
  }

  /** After a delete the current message is the next undeleted one (else the previous). */
  private static void moveAfter(Repl r, int last) {
    Session s = r.session;
    for (int i = last + 1; i <= s.count(); i++) {
      if (!s.deleted(i)) {
        s.setCurrent(i);
        r.advanced = false;
        return;
      }
    }
    for (int i = last - 1; i >= 1; i--) {
      if (!s.deleted(i)) {
        s.setCurrent(i);
        r.advanced = true;
        return;
      }
    }
  }

  static void deletePrint(Repl r, CommandTable.Call c) {
    Session s = r.session;
    int last = c.messages().get(c.messages().size() - 1);
    for (int n : c.messages()) s.delete(n);
    for (int i = last + 1; i <= s.count(); i++) {
      if (!s.deleted(i)) {
        ReadingCommands.show(r, List.of(i), false);
        return;
      }
    }
    moveAfter(r, last);
    throw new UsageException("at EOF");
  }

  static void undelete(Repl r, CommandTable.Call c) {
    for (int n : c.messages()) {
      r.session.undelete(n);
      r.session.setCurrent(n);
    }
  }

  static void unread(Repl r, CommandTable.Call c) {
    for (int n : c.messages()) r.session.change(n, Flag.SEEN, false);
  }

  static void hold(Repl r, CommandTable.Call c) {
    for (int n : c.messages()) r.session.preserve(n);
  }

  static void edit(Repl r, CommandTable.Call c) {
    editWith(r, c, "EDITOR");
  }

  static void visual(Repl r, CommandTable.Call c) {
    editWith(r, c, "VISUAL");
  }

  /**
   * POSIX mailx edit: each message in turn goes to a private temporary file, the editor runs on it,
   * and the text it leaves replaces the message in the session at once and in the folder on {@code
   * quit} ({@code exit} drops it). An editor that fails leaves the message as it was.
   */
  private static void editWith(Repl r, CommandTable.Call c, String which) {
    String editor = r.settings.get(which).or(() -> r.inv.context().env().get(which)).orElse("vi");
    for (int n : c.messages()) {
      byte[] before = r.session.raw(n);
      Path tmp = null;
      try {
        tmp =
            Files.createTempFile(
                "jmail-edit-",
                ".eml",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, before);
        int status =
            Shell.run(
                r.inv.context(),
                r.input,
                editor + " " + ComposePrompt.shellQuote(tmp.toString()),
                null,
                null,
                r.cwd);
        if (status != 0) {
          throw new dev.jmail.error.UnavailableException(
              which.toLowerCase(java.util.Locale.ROOT)
                  + ": "
                  + editor
                  + ": exit status "
                  + status
                  + "; message "
                  + n
                  + " left as it was");
        }
        byte[] after = Files.readAllBytes(tmp);
        if (!java.util.Arrays.equals(before, after)) r.session.replace(n, after);
        r.session.markRead(n);
        r.session.setCurrent(n);
      } catch (IOException e) {
        throw new CannotCreateException("edit: temporary file: " + e.getMessage(), e);
      } finally {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException e) {
            // a temporary file left behind
          }
        }
      }
    }
  }

  static void mbox(Repl r, CommandTable.Call c) {
    for (int n : c.messages()) r.session.markForMbox(n);
  }

  /** touch: as if read, so quit moves it to MBOX like a read message (unless hold). */
  static void touch(Repl r, CommandTable.Call c) {
    for (int n : c.messages()) {
      r.session.change(n, Flag.NEW, false);
      if (!r.settings.isSet("hold")) r.session.markForMbox(n);
    }
  }
}
