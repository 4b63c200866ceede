package dev.jmail.interactive;

import dev.jmail.app.Invocation;
import dev.jmail.compose.Composer;
import dev.jmail.compose.Draft;
import dev.jmail.compose.Outgoing;
import dev.jmail.config.Settings;
import dev.jmail.error.CannotCreateException;
import dev.jmail.error.JmailException;
import dev.jmail.error.NoInputException;
import dev.jmail.error.UsageException;
import dev.jmail.queue.Outbox;
import dev.jmail.render.Sanitizer;
import dev.jmail.store.FolderLocator;
import dev.jmail.transport.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Composing at the prompt (mail, reply, and send mode on a terminal): a {@code Subject:} prompt
 * when none is given (on a terminal), then body lines until end of input, a lone {@code .} (with
 * {@code dot}) or {@code ~.}. Tilde escapes, one table row each, edit the draft. Ctrl-C asks; a
 * second one aborts and saves the draft to dead.letter.
 */
final class ComposePrompt {
  /** The draft being written. */
  static final class State {
    final List<String> to = new ArrayList<>();
    final List<String> cc = new ArrayList<>();
    final List<String> bcc = new ArrayList<>();
    final List<String> attachments = new ArrayList<>();
    final List<String> headers = new ArrayList<>();
    String subject;
    String from;
    StringBuilder body = new StringBuilder();

    /** The message a reply answers: the default of ~f and ~m. */
    int replyTo;
  }

  private enum End {
    SEND,
    DEAD,
    DISCARD
  }

  @FunctionalInterface
  private interface Escape {
    /** Returns the end of composition, or null to go on. */
    End run(ComposePrompt p, State s, String arg);
  }

  private record Tilde(char letter, String synopsis, String help, Escape run) {}

  private static final List<Tilde> ESCAPES =
      List.of(
          new Tilde('.', "~.", "end the message and send it", (p, s, a) -> End.SEND),
          new Tilde('q', "~q", "abort; save the draft in dead.letter", (p, s, a) -> End.DEAD),
          new Tilde('x', "~x", "abort; discard the draft", (p, s, a) -> End.DISCARD),
          new Tilde('p', "~p", "print the draft", (p, s, a) -> p.printDraft(s)),
          new Tilde(
              's',
              "~s subject",
              "set the subject",
              (p, s, a) -> {
                s.subject = a;
                return null;
              }),
          new Tilde('t', "~t addresses", "add To: recipients", (p, s, a) -> add(s.to, a)),
          new Tilde('c', "~c addresses", "add Cc: recipients", (p, s, a) -> add(s.cc, a)),
          new Tilde('b', "~b addresses", "add Bcc: recipients", (p, s, a) -> add(s.bcc, a)),
          new Tilde('a', "~a file", "attach a file", (p, s, a) -> p.attach(s, a)),
          new Tilde('r', "~r file", "insert a file's text", (p, s, a) -> p.readFile(s, a, false)),
          new Tilde(
              '<',
              "~< file",
              "insert a file's text; ~<!command inserts a command's output",
              (p, s, a) ->
                  a.startsWith("!")
                      ? p.readCommand(s, a.substring(1).strip())
                      : p.readFile(s, a, false)),
          new Tilde(
              'R',
              "~R file",
              "insert a file's text, quoted with indentprefix",
              (p, s, a) -> p.readFile(s, a, true)),
          new Tilde('d', "~d", "insert the dead.letter file", (p, s, a) -> p.readDead(s)),
          new Tilde('w', "~w file", "append the text to a file", (p, s, a) -> p.writeFile(s, a)),
          new Tilde(
              'i',
              "~i variable",
              "insert a variable's value and a newline",
              (p, s, a) -> p.insertVariable(s, a)),
          new Tilde(
              'f',
              "~f [msglist]",
              "insert messages, unindented",
              (p, s, a) -> p.insertMessages(s, a, false)),
          new Tilde(
              'm',
              "~m [msglist]",
              "insert messages, quoted with indentprefix",
              (p, s, a) -> p.insertMessages(s, a, true)),
          new Tilde('e', "~e", "edit the text with $EDITOR", (p, s, a) -> p.edit(s, "EDITOR")),
          new Tilde('v', "~v", "edit the text with $VISUAL", (p, s, a) -> p.edit(s, "VISUAL")),
          new Tilde(
              'h',
              "~h",
              "edit To, Subject, Cc and Bcc in turn (as POSIX mailx)",
              (p, s, a) -> p.editHeaders(s)),
          new Tilde(
              'H',
              "~H",
              "edit From, Reply-To and Sender in turn (as s-nail)",
              (p, s, a) -> p.editSenderHeaders(s)),
          new Tilde('!', "~! command", "run a shell command", (p, s, a) -> p.shell(a)),
          new Tilde(
              '|',
              "~| command",
              "pipe the text through a command, replace it by the output",
              (p, s, a) -> p.filter(s, a)),
          new Tilde('?', "~?", "list the tilde escapes", (p, s, a) -> p.help()));

  private final Invocation inv;
  private final Settings settings;
  private final LineInput input;
  private final Repl repl;
  private final PrintStream out;

  ComposePrompt(Invocation inv, LineInput input, Repl repl) {
    this.inv = inv;
    this.settings = inv.settings();
    this.input = input;
    this.repl = repl;
    this.out = inv.context().out();
  }

  /** Composes and sends; returns true when the message was sent. */
  boolean run(State s) {
    if (!read(s)) return false;
    Draft draft = toDraft(s);
    Optional<Outgoing> m;
    try {
      m = new Composer(settings).compose(draft);
    } catch (JmailException e) {
      // e.g. a reply to an unusable Reply-To: the typed text goes to dead.letter
      throw new DeadLetter(settings).keep(draft, e);
    }
    if (m.isEmpty()) return false;
    Outbox.Outcome o =
        new Outbox(settings, inv.diagnostics(), java.time.Clock.systemUTC()).send(m.get());
    if (o.isQueued()) inv.warn("queued (" + o.queueSize() + " in queue): " + o.reason());
    return true;
  }

  /** Prompts for what is missing and reads the text; false when aborted (saved or discarded). */
  boolean read(State s) {
    input.recordHistory(false); // what is typed for a message never goes into the history
    try {
      return readDraft(s);
    } finally {
      input.recordHistory(true);
    }
  }

  private boolean readDraft(State s) {
    // As mailx: a reply shows whom it goes to and its subject before the text is typed. Both come
    // from a stranger's message, so they are sanitised.
    if (!s.to.isEmpty() && input.isTerminal()) {
      out.println(dev.jmail.render.Sanitizer.line("To: " + String.join(", ", s.to)));
      if (s.subject != null) out.println(dev.jmail.render.Sanitizer.line("Subject: " + s.subject));
    }
    out.flush(); // the To: line above comes before the prompts below (JLine writes to the terminal
    // itself)
    if (s.to.isEmpty() && input.isTerminal()) {
      String to = input.readLine("To: ");
      if (to == null || to.isBlank()) throw new UsageException("no recipients given");
      add(s.to, to);
    }
    if (s.subject == null
        && input.isTerminal()
        && (settings.isSet("asksub") || settings.isSet("ask"))) {
      String subj = input.readLine("Subject: ");
      s.subject = subj == null ? "" : subj;
    }
    End end = readBody(s);
    if (end == End.SEND && input.isTerminal()) askRecipients(s);
    if (end == End.DISCARD) return false;
    if (end == End.DEAD) {
      saveDead(s);
      return false;
    }
    if (s.body.length() == 0 && s.attachments.isEmpty() && input.isTerminal())
      out.println("Null message body; hope that's ok");
    if (input.isTerminal()) out.println("EOT");
    out.flush();
    return true;
  }

  /** askcc, askbcc (bsd-mailx, s-nail): after the text, on a terminal, more Cc:/Bcc: recipients. */
  private void askRecipients(State s) {
    if (settings.isSet("askcc")) add(s.cc, orEmpty(input.readLine("Cc: ")));
    if (settings.isSet("askbcc")) add(s.bcc, orEmpty(input.readLine("Bcc: ")));
  }

  Draft toDraft(State s) {
    byte[] body = s.body.toString().getBytes(inputCharset());
    return new Draft(
        s.from,
        s.to,
        s.cc,
        s.bcc,
        s.subject == null || s.subject.isEmpty() ? null : s.subject,
        s.headers,
        s.attachments,
        body,
        false,
        false);
  }

  private Charset inputCharset() {
    try {
      return Charset.forName(settings.get("input-charset").orElse("UTF-8").strip());
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private End readBody(State s) {
    boolean dot = settings.isSet("dot");
    String escape = settings.get("escape").filter(e -> !e.isEmpty()).orElse("~");
    boolean interrupted = false;
    while (true) {
      out.flush();
      String line;
      try {
        line = input.readLine("");
      } catch (LineInput.Interrupted e) {
        if (interrupted) {
          out.println("(Interrupt -- message saved in dead.letter)");
          return End.DEAD;
        }
        interrupted = true;
        out.println("(Interrupt -- one more to abort the message and save it in dead.letter)");
        continue;
      }
      interrupted = false;
      if (line == null) return End.SEND;
      if (dot && line.equals(".")) return End.SEND;
      if (line.startsWith(escape) && line.length() > escape.length()) {
        String rest = line.substring(escape.length());
        if (rest.startsWith(escape)) {
          s.body.append(rest).append('\n'); // ~~: a literal tilde
          continue;
        }
        char letter = rest.charAt(0);
        String arg = rest.substring(1).strip();
        Tilde t = ESCAPES.stream().filter(x -> x.letter() == letter).findFirst().orElse(null);
        if (t == null) {
          inv.warn("unknown tilde escape " + Sanitizer.line(escape + letter) + " (~? lists them)");
          continue;
        }
        try {
          End end = t.run().run(this, s, arg);
          if (end != null) return end;
        } catch (dev.jmail.error.JmailException e) {
          out.flush();
          inv.warn(Sanitizer.line(e.getMessage()));
        }
        continue;
      }
      s.body.append(line).append('\n');
    }
  }

  private static End add(List<String> list, String arg) {
    list.addAll(
        dev.jmail.compose.Addresses.split(arg)); // commas in quotes and comments do not split
    return null;
  }

  private End printDraft(State s) {
    StringBuilder b = new StringBuilder("-------\nMessage contains:\n");
    if (!s.to.isEmpty()) b.append("To: ").append(String.join(", ", s.to)).append('\n');
    if (s.subject != null && !s.subject.isEmpty())
      b.append("Subject: ").append(s.subject).append('\n');
    if (!s.cc.isEmpty()) b.append("Cc: ").append(String.join(", ", s.cc)).append('\n');
    if (!s.bcc.isEmpty()) b.append("Bcc: ").append(String.join(", ", s.bcc)).append('\n');
    if (s.from != null) b.append("From: ").append(s.from).append('\n');
    for (String h : s.headers) b.append(h).append('\n');
    for (String a : s.attachments) b.append("Attachment: ").append(a).append('\n');
    b.append('\n').append(s.body);
    out.print(Sanitizer.text(b.toString()));
    out.println("(continue)");
    return null;
  }

  private End attach(State s, String file) {
    if (file.isEmpty()) throw new UsageException("~a: give a file name");
    Path p = expand(file);
    if (!Files.isReadable(p) || Files.isDirectory(p))
      throw new NoInputException("~a " + file + ": no such readable file");
    s.attachments.add(p.toString());
    out.println("Attached " + Sanitizer.line(p.toString()));
    return null;
  }

  private End readFile(State s, String file, boolean quote) {
    if (file.isEmpty()) throw new UsageException("~r: give a file name");
    Path p = expand(file);
    try {
      byte[] bytes = Files.readAllBytes(p);
      String text = new String(bytes, inputCharset());
      insert(s, quote ? Replies.quote(text, settings.get("indentprefix").orElse("> ")) : text);
      out.println(
          "\""
              + Sanitizer.line(file)
              + "\" "
              + text.lines().count()
              + " lines, "
              + bytes.length
              + " bytes");
    } catch (IOException e) {
      throw new NoInputException("~r " + file + ": " + e.getMessage(), e);
    }
    return null;
  }

  private static void insert(State s, String text) {
    s.body.append(text);
    if (!text.isEmpty() && !text.endsWith("\n")) s.body.append('\n');
  }

  /** ~<!command: its standard output, run in the session's directory, goes into the text. */
  private End readCommand(State s, String command) {
    if (command.isEmpty()) throw new UsageException("~<!: give a command");
    ByteArrayOutputStream result = new ByteArrayOutputStream();
    int status = Shell.run(inv.context(), input, command, new byte[0], result, dir());
    if (status != 0) inv.warn("~<! " + Sanitizer.line(command) + ": exit status " + status);
    insert(s, result.toString(inputCharset()));
    out.println("(continue)");
    return null;
  }

  private End readDead(State s) {
    Path dead = new DeadLetter(settings).path();
    if (!Files.exists(dead)) throw new NoInputException("~d: " + dead + ": no such file");
    return readFile(s, dead.toString(), false);
  }

  /**
   * ~w: the text so far, appended to the file (created 0600 when new), as s-nail and Heirloom
   * mailx.
   */
  private End writeFile(State s, String file) {
    if (file.isEmpty()) throw new UsageException("~w: give a file name");
    Path p = expand(file);
    byte[] bytes = s.body.toString().getBytes(inputCharset());
    boolean existed = Files.exists(p);
    try {
      if (!existed) {
        Files.createFile(
            p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.write(p, bytes, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new CannotCreateException("~w " + file + ": " + e.getMessage(), e);
    }
    out.println(
        "\""
            + Sanitizer.line(file)
            + "\" "
            + (existed ? "[Appended] " : "")
            + s.body.toString().lines().count()
            + " lines, "
            + bytes.length
            + " bytes");
    return null;
  }

  private End insertVariable(State s, String name) {
    if (name.isEmpty()) throw new UsageException("~i: give a variable name");
    settings.get(name).filter(v -> !v.isEmpty()).ifPresent(v -> s.body.append(v).append('\n'));
    return null;
  }

  /** The session's {@code cd} directory; null: the process's own (send mode). */
  private Path dir() {
    return repl == null ? null : repl.cwd;
  }

  /**
   * A file name, by the one resolver ({@code ~}, {@code +folder}, …); relative names from the
   * session's cd.
   */
  private Path expand(String name) {
    if (repl != null) return FolderCommands.expand(repl, name);
    return FolderLocator.of(inv.settings()).file(name);
  }

  private End insertMessages(State s, String arg, boolean quote) {
    if (repl == null || repl.session == null) throw new UsageException("no messages to insert");
    List<Integer> numbers;
    if (arg.isEmpty()) {
      int n = s.replyTo > 0 ? s.replyTo : repl.session.current();
      numbers = List.of(n);
    } else {
      numbers = dev.jmail.message.MessageNumbers.select(List.of(arg), repl.session, false);
    }
    String prefix = settings.get("indentprefix").orElse("> ");
    for (int n : numbers) {
      String body = ReadingCommands.view(repl, n, false).body();
      out.println("Interpolating: " + n);
      if (quote) s.body.append(Replies.quote(body, prefix));
      else {
        s.body.append(body);
        if (!body.isEmpty() && !body.endsWith("\n")) s.body.append('\n');
      }
    }
    out.println("(continue)");
    return null;
  }

  private End edit(State s, String which) {
    String editor = settings.get(which).or(() -> inv.context().env().get(which)).orElse("vi");
    Path tmp = null;
    try {
      tmp =
          Files.createTempFile(
              "jmail-draft-",
              ".txt",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, s.body, StandardCharsets.UTF_8);
      int status =
          Shell.run(
              inv.context(), input, editor + " " + shellQuote(tmp.toString()), null, null, dir());
      if (status != 0)
        inv.warn(
            which
                + " "
                + Sanitizer.line(editor)
                + ": exit status "
                + status
                + "; text kept as edited");
      s.body = new StringBuilder(Files.readString(tmp, StandardCharsets.UTF_8));
      if (s.body.length() > 0 && s.body.charAt(s.body.length() - 1) != '\n') s.body.append('\n');
    } catch (IOException e) {
      throw new CannotCreateException("draft file: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // a temp file left behind
        }
      }
    }
    out.println("(continue)");
    return null;
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private End editHeaders(State s) {
    s.to.clear();
    add(s.to, orEmpty(input.readLine("To: ", String.join(", ", s.to))));
    s.subject = orEmpty(input.readLine("Subject: ", s.subject == null ? "" : s.subject));
    String cc = orEmpty(input.readLine("Cc: ", String.join(", ", s.cc)));
    s.cc.clear();
    add(s.cc, cc);
    String bcc = orEmpty(input.readLine("Bcc: ", String.join(", ", s.bcc)));
    s.bcc.clear();
    add(s.bcc, bcc);
    out.println("(continue)");
    return null;
  }

  /**
   * ~H (s-nail): From, Reply-To and Sender, each shown with its value to edit; empty removes it.
   */
  private End editSenderHeaders(State s) {
    String from =
        orEmpty(
            input.readLine("From: ", s.from == null ? settings.get("from").orElse("") : s.from));
    s.from = from.isEmpty() ? null : from;
    for (String name : List.of("Reply-To", "Sender")) {
      String current =
          s.headers.stream()
              .filter(h -> isField(h, name))
              .map(h -> h.substring(h.indexOf(':') + 1).strip())
              .reduce((a, b) -> b)
              .orElse("");
      String v = orEmpty(input.readLine(name + ": ", current));
      s.headers.removeIf(h -> isField(h, name));
      if (!v.isEmpty()) s.headers.add(name + ": " + v);
    }
    out.println("(continue)");
    return null;
  }

  private static boolean isField(String header, String name) {
    int colon = header.indexOf(':');
    return colon > 0 && header.substring(0, colon).strip().equalsIgnoreCase(name);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s.strip();
  }

  private End shell(String command) {
    if (command.isEmpty()) throw new UsageException("~!: give a command");
    Shell.run(inv.context(), input, command, null, null, dir());
    out.println("!");
    return null;
  }

  private End filter(State s, String command) {
    if (command.isEmpty()) throw new UsageException("~|: give a command");
    ByteArrayOutputStream result = new ByteArrayOutputStream();
    int status =
        Shell.run(
            inv.context(),
            input,
            command,
            s.body.toString().getBytes(StandardCharsets.UTF_8),
            result,
            dir());
    if (status != 0) {
      inv.warn("~| " + Sanitizer.line(command) + ": exit status " + status + "; text unchanged");
    } else {
      s.body = new StringBuilder(result.toString(StandardCharsets.UTF_8));
    }
    out.println("(continue)");
    return null;
  }

  private End help() {
    for (Tilde t : ESCAPES) out.println(String.format("%-16s %s", t.synopsis(), t.help()));
    out.println(String.format("%-16s %s", "~~text", "a line starting with a literal ~"));
    return null;
  }

  /** ~q or a double Ctrl-C: the draft as typed, appended to dead.letter. */
  private void saveDead(State s) {
    Path dead = new DeadLetter(settings).save(toDraft(s));
    out.println("(message saved in " + Sanitizer.line(dead.toString()) + ")");
  }
}
