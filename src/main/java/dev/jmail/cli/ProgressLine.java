package dev.jmail.cli;

import dev.jmail.app.Context;
import java.io.PrintStream;

/**
 * A progress line on stderr for long work (done/total, rate, time left), redrawn in place, only
 * when stderr is a terminal: cron mail and pipes stay clean.
 */
final class ProgressLine {
  private final PrintStream err;
  private final String verb;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  private ProgressLine(PrintStream err, String verb) {
    this.err = err;
    this.verb = verb;
  }

  static ProgressLine onStderr(Context context, String verb) {
    return new ProgressLine(
        Context.isTerminal(2) && context.stdoutIsTerminal() ? context.err() : null, verb);
  }

  /**
   * For work done while a listing is printed: drawn only when stderr is a terminal and stdout is
   * not (on a terminal the listing's own lines show the progress, and would be torn by it).
   */
  static ProgressLine whileListing(Context context, String verb) {
    return new ProgressLine(
        Context.isTerminal(2) && !context.stdoutIsTerminal() ? context.err() : null, verb);
  }

  boolean enabled() {
    return err != null;
  }

  void update(int done, int total, long bytes) {
    if (err == null) return;
    long now = System.nanoTime();
    if (done < total && now - lastDraw < 200_000_000L) return;
    lastDraw = now;
    double secs = Math.max(1e-3, (now - start) / 1e9);
    double rate = done / secs;
    String left =
        rate > 0 && done < total ? ", " + clock((long) ((total - done) / rate)) + " left" : "";
    err.print(
        "\rjmail: "
            + verb
            + " "
            + done
            + "/"
            + total
            + " ("
            + (long) rate
            + "/s, "
            + (bytes >> 10)
            + " KiB"
            + left
            + ")\u001b[K");
    err.flush();
    drawn = true;
  }

  void end() {
    if (err != null && drawn) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }

  private static String clock(long s) {
    return s / 60 + ":" + (s % 60 < 10 ? "0" : "") + s % 60;
  }
}
