package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.UsageException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jmail list}: the header summary of a folder. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Print the header summary of a folder (the system mailbox unless -f): one line per message,"
          + " or a JSON array with --json; with a message list, only those messages.",
      "Exit 1 when the folder has no messages; with --json an empty folder is [] and exit 0."
    })
final class ListCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;

  @Option(
      names = {"-f", "--folder"},
      arity = "0..1",
      fallbackValue = "&",
      paramLabel = "FOLDER",
      description =
          "Folder to list (mbox file, Maildir or imap[s]:// URL; %%, &, +name, mbox:, maildir:); alone: $MBOX or ~/mbox.")
  String folder;

  @Option(
      names = "--json",
      description = "Print a JSON array: index, from, subject, date, message_id, size, flags.")
  boolean json;

  @Option(names = "--unread", description = "Only messages not yet seen.")
  boolean unread;

  @Option(
      names = "--from",
      paramLabel = "TEXT",
      description = "Only messages whose sender contains TEXT (any case).")
  String from;

  @Option(
      names = "--subject",
      paramLabel = "TEXT",
      description = "Only messages whose subject contains TEXT (any case).")
  String subject;

  @Option(
      names = "--since",
      paramLabel = "YYYY-MM-DD",
      description = "Only messages dated on or after this day.")
  String since;

  @Parameters(
      arity = "0..*",
      paramLabel = "MESSAGE",
      description =
          "A message list, as at the prompt: 3, 2-5, $, *, :n :o :u :r :d (new, old, unread, read,"
              + " deleted), /text (in the subject), an address.")
  List<String> messages = new ArrayList<>();

  @Option(
      names = "--folders",
      description =
          "List the Maildir++ sub-folders (.Sent, …) or the other IMAP mailboxes on the server with their message and unseen counts, instead of messages.")
  boolean folders;

  @Option(
      names = "--cached",
      description =
          "Offline: the summaries of a remote folder from the local cache, without connecting (noted on stderr, a cached field in JSON).")
  boolean cached;

  @Override
  public Integer call() {
    if (folders)
      return FolderListing.printSubfolders(
          root.invocation(global), folder != null ? folder : root.folder, json);
    LocalDate sinceDay = null;
    if (since != null) {
      try {
        sinceDay = LocalDate.parse(since);
      } catch (DateTimeParseException e) {
        throw new UsageException("--since: not a date (YYYY-MM-DD): " + since);
      }
    }
    Invocation inv = root.invocation(global);
    String name = folder != null ? folder : root.folder;
    return FolderListing.print(
        inv,
        name,
        json,
        new FolderListing.Filter(unread, from, subject, sinceDay),
        messages,
        cached);
  }
}
