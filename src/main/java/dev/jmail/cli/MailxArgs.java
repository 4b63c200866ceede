package dev.jmail.cli;

import dev.jmail.app.Context;

/**
 * The root command's short mailx options, parsed without picocli.
 *
 * <p>Why this exists: jmail runs from cron jobs, scripts and loops, and picocli builds its model of
 * the root command by reflection on every start (about 90 ms, three times what {@code jmail -H} on
 * a small folder then needs; see src/bench/startup.sh). The mailx command lines scripts use ({@code
 * jmail -s SUBJ bob}, {@code jmail -H}, {@code jmail -e}) are parsed here instead, in POSIX getopt
 * style: clustered flags ({@code -nH}), a value attached or in the next argument, {@code --} ending
 * the options, operands are recipients (anywhere, as picocli allows). The result fills the same
 * {@link GlobalOptions}, {@link SendOptions} and {@link JmailCommand} fields that picocli would,
 * and {@link Cli#run} calls the same {@link JmailCommand#call()} through the same error handler.
 *
 * <p>Anything else, or any doubt, returns {@code null} and picocli parses the whole command line as
 * before, so help, long options, subcommands and every error message stay picocli's: a long option,
 * a subcommand name anywhere, {@code -h}/{@code -V}, an {@code @file}, a lone {@code -}, an unknown
 * option, a missing value, a value that starts with {@code -} or {@code =}, a repeated
 * single-valued option or flag, a {@code -c}/{@code -b} list with quotes or empty items.
 * MailxArgsTest checks field for field that both parsers agree, and that every short option of the
 * picocli model is either handled or deferred here.
 */
final class MailxArgs {
  private MailxArgs() {}

  /** Flags: {@code -n -d -v} (GlobalOptions), {@code -E -t} (SendOptions), {@code -H -e -N}. */
  static final String FLAGS = "ndvEtHeN";

  /** Options taking one value: {@code -S -A} (GlobalOptions), {@code -s -c -b -a -r -C}. */
  static final String VALUED = "SAscbarC";

  /** The valued options that may be repeated (lists); {@code -c -b} also split at commas. */
  static final String REPEATABLE = "ScbaC";

  /** {@code -f [FOLDER]}: an optional value, taken from the next argument only. */
  static final String OPTIONAL = "f";

  /** Short options left to picocli: help and version print from its model. */
  static final String DEFERRED = "hV";

  /** The root command for these arguments, or null when picocli must parse them. */
  static JmailCommand parse(Context context, String[] args, String[] subcommands) {
    JmailCommand cmd = new JmailCommand(context);
    GlobalOptions g = new GlobalOptions();
    SendOptions s = new SendOptions();
    cmd.global = g;
    cmd.send = s;
    String seen = ""; // single-valued options and flags already given
    boolean operandsOnly = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!plain(a, subcommands)) return null;
      if (operandsOnly || !a.startsWith("-")) {
        cmd.recipients.add(a);
        continue;
      }
      if (a.equals("--")) {
        operandsOnly = true;
        continue;
      }
      if (a.length() < 2 || a.charAt(1) == '-') return null; // "-", a long option
      for (int j = 1; j < a.length(); j++) {
        char c = a.charAt(j);
        if (REPEATABLE.indexOf(c) < 0) {
          if (seen.indexOf(c) >= 0) return null;
          seen += c;
        }
        if (FLAGS.indexOf(c) >= 0) {
          setFlag(cmd, c);
          continue;
        }
        if (c == 'f') {
          if (j != a.length() - 1) return null; // -fFOLDER, -fH: rare, picocli decides
          String next = i + 1 < args.length ? args[i + 1] : null;
          if (next != null && !next.startsWith("-")) {
            if (!plain(next, subcommands)) return null;
            cmd.folder = next;
            i++;
          } else {
            cmd.folder = "&";
          }
          break;
        }
        if (VALUED.indexOf(c) < 0) return null; // unknown, or -h / -V
        String v;
        if (j + 1 < a.length()) v = a.substring(j + 1);
        else if (i + 1 < args.length) v = args[++i];
        else return null; // missing value: picocli's message
        if (v.startsWith("-") || v.startsWith("=") || !plain(v, subcommands)) return null;
        if (!setValue(g, s, c, v)) return null;
        break;
      }
    }
    return cmd;
  }

  /** Not a subcommand name and not an {@code @file} (picocli expands those). */
  private static boolean plain(String a, String[] subcommands) {
    if (a.startsWith("@")) return false;
    for (String sub : subcommands) if (a.equals(sub)) return false;
    return true;
  }

  private static void setFlag(JmailCommand cmd, char c) {
    switch (c) {
      case 'n' -> cmd.global.noSystemRc = true;
      case 'd' -> cmd.global.debug = true;
      case 'v' -> cmd.global.verbose = true;
      case 'E' -> cmd.send.skipEmpty = true;
      case 't' -> cmd.send.recipientsFromHeaders = true;
      case 'H' -> cmd.headersOnly = true;
      case 'e' -> cmd.checkMail = true;
      case 'N' -> cmd.noHeaderSummary = true;
      default -> throw new IllegalArgumentException("flag -" + c);
    }
  }

  private static boolean setValue(GlobalOptions g, SendOptions s, char c, String v) {
    switch (c) {
      case 'S' -> g.assignments.add(v);
      case 'A' -> g.account = v;
      case 's' -> s.subject = v;
      case 'r' -> s.from = v;
      case 'a' -> s.attachments.add(v);
      case 'C' -> s.headers.add(v);
      case 'c' -> {
        return split(v, s.cc);
      }
      case 'b' -> {
        return split(v, s.bcc);
      }
      default -> throw new IllegalArgumentException("option -" + c);
    }
    return true;
  }

  /** {@code split = ","} as picocli does it, for values without quotes or empty items. */
  private static boolean split(String v, java.util.List<String> into) {
    if (v.isEmpty() || v.indexOf('"') >= 0) return false;
    int from = 0;
    while (true) {
      int comma = v.indexOf(',', from);
      String item = comma < 0 ? v.substring(from) : v.substring(from, comma);
      if (item.isEmpty()) return false;
      into.add(item);
      if (comma < 0) return true;
      from = comma + 1;
    }
  }
}
