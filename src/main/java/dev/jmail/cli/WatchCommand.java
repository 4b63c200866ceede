package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.ExitStatus;
import dev.jmail.error.JmailException;
import dev.jmail.error.PermissionException;
import dev.jmail.error.UsageException;
import dev.jmail.message.MessageSummary;
import dev.jmail.render.Json;
import dev.jmail.render.Summaries;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.imap.ImapIdle;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jmail watch -f imaps://…}: one line per new message, as it arrives (IMAP IDLE). */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Wait for new messages in an IMAP mailbox (IDLE, RFC 2177) and print one summary line, or one"
          + " JSON object per line with --json, for each; reconnects with back-off when the"
          + " connection drops; stops on Ctrl-C or SIGTERM. Nothing on the server is changed."
    },
    footer = {
      "%nExamples:",
      "  jmail watch -f imaps://bob@mail.example.com",
      "  jmail watch --json -f imaps://bob@mail.example.com/Lists/dev | jq -r .subject"
    })
class WatchCommand implements Callable<Integer> {
  /** Servers may drop an idle client after 30 minutes (RFC 2177): renew before. */
  static final int DEFAULT_RENEW_SECONDS = 29 * 60;

  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;

  @Option(
      names = {"-f", "--folder"},
      paramLabel = "URL",
      required = true,
      description = "The IMAP mailbox to watch: imaps://[user@]host[:port][/mailbox].")
  String folder;

  @Option(
      names = "--json",
      description =
          "One JSON object per line: index, from, subject, date, message_id, size, flags.")
  boolean json;

  @Option(
      names = "--idle-renew",
      paramLabel = "SECONDS",
      description =
          "Renew IDLE after this many seconds (default: 1740, under the 30 minutes servers allow).")
  int renewSeconds = DEFAULT_RENEW_SECONDS;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Stop after N new messages (default: never).")
  int count;

  private volatile boolean stopping;

  @Override
  public Integer call() {
    Invocation inv = root.invocation(global);
    FolderLocator.Ref ref = MessageChangeOptions.locator(inv).resolve(folder);
    if (ref.imap() == null)
      throw new UsageException(folder + ": watch needs an IMAP mailbox (imap:// or imaps://)");
    if (renewSeconds < 1) throw new UsageException("--idle-renew: at least 1 second");
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stopping = true;
              main.interrupt();
            });
    Runtime.getRuntime().addShutdownHook(hook);
    PrintStream out = inv.context().out();
    Set<String> known = null;
    int printed = 0;
    long backOffMillis = 1000;
    while (!stopping) {
      try (ImapIdle idle = ImapIdle.open(ref.imap())) {
        backOffMillis = 1000;
        if (known == null) known = locations(ref, null, out);
        while (!stopping && (count == 0 || printed < count)) {
          Set<String> before = known;
          known =
              locations(
                  ref,
                  s -> {
                    if (!before.contains(s.entry().location().toString())) {
                      out.println(
                          json
                              ? Json.write(Summaries.toJson(s))
                              : Summaries.line(s, false, inv.context().columns()));
                    }
                  },
                  out);
          printed += (int) known.stream().filter(k -> !before.contains(k)).count();
          out.flush();
          if (count > 0 && printed >= count) break;
          idle.waitForNew(renewSeconds * 1000L);
        }
        if (count > 0 && printed >= count) break;
      } catch (PermissionException | UsageException e) {
        throw e;
      } catch (JmailException e) {
        if (stopping) break;
        inv.warn(e.getMessage() + "; reconnecting in " + backOffMillis / 1000 + " s");
        try {
          Thread.sleep(backOffMillis);
        } catch (InterruptedException ie) {
          break;
        }
        backOffMillis = Math.min(backOffMillis * 2, 60_000);
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: we are stopping anyway
    }
    out.flush();
    return ExitStatus.OK.code();
  }

  /** The mailbox's messages now (by UIDVALIDITY+UID); each to {@code each} when not null. */
  private static Set<String> locations(
      FolderLocator.Ref ref, java.util.function.Consumer<MessageSummary> each, PrintStream out) {
    Set<String> seen = new HashSet<>();
    try (Folder f = ref.open()) {
      f.summaries(
          Summaries::detached,
          s -> {
            seen.add(s.entry().location().toString());
            if (each != null) each.accept(s);
          });
    }
    return seen;
  }
}
