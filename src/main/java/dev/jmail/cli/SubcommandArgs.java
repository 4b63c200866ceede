package dev.jmail.cli;

import dev.jmail.app.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Plain {@code jmail list} and {@code jmail read} command lines parsed without picocli, for the
 * same reason as {@link MailxArgs}: scripts run them in loops, and building picocli's model of
 * every command costs about 60 ms of each run (a third of listing a 20,000-message Maildir).
 * Handled: the root's own global options ({@code -n}, {@code -d}, {@code -v}, {@code -A NAME},
 * {@code -S VAR[=VALUE]} and their long names, as in {@code jmail -n list}), then the command name,
 * then {@code -f [FOLDER]}/{@code --folder [FOLDER]}, {@code -n}, {@code -d}, {@code -v}, {@code -A
 * NAME}/{@code --account NAME}, {@code -S VAR[=VALUE]}/{@code --set VAR[=VALUE]} (repeatable), the
 * command's own flags ({@code list}: {@code --json --unread}; {@code read}: {@code --json --raw
 * --peek}) and a message list, each option at most once. Anything else, or any doubt, returns
 * {@code null} and picocli parses the whole command line, so help and every error message stay
 * picocli's. SubcommandArgsTest checks field for field that both agree.
 */
final class SubcommandArgs {
  private SubcommandArgs() {}

  /** A command parsed here, and whether --debug was given (for the error handler). */
  record Parsed(Callable<Integer> command, boolean debug) {}

  private static final Set<String> LIST_FLAGS = Set.of("--json", "--unread");
  private static final Set<String> READ_FLAGS = Set.of("--json", "--raw", "--peek");

  /** The command for these arguments, or null when picocli must parse them. */
  static Parsed parse(Context context, String[] args, String[] subcommands) {
    // the root's global options before the command name (jmail -n list): scanned as a command
    // that has no flags of its own, up to the first operand, which must be the command's name
    Scanned lead = scan(args, -1, Set.of(), subcommands);
    if (lead == null) return null;
    int at = lead.end;
    if (at >= args.length) return null;
    return switch (args[at]) {
      case "list" -> list(context, lead, scan(args, at, LIST_FLAGS, subcommands));
      case "read" -> read(context, lead, scan(args, at, READ_FLAGS, subcommands));
      default -> null;
    };
  }

  private static Parsed list(Context context, Scanned lead, Scanned s) {
    if (s == null) return null;
    ListCommand list = new ListCommand();
    list.root = root(context, lead);
    list.global = s.global();
    list.folder = s.folder;
    list.json = s.flags.contains("--json");
    list.unread = s.flags.contains("--unread");
    list.messages.addAll(s.operands);
    return new Parsed(list, list.global.debug || lead.flags.contains("-d"));
  }

  private static Parsed read(Context context, Scanned lead, Scanned s) {
    if (s == null || s.operands.isEmpty()) return null; // picocli: "Missing required parameter"
    ReadCommand read = new ReadCommand();
    read.root = root(context, lead);
    read.global = s.global();
    read.folder = s.folder;
    read.numbers.addAll(s.operands);
    read.json = s.flags.contains("--json");
    read.raw = s.flags.contains("--raw");
    read.peek = s.flags.contains("--peek");
    return new Parsed(read, read.global.debug || lead.flags.contains("-d"));
  }

  private static JmailCommand root(Context context, Scanned lead) {
    JmailCommand root = new JmailCommand(context);
    root.global = lead.global();
    root.send = new SendOptions();
    return root;
  }

  /** The options and operands after the command name; flags under their canonical names. */
  private record Scanned(
      String folder,
      String account,
      Set<String> flags,
      List<String> operands,
      List<String> assignments,
      int end) {
    GlobalOptions global() {
      GlobalOptions g = new GlobalOptions();
      g.assignments.addAll(assignments);
      g.account = account;
      g.verbose = flags.contains("-v");
      g.noSystemRc = flags.contains("-n");
      g.debug = flags.contains("-d");
      return g;
    }
  }

  /**
   * Scans the arguments after {@code args[command]} (the command's name; -1: the root's options
   * before it, which end at the first operand: {@link Scanned#end} is its index).
   */
  private static Scanned scan(
      String[] args, int command, Set<String> commandFlags, String[] subcommands) {
    Set<String> seen = new HashSet<>();
    List<String> operands = new ArrayList<>();
    List<String> assignments = new ArrayList<>();
    String folder = null;
    String account = null;
    boolean root = command < 0;
    int i = command + 1;
    for (; i < args.length; i++) {
      String a = args[i];
      if (root && !a.startsWith("-")) break; // the command's name, checked by the caller
      if (a.startsWith("@") || isSubcommand(a, subcommands)) return null;
      if (!a.startsWith("-")) {
        operands.add(a);
        continue;
      }
      if (root && (a.equals("-f") || a.equals("--folder"))) return null; // the root's own -f
      String option = canonical(a);
      if (option.equals("-S")) {
        String next = i + 1 < args.length ? args[++i] : null;
        if (next == null
            || next.startsWith("-")
            || next.startsWith("@")
            || isSubcommand(next, subcommands)) return null;
        assignments.add(next);
        continue;
      }
      if (!isKnown(option, commandFlags) || !seen.add(option)) return null;
      if (option.equals("-A")) {
        String next = i + 1 < args.length ? args[++i] : null;
        if (next == null
            || next.startsWith("-")
            || next.startsWith("@")
            || isSubcommand(next, subcommands)) return null;
        account = next;
      } else if (option.equals("-f")) {
        String next = i + 1 < args.length ? args[i + 1] : null;
        if (next == null || isKnown(canonical(next), commandFlags)) {
          folder = "&";
        } else {
          if (next.startsWith("-") || next.startsWith("@") || isSubcommand(next, subcommands))
            return null;
          folder = next;
          i++;
        }
      }
    }
    return new Scanned(folder, account, seen, operands, assignments, i);
  }

  private static String canonical(String option) {
    return switch (option) {
      case "--folder" -> "-f";
      case "--no-system-rc" -> "-n";
      case "--debug" -> "-d";
      case "--account" -> "-A";
      case "--set" -> "-S";
      case "--verbose" -> "-v";
      default -> option;
    };
  }

  private static boolean isKnown(String canonical, Set<String> commandFlags) {
    return canonical.equals("-f")
        || canonical.equals("-A")
        || canonical.equals("-n")
        || canonical.equals("-d")
        || canonical.equals("-v")
        || commandFlags.contains(canonical);
  }

  private static boolean isSubcommand(String a, String[] subcommands) {
    for (String sub : subcommands) if (a.equals(sub)) return true;
    return false;
  }
}
