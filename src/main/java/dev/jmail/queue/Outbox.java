package dev.jmail.queue;

import dev.jmail.compose.Outgoing;
import dev.jmail.config.Settings;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.JmailException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UsageException;
import dev.jmail.transport.DeadLetter;
import dev.jmail.transport.Delivered;
import dev.jmail.transport.Diagnostics;
import dev.jmail.transport.MailTransport;
import dev.jmail.transport.Sender;
import dev.jmail.transport.Transports;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sending with the outgoing queue. Without the {@code queue} variable this is exactly {@link
 * Sender}: a failure goes to dead.letter. With it, a send first tries the queue (see {@link
 * Flush}), then the message; a temporary failure (the server down, a timeout, a 4xx reply, a lock
 * held) queues the message instead, and a partial success queues it for the deferred recipients
 * only. Permanent failures still go to dead.letter with their status.
 */
public final class Outbox {
  /** What became of a message: sent now (all or some), and the queue entry that keeps the rest. */
  public record Outcome(Delivered delivered, QueueEntry queued, int queueSize, String reason) {
    public boolean isQueued() {
      return queued != null;
    }
  }

  private final Settings settings;
  private final Diagnostics diag;
  private final Clock clock;
  private final QueuePolicy policy;
  private final QueueDir dir;

  public Outbox(Settings settings, Diagnostics diag, Clock clock) {
    this.settings = settings;
    this.diag = diag;
    this.clock = clock;
    this.policy = QueuePolicy.of(settings);
    this.dir = QueueDir.of(settings);
  }

  /** Whether {@code queue-tempfail} asks for exit 75 when a message was queued. */
  public boolean tempfailWhenQueued() {
    return policy.tempfail();
  }

  public QueueDir dir() {
    return dir;
  }

  public Outcome send(Outgoing m) {
    Sender sender = new Sender(settings, diag);
    if (!policy.enabled()) return new Outcome(sender.send(m), null, 0, "");
    MailTransport t;
    try {
      t = Transports.select(settings, diag);
    } catch (JmailException e) {
      throw new DeadLetter(settings).keep(m, e); // a broken setup is not hidden in the queue
    }
    JmailException down = null;
    try {
      if (!dir.ids().isEmpty()) down = flush(t, true, false).unreachable();
    } catch (JmailException e) {
      diag.warn("warning: the queue was not tried: " + e.getMessage());
    }
    if (down != null) return queue(sender, m, m.envelope().recipients(), t, down, false);
    Delivered d;
    try {
      d = t.sendPartly(m);
    } catch (JmailException e) {
      if (!Flush.temporary(e)) throw new DeadLetter(settings).keep(m, e);
      return queue(sender, m, m.envelope().recipients(), t, e, !Flush.unreachable(e));
    }
    if (!d.deferred().isEmpty()) {
      String why = String.join("; ", d.deferred().values());
      Outcome o =
          queue(
              sender,
              m,
              new ArrayList<>(d.deferred().keySet()),
              t,
              new TemporaryFailureException(why),
              true);
      return new Outcome(d, o.queued(), o.queueSize(), o.reason());
    }
    sender.recordSent(m);
    return new Outcome(d, null, 0, "");
  }

  private Outcome queue(
      Sender sender,
      Outgoing m,
      List<String> rcpts,
      MailTransport t,
      JmailException why,
      boolean serverAnswered) {
    QueueEntry e;
    try {
      QueueEntry fresh = QueueEntry.of("", m, rcpts, t.describe(), clock.instant());
      e =
          dir.add(
              fresh.failed(why.getMessage(), rcpts, serverAnswered, clock.instant()),
              clock.instant());
    } catch (JmailException notQueued) {
      diag.warn("warning: cannot queue the message: " + notQueued.getMessage());
      throw new DeadLetter(settings).keep(m, why);
    }
    return new Outcome(null, e, dir.ids().size(), why.getMessage());
  }

  /** One pass over the queue through the configured transport ({@code jmail queue --flush}). */
  public Flush.Report flush(boolean anyTransport) {
    return flush(Transports.select(settings, diag), false, anyTransport);
  }

  private Flush.Report flush(MailTransport t, boolean beforeSend, boolean anyTransport) {
    return new Flush(settings, diag, clock, dir, policy).run(t, beforeSend, anyTransport);
  }

  /** The entries, oldest first. */
  public List<QueueEntry> entries() {
    List<QueueEntry> all = new ArrayList<>();
    for (String id : dir.ids()) {
      try {
        dir.peek(id).ifPresent(all::add);
      } catch (DataFormatException unreadable) {
        diag.warn("warning: " + dir.path() + ": " + unreadable.getMessage());
      }
    }
    return all;
  }

  /** Removes one entry into dead.letter; returns where it went. */
  public String drop(String id) {
    if (!id.matches("[0-9A-Za-z._-]+")) throw new UsageException("queue: no entry " + id);
    Optional<QueueDir.Held> held = dir.lock(id);
    if (held.isEmpty()) {
      if (dir.peek(id).isEmpty()) throw new UsageException("queue: no entry " + id);
      throw new TemporaryFailureException(
          "queue: entry " + id + " is being sent by another jmail; try again");
    }
    try (QueueDir.Held h = held.get()) {
      DeadLetter dead = new DeadLetter(settings);
      JmailException saved =
          dead.keep(h.entry().outgoing(), new TemporaryFailureException("dropped"));
      if (saved.getMessage().contains("could NOT be saved")) throw saved;
      h.remove();
      return dead.path().toString();
    }
  }
}
