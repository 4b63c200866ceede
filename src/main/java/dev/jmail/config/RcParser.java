package dev.jmail.config;

import dev.jmail.error.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses mailx start-up files ({@code ~/.mailrc}, the system {@code mail.rc}) and {@code -S}
 * arguments into {@link Settings}.
 *
 * <p>POSIX mailx: each line is a command; {@code #} starts a comment; a trailing backslash
 * continues the line. Arguments are separated by blanks and may be quoted with {@code '…'} or
 * {@code "…"} (backslash escapes inside double quotes and outside quotes). jmail acts on {@code
 * set}, {@code unset}, {@code alias}/{@code group}, {@code unalias}, {@code alternates}, {@code
 * retain}/{@code ignore} (and their un- forms), {@code source}, the conditionals and {@code
 * account}. The commands of other mailx programs in {@link #IGNORED} are skipped silently (a {@code
 * define NAME { … }} block with its body); any other command gets one warning and the file goes on
 * ({@code ignore-unknown-commands} silences them).
 *
 * <p>Conditionals, POSIX/BSD and s-nail/Heirloom:
 *
 * <pre>
 * if-block  = "if" cond NL *line *( ("elif" / "elseif") cond NL *line ) [ "else" NL *line ] "endif"
 * cond      = ["!"] ( "r" / "s" / "t"          ; receiving, sending, stdin is a terminal
 *                   / number                   ; 0 false, any other number true
 *                   / "$" name                 ; the variable (or environment variable) is set
 *                   / operand op operand )     ; operand: $name, name on the left, or a word
 * op        = "==" / "!=" / "=~" / "!~" / "==?" / "!=?" / "=%" / "!%"  ; ? ignores case, % substring
 * </pre>
 *
 * An {@code else}/{@code elif}/{@code endif} without its {@code if}, or an {@code if} never closed,
 * is a {@code file:line:} configuration error (exit 78); a condition jmail cannot read is a warning
 * and counts as false (s-nail does the same).
 *
 * <p>Accounts (s-nail): {@code account NAME {} on a line of its own, then the body, then {@code }}
 * alone. The body is kept as text and run, conditionals and all, when the account is chosen ({@code
 * -A NAME}, or {@code account NAME} at the prompt); see {@link Settings#applyAccount}.
 */
public final class RcParser {
  /** What {@code if r|s|t} test: sending (else receiving), and stdin is a terminal. */
  public record Mode(boolean sending, boolean terminal) {
    public static final Mode RECEIVE = new Mode(false, false);
  }

  /** One logical line (continuations joined) and where it came from, {@code file:line}. */
  public record Line(String text, String where) {}

  /**
   * Commands of other mailx programs (s-nail, Heirloom, BSD) that jmail skips on purpose, without a
   * warning, so a shared rc file keeps working. The man page lists them.
   */
  public static final Set<String> IGNORED =
      Set.of(
          "define",
          "undefine",
          "call",
          "call_if",
          "commandalias",
          "uncommandalias",
          "ghost",
          "unghost",
          "shortcut",
          "unshortcut",
          "headerpick",
          "unheaderpick",
          "mimetype",
          "unmimetype",
          "charsetalias",
          "uncharsetalias",
          "filetype",
          "unfiletype",
          "bind",
          "unbind",
          "colour",
          "color",
          "uncolour",
          "uncolor",
          "localopts",
          "customhdr",
          "uncustomhdr",
          "fwdignore",
          "fwdretain",
          "unfwdignore",
          "unfwdretain",
          "saveignore",
          "saveretain",
          "unsaveignore",
          "unsaveretain",
          "sort",
          "unsort",
          "echo",
          "chdir",
          "cd",
          "mlist",
          "unmlist",
          "mlsubscribe",
          "unmlsubscribe",
          "environ",
          "varshow",
          "history",
          "verbose",
          "xcall",
          "return",
          "vput",
          "read",
          "readall",
          "unset-all");

  private static final int MAX_SOURCE_DEPTH = 10;

  private final Settings settings;
  private int depth;

  public RcParser(Settings settings) {
    this.settings = settings;
  }

  /** Parses a whole file's text; {@code source} names it in errors ({@code file:line: …}). */
  public void parse(String text, String source) {
    run(lines(text, source), source);
  }

  /** The logical lines of a file: a trailing odd backslash joins the next line. */
  static List<Line> lines(String text, String source) {
    String[] raw = text.split("\r?\n", -1);
    List<Line> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int startLine = 0;
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i];
      if (cur.length() == 0) startLine = i + 1;
      if (endsWithContinuation(line)) {
        cur.append(line, 0, line.length() - 1);
        continue;
      }
      cur.append(line);
      out.add(new Line(cur.toString(), source + ":" + startLine));
      cur.setLength(0);
    }
    if (cur.length() > 0) out.add(new Line(cur.toString(), source + ":" + startLine));
    return out;
  }

  /** One open {@code if}: whether its enclosing block runs, a branch was taken, this one runs. */
  private static final class Branch {
    final boolean outerActive;
    final String where;
    boolean taken;
    boolean active;
    boolean elseSeen;

    Branch(boolean outerActive, String where) {
      this.outerActive = outerActive;
      this.where = where;
    }
  }

  /** Runs lines: conditionals, blocks, commands. {@code what} names the unit in errors. */
  public void run(List<Line> lines, String what) {
    Deque<Branch> open = new ArrayDeque<>();
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      List<String> words = words(line);
      if (words.isEmpty()) continue;
      String cmd = words.get(0);
      List<String> args = words.subList(1, words.size());
      boolean active = open.isEmpty() || open.peek().active;
      switch (cmd) {
        case "if" -> {
          Branch b = new Branch(active, line.where());
          b.active = active && condition(args, line.where());
          b.taken = b.active;
          open.push(b);
        }
        case "elif", "elseif" -> {
          Branch b = innermost(open, cmd, line);
          if (b.elseSeen) throw new ConfigException(line.where() + ": " + cmd + " after else");
          b.active = b.outerActive && !b.taken && condition(args, line.where());
          b.taken |= b.active;
        }
        case "else" -> {
          Branch b = innermost(open, cmd, line);
          if (b.elseSeen) throw new ConfigException(line.where() + ": second else");
          b.elseSeen = true;
          b.active = b.outerActive && !b.taken;
          b.taken = true;
        }
        case "endif", "fi" -> {
          innermost(open, cmd, line);
          open.pop();
        }
        default -> {
          if (!args.isEmpty() && args.get(args.size() - 1).equals("{")) {
            int end = blockEnd(lines, i);
            if (active)
              block(cmd, args.subList(0, args.size() - 1), lines.subList(i + 1, end), line);
            i = end;
          } else if (active) {
            command(words, line.where());
          }
        }
      }
    }
    if (!open.isEmpty())
      throw new ConfigException(open.peek().where + ": if without endif in " + what);
  }

  private static Branch innermost(Deque<Branch> open, String cmd, Line line) {
    if (open.isEmpty()) throw new ConfigException(line.where() + ": " + cmd + " without if");
    return open.peek();
  }

  private static List<String> words(Line line) {
    try {
      return split(line.text());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(line.where() + ": " + e.getMessage());
    }
  }

  /** The index of the {@code }} closing the block opened on line {@code start}. */
  private static int blockEnd(List<Line> lines, int start) {
    int depth = 0;
    for (int j = start; j < lines.size(); j++) {
      List<String> w = words(lines.get(j));
      if (!w.isEmpty() && w.get(w.size() - 1).equals("{")) depth++;
      else if (w.size() == 1 && w.get(0).equals("}")) depth--;
      if (depth == 0) return j;
    }
    Line l = lines.get(start);
    throw new ConfigException(l.where() + ": " + l.text().strip() + " without a closing }");
  }

  /** {@code account NAME { … }} is kept; {@code define} and other blocks are skipped. */
  private void block(String cmd, List<String> args, List<Line> body, Line line) {
    if (cmd.equals("account") || cmd.equals("acc")) {
      if (args.size() != 1)
        throw new ConfigException(line.where() + ": account: give one name before {");
      settings.defineAccount(new Account(args.get(0), List.copyOf(body), line.where()));
    } else if (!IGNORED.contains(cmd)) {
      settings.warn(line.where() + ": unknown command '" + cmd + "' (block skipped)");
    }
  }

  // --- conditions

  private boolean condition(List<String> args, String where) {
    try {
      return evaluate(args);
    } catch (IllegalArgumentException e) {
      settings.warn(where + ": if: " + e.getMessage() + "; taken as false");
      return false;
    }
  }

  private boolean evaluate(List<String> args) {
    if (args.isEmpty()) throw new IllegalArgumentException("missing condition");
    if (args.get(0).equals("!")) return !evaluate(args.subList(1, args.size()));
    if (args.size() == 1) {
      String a = args.get(0);
      switch (a.toLowerCase(Locale.ROOT)) {
        case "r":
          return !settings.mode().sending();
        case "s":
          return settings.mode().sending();
        case "t":
          return settings.mode().terminal();
        default:
          break;
      }
      if (a.matches("[+-]?[0-9]+")) return !a.matches("[+-]?0+");
      if (a.startsWith("$")) return value(a.substring(1)) != null;
      throw new IllegalArgumentException("invalid condition '" + a + "'");
    }
    if (args.size() != 3)
      throw new IllegalArgumentException("invalid condition '" + String.join(" ", args) + "'");
    String left = operand(args.get(0), true);
    String right = operand(args.get(2), false);
    String op = args.get(1);
    boolean ignoreCase = op.endsWith("?");
    String o = ignoreCase ? op.substring(0, op.length() - 1) : op;
    if (ignoreCase) {
      left = left.toLowerCase(Locale.ROOT);
      right = right.toLowerCase(Locale.ROOT);
    }
    return switch (o) {
      case "==" -> left.equals(right);
      case "!=" -> !left.equals(right);
      case "=%" -> left.contains(right);
      case "!%" -> !left.contains(right);
      case "=~" -> matches(left, right, ignoreCase);
      case "!~" -> !matches(left, right, ignoreCase);
      default -> throw new IllegalArgumentException("unknown operator '" + op + "'");
    };
  }

  private static boolean matches(String text, String regex, boolean ignoreCase) {
    try {
      return Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0).matcher(text).find();
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad regular expression '" + regex + "'");
    }
  }

  /** {@code $name} is a variable's value (empty when unset); a bare left word too (Heirloom). */
  private String operand(String word, boolean left) {
    if (word.startsWith("$")) {
      String v = value(word.substring(1).replaceAll("^\\{(.*)}$", "$1"));
      return v == null ? "" : v;
    }
    if (left && word.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
      String v = value(word);
      return v == null ? "" : v;
    }
    return word;
  }

  /** A variable, else the environment variable of that name, else null. */
  private String value(String name) {
    return settings.get(name).or(() -> settings.env().get(name)).orElse(null);
  }

  // --- commands

  private static boolean endsWithContinuation(String line) {
    int n = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) n++;
    return n % 2 == 1;
  }

  /** One command line; {@code where} is {@code file:line} or {@code -S}. */
  public void command(String line, String where) {
    List<String> words = words(new Line(line, where));
    if (!words.isEmpty()) command(words, where);
  }

  private void command(List<String> words, String where) {
    String cmd = words.get(0);
    List<String> args = words.subList(1, words.size());
    switch (cmd) {
      case "set", "se", "s" -> args.forEach(a -> assign(a, where));
      case "unset", "uns" -> args.forEach(settings::unset);
      case "alias", "a", "group", "g" -> {
        if (args.size() >= 2) settings.aliases().define(args.get(0), args.subList(1, args.size()));
      }
      case "unalias", "unal" -> args.forEach(a -> settings.aliases().remove(a));
      case "alternates", "alt" -> {
        if (!args.isEmpty()) settings.set("alternates", String.join(" ", args));
      }
      case "retain", "ret", "ignore", "ig", "discard", "unretain", "unignore", "undiscard" ->
          settings.headerFilter().command(cmd, args);
      case "source", "so" -> {
        if (args.size() != 1) throw new ConfigException(where + ": source: give one file");
        source(args.get(0), where);
      }
      case "account", "acc" -> {
        // `account NAME` in an rc file (s-nail): choose that account from here on.
        if (args.size() != 1) throw new ConfigException(where + ": account: give one name");
        settings.applyAccount(args.get(0));
      }
      case "unaccount" -> args.forEach(settings::removeAccount);
      case "wysh", "ignerr", "u" -> {
        // s-nail command modifiers: the command that follows is what counts.
        if (!args.isEmpty()) command(args, where);
      }
      default -> {
        if (!IGNORED.contains(cmd)) settings.warn(where + ": unknown command '" + cmd + "'");
      }
    }
  }

  private void source(String name, String where) {
    if (depth >= MAX_SOURCE_DEPTH) throw new ConfigException(where + ": source: nested too deeply");
    Path file =
        name.equals("~")
            ? settings.env().home()
            : name.startsWith("~/")
                ? settings.env().home().resolve(name.substring(2))
                : Path.of(name);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      try {
        text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      } catch (IOException e2) {
        throw new ConfigException(where + ": source: " + file + ": " + e2.getMessage(), e2);
      }
    } catch (IOException e) {
      throw new ConfigException(where + ": source: " + file + ": cannot read", e);
    }
    depth++;
    try {
      parse(text, settings.shortName(file));
    } finally {
      depth--;
    }
  }

  /** {@code name=value}, {@code name} (a boolean set to ""), {@code noname} (unset). */
  public void assign(String arg, String where) {
    int eq = arg.indexOf('=');
    String name = eq < 0 ? arg : arg.substring(0, eq);
    if (name.isEmpty())
      throw new ConfigException(where + ": missing variable name in '" + arg + "'");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c == 127) {
        throw new ConfigException(where + ": invalid variable name '" + name + "'");
      }
    }
    if (eq < 0) {
      if (name.startsWith("no")
          && name.length() > 2
          && settings.isKnownBoolean(name.substring(2))) {
        settings.unset(name.substring(2));
      } else {
        settings.set(name, "");
      }
    } else {
      settings.set(name, arg.substring(eq + 1));
    }
  }

  /** Splits a command line into words, honouring quotes, backslashes and {@code #} comments. */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          w.append(line.charAt(++i));
        } else {
          w.append(c);
        }
        continue;
      }
      if (c == '#' && !inWord) break;
      if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '\\' && i + 1 < line.length()) {
        w.append(line.charAt(++i));
      } else {
        w.append(c);
      }
    }
    if (quote != 0) throw new IllegalArgumentException("unterminated " + quote + " quote");
    if (inWord) words.add(w.toString());
    return words;
  }
}
