package dev.jmail.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A command in a real pseudo-terminal: a detached tmux session on a private server socket, keys
 * sent to it and its screen read back. {@link #close} stops the server.
 */
public final class Tmux implements AutoCloseable {
  private final String socket =
      "jmail-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

  /** Whether tmux can be run here (else the test is skipped with that reason). */
  public static boolean available() {
    try {
      return run("tmux", "-V") == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Starts {@code shellCommand} in a {@code columns} x {@code rows} terminal. */
  public Tmux start(int columns, int rows, String shellCommand) throws Exception {
    int status =
        run(
            "tmux",
            "-L",
            socket,
            "new-session",
            "-d",
            "-s",
            "jmail",
            "-x",
            String.valueOf(columns),
            "-y",
            String.valueOf(rows),
            shellCommand);
    if (status != 0) throw new AssertionError("tmux new-session failed: " + status);
    return this;
  }

  public String screen() throws Exception {
    return capture("-p");
  }

  /** The screen with wrapped lines joined: a line longer than the pane is one that wrapped. */
  public String joinedScreen() throws Exception {
    return capture("-p", "-J");
  }

  private String capture(String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "capture-pane"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("-t", "jmail"));
    Process p = new ProcessBuilder(cmd).start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(5, TimeUnit.SECONDS);
    return s;
  }

  /** Polls the screen until it shows what is wanted; 20 s, scaled by {@link Bounds}. */
  public String waitFor(Predicate<String> ready, String what) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Bounds.seconds(20));
    String s = "";
    while (System.nanoTime() < end) {
      s = screen();
      if (ready.test(s)) return s;
      Thread.sleep(100);
    }
    throw new AssertionError("the screen never showed " + what + ":\n" + s);
  }

  public void keys(String... keys) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "send-keys", "-t", "jmail"));
    cmd.addAll(List.of(keys));
    run(cmd.toArray(String[]::new));
  }

  private static int run(String... cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(Bounds.seconds(10), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  @Override
  public void close() throws Exception {
    run("tmux", "-L", socket, "kill-server");
  }
}
