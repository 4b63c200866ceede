package dev.jmail.cli;

import dev.jmail.config.Env;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.BufferedOutputStream;
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
  static boolean isTerminal(int fd) {
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
      String name = target.toString();
      return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty") || name.equals("/dev/console");
    } catch (Exception e) {
      return System.console() != null;
    }
  }

  /** Terminal width: {@code COLUMNS}, else 80 (the tty size is asked by the interactive layer). */
  public int columns() {
    return env.get("COLUMNS")
        .map(
            c -> {
              try {
                int n = Integer.parseInt(c.trim());
                return n > 10 ? n : 80;
              } catch (NumberFormatException e) {
                return 80;
              }
            })
        .orElse(80);
  }
}
