package dev.jmail.transport;

import dev.jmail.compose.Outgoing;
import dev.jmail.error.PermissionException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pipes the message to a sendmail-compatible program: {@code PROGRAM -oi -f SENDER -- RCPT…}.
 * {@code -oi}: a line with a single dot does not end the message. {@code --}: a recipient such as
 * {@code -oQ/tmp} can never be read as an option. The program's exit status follows sysexits: 75 is
 * a temporary failure; any other non-zero status a permanent one.
 *
 * <p>Bounded, never hangs: a program that has neither read the message nor exited within {@code
 * sendmail-timeout} seconds is stopped (SIGTERM to it and every process it started, SIGKILL a
 * second later) and the send is a temporary failure (exit 75; the message goes to dead.letter).
 */
final class SendmailTransport implements MailTransport {
  /** Time a stopped program gets to exit after SIGTERM before SIGKILL. */
  private static final Duration GRACE = Duration.ofSeconds(1);

  private final String program;
  private final Duration timeout;

  SendmailTransport(String program, Duration timeout) {
    this.program = program;
    this.timeout = timeout;
  }

  @Override
  public String describe() {
    return "sendmail:" + program;
  }

  List<String> command(Outgoing message) {
    List<String> cmd =
        new ArrayList<>(List.of(program, "-oi", "-f", message.envelope().sender(), "--"));
    cmd.addAll(message.envelope().recipients());
    return cmd;
  }

  @Override
  public Delivered send(Outgoing message) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Process p;
    try {
      p =
          new ProcessBuilder(command(message))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UnavailableException(describe() + ": cannot run: " + e.getMessage(), e);
    }
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    // The message is written from its own thread: a program that stops reading would otherwise
    // block this one in write() for ever, out of reach of the timeout.
    AtomicBoolean written = new AtomicBoolean();
    byte[] bytes = message.lfBytes();
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream in = p.getOutputStream()) {
                in.write(bytes);
                written.set(true);
              } catch (IOException e) {
                // The program exited without reading everything: its status says why, unless it is
                // 0.
              }
            },
            "sendmail-stdin");
    writer.setDaemon(true);
    writer.start();
    int status;
    try {
      if (!p.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
        stop(p);
        throw new TemporaryFailureException(
            describe()
                + ": no answer within "
                + timeout.toSeconds()
                + " s (sendmail-timeout), stopped it");
      }
      status = p.exitValue();
      // It exited: the writer ends at once (done, or a broken pipe) unless a process the program
      // left behind holds the pipe open without reading; then the message was not all read.
      writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(p);
      throw new TemporaryFailureException(describe() + ": interrupted");
    }
    if (status == 0 && written.get())
      return new Delivered(describe(), message.envelope().recipients());
    if (status == 0) {
      throw new UnavailableException(
          describe() + ": exited with status 0 before reading the whole message");
    }
    // A process left behind may hold stderr open: take what has arrived, never wait for its end.
    String why =
        err.completeOnTimeout("", 200, TimeUnit.MILLISECONDS)
            .join()
            .strip()
            .replaceAll("\\s+", " ");
    String text = describe() + ": exited with status " + status + (why.isEmpty() ? "" : ": " + why);
    if (status == 75) throw new TemporaryFailureException(text);
    if (status == 77) throw new PermissionException(text);
    throw new UnavailableException(text);
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /** SIGTERM to the program and everything it started (a shell script's children), then SIGKILL. */
  private static void stop(Process p) {
    // Taken before the program dies: its orphans are re-parented and out of reach afterwards.
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.add(0, p.toHandle());
    all.forEach(ProcessHandle::destroy);
    long until = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(remaining(until), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private static String drain(InputStream s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (s) {
      s.transferTo(b);
    } catch (IOException ignored) {
      // what we got is enough for a diagnostic
    }
    String text = b.toString(StandardCharsets.UTF_8);
    return text.length() > 500 ? text.substring(0, 500) : text;
  }
}
