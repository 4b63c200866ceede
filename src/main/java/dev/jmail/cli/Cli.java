package dev.jmail.cli;

import dev.jmail.app.Context;
import dev.jmail.error.ExitStatus;
import dev.jmail.error.JmailException;
import picocli.CommandLine;

/**
 * Builds the command line and runs it. The single error handler lives here: every failure becomes
 * one line {@code jmail: …} on stderr and the status its type names ({@link ExitStatus}); a stack
 * trace only with {@code --debug}.
 */
public final class Cli {
  private Cli() {}

  /** The subcommands, in help order. */
  record Subcommand(String name, Class<?> type) {}

  static final Subcommand[] SUBCOMMANDS = {
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
    return PicocliModel.build(context, null);
  }

  /** The command line for these arguments: see {@link PicocliModel#build}. */
  static CommandLine commandLine(Context context, String[] args) {
    return PicocliModel.build(context, args);
  }

  static String[] subcommandNames() {
    String[] names = new String[SUBCOMMANDS.length];
    for (int i = 0; i < names.length; i++) names[i] = SUBCOMMANDS[i].name();
    return names;
  }

  public static int run(Context context, String... args) {
    try {
      // A bare --version is answered before picocli builds its model (start-up time: scripts
      // and cron jobs run it to check the installation).
      if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
        for (String line : VersionText.lines(context.env())) context.out().println(line);
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
      return PicocliModel.build(context, args).execute(args);
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
}
