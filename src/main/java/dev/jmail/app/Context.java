package dev.jmail.app;

import dev.jmail.config.Env;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one invocation of jmail runs against: environment, standard streams and whether they are
 * terminals. {@code Main} builds the real one; tests build one over byte arrays, so the whole
 * program runs in-process. The streams are UTF-8 whatever the locale: cron runs with LANG unset and
 * Java 17 would otherwise pick ASCII.
 */
public record Context(
    Env env,
    InputStream in,
    PrintStream out,
    PrintStream err,
    boolean stdinIsTerminal,
    boolean stdoutIsTerminal) {

  public static Context system() {
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    return new Context(
        Env.system(),
        new FileInputStream(FileDescriptor.in),
        out,
        err,
        isTerminal(0),
        isTerminal(1));
  }

  /** Linux names a terminal fd as /dev/pts/N or /dev/ttyN; elsewhere fall back to the console. */
  public static boolean isTerminal(int fd) {
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
      String name = target.toString();
      return name.startsWith("/dev/pts/")
          || name.startsWith("/dev/tty")
          || name.equals("/dev/console");
    } catch (Exception e) {
      return System.console() != null;
    }
  }

  /**
   * Terminal width: {@code COLUMNS} when set (shells rarely export it), else the terminal's own
   * size when stdout is one, else 80 (mailx and s-nail do the same).
   */
  public int columns() {
    java.util.Optional<String> c = env.get("COLUMNS");
    if (c.isPresent()) {
      try {
        int n = Integer.parseInt(c.get().trim());
        if (n > 10) return n;
      } catch (NumberFormatException e) {
        // not a number: as if unset
      }
    }
    if (stdoutIsTerminal) {
      int n = ttyColumns();
      if (n > 10) return n;
    }
    return 80;
  }

  /**
   * Asks stty for the controlling terminal's size; 0 when that fails. This keeps JLine off the
   * start-up path on purpose: only the interactive prompt builds a JLine {@code Terminal}, and
   * building one (even a dumb one) took 0.46–1.04 s in a fresh JVM on the loaded 2-core build
   * machine, against 0.11–0.18 s for this fork of stty (5 runs each, C1 only). It runs only when
   * stdout is a terminal and {@code COLUMNS} is unset, i.e. never in scripts or cron.
   */
  private static int ttyColumns() {
    try {
      Process p =
          new ProcessBuilder("stty", "size")
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) p.destroy();
      String[] rowsCols = out.split("\\s+");
      return rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : 0;
    } catch (Exception e) {
      return 0;
    }
  }
}
