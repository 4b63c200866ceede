package dev.jmail.cli;

import dev.jmail.app.Context;
import dev.jmail.error.ExitStatus;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * picocli's model of the command line, for what the fast paths of {@link Cli#run} leave to it (help
 * on a terminal, long options, most subcommands, every usage error).
 *
 * <p>A class of its own so that {@link Cli}, which every start links, names no picocli type the
 * verifier must load: the JDK 24+ ahead-of-time cache cannot hold picocli's Java 5 class files, and
 * one such class loaded at start (here {@code IFactory}, to check that {@code Factory} is one) is
 * read from the jars, after opening each jar before picocli's on the class path.
 */
final class PicocliModel {
  private PicocliModel() {}

  /**
   * The command line for these arguments. picocli builds each command's model by reflection, a few
   * milliseconds per subcommand on every start, so only the subcommands whose names occur in {@code
   * args} are registered (all of them for help). A registered but unused subcommand changes
   * nothing: {@code jmail -s list bob} still reads "list" as the subject.
   */
  static CommandLine build(Context context, String[] args) {
    Factory factory = new Factory(context);
    CommandLine cl = new CommandLine(new JmailCommand(context), factory);
    boolean all = args == null || wantsHelp(args);
    for (Cli.Subcommand sub : Cli.SUBCOMMANDS) {
      if (all || contains(args, sub.name())) cl.addSubcommand(sub.name(), sub.type());
    }
    cl.setOut(new PrintWriter(context.out(), true));
    cl.setErr(new PrintWriter(context.err(), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // `jmail -s list bob`: a subject may be a subcommand's name.
    cl.setAllowSubcommandsAsOptionParameters(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> Cli.report(context, ex, debugRequested(parseResult)));
    cl.setParameterExceptionHandler(
        (ex, arguments) -> {
          // One line, as every jmail error: scripts and cron mails show the first line only.
          StringBuilder line = new StringBuilder("jmail: ").append(Cli.oneLine(ex.getMessage()));
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

  private static boolean debugRequested(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) return true;
    }
    return false;
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
