package dev.jmail.config;

import dev.jmail.error.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses mailx start-up files ({@code ~/.mailrc}, the system {@code mail.rc}) and {@code -S}
 * arguments into {@link Settings}.
 *
 * <p>POSIX mailx: each line is a command; {@code #} starts a comment; a trailing backslash
 * continues the line. Arguments are separated by blanks and may be quoted with {@code '…'} or
 * {@code "…"} (backslash escapes inside double quotes and outside quotes). jmail acts on {@code set},
 * {@code unset}, {@code alias}/{@code group}, {@code unalias}, {@code retain}/{@code ignore}
 * (and their un- forms); every other command — s-nail's {@code account}, {@code if}, {@code
 * define}, … — is accepted and ignored so existing files keep working. The bodies of {@code
 * account}/{@code define} blocks and the {@code else} branches of {@code if} are skipped: they are
 * not start-up settings (see {@link #skippedBlockEnd}).
 */
public final class RcParser {
  private final Settings settings;

  public RcParser(Settings settings) {
    this.settings = settings;
  }

  /** Parses a whole file's text; {@code source} names it in errors ({@code file:line: …}). */
  public void parse(String text, String source) {
    String[] lines = text.split("\r?\n", -1);
    List<String> logical = new ArrayList<>();
    List<String> where = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int startLine = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (cur.length() == 0) startLine = i + 1;
      if (endsWithContinuation(line)) {
        cur.append(line, 0, line.length() - 1);
        continue;
      }
      cur.append(line);
      logical.add(cur.toString());
      where.add(source + ":" + startLine);
      cur.setLength(0);
    }
    if (cur.length() > 0) {
      logical.add(cur.toString());
      where.add(source + ":" + startLine);
    }
    for (int i = 0; i < logical.size(); i++) {
      int skipTo = skippedBlockEnd(logical, i);
      if (skipTo > i) {
        i = skipTo;
        continue;
      }
      command(logical.get(i), where.get(i));
    }
  }

  /**
   * s-nail blocks that must not apply at start-up: the body of {@code account NAME {…}} and
   * {@code define NAME {…}} (they apply only when that account or macro is used), and the {@code
   * elif}/{@code else} branches of {@code if…endif} (jmail applies the first branch only, so two
   * branches never both apply). Returns the index of the block's last line, or {@code i} when line
   * {@code i} starts no such block or the block is never closed.
   */
  private static int skippedBlockEnd(List<String> lines, int i) {
    String t = lines.get(i).strip();
    String first = t.split("[ \t]+", 2)[0];
    if (t.endsWith("{") && !first.equals("set") && !first.startsWith("#")) {
      int depth = 0;
      for (int j = i; j < lines.size(); j++) {
        String u = lines.get(j).strip();
        if (u.endsWith("{")) depth++;
        else if (u.equals("}")) depth--;
        if (depth == 0) return j;
      }
      return i;
    }
    if (first.equals("else") || first.equals("elif") || first.equals("elseif")) {
      int depth = 1;
      for (int j = i + 1; j < lines.size(); j++) {
        String w = lines.get(j).strip().split("[ \t]+", 2)[0];
        if (w.equals("if")) depth++;
        else if (w.equals("endif") || w.equals("fi")) depth--;
        if (depth == 0) return j;
      }
      return i;
    }
    return i;
  }

  private static boolean endsWithContinuation(String line) {
    int n = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) n++;
    return n % 2 == 1;
  }

  /** One command line; {@code where} is {@code file:line} or {@code -S}. */
  public void command(String line, String where) {
    List<String> words;
    try {
      words = split(line);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
    if (words.isEmpty()) return;
    String cmd = words.get(0);
    List<String> args = words.subList(1, words.size());
    switch (cmd) {
      case "set", "se", "s" -> args.forEach(a -> assign(a, where));
      case "unset", "uns" -> args.forEach(settings::unset);
      case "alias", "a", "group", "g" -> {
        if (args.size() >= 2) settings.aliases().define(args.get(0), args.subList(1, args.size()));
      }
      case "unalias", "unal" -> args.forEach(a -> settings.aliases().remove(a));
      case "retain", "ret", "ignore", "ig", "discard", "unretain", "unignore", "undiscard" ->
          settings.headerFilter().command(cmd, args);
      default -> {
        // Commands of other mailx programs: ignored on purpose, so shared rc files keep working.
      }
    }
  }

  /** {@code name=value}, {@code name} (a boolean set to ""), {@code noname} (unset). */
  public void assign(String arg, String where) {
    int eq = arg.indexOf('=');
    String name = eq < 0 ? arg : arg.substring(0, eq);
    if (name.isEmpty()) throw new ConfigException(where + ": missing variable name in '" + arg + "'");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c == 127) {
        throw new ConfigException(where + ": invalid variable name '" + name + "'");
      }
    }
    if (eq < 0) {
      if (name.startsWith("no") && name.length() > 2 && settings.isKnownBoolean(name.substring(2))) {
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
