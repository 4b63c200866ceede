package dev.jmail.cli;

import dev.jmail.app.Context;
import dev.jmail.error.ExitStatus;
import dev.jmail.error.JmailException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the command line and runs it. The single error handler lives here: every failure becomes
 * one line {@code jmail: …} on stderr and the status its type names ({@link ExitStatus}); a stack
 * trace only with {@code --debug}.
 */
public final class Cli {
  private Cli() {}

  /** The subcommands, in help order. */
  private record Subcommand(String name, Class<?> type) {}

  private static final Subcommand[] SUBCOMMANDS = {
    new Subcommand("send", SendCommand.class),
    new Subcommand("list", ListCommand.class),
    new Subcommand("read", ReadCommand.class),
    new Subcommand("flag", FlagCommand.class),
    new Subcommand("delete", DeleteCommand.class),
    new Subcommand("save", SaveCommand.class),
    new Subcommand("move", MoveCommand.class),
    new Subcommand("fetch", FetchCommand.class),
    new Subcommand("watch", WatchCommand.class),
    new Subcommand("queue", QueueCommand.class),
    new Subcommand("index", IndexCommand.class),
  };

  /** The complete command line, every subcommand included (help, docs, completion). */
  public static CommandLine commandLine(Context context) {
    return commandLine(context, null);
  }

  /**
   * The command line for these arguments. picocli builds each command's model by reflection, a few
   * milliseconds per subcommand on every start, so only the subcommands whose names occur in {@code
   * args} are registered (all of them for help). A registered but unused subcommand changes
   * nothing: {@code jmail -s list bob} still reads "list" as the subject.
   */
  static CommandLine commandLine(Context context, String[] args) {
    Factory factory = new Factory(context);
    CommandLine cl = new CommandLine(new JmailCommand(context), factory);
    boolean all = args == null || wantsHelp(args);
    for (Subcommand sub : SUBCOMMANDS) {
      if (all || contains(args, sub.name())) cl.addSubcommand(sub.name(), sub.type());
    }
    cl.setOut(new PrintWriter(context.out(), true));
    cl.setErr(new PrintWriter(context.err(), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // `jmail -s list bob`: a subject may be a subcommand's name.
    cl.setAllowSubcommandsAsOptionParameters(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> report(context, ex, debugRequested(parseResult)));
    cl.setParameterExceptionHandler(
        (ex, arguments) -> {
          // One line, as every jmail error: scripts and cron mails show the first line only.
          StringBuilder line = new StringBuilder("jmail: ").append(oneLine(ex.getMessage()));
          if (ex instanceof CommandLine.UnmatchedArgumentException u
              && !u.getSuggestions().isEmpty()) {
            line.append(" (did you mean ")
                .append(String.join(" or ", u.getSuggestions()))
                .append("?)");
          }
          String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
          line.append("; see '").append(cmd).append(" --help'");
          context.err().println(line);
          return ExitStatus.USAGE.code();
        });
    // No String.format or streams here: this runs on every start, and the first Formatter costs
    // several milliseconds of regex compilation (src/bench/startup.sh).
    ExitStatus[] statuses = ExitStatus.values();
    String[] table = new String[statuses.length];
    for (int i = 0; i < statuses.length; i++) {
      String code = String.valueOf(statuses[i].code());
      table[i] =
          "   ".substring(Math.min(3, code.length())) + code + ":" + statuses[i].description();
    }
    applyExitTable(cl, table);
    HelpExamples.apply(cl);
    cl.setHelpFactory(SpacedHelp::new);
    // `jmail flag 3 -flagged` clears a flag: there -f takes no value attached to it
    CommandLine flag = cl.getSubcommands().get("flag");
    if (flag != null) flag.setPosixClusteredShortOptionsAllowed(false);
    cl.setColorScheme(
        CommandLine.Help.defaultColorScheme(
            Colour.enabled(context) ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    return cl;
  }

  static String[] subcommandNames() {
    String[] names = new String[SUBCOMMANDS.length];
    for (int i = 0; i < names.length; i++) names[i] = SUBCOMMANDS[i].name();
    return names;
  }

  private static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--")) return false;
      if (a.equals("-h") || a.equals("--help")) return true;
    }
    return false;
  }

  private static boolean contains(String[] args, String name) {
    for (String a : args) if (a.equals(name)) return true;
    return false;
  }

  private static void applyExitTable(CommandLine cl, String[] table) {
    java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
    for (String row : table) {
      int colon = row.indexOf(':');
      map.put(row.substring(0, colon), row.substring(colon + 1));
    }
    cl.getCommandSpec().usageMessage().exitCodeList(map);
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n");
      sub.getCommandSpec().usageMessage().exitCodeList(map);
    }
  }

  public static int run(Context context, String... args) {
    try {
      // A bare --version is answered before picocli builds its model (start-up time: scripts
      // and cron jobs run it to check the installation).
      if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
        for (String line : VersionInfo.lines(context.env())) context.out().println(line);
        return ExitStatus.OK.code();
      }
      // --help as picocli renders it for a pipe, without building its model: see PrerenderedHelp.
      String help = PrerenderedHelp.text(context, args, subcommandNames());
      if (help != null) {
        context.out().print(help);
        return ExitStatus.OK.code();
      }
      // mailx command lines (jmail -s SUBJ bob, jmail -H) skip picocli's model: see MailxArgs.
      JmailCommand mailx = MailxArgs.parse(context, args, subcommandNames());
      if (mailx != null) return call(context, mailx, mailx.global.debug());
      // and so do the plain `jmail list` and `jmail read` command lines: see SubcommandArgs.
      SubcommandArgs.Parsed sub = SubcommandArgs.parse(context, args, subcommandNames());
      if (sub != null) return call(context, sub.command(), sub.debug());
      return commandLine(context, args).execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // an input past every bound jmail sets (or a heap set very small): one line, never a trace
      context.out().flush();
      context
          .err()
          .println(
              "jmail: "
                  + (e instanceof OutOfMemoryError ? "out of memory" : "input nested too deeply")
                  + ": the Java heap or stack is too small for this input (JMAIL_JAVA_OPTS=-Xmx…)");
      return ExitStatus.SOFTWARE.code();
    } finally {
      context.out().flush();
      context.err().flush();
    }
  }

  /** Runs a command parsed without picocli, through the same error handler. */
  private static int call(
      Context context, java.util.concurrent.Callable<Integer> command, boolean debug) {
    try {
      return command.call();
    } catch (Exception ex) {
      return report(context, ex, debug);
    }
  }

  static int report(Context context, Exception ex, boolean debug) {
    // picocli's own usage errors are the one failure type jmail does not define.
    ExitStatus status =
        ex instanceof CommandLine.ParameterException ? ExitStatus.USAGE : ExitStatus.of(ex);
    String text =
        ex instanceof JmailException
            ? ex.getMessage()
            : ex.getClass().getSimpleName()
                + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    context.out().flush();
    context.err().println("jmail: " + oneLine(text));
    if (debug) ex.printStackTrace(context.err());
    else if (status == ExitStatus.SOFTWARE) {
      context.err().println("jmail: this is a bug; run again with --debug for details");
    }
    return status.code();
  }

  private static boolean debugRequested(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) return true;
    }
    return false;
  }

  /** Error text is one line: a message quoting user input must not start a new one. */
  static String oneLine(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') b.append(' ');
      else if (c < 0x20 || c == 0x7f) b.append('?');
      else b.append(c);
    }
    // C1 controls (U+009B: CSI), bidi overrides and U+2028/9 from server or mail text: U+FFFD
    return dev.jmail.render.Sanitizer.line(b.toString()).strip();
  }

  /** Gives commands that take the context a constructor argument; everything else default. */
  private record Factory(Context context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        var ctor = cls.getDeclaredConstructor(Context.class);
        ctor.setAccessible(true);
        return ctor.newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
