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
 * define}, … — is accepted and ignored so existing files keep working.
 */
public final class RcParser {
  private final Settings settings;

  public RcParser(Settings settings) {
    this.settings = settings;
  }

  /** Parses a whole file's text; {@code source} names it in errors ({@code file:line: …}). */
  public void parse(String text, String source) {
    String[] lines = text.split("\r?\n", -1);
    StringBuilder logical = new StringBuilder();
    int startLine = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (logical.length() == 0) startLine = i + 1;
      if (endsWithContinuation(line)) {
        logical.append(line, 0, line.length() - 1);
        continue;
      }
      logical.append(line);
      command(logical.toString(), source + ":" + startLine);
      logical.setLength(0);
    }
    if (logical.length() > 0) command(logical.toString(), source + ":" + startLine);
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
