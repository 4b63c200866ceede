package dev.jmail.cli;

/**
 * {@code jmail list} command lines parsed without picocli, for the same reason as {@link
 * MailxArgs}: scripts list folders in loops, and building picocli's model of every command costs
 * about 60 ms, a third of listing a 20,000-message Maildir. Handled: {@code list} followed by
 * {@code -f [FOLDER]}/{@code --folder [FOLDER]}, {@code --json}, {@code --unread}, {@code -n},
 * {@code -d}, each at most once. Anything else, or any doubt, returns {@code null} and picocli
 * parses the whole command line, so help and every error message stay picocli's. ListArgsTest
 * checks field for field that both parsers agree.
 */
final class ListArgs {
  private ListArgs() {}

  /** The list command for these arguments, or null when picocli must parse them. */
  static ListCommand parse(Context context, String[] args, String[] subcommands) {
    if (args.length == 0 || !args[0].equals("list")) return null;
    ListCommand list = new ListCommand();
    list.root = new JmailCommand(context);
    list.root.global = new GlobalOptions();
    list.root.send = new SendOptions();
    list.global = new GlobalOptions();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String option = switch (a) {
        case "-f", "--folder" -> "-f";
        case "--json", "--unread", "-n", "--no-system-rc", "-d", "--debug" -> a;
        default -> null;
      };
      if (option == null || !seen.add(canonical(option))) return null;
      switch (option) {
        case "-f" -> {
          String next = i + 1 < args.length ? args[i + 1] : null;
          if (next == null || isOption(next)) {
            list.folder = "&";
          } else {
            if (next.startsWith("-") || next.startsWith("@") || isSubcommand(next, subcommands)) return null;
            list.folder = next;
            i++;
          }
        }
        case "--json" -> list.json = true;
        case "--unread" -> list.unread = true;
        case "-n", "--no-system-rc" -> list.global.noSystemRc = true;
        case "-d", "--debug" -> list.global.debug = true;
        default -> throw new IllegalStateException(option);
      }
    }
    return list;
  }

  private static String canonical(String option) {
    return switch (option) {
      case "--no-system-rc" -> "-n";
      case "--debug" -> "-d";
      default -> option;
    };
  }

  /** An option this parser knows: after {@code -f} it means the folder value was left out. */
  private static boolean isOption(String a) {
    return switch (a) {
      case "-f", "--folder", "--json", "--unread", "-n", "--no-system-rc", "-d", "--debug" -> true;
      default -> false;
    };
  }

  private static boolean isSubcommand(String a, String[] subcommands) {
    for (String sub : subcommands) if (a.equals(sub)) return true;
    return false;
  }
}
