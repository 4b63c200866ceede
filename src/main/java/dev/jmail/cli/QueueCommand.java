package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.ExitStatus;
import dev.jmail.queue.Flush;
import dev.jmail.queue.Outbox;
import dev.jmail.queue.QueueEntry;
import dev.jmail.render.Json;
import dev.jmail.render.Rfc2047;
import dev.jmail.render.Sanitizer;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jmail queue}: list, flush or drop the outgoing queue (the {@code queue} variable). */
@Command(
    name = "queue",
    mixinStandardHelpOptions = true,
    description = {
      "List the outgoing queue: messages that could not be sent because of a temporary failure"
          + " while the queue variable was set. Each later send tries the queue first.",
      "--flush tries every queued message now (for a timer); it prints nothing unless -v or --json,"
          + " or a message was given up (moved to dead.letter, the sender notified)."
    },
    footer = {
      "%nExamples:",
      "  jmail queue                     id, age, attempts, recipients, subject, last error",
      "  jmail queue --flush             from cron: */10 * * * * jmail queue --flush",
      "  jmail queue --json | jq -r '.[].id'",
      "  jmail queue --drop 20261207-034825.123-3fa9c1"
    })
final class QueueCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;

  @Option(names = "--flush", description = "Try to send every queued message now.")
  boolean flush;

  @Option(
      names = "--any-transport",
      description =
          "With --flush: send messages queued for another transport (an mta since changed) through this one.")
  boolean anyTransport;

  @Option(
      names = "--drop",
      paramLabel = "ID",
      description = "Remove one queued message, into dead.letter.")
  String drop;

  @Option(names = "--json", description = "Print JSON: the entries, or what --flush did.")
  boolean json;

  @Override
  public Integer call() {
    Invocation inv = root.invocation(global);
    Outbox outbox = new Outbox(inv.settings(), inv.diagnostics(), Clock.systemUTC());
    PrintStream out = inv.context().out();
    if (drop != null) {
      String where = outbox.drop(drop);
      if (json)
        out.println(
            Json.write(Map.of("status", "dropped", "queue_id", drop, "dead_letter", where)));
      else out.println("dropped " + drop + " into " + where);
      return ExitStatus.OK.code();
    }
    if (flush) {
      Flush.Report r = outbox.flush(anyTransport);
      for (String f : r.failed()) inv.warn("given up (dead.letter): " + f);
      for (String e : r.expired()) inv.warn("expired (dead.letter): " + e);
      int left = outbox.dir().ids().size();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", r.sent());
        m.put("deferred", r.deferred());
        m.put("failed", r.failed());
        m.put("expired", r.expired());
        m.put("busy", r.busy());
        m.put("other_transport", r.otherTransport());
        m.put("queue_size", left);
        out.println(Json.write(m));
      } else if (global.verbose()) {
        inv.warn(
            r.sent().size()
                + " sent, "
                + r.deferred().size()
                + " deferred, "
                + r.failed().size()
                + " given up, "
                + r.expired().size()
                + " expired, "
                + r.busy()
                + " busy, "
                + r.otherTransport()
                + " for another transport; "
                + left
                + " in queue");
      }
      return ExitStatus.OK.code();
    }
    List<QueueEntry> entries = outbox.entries();
    Instant now = Instant.now();
    if (json) {
      List<Map<String, Object>> all = new ArrayList<>();
      for (QueueEntry e : entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("created", e.created().toString());
        m.put("from", e.sender());
        m.put("recipients", e.recipients());
        m.put("subject", Rfc2047.decodeHeader(e.subjectField()));
        m.put("transport", e.transport());
        m.put("attempts", e.attempts());
        m.put("next_try", e.nextTry().toString());
        m.put("last_error", e.lastError());
        m.put("message_id", e.messageId());
        all.add(m);
      }
      out.println(Json.write(all));
      return ExitStatus.OK.code();
    }
    if (entries.isEmpty()) {
      out.println("the queue is empty");
      return ExitStatus.OK.code();
    }
    for (QueueEntry e : entries) {
      out.println(
          e.id()
              + "  "
              + age(Duration.between(e.created(), now))
              + "  "
              + e.attempts()
              + " tries  "
              + String.join(", ", e.recipients())
              + "  "
              + Sanitizer.line(Rfc2047.decodeHeader(e.subjectField())));
      if (!e.lastError().isEmpty()) out.println("    " + Sanitizer.line(e.lastError()));
    }
    return ExitStatus.OK.code();
  }

  private static String age(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) return s + "s";
    if (s < 7200) return s / 60 + "m";
    if (s < 172800) return s / 3600 + "h";
    return s / 86400 + "d";
  }
}
