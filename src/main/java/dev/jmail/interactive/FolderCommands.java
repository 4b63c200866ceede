package dev.jmail.interactive;

import dev.jmail.config.Account;
import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.UsageException;
import dev.jmail.message.MessageEntry;
import dev.jmail.render.MessageView;
import dev.jmail.render.Sanitizer;
import dev.jmail.store.FolderCopier;
import dev.jmail.store.FolderLocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Handlers of {@link CommandTable}. Folders and files: save, copy, write, switching folders,
 * leaving, cd.
 */
final class FolderCommands {
  private FolderCommands() {}

  static void save(Repl r, CommandTable.Call c) {
    copyTo(r, c, true);
  }

  static void copy(Repl r, CommandTable.Call c) {
    copyTo(r, c, false);
  }

  /**
   * move (s-nail's {@code mv}): copy, then delete here once the copy is stored (the quit removes
   * them, as for {@code delete}; {@code undelete} takes a move back before the quit).
   */
  static void move(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) throw new UsageException("move: give a folder");
    copyTo(r, c, false);
    ChangeCommands.delete(r, c);
  }

  private static void copyTo(Repl r, CommandTable.Call c, boolean markSaved) {
    String name = c.words().isEmpty() ? "&" : c.words().get(0);
    FolderLocator.Ref target = folderRef(r, name);
    boolean existed = Files.exists(target.path());
    List<MessageEntry> entries = new ArrayList<>();
    Map<Integer, byte[]> edited = new java.util.HashMap<>();
    for (int n : c.messages()) {
      entries.add(r.session.entry(n));
      if (r.session.edited(n)) edited.put(r.session.entry(n).number(), r.session.raw(n));
    }
    FolderCopier.copy(r.session.folder(), entries, edited, target, r.lockPolicy());
    long bytes = 0;
    for (MessageEntry e : entries) bytes += e.size();
    for (int n : c.messages()) {
      if (markSaved) r.session.saved(n);
      r.session.setCurrent(n);
    }
    r.out.println(
        "\""
            + Sanitizer.line(target.name())
            + "\" "
            + (existed ? "[Appended]" : "[New file]")
            + " "
            + entries.size()
            + (entries.size() == 1 ? " message" : " messages")
            + ", "
            + bytes
            + " bytes");
  }

  static void write(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) throw new UsageException("write: give a file name");
    Path file = expand(r, c.words().get(0));
    StringBuilder text = new StringBuilder();
    List<String> leftOut = new ArrayList<>();
    for (int n : c.messages()) {
      MessageView v = ReadingCommands.view(r, n, false);
      String body = v.body();
      text.append(body);
      if (!body.isEmpty() && !body.endsWith("\n")) text.append('\n');
      for (MessageView.Part p : v.attachments()) {
        leftOut.add(
            n
                + "."
                + p.index()
                + " "
                + (p.name().isEmpty() ? "(no name)" : p.name())
                + " ("
                + p.type()
                + ", "
                + MessageView.humanSize(p.size())
                + ")");
      }
      r.session.setCurrent(n);
    }
    boolean existed = Files.exists(file);
    try {
      // message text: a new file is private (0600) whatever the umask, as ~w and dead.letter
      if (!existed) dev.jmail.config.PrivateFiles.file(file);
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new CannotCreateException(file + ": " + e.getMessage(), e);
    }
    r.out.println(
        "\""
            + Sanitizer.line(file.toString())
            + "\" "
            + (existed ? "[Appended]" : "[New file]")
            + " "
            + text.toString().lines().count()
            + " lines");
    // write takes the text only (POSIX mailx); the attachments are named, never dropped silently
    if (!leftOut.isEmpty()) {
      r.out.println(
          Sanitizer.line(
              "Left out "
                  + leftOut.size()
                  + (leftOut.size() == 1 ? " attachment: " : " attachments: ")
                  + String.join(", ", leftOut)
                  + " (jmail read --save-attachments DIR N saves them)"));
    }
  }

  /** A file name at the prompt: the one resolver, relative names from the session's cd. */
  static Path expand(Repl r, String name) {
    return r.locator.in(r.cwd()).file(name);
  }

  /** A folder name for save/copy/folder: relative file names are taken from the session's cd. */
  static FolderLocator.Ref folderRef(Repl r, String name) {
    return r.locator.in(r.cwd).resolve(name);
  }

  /**
   * cd: the session's own directory for later relative names (the process never changes its own).
   */
  static void cd(Repl r, CommandTable.Call c) {
    if (c.words().size() > 1) throw new UsageException("cd: give one directory");
    Path dir = c.words().isEmpty() ? r.inv.context().env().home() : expand(r, c.words().get(0));
    dir = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir))
      throw new dev.jmail.error.NoInputException("cd: " + dir + ": not a directory");
    r.cwd = dir;
  }

  static void quit(Repl r, CommandTable.Call c) {
    r.done = true;
    r.commitSession();
    r.session = null;
  }

  static void exit(Repl r, CommandTable.Call c) {
    r.done = true;
    if (r.session != null) r.session.close();
    r.session = null;
  }

  static void folder(Repl r, CommandTable.Call c) {
    String name = c.rest().strip().equals("#") ? "#" : c.word(0);
    if (name == null) {
      r.banner();
      return;
    }
    if (name.equals("#")) {
      if (r.previousFolder == null) throw new UsageException("no previous folder");
      name = r.previousFolder.toString();
    }
    switchFolder(r, name);
  }

  /** Quits the open folder (applying the quit rules) and opens another; prints its summary. */
  private static void switchFolder(Repl r, String name) {
    FolderLocator.Ref ref = folderRef(r, name);
    Session next = Session.open(ref); // open first: a bad name leaves the current folder alone
    Path before = r.session == null ? null : r.session.path();
    r.commitSession();
    r.previousFolder = before;
    r.session = next;
    r.advanced = false;
    r.headerPageStart = -1;
    r.banner();
    if (next.count() > 0) r.printHeaderPage(next.current());
  }

  /**
   * account: without a name, the accounts (the one in use marked {@code *}); with one, its settings
   * replace the previous account's on top of the global ones, and its inbox (else its folder) is
   * opened when it sets one.
   */
  static void account(Repl r, CommandTable.Call c) {
    if (c.words().size() > 1) throw new UsageException("account: give one name");
    if (c.words().isEmpty()) {
      List<Account> all = r.settings.accounts();
      if (all.isEmpty()) r.out.println("No accounts defined");
      String current = r.settings.account().orElse("");
      for (Account a : all) {
        r.out.println((a.name().equals(current) ? "* " : "  ") + Sanitizer.line(a.name()));
      }
      return;
    }
    r.settings.applyAccount(c.word(0));
    String open =
        r.settings.get("inbox").filter(v -> !v.isBlank()).isPresent()
            ? "%"
            : r.settings.get("folder").filter(v -> !v.isBlank()).orElse(null);
    if (open != null) switchFolder(r, open);
  }

  static void folders(Repl r, CommandTable.Call c) {
    FolderLocator.Ref root = r.locator.resolve("+");
    if (root.imap() != null) {
      // folder=imaps://…: the server's mailboxes (LIST)
      try (dev.jmail.store.Folder f = root.open()) {
        List<String> names = new ArrayList<>(f.subfolders());
        names.add(root.imap().mailbox());
        names.stream().sorted().forEach(n -> r.out.println(Sanitizer.line(n)));
      }
      return;
    }
    Path dir = r.locator.folderDirectory();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .forEach(n -> r.out.println(Sanitizer.line(n)));
    } catch (IOException e) {
      throw new IoFailureException(dir + ": " + e.getMessage(), e);
    }
  }
}
