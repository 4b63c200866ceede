package dev.jmail.cli;

import dev.jmail.app.Context;
import dev.jmail.app.Invocation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The root command: mailx's own command line. With recipients (or {@code -t}) it sends; with {@code
 * -H} it prints the header summary; with {@code -e} it tests for mail; otherwise it opens the
 * mailbox interactively. Only wiring here: each mode lives in its own class.
 */
@Command(
    name = "jmail",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    synopsisHeading = "%nUsage:%n",
    customSynopsis = {
      "  jmail [-s SUBJECT] [-c ADDRS] [-b ADDRS] [-a FILE]... [-r FROM] [OPTIONS] [--] ADDRESS...",
      "  jmail [-H | -e | -N] [-f [FOLDER]]",
      "  jmail COMMAND [OPTIONS] [ARGS]",
    },
    description = {
      "%nA mailx-compatible mail user agent: sends mail from the command line, reads mbox and"
          + " Maildir folders, and offers the mailx prompt.%n"
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {})
public final class JmailCommand implements Callable<Integer> {
  final Context context;

  @Mixin GlobalOptions global;
  @Mixin SendOptions send;

  @Option(names = "-H", description = "Print the header summary of the folder and exit.")
  boolean headersOnly;

  @Option(names = "-e", description = "Exit 0 if the folder has mail, 1 if not; print nothing.")
  boolean checkMail;

  @Option(
      names = "-f",
      arity = "0..1",
      paramLabel = "FOLDER",
      fallbackValue = "&",
      description = "Read FOLDER instead of the system mailbox; alone: $MBOX or ~/mbox.")
  String folder;

  @Option(names = "-N", description = "Do not print the header summary on start-up.")
  boolean noHeaderSummary;

  @Parameters(paramLabel = "ADDRESS", description = "Recipients (send mode).")
  List<String> recipients = new ArrayList<>();

  JmailCommand(Context context) {
    this.context = context;
  }

  Invocation invocation() {
    return new Invocation(context, global.toOptions());
  }

  /** A subcommand's invocation: the root's global options merged with its own. */
  Invocation invocation(GlobalOptions sub) {
    return new Invocation(context, global.mergedWith(sub).toOptions());
  }

  @Override
  public Integer call() {
    Invocation inv = invocation();
    if (checkMail) return ReceiveMode.checkMail(inv, folder);
    if (headersOnly) return ReceiveMode.headerSummary(inv, folder);
    if (!recipients.isEmpty() || send.recipientsFromHeaders()) {
      return SendCommand.send(inv, send, recipients);
    }
    if (send.anyGiven()) {
      throw new dev.jmail.error.UsageException("no recipients given");
    }
    return ReceiveMode.interactive(inv, folder, noHeaderSummary);
  }
}
