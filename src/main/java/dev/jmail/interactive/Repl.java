package dev.jmail.interactive;

import dev.jmail.app.Invocation;
import dev.jmail.config.RcParser;
import dev.jmail.config.Settings;
import dev.jmail.error.ExitStatus;
import dev.jmail.error.JmailException;
import dev.jmail.error.UsageException;
import dev.jmail.message.MessageNumbers;
import dev.jmail.render.Sanitizer;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.MailboxQuit;
import dev.jmail.store.lock.LockPolicy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The mailx prompt: reads command lines (JLine on a terminal, plain stdin otherwise), looks the
 * command up in {@link CommandTable}, parses its message list once, runs it. Errors are one line on
 * stderr and the session goes on; without a terminal the exit status is that of the last failure.
 */
public final class Repl {
  final Invocation inv;
  final Settings settings;
  final PrintStream out;
  final LineInput input;
  final Screen screen;
  final FolderLocator locator;
  Session session;

  /** The directory {@code cd} chose for relative file names; null: the process's own. */
  Path cwd;

  Path previousFolder;
  int headerPageStart = -1;
  boolean done;
  boolean advanced;
  private int status;

  Repl(Invocation inv, LineInput input) {
    this.inv = inv;
    this.settings = inv.settings();
    this.out = inv.context().out();
    this.input = input;
    this.screen = new Screen(inv, input);
    this.locator = locator(inv);
  }

  /** {@code jmail [-f folder]} without recipients: the session. */
  public static int run(Invocation inv, String folder, boolean noHeaderSummary) {
    return run(inv, folder, noHeaderSummary, () -> openInput(inv));
  }

  /** The session over the line input {@code input} opens (tests: JLine over piped streams). */
  static int run(
      Invocation inv,
      String folder,
      boolean noHeaderSummary,
      java.util.function.Supplier<LineInput> input) {
    FolderLocator.Ref ref = locator(inv).resolve(folder);
    Session s = Session.open(ref);
    if (s.count() == 0) {
      s.close();
      if (ref.systemMailbox()) inv.warn("No mail for " + inv.context().env().user());
      else inv.warn(ref.name() + ": no messages");
      return ExitStatus.NO_MAIL.code();
    }
    try (LineInput in = input.get()) {
      Repl r = new Repl(inv, in);
      r.session = s;
      if (!noHeaderSummary) {
        r.banner();
        r.printHeaderPage(s.current());
      }
      return r.loop();
    }
  }

  /** The resolver, with remote folders reporting warnings and the {@code -v} dialogue. */
  static FolderLocator locator(Invocation inv) {
    return new FolderLocator(inv.context().env(), inv.settings())
        .reporting(inv::warn, inv.global().verbose() ? inv.context().err() : null);
  }

  static LineInput openInput(Invocation inv) {
    if (inv.context().stdinIsTerminal()) return new TerminalInput(historyFile(inv));
    return new StreamInput(inv.context().in());
  }

  /** {@code $XDG_STATE_HOME/jmail/history}, else {@code ~/.local/state/jmail/history}. */
  static Path historyFile(Invocation inv) {
    return dev.jmail.config.StateDir.of(inv.context().env()).resolve("history");
  }

  private int loop() {
    input.completions(completions());
    String prompt = settings.get("prompt").orElse("& ");
    while (!done) {
      announceNewMail();
      out.flush();
      String line;
      try {
        line = input.readLine(prompt);
      } catch (LineInput.Interrupted e) {
        continue; // Ctrl-C cancels the line
      }
      if (line == null) {
        if (input.isTerminal()) out.println();
        line = "quit";
      }
      execute(line);
    }
    out.flush();
    return status;
  }

  private void announceNewMail() {
    if (session == null) return;
    int n = session.checkNewMail();
    if (n > 0)
      out.println(
          "New mail has arrived: "
              + n
              + (n == 1 ? " message" : " messages")
              + " (from "
              + (session.count() - n + 1)
              + ").");
  }

  /** Where relative file names start. */
  Path cwd() {
    return cwd != null ? cwd : Path.of("").toAbsolutePath();
  }

  /** Runs one command line. */
  void execute(String line) {
    try {
      dispatch(line);
    } catch (JmailException e) {
      fail(e, e.getMessage());
    } catch (LineInput.Interrupted e) {
      out.println();
    } catch (RuntimeException e) {
      if (inv.global().debug()) e.printStackTrace(inv.context().err());
      fail(e, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    out.flush();
  }

  private void fail(Throwable e, String text) {
    out.flush();
    inv.warn(Sanitizer.line(text));
    if (!input.isTerminal()) status = ExitStatus.of(e).code();
  }

  private void dispatch(String line) {
    String t = line.strip();
    if (t.startsWith("#")) return;
    if (t.isEmpty()) {
      run(CommandTable.find("next").orElseThrow(), "");
      return;
    }
    char c0 = t.charAt(0);
    if (Character.isDigit(c0)
        || c0 == '.'
        || c0 == '^'
        || c0 == '$'
        || c0 == '*'
        || c0 == '/'
        || c0 == ':') {
      // a bare message list prints (and a bare number makes it current)
      run(CommandTable.find("print").orElseThrow(), t);
      return;
    }
    String word;
    String rest;
    if (Character.isLetter(c0)) {
      int i = 0;
      while (i < t.length() && Character.isLetter(t.charAt(i))) i++;
      word = t.substring(0, i);
      rest = t.substring(i).strip();
    } else {
      word = String.valueOf(c0);
      rest = t.substring(1).strip();
    }
    Optional<CommandTable.Command> cmd = CommandTable.find(word);
    if (cmd.isEmpty())
      throw new UsageException(
          "Unknown command: \"" + Sanitizer.line(word) + "\" (? lists the commands)");
    run(cmd.get(), rest);
  }

  private void run(CommandTable.Command cmd, String rest) {
    List<String> words;
    try {
      words = cmd.args() == CommandTable.Args.RAW ? List.of() : RcParser.split(rest);
    } catch (IllegalArgumentException e) {
      throw new UsageException(cmd.name() + ": " + e.getMessage());
    }
    List<Integer> messages = List.of();
    switch (cmd.args()) {
      case MESSAGES -> messages = messages(words, false, cmd.name());
      case DELETED -> messages = messages(words, true, cmd.name());
      case MESSAGES_AND_WORD -> {
        boolean pipe = cmd.name().equals("|") || cmd.name().equals("pipe");
        int listEnd = words.size();
        if (pipe) {
          listEnd = 0;
          while (listEnd < words.size() && looksLikeListItem(words.get(listEnd))) listEnd++;
        } else if (!words.isEmpty() && !looksLikeListItem(words.get(words.size() - 1))) {
          listEnd--;
        }
        messages = messages(words.subList(0, listEnd), false, cmd.name());
        words =
            pipe
                ? pipeCommand(rest, listEnd)
                : new ArrayList<>(words.subList(listEnd, words.size()));
      }
      default -> {}
    }
    cmd.handler().run(this, new CommandTable.Call(cmd.name(), messages, words, rest));
  }

  /** The shell command of {@code | 3 grep x}: the line after the message-list words. */
  private static List<String> pipeCommand(String rest, int listWords) {
    String s = rest.strip();
    for (int i = 0; i < listWords; i++) {
      int sp = s.indexOf(' ');
      s = sp < 0 ? "" : s.substring(sp + 1).strip();
    }
    return s.isEmpty() ? List.of() : List.of(s);
  }

  private static boolean looksLikeListItem(String w) {
    return w.matches("[0-9.^$*]+(-[0-9.^$]+)?") || w.matches(":[a-z]");
  }

  private List<Integer> messages(List<String> words, boolean deleted, String cmd) {
    if (session == null || session.count() == 0) throw new UsageException("no messages");
    if (words.isEmpty()) {
      if (cmd.equals("next")) return List.of();
      int cur = session.current();
      if (cur < 1) throw new UsageException("no current message");
      if (deleted) {
        if (session.deleted(cur)) return List.of(cur);
        for (int i = session.count(); i >= 1; i--) if (session.deleted(i)) return List.of(i);
        throw new UsageException("no deleted messages");
      }
      if (session.deleted(cur)) throw new UsageException("no applicable messages");
      return List.of(cur);
    }
    // "3-5 7": a comma-free list with spaces inside a word is split by MessageNumbers itself
    return MessageNumbers.select(words, session, deleted);
  }

  // --- shared by the commands

  void banner() {
    int n = session.count();
    int newCount = 0, unread = 0, deleted = 0;
    for (int i = 1; i <= n; i++) {
      if (session.has(i, dev.jmail.message.Flag.NEW)) newCount++;
      else if (!session.has(i, dev.jmail.message.Flag.SEEN)) unread++;
      if (session.deleted(i)) deleted++;
    }
    StringBuilder b = new StringBuilder();
    b.append('"')
        .append(Sanitizer.line(session.name()))
        .append("\": ")
        .append(n)
        .append(n == 1 ? " message" : " messages");
    if (newCount > 0) b.append(' ').append(newCount).append(" new");
    if (unread > 0) b.append(' ').append(unread).append(" unread");
    if (deleted > 0) b.append(' ').append(deleted).append(" deleted");
    out.println(b);
  }

  /** Prints the page of undeleted messages that holds message {@code around}. */
  void printHeaderPage(int around) {
    List<Integer> shown = session.undeleted();
    if (shown.isEmpty()) {
      out.println("No applicable messages");
      return;
    }
    int size = screen.headerLines();
    int idx = Math.max(0, shown.indexOf(around));
    int start = (idx / size) * size;
    headerPageStart = start;
    printHeaderLines(shown.subList(start, Math.min(shown.size(), start + size)));
  }

  void printHeaderLines(List<Integer> numbers) {
    int cols = screen.columns();
    for (int n : numbers) out.println(screen.headerLine(session, n, cols));
  }

  /** Applies the quit rules to the open folder (quit, and folder switching). */
  void commitSession() {
    if (session == null) return;
    Session s = session;
    try {
      if (!s.changed() && !s.ref().systemMailbox()) return;
      MailboxQuit.Outcome o = s.quit(quitOptions());
      if (o.gone() > 0) {
        inv.warn(
            Sanitizer.line(s.name())
                + ": "
                + o.gone()
                + (o.gone() == 1 ? " message was" : " messages were")
                + " removed by another client meanwhile (left alone)");
      }
      if (o.movedToMbox() > 0) {
        out.println(
            "Saved "
                + o.movedToMbox()
                + (o.movedToMbox() == 1 ? " message" : " messages")
                + " in "
                + Sanitizer.line(locator.secondaryMailboxRef().name()));
      }
      if (s.ref().systemMailbox() && o.kept() > 0) {
        out.println(
            "Held " + o.kept() + (o.kept() == 1 ? " message" : " messages") + " in " + s.name());
      } else if (!s.ref().systemMailbox() && (o.removed() || o.deleted() > 0)) {
        // as s-nail: a folder other than the system mailbox says what deleting did to it
        out.println(
            Sanitizer.line(s.name())
                + (o.removed()
                    ? " removed (no messages left)"
                    : " updated: "
                        + o.deleted()
                        + (o.deleted() == 1 ? " message" : " messages")
                        + " deleted, "
                        + o.kept()
                        + " kept"));
      }
    } finally {
      s.close();
    }
  }

  MailboxQuit.Options quitOptions() {
    FolderLocator.Ref mbox = locator.secondaryMailboxRef();
    return new MailboxQuit.Options(
        settings.isSet("hold"),
        settings.isSet("keep"),
        settings.isSet("keepsave"),
        mbox.path(),
        lockPolicy(),
        mbox);
  }

  LockPolicy lockPolicy() {
    return LockPolicy.from(settings, inv.context().env());
  }

  private LineInput.Completions completions() {
    return new LineInput.Completions() {
      @Override
      public List<String> commands() {
        return CommandTable.names();
      }

      @Override
      public List<String> folders() {
        Path dir = locator.folderDirectory();
        try (Stream<Path> s = Files.list(dir)) {
          return s.map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("."))
              .sorted()
              .toList();
        } catch (Exception e) {
          return List.of();
        }
      }

      @Override
      public List<String> accounts() {
        return settings.accounts().stream().map(dev.jmail.config.Account::name).toList();
      }

      @Override
      public List<String> addresses() {
        List<String> out = new ArrayList<>(settings.aliases().all().keySet());
        if (session != null) {
          for (int i = 1; i <= session.count(); i++) {
            String a = session.summary(i).fromAddress();
            if (!a.isEmpty() && !out.contains(a)) out.add(a);
          }
        }
        return out;
      }
    };
  }
}
