package dev.jmail.interactive;

import dev.jmail.config.Account;
import dev.jmail.config.HeaderFilter;
import dev.jmail.config.RcParser;
import dev.jmail.config.Variable;
import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.UsageException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.render.MessageSource;
import dev.jmail.render.MessageView;
import dev.jmail.render.MimeWalker;
import dev.jmail.render.Sanitizer;
import dev.jmail.store.FolderCopier;
import dev.jmail.store.FolderLocator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The handlers of {@link CommandTable}: each gets the session and its parsed arguments. */
final class Commands {
  private Commands() {}

  // --- reading

  static void print(Repl r, CommandTable.Call c) {
    show(r, c.messages(), false);
  }

  static void printAll(Repl r, CommandTable.Call c) {
    show(r, c.messages(), true);
  }

  private static void show(Repl r, List<Integer> numbers, boolean allHeaders) {
    StringBuilder text = new StringBuilder();
    for (int n : numbers) {
      if (text.length() > 0) text.append('\n');
      text.append("Message ").append(n).append(":\n").append(view(r, n, allHeaders).toText());
      r.session.markRead(n);
      r.session.setCurrent(n);
    }
    r.screen.page(text.toString());
  }

  /** The message as printed: retain/ignore decide the headers once either is used. */
  static MessageView view(Repl r, int n, boolean allHeaders) {
    HeaderFilter filter = r.settings.headerFilter();
    boolean filtered = !filter.retained().isEmpty() || !filter.ignored().isEmpty();
    MessageView v;
    try (MessageSource source = r.session.openSource(n)) {
      v = MimeWalker.view(n, source, allHeaders || filtered);
    } catch (IOException e) {
      throw new IoFailureException(r.session.path() + ": message " + n + ": " + e.getMessage(), e);
    }
    if (filtered && !allHeaders) {
      List<MessageView.Header> kept = new ArrayList<>();
      for (MessageView.Header h : v.headers()) if (filter.shows(h.name())) kept.add(h);
      v = new MessageView(v.number(), kept, v.body(), v.parts(), v.problems());
    }
    return v;
  }

  static void top(Repl r, CommandTable.Call c) {
    int lines = r.settings.intValue("toplines", 5);
    StringBuilder text = new StringBuilder();
    for (int n : c.messages()) {
      if (text.length() > 0) text.append('\n');
      MessageView v = view(r, n, false);
      MessageView shortened = new MessageView(n, v.headers(), firstLines(v.body(), lines), List.of(), List.of());
      text.append("Message ").append(n).append(":\n").append(shortened.toText());
      r.session.setCurrent(n);
    }
    r.screen.page(text.toString());
  }

  private static String firstLines(String body, int lines) {
    int at = 0;
    for (int i = 0; i < lines; i++) {
      int nl = body.indexOf('\n', at);
      if (nl < 0) return body;
      at = nl + 1;
    }
    return body.substring(0, at);
  }

  static void next(Repl r, CommandTable.Call c) {
    if (!c.messages().isEmpty()) {
      show(r, List.of(c.messages().get(0)), false);
      return;
    }
    nextOne(r, c);
  }

  static void nextOne(Repl r, CommandTable.Call c) {
    Session s = r.session;
    if (s == null) throw new UsageException("no messages");
    // the current message itself when it has not been read yet (start of a session)
    int from = s.current();
    if (from >= 1 && !s.deleted(from) && !s.has(from, Flag.SEEN) && !r.advanced) {
      r.advanced = true;
      show(r, List.of(from), false);
      return;
    }
    for (int i = from + 1; i <= s.count(); i++) {
      if (!s.deleted(i)) {
        r.advanced = true;
        show(r, List.of(i), false);
        return;
      }
    }
    throw new UsageException("at EOF");
  }

  static void previous(Repl r, CommandTable.Call c) {
    Session s = r.session;
    for (int i = s.current() - 1; i >= 1; i--) {
      if (!s.deleted(i)) {
        r.advanced = true;
        show(r, List.of(i), false);
        return;
      }
    }
    throw new UsageException("no previous message");
  }

  static void headers(Repl r, CommandTable.Call c) {
    int n = c.messages().isEmpty() ? r.session.current() : c.messages().get(0);
    r.printHeaderPage(n);
  }

  static void z(Repl r, CommandTable.Call c) {
    List<Integer> shown = r.session.undeleted();
    int size = r.screen.headerLines();
    int start = r.headerPageStart < 0 ? 0 : r.headerPageStart;
    boolean back = !c.words().isEmpty() && c.words().get(0).startsWith("-");
    start = back ? start - size : start + size;
    if (start < 0 || start >= shown.size()) {
      throw new UsageException(back ? "On first screenful of messages" : "On last screenful of messages");
    }
    r.headerPageStart = start;
    r.printHeaderLines(shown.subList(start, Math.min(shown.size(), start + size)));
  }

  static void from(Repl r, CommandTable.Call c) {
    r.printHeaderLines(c.messages());
  }

  static void size(Repl r, CommandTable.Call c) {
    for (int n : c.messages()) {
      MessageEntry e = r.session.entry(n);
      r.out.println(n + ": " + (e.lines() >= 0 ? e.lines() + "/" : "") + e.size());
    }
  }

  static void currentNumber(Repl r, CommandTable.Call c) {
    r.out.println(r.session.current());
  }

  // --- changing

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
        show(r, List.of(i), false);
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

  static void save(Repl r, CommandTable.Call c) {
    copyTo(r, c, true);
  }

  static void copy(Repl r, CommandTable.Call c) {
    copyTo(r, c, false);
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
    r.out.println("\"" + Sanitizer.line(target.path().toString()) + "\" " + (existed ? "[Appended]" : "[New file]")
        + " " + entries.size() + (entries.size() == 1 ? " message" : " messages") + ", " + bytes + " bytes");
  }

  static void write(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) throw new UsageException("write: give a file name");
    Path file = expand(r, c.words().get(0));
    StringBuilder text = new StringBuilder();
    List<String> leftOut = new ArrayList<>();
    for (int n : c.messages()) {
      MessageView v = view(r, n, false);
      String body = v.body();
      text.append(body);
      if (!body.isEmpty() && !body.endsWith("\n")) text.append('\n');
      for (MessageView.Part p : v.attachments()) {
        leftOut.add(n + "." + p.index() + " " + (p.name().isEmpty() ? "(no name)" : p.name())
            + " (" + p.type() + ", " + MessageView.humanSize(p.size()) + ")");
      }
      r.session.setCurrent(n);
    }
    boolean existed = Files.exists(file);
    try {
      // message text: a new file is private (0600) whatever the umask, as ~w and dead.letter
      if (!existed) dev.jmail.config.PrivateFiles.file(file);
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new CannotCreateException(file + ": " + e.getMessage(), e);
    }
    r.out.println("\"" + Sanitizer.line(file.toString()) + "\" " + (existed ? "[Appended]" : "[New file]")
        + " " + text.toString().lines().count() + " lines");
    // write takes the text only (POSIX mailx); the attachments are named, never dropped silently
    if (!leftOut.isEmpty()) {
      r.out.println(Sanitizer.line("Left out " + leftOut.size() + (leftOut.size() == 1 ? " attachment: " : " attachments: ")
          + String.join(", ", leftOut) + " (jmail read --save-attachments DIR N saves them)"));
    }
  }

  static Path expand(Repl r, String name) {
    if (name.startsWith("+") || name.startsWith("~") || name.equals("&") || name.startsWith("%")) {
      return r.locator.resolve(name).path();
    }
    return r.cwd().resolve(name);
  }

  /** A folder name for save/copy/folder: relative file names are taken from the session's cd. */
  static FolderLocator.Ref folderRef(Repl r, String name) {
    boolean special = name.startsWith("+") || name.startsWith("~") || name.startsWith("&")
        || name.startsWith("%") || name.startsWith("#") || name.startsWith("/");
    if (special || r.cwd == null) return r.locator.resolve(name);
    return r.locator.resolve(r.cwd.resolve(name).toString());
  }

  // --- edit, mbox, touch, source, cd

  static void edit(Repl r, CommandTable.Call c) {
    editWith(r, c, "EDITOR");
  }

  static void visual(Repl r, CommandTable.Call c) {
    editWith(r, c, "VISUAL");
  }

  /**
   * POSIX mailx edit: each message in turn goes to a private temporary file, the editor runs on
   * it, and the text it leaves replaces the message in the session at once and in the folder on
   * {@code quit} ({@code exit} drops it). An editor that fails leaves the message as it was.
   */
  private static void editWith(Repl r, CommandTable.Call c, String which) {
    String editor = r.settings.get(which).or(() -> r.inv.context().env().get(which)).orElse("vi");
    for (int n : c.messages()) {
      byte[] before = r.session.raw(n);
      Path tmp = null;
      try {
        tmp = Files.createTempFile("jmail-edit-", ".eml",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, before);
        int status = Shell.run(r.inv.context(), r.input, editor + " " + ComposePrompt.shellQuote(tmp.toString()), null, null, r.cwd);
        if (status != 0) {
          throw new dev.jmail.error.UnavailableException(
              which.toLowerCase(java.util.Locale.ROOT) + ": " + editor + ": exit status " + status + "; message " + n + " left as it was");
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

  static void source(Repl r, CommandTable.Call c) {
    if (c.words().size() != 1) throw new UsageException("source: give one file");
    Path file = expand(r, c.words().get(0));
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new dev.jmail.error.NoInputException("source: " + file + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
    }
    new RcParser(r.settings).parse(text, file.toString());
  }

  /** cd: the session's own directory for later relative names (the process never changes its own). */
  static void cd(Repl r, CommandTable.Call c) {
    if (c.words().size() > 1) throw new UsageException("cd: give one directory");
    Path dir = c.words().isEmpty() ? r.inv.context().env().home() : expand(r, c.words().get(0));
    dir = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) throw new dev.jmail.error.NoInputException("cd: " + dir + ": not a directory");
    r.cwd = dir;
  }

  // --- answering

  // The issue's (and mutt's) habit: r answers the sender, R everyone. POSIX has it the other way
  // round; `set noflipr` gives that.
  static void lowercaseReply(Repl r, CommandTable.Call c) {
    reply(r, c, !r.settings.isSet("flipr"));
  }

  static void uppercaseReply(Repl r, CommandTable.Call c) {
    reply(r, c, r.settings.isSet("flipr"));
  }

  private static void reply(Repl r, CommandTable.Call c, boolean all) {
    int n = c.messages().get(0);
    r.session.setCurrent(n);
    ComposePrompt.State draft = Replies.draft(r, n, all);
    if (new ComposePrompt(r.inv, r.input, r).run(draft)) r.session.change(n, Flag.ANSWERED, true);
  }

  static void mail(Repl r, CommandTable.Call c) {
    ComposePrompt.State draft = new ComposePrompt.State();
    draft.to.addAll(c.words());
    if (draft.to.isEmpty() && !r.input.isTerminal()) throw new UsageException("mail: give an address");
    new ComposePrompt(r.inv, r.input, r).run(draft);
  }

  // --- leaving and folders

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

  /**
   * account: without a name, the accounts (the one in use marked {@code *}); with one, its
   * settings replace the previous account's on top of the global ones, and its inbox (else its
   * folder) is opened when it sets one.
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
    String open = r.settings.get("inbox").filter(v -> !v.isBlank()).isPresent() ? "%"
        : r.settings.get("folder").filter(v -> !v.isBlank()).orElse(null);
    if (open != null) switchFolder(r, open);
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

  static void folders(Repl r, CommandTable.Call c) {
    Path dir = r.locator.folderDirectory();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
          .forEach(n -> r.out.println(Sanitizer.line(n)));
    } catch (IOException e) {
      throw new IoFailureException(dir + ": " + e.getMessage(), e);
    }
  }

  // --- settings

  static void set(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) {
      new TreeMap<>(r.settings.explicitVariables()).forEach((k, v) -> {
        String shown = v.isEmpty() ? k : k + "=\"" + Sanitizer.line(v) + "\"";
        // no silent no-ops: a variable jmail does not act on says so
        r.out.println(Variable.find(k).isPresent() ? shown : shown + "\t# not supported by jmail");
      });
      return;
    }
    RcParser p = new RcParser(r.settings);
    for (String w : c.words()) p.assign(w, "set");
  }

  static void unset(Repl r, CommandTable.Call c) {
    for (String w : c.words()) r.settings.unset(w);
  }

  static void retain(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) listHeaders(r.out, r.settings.headerFilter().retained());
    else c.words().forEach(r.settings.headerFilter()::retain);
  }

  static void ignore(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) listHeaders(r.out, r.settings.headerFilter().ignored());
    else c.words().forEach(r.settings.headerFilter()::ignore);
  }

  static void unretain(Repl r, CommandTable.Call c) {
    rc(r, "unretain", c.words());
  }

  static void unignore(Repl r, CommandTable.Call c) {
    rc(r, "unignore", c.words());
  }

  private static void rc(Repl r, String cmd, List<String> words) {
    StringBuilder line = new StringBuilder(cmd);
    for (String w : words) line.append(" '").append(w.replace("'", "")).append('\'');
    new RcParser(r.settings).command(line.toString(), cmd);
  }

  private static void listHeaders(PrintStream out, java.util.Set<String> names) {
    names.stream().sorted().forEach(out::println);
  }

  static void alias(Repl r, CommandTable.Call c) {
    Map<String, List<String>> all = r.settings.aliases().all();
    if (c.words().isEmpty()) {
      new TreeMap<>(all).forEach((k, v) -> r.out.println(Sanitizer.line(k + "\t" + String.join(" ", v))));
    } else if (c.words().size() == 1) {
      List<String> v = all.get(c.words().get(0));
      if (v == null) throw new UsageException("\"" + Sanitizer.line(c.words().get(0)) + "\": no such alias");
      r.out.println(Sanitizer.line(c.words().get(0) + "\t" + String.join(" ", v)));
    } else {
      r.settings.aliases().define(c.words().get(0), c.words().subList(1, c.words().size()));
    }
  }

  static void unalias(Repl r, CommandTable.Call c) {
    for (String w : c.words()) r.settings.aliases().remove(w);
  }

  // --- the rest

  static void echo(Repl r, CommandTable.Call c) {
    r.out.println(Sanitizer.line(String.join(" ", c.words())));
  }

  static void help(Repl r, CommandTable.Call c) {
    StringBuilder b = new StringBuilder();
    for (CommandTable.Command cmd : CommandTable.COMMANDS) {
      b.append(String.format("%-26s %s%n", cmd.synopsis(), cmd.help()));
    }
    b.append("msglist: 3  2-5  .  ^  $  *  :n :o :u :r :d  /subject-text  sender-address\n");
    r.screen.page(b.toString());
  }

  static void list(Repl r, CommandTable.Call c) {
    r.out.println(String.join(" ", CommandTable.names()));
  }

  static void shell(Repl r, CommandTable.Call c) {
    if (c.rest().isBlank()) {
      interactiveShell(r, c);
      return;
    }
    Shell.run(r, c.rest(), null);
    r.out.println("!");
  }

  static void interactiveShell(Repl r, CommandTable.Call c) {
    Shell.run(r, r.settings.get("SHELL").or(() -> r.inv.context().env().get("SHELL")).orElse("/bin/sh"), null);
  }

  static void pipe(Repl r, CommandTable.Call c) {
    String command = c.words().isEmpty() ? r.settings.get("cmd").orElse(null) : c.words().get(0);
    if (command == null || command.isBlank()) throw new UsageException("pipe: give a command (or set cmd)");
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (int n : c.messages()) {
      all.writeBytes(r.session.raw(n));
      r.session.setCurrent(n);
    }
    int status = Shell.run(r, command, all.toByteArray());
    if (status != 0) throw new dev.jmail.error.UnavailableException("pipe: " + command + ": exit status " + status);
  }
}
