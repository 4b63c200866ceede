package dev.jmail.interactive;

import dev.jmail.app.Context;
import dev.jmail.error.UnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs shell commands for {@code !}, {@code |}, {@code ~!}, {@code ~|} and the editor. On a
 * terminal the child owns the terminal (line editing paused); without one its output is copied to
 * our standard streams, and it never reads our command stream.
 */
final class Shell {
  private Shell() {}

  /** Runs {@code sh -c command}, feeding {@code input} (null: nothing, or the terminal). */
  static int run(Repl r, String command, byte[] input) {
    return run(r.inv.context(), r.input, command, input, null, r.cwd);
  }

  static int run(
      Context ctx, LineInput in, String command, byte[] input, ByteArrayOutputStream captured) {
    return run(ctx, in, command, input, captured, null);
  }

  /**
   * @param captured when not null, receives the child's stdout instead of the screen
   * @param dir the directory it runs in (the session's {@code cd}); null: ours
   * @return the exit status
   */
  static int run(
      Context ctx,
      LineInput in,
      String command,
      byte[] input,
      ByteArrayOutputStream captured,
      java.nio.file.Path dir) {
    ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", command));
    if (dir != null) pb.directory(dir.toFile());
    pb.environment().putAll(ctx.env().asMap());
    boolean tty = in.isTerminal() && ctx.stdoutIsTerminal();
    if (input == null && tty) pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
    if (captured == null && tty) pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    if (tty) pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    ctx.out().flush();
    in.pause();
    try {
      Process p = pb.start();
      CompletableFuture<Void> outCopy = null;
      CompletableFuture<Void> errCopy = null;
      if (captured != null) outCopy = copy(p.getInputStream(), captured);
      else if (!tty) outCopy = copy(p.getInputStream(), ctx.out());
      if (!tty) errCopy = copy(p.getErrorStream(), ctx.err());
      if (input != null || !tty) {
        try (OutputStream o = p.getOutputStream()) {
          if (input != null) o.write(input);
        } catch (IOException e) {
          // the command did not read everything: its business
        }
      }
      int status = p.waitFor();
      if (outCopy != null) outCopy.join();
      if (errCopy != null) errCopy.join();
      ctx.out().flush();
      return status;
    } catch (IOException e) {
      throw new UnavailableException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } finally {
      in.resume();
    }
  }

  private static CompletableFuture<Void> copy(InputStream from, OutputStream to) {
    return CompletableFuture.runAsync(
        () -> {
          try (from) {
            byte[] buf = new byte[8192];
            for (int n; (n = from.read(buf)) > 0; ) {
              synchronized (to) {
                to.write(buf, 0, n);
              }
            }
          } catch (IOException e) {
            // the child closed its end
          }
        });
  }
}
