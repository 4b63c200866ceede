package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.compose.Composer;
import dev.jmail.compose.Draft;
import dev.jmail.compose.Outgoing;
import dev.jmail.error.ExitStatus;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.JmailException;
import dev.jmail.interactive.TerminalCompose;
import dev.jmail.queue.Outbox;
import dev.jmail.render.Json;
import dev.jmail.transport.DeadLetter;
import dev.jmail.transport.Delivered;
import dev.jmail.transport.Sender;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jmail send}: the same as the root's send mode, spelled out for scripts. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Send a message; the body is read from stdin (UTF-8, or the input-charset variable).",
      "Binary data on stdin (a NUL byte, or bytes that are not text in the input charset) is"
          + " refused with exit 65: send it with -a FILE.",
      "Transport: mta/smtp variables (SMTP), else the sendmail program, else local delivery to"
          + " mbox spools. On failure, and when the message is refused after its body was read (bad"
          + " address, header injection, binary stdin, missing -a file), it is saved to $DEAD or"
          + " ~/dead.letter; the exit status is unchanged."
    })
final class SendCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;
  @Mixin SendOptions send;

  @Parameters(paramLabel = "ADDRESS", description = "Recipients.")
  List<String> recipients = new ArrayList<>();

  @Override
  public Integer call() {
    if (recipients.isEmpty() && !send.recipientsFromHeaders()) {
      throw new dev.jmail.error.UsageException("no recipients given");
    }
    return send(root.invocation(global), send, recipients);
  }

  static int send(Invocation inv, SendOptions o, List<String> recipients) {
    inv.sending();
    if (inv.context().stdinIsTerminal() && !o.recipientsFromHeaders()) {
      // typed at a terminal: the compose prompt with tilde escapes (interactive/)
      Draft start =
          new Draft(
              o.from(),
              recipients,
              o.cc(),
              o.bcc(),
              o.subject(),
              o.headers(),
              o.attachments(),
              new byte[0],
              false,
              o.skipEmpty());
      Optional<Draft> typed = TerminalCompose.draft(inv, start);
      return typed.isEmpty() ? ExitStatus.OK.code() : send(inv, o, typed.get());
    }
    byte[] body;
    try {
      // A plain read loop: FileInputStream.readAllBytes seeks, which fails on some pipes (JDK 17).
      java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
      byte[] chunk = new byte[1 << 16];
      for (int n; (n = inv.context().in().read(chunk)) > 0; ) buf.write(chunk, 0, n);
      body = buf.toByteArray();
    } catch (IOException e) {
      throw new IoFailureException("stdin: " + e.getMessage(), e);
    }
    Draft draft =
        new Draft(
            o.from(),
            recipients,
            o.cc(),
            o.bcc(),
            o.subject(),
            o.headers(),
            o.attachments(),
            body,
            o.recipientsFromHeaders(),
            o.skipEmpty());
    return send(inv, o, draft);
  }

  private static int send(Invocation inv, SendOptions o, Draft draft) {
    Optional<Outgoing> composed;
    try {
      composed = new Composer(inv.settings()).compose(draft);
    } catch (JmailException e) {
      // Refused after the body was read (bad address, header injection, binary stdin, missing -a
      // file): what was given goes to dead.letter, the status stays the refusal's.
      if (o.dryRun()) throw e;
      DeadLetter dead = new DeadLetter(inv.settings());
      JmailException kept = dead.keep(draft, e);
      if (o.json()) {
        inv.context()
            .out()
            .println(
                Json.write(
                    result(
                        "refused",
                        "error",
                        kept.getMessage(),
                        "exit_status",
                        ExitStatus.of(kept).code(),
                        "dead_letter",
                        dead.path().toString())));
      }
      throw kept;
    }
    PrintStream out = inv.context().out();
    if (composed.isEmpty()) {
      if (o.json()) out.println(Json.write(result("skipped", "reason", "empty message")));
      return ExitStatus.OK.code();
    }
    Outgoing m = composed.get();
    if (o.dryRun()) {
      if (o.json()) {
        out.println(
            Json.write(
                result(
                    "dry-run",
                    "message_id",
                    m.messageId(),
                    "from",
                    m.envelope().sender(),
                    "recipients",
                    m.envelope().recipients(),
                    "message",
                    m.text())));
      } else {
        out.println("MAIL FROM:<" + m.envelope().sender() + ">");
        for (String r : m.envelope().recipients()) out.println("RCPT TO:<" + r + ">");
        out.println();
        out.print(m.text());
      }
      return ExitStatus.OK.code();
    }
    Outbox outbox = new Outbox(inv.settings(), inv.diagnostics(), Clock.systemUTC());
    Outbox.Outcome sent;
    try {
      sent = outbox.send(m);
    } catch (JmailException e) {
      // Scripts reading --json get the failure on stdout too; stderr and the status say the same.
      if (o.json()) {
        out.println(
            Json.write(
                result(
                    "failed",
                    "message_id",
                    m.messageId(),
                    "error",
                    e.getMessage(),
                    "exit_status",
                    ExitStatus.of(e).code(),
                    "dead_letter",
                    new Sender(inv.settings(), inv.diagnostics()).deadLetter().toString())));
      }
      throw e;
    }
    Delivered d = sent.delivered();
    if (sent.isQueued()) {
      inv.warn("queued (" + sent.queueSize() + " in queue): " + sent.reason());
      if (o.json()) {
        out.println(
            Json.write(
                result(
                    "queued",
                    "queue_id",
                    sent.queued().id(),
                    "message_id",
                    m.messageId(),
                    "from",
                    m.envelope().sender(),
                    "accepted",
                    d == null ? List.of() : d.accepted(),
                    "deferred",
                    sent.queued().recipients(),
                    "queue_size",
                    sent.queueSize(),
                    "reason",
                    sent.reason())));
      }
      return outbox.tempfailWhenQueued() ? ExitStatus.TEMP_FAILURE.code() : ExitStatus.OK.code();
    }
    if (o.json()) {
      out.println(
          Json.write(
              result(
                  "sent",
                  "message_id",
                  m.messageId(),
                  "transport",
                  d.transport(),
                  "from",
                  m.envelope().sender(),
                  "accepted",
                  d.accepted())));
    }
    return ExitStatus.OK.code();
  }

  /** The JSON result of a send: {@code status} first, then the given key/value pairs in order. */
  private static Map<String, Object> result(String status, Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    for (int k = 0; k < pairs.length; k += 2) m.put((String) pairs[k], pairs[k + 1]);
    return m;
  }
}
