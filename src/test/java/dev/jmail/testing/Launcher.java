package dev.jmail.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built launcher ({@code target/jmail}) as a subprocess, as a user or a cron job would: a
 * clean environment (no LANG, HOME in a temp dir unless set), stdin from bytes, no terminal.
 */
public final class Launcher {
  private final Map<String, String> env = new HashMap<>();
  private byte[] stdin = new byte[0];
  private long timeoutSeconds = 60;
  private String umask;

  public Launcher(Path home) {
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    String javaHome = System.getProperty("java.home");
    if (javaHome != null) env.put("JAVA_HOME", javaHome);
    env.put("HOME", home.toString());
    env.put("USER", System.getProperty("user.name"));
    env.put("MAILRC", "/dev/null");
    env.put("JMAIL_SYSTEM_RC", "/dev/null");
  }

  public static Path path() {
    String p = System.getProperty("jmail.launcher");
    Path launcher = p != null ? Path.of(p) : Path.of("target", "jmail");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("launcher not built: " + launcher + " (run mvn package)");
    }
    return launcher.toAbsolutePath();
  }

  public Launcher env(String name, String value) {
    if (value == null) env.remove(name);
    else env.put(name, value);
    return this;
  }

  public Launcher stdin(String text) {
    stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  public Launcher stdin(byte[] bytes) {
    stdin = bytes.clone();
    return this;
  }

  /** Runs the launcher under this umask ({@code sh -c 'umask 000; exec jmail …'}). */
  public Launcher umask(String mask) {
    umask = mask;
    return this;
  }

  public Launcher timeout(long seconds) {
    timeoutSeconds = seconds;
    return this;
  }

  public Process start(String... args) {
    List<String> cmd = new ArrayList<>();
    if (umask != null)
      cmd.addAll(List.of("/bin/sh", "-c", "umask " + umask + "; exec \"$0\" \"$@\""));
    cmd.add(path().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Result run(String... args) {
    Process p = start(args);
    CompletableFuture<byte[]> out = drain(p.getInputStream());
    CompletableFuture<byte[]> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    } catch (IOException ignored) {
      // the program may exit without reading stdin
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("jmail did not finish in " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), out.get(), err.get());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream s) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (s) {
            return s.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        OWN_THREAD);
  }

  /**
   * A thread of its own for each task: on two cores the common pool has one worker (JDK 25 uses it
   * even then), and a long task of a test there would keep the output of jmail from being read.
   */
  public static final java.util.concurrent.Executor OWN_THREAD =
      task -> {
        Thread t = new Thread(task, "test-task");
        t.setDaemon(true);
        t.start();
      };
}
