package dev.jmail.cli;

import dev.jmail.compose.Composer;
import dev.jmail.compose.Draft;
import dev.jmail.compose.Outgoing;
import dev.jmail.error.IoFailureException;
import dev.jmail.transport.Delivered;
import dev.jmail.transport.Diagnostics;
import dev.jmail.transport.Sender;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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
          + " mbox spools. On failure the message is saved to $DEAD or ~/dead.letter."
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
    if (inv.context().stdinIsTerminal() && !o.recipientsFromHeaders()) {
      // typed at a terminal: the compose prompt with tilde escapes (interactive/)
      Draft start = new Draft(o.from(), recipients, o.cc(), o.bcc(), o.subject(), o.headers(),
          o.attachments(), new byte[0], false, o.skipEmpty());
      Optional<Draft> typed = dev.jmail.interactive.TerminalCompose.draft(inv, start);
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
        new Draft(o.from(), recipients, o.cc(), o.bcc(), o.subject(), o.headers(), o.attachments(), body,
            o.recipientsFromHeaders(), o.skipEmpty());
    return send(inv, o, draft);
  }

  private static int send(Invocation inv, SendOptions o, Draft draft) {
    Optional<Outgoing> composed = new Composer(inv.settings()).compose(draft);
    PrintStream out = inv.context().out();
    if (composed.isEmpty()) {
      if (o.json()) out.println("{\"status\":\"skipped\",\"reason\":\"empty message\"}");
      return ExitStatus.OK.code();
    }
    Outgoing m = composed.get();
    if (o.dryRun()) {
      if (o.json()) {
        out.println("{\"status\":\"dry-run\",\"message_id\":" + json(m.messageId()) + ",\"from\":"
            + json(m.envelope().sender()) + ",\"recipients\":" + json(m.envelope().recipients())
            + ",\"message\":" + json(m.text()) + "}");
      } else {
        out.println("MAIL FROM:<" + m.envelope().sender() + ">");
        for (String r : m.envelope().recipients()) out.println("RCPT TO:<" + r + ">");
        out.println();
        out.print(m.text());
      }
      return ExitStatus.OK.code();
    }
    Delivered d = new Sender(inv.settings(), diagnostics(inv)).send(m);
    if (o.json()) {
      out.println("{\"status\":\"sent\",\"message_id\":" + json(m.messageId()) + ",\"transport\":"
          + json(d.transport()) + ",\"from\":" + json(m.envelope().sender()) + ",\"accepted\":"
          + json(d.accepted()) + "}");
    }
    return ExitStatus.OK.code();
  }

  private static Diagnostics diagnostics(Invocation inv) {
    return new Diagnostics() {
      @Override
      public void warn(String text) {
        inv.warn(text);
      }

      @Override
      public PrintStream verbose() {
        return inv.global().verbose() ? inv.context().err() : null;
      }
    };
  }

  private static String json(List<String> list) {
    StringBuilder b = new StringBuilder("[");
    for (String s : list) b.append(b.length() > 1 ? "," : "").append(json(s));
    return b.append(']').toString();
  }

  /** RFC 8259 string: quotes, backslash and control characters escaped. */
  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
