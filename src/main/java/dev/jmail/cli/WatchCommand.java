package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.ExitStatus;
import dev.jmail.error.TemporaryFailureException;
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
          + " JSON object per line with --json, for each; reconnects with back-off (1 s doubling"
          + " to 60 s) when the connection drops; stops on Ctrl-C or SIGTERM. Nothing on the"
          + " server is changed."
    },
    footer = {
      "%nExamples:",
      "  jmail watch -f imaps://bob@mail.example.com",
      "  jmail watch --json -f imaps://bob@mail.example.com/Lists/dev | jq -r .subject",
      "  jmail watch --give-up 600 -f imaps://bob@mail.example.com; echo $?"
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

  @Option(
      names = "--give-up",
      paramLabel = "SECONDS",
      description =
          "Exit with 75 when the server has stayed unreachable this long (default: keep trying;"
              + " a wrong password, 77, or a certificate that does not verify, 69, ends the watch"
              + " at once).")
  int giveUpSeconds;

  /**
   * The first delay before reconnecting (property {@code jmail.watch.backoff.ms}, 1000 ms: tests
   * scale it down); it doubles after each failed attempt, up to 60 times itself (a minute).
   */
  static long firstBackOffMillis() {
    return Math.max(1, Long.getLong("jmail.watch.backoff.ms", 1000));
  }

  private volatile boolean stopping;

  @Override
  public Integer call() {
    Invocation inv = root.invocation(global);
    FolderLocator.Ref ref = MessageChangeOptions.locator(inv).resolve(folder);
    if (ref.imap() == null)
      throw new UsageException(folder + ": watch needs an IMAP mailbox (imap:// or imaps://)");
    if (renewSeconds < 1) throw new UsageException("--idle-renew: at least 1 second");
    if (giveUpSeconds < 0) throw new UsageException("--give-up: a number of seconds, 0 or more");
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stopping = true;
              main.interrupt();
            });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      watch(inv, ref);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: we are stopping anyway
      }
      inv.context().out().flush();
    }
    return ExitStatus.OK.code();
  }

  /**
   * Lists the mailbox once (the messages already there are not printed), then idles; each wake-up
   * lists it again and prints what was not known. Every message printed or known stays known across
   * reconnections, so nothing is printed twice. A temporary failure (75: unreachable, timed out,
   * the connection dropped) is retried after a delay that doubles from {@link #firstBackOffMillis}
   * to 60 times it; with {@code --give-up}, when the server has stayed away that long, 75. Any
   * other failure (77 wrong password, 69 TLS or a server without IDLE, 78 configuration) ends the
   * watch.
   */
  private void watch(Invocation inv, FolderLocator.Ref ref) {
    PrintStream out = inv.context().out();
    Set<String> known = new HashSet<>();
    boolean[] baseline = {false};
    int[] printed = {0};
    long first = firstBackOffMillis();
    long backOffMillis = first;
    long awaySince = System.nanoTime();
    while (!stopping && (count == 0 || printed[0] < count)) {
      try (ImapIdle idle = ImapIdle.open(ref.imap())) {
        backOffMillis = first;
        while (!stopping) {
          locations(
              ref,
              s -> {
                // known before a line is printed: a drop later in this listing prints it not again
                if (known.add(s.entry().location().toString()) && baseline[0]) {
                  out.println(
                      json
                          ? Json.write(Summaries.toJson(s))
                          : Summaries.line(s, false, inv.context().columns()));
                  printed[0]++;
                }
              });
          baseline[0] = true;
          out.flush();
          awaySince = System.nanoTime();
          if (count > 0 && printed[0] >= count) return;
          idle.waitForNew(renewSeconds * 1000L);
        }
      } catch (TemporaryFailureException e) {
        if (stopping) return;
        long awayMillis = (System.nanoTime() - awaySince) / 1_000_000L;
        if (giveUpSeconds > 0 && awayMillis + backOffMillis > giveUpSeconds * 1000L) {
          throw new TemporaryFailureException(
              e.getMessage() + "; giving up after " + giveUpSeconds + " s (--give-up)", e);
        }
        inv.warn(e.getMessage() + "; reconnecting in " + seconds(backOffMillis));
        try {
          Thread.sleep(backOffMillis); // the back-off itself, not a synchronisation
        } catch (InterruptedException ie) {
          return;
        }
        backOffMillis = Math.min(backOffMillis * 2, first * 60);
      }
    }
  }

  /** "1 s", "0.25 s": the delay as the warning shows it. */
  private static String seconds(long millis) {
    return millis % 1000 == 0
        ? millis / 1000 + " s"
        : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
  }

  /** The mailbox's messages now, each to {@code each} (its location: UIDVALIDITY+UID). */
  private static void locations(
      FolderLocator.Ref ref, java.util.function.Consumer<MessageSummary> each) {
    try (Folder f = ref.open()) {
      f.summaries(Summaries::detached, each);
    }
  }
}
