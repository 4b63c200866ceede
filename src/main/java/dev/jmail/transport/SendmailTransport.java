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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Pipes the message to a sendmail-compatible program: {@code PROGRAM -oi -f SENDER -- RCPT…}.
 * {@code -oi}: a line with a single dot does not end the message. {@code --}: a recipient such as
 * {@code -oQ/tmp} can never be read as an option. The program's exit status follows sysexits:
 * 75 is a temporary failure; any other non-zero status a permanent one.
 */
final class SendmailTransport implements MailTransport {
  private final String program;

  SendmailTransport(String program) {
    this.program = program;
  }

  @Override
  public String describe() {
    return "sendmail:" + program;
  }

  List<String> command(Outgoing message) {
    List<String> cmd = new ArrayList<>(List.of(program, "-oi", "-f", message.envelope().sender(), "--"));
    cmd.addAll(message.envelope().recipients());
    return cmd;
  }

  @Override
  public Delivered send(Outgoing message) {
    Process p;
    try {
      p = new ProcessBuilder(command(message)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UnavailableException(describe() + ": cannot run: " + e.getMessage(), e);
    }
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    boolean written = true;
    try (OutputStream in = p.getOutputStream()) {
      in.write(message.lfBytes());
    } catch (IOException e) {
      // The program exited without reading everything: its status says why, unless it is 0.
      written = false;
    }
    int status;
    try {
      status = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroy();
      throw new TemporaryFailureException(describe() + ": interrupted");
    }
    if (status == 0 && written) return new Delivered(describe(), message.envelope().recipients());
    if (status == 0) {
      throw new UnavailableException(describe() + ": exited with status 0 before reading the whole message");
    }
    String why = err.join().strip().replaceAll("\\s+", " ");
    String text = describe() + ": exited with status " + status + (why.isEmpty() ? "" : ": " + why);
    if (status == 75) throw new TemporaryFailureException(text);
    if (status == 77) throw new PermissionException(text);
    throw new UnavailableException(text);
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
