package dev.jmail.queue;

import dev.jmail.config.Settings;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.JmailException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.transport.DeadLetter;
import dev.jmail.transport.Delivered;
import dev.jmail.transport.Diagnostics;
import dev.jmail.transport.MailTransport;
import dev.jmail.transport.Sender;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One pass over the queue, oldest entry first: expired entries go to dead.letter with a notice to
 * the sender; entries meant for this transport are sent; a partial success keeps the entry for the
 * recipients the server deferred; a permanent refusal moves it to dead.letter with a notice.
 */
public final class Flush {
  /** What a pass did; {@code unreachable} is the failure that ended it when the server was down. */
  public record Report(
      List<String> sent,
      List<String> deferred,
      List<String> failed,
      List<String> expired,
      int busy,
      int otherTransport,
      JmailException unreachable) {}

  /**
   * A pass before a send: only due entries, within the time budget, ending when the server is down.
   */
  static final boolean BEFORE_SEND = true;

  private final Settings settings;
  private final Diagnostics diag;
  private final Clock clock;
  private final QueueDir dir;
  private final QueuePolicy policy;

  Flush(Settings settings, Diagnostics diag, Clock clock, QueueDir dir, QueuePolicy policy) {
    this.settings = settings;
    this.diag = diag;
    this.clock = clock;
    this.dir = dir;
    this.policy = policy;
  }

  /**
   * @param beforeSend only entries due (back-off), at most {@code queue-flush-time}, stop at the
   *     first connection failure; else every entry now ({@code jmail queue --flush})
   * @param anyTransport send entries meant for another transport through this one too
   */
  Report run(MailTransport transport, boolean beforeSend, boolean anyTransport) {
    List<String> sent = new ArrayList<>();
    List<String> deferred = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    int busy = 0;
    int other = 0;
    JmailException unreachable = null;
    long deadline = System.nanoTime() + policy.flushTime().toNanos();
    if (!beforeSend) dir.cleanTmp(clock.instant());
    for (String id : dir.ids()) {
      if (beforeSend && System.nanoTime() - deadline > 0) break;
      Optional<QueueEntry> peeked;
      try {
        peeked = dir.peek(id);
      } catch (DataFormatException unreadable) {
        failed.add(id + ": " + unreadable.getMessage() + " (left in the queue directory)");
        continue; // one damaged file must not hold up the others
      }
      if (peeked.isEmpty()) {
        dir.lock(id).ifPresent(QueueDir.Held::close); // an emptied file a crash left is removed
        continue;
      }
      Instant now = clock.instant();
      boolean expires = !peeked.get().created().plus(policy.lifetime()).isAfter(now);
      boolean mine = anyTransport || peeked.get().transport().equals(transport.describe());
      if (!expires && !mine) {
        other++;
        continue;
      }
      if (!expires && beforeSend && !peeked.get().dueAt(now)) continue;
      Optional<QueueDir.Held> held = dir.lock(id);
      if (held.isEmpty()) {
        busy++;
        continue;
      }
      try (QueueDir.Held h = held.get()) {
        QueueEntry e = h.entry();
        if (expires) {
          giveUp(
              h,
              "not delivered in "
                  + days(policy)
                  + " (queue-lifetime); last error: "
                  + (e.lastError().isEmpty() ? "none" : e.lastError()),
              now);
          expired.add(id);
          continue;
        }
        dir.crashPoint("flush-locked");
        Delivered d;
        try {
          d = transport.sendPartly(e.outgoing());
        } catch (JmailException failure) {
          if (!temporary(failure)) {
            giveUp(h, failure.getMessage(), now);
            failed.add(id + ": " + failure.getMessage());
            continue;
          }
          boolean down = unreachable(failure);
          h.replace(e.failed(failure.getMessage(), e.recipients(), !down, now));
          deferred.add(id);
          if (down && beforeSend) {
            unreachable = failure;
            break;
          }
          continue;
        }
        dir.crashPoint("flush-sent");
        if (d.deferred().isEmpty()) {
          h.remove();
          dir.crashPoint("flush-removed");
          sent.add(id);
          new Sender(settings, diag).recordSent(e.outgoing());
        } else {
          List<String> still = new ArrayList<>(d.deferred().keySet());
          h.replace(e.failed(String.join("; ", d.deferred().values()), still, true, now));
          deferred.add(id);
        }
      }
    }
    return new Report(sent, deferred, failed, expired, busy, other, unreachable);
  }

  /** Moves a locked entry to dead.letter, tells the sender, removes it. */
  private void giveUp(QueueDir.Held h, String reason, Instant now) {
    QueueEntry e = h.entry();
    DeadLetter dead = new DeadLetter(settings);
    String saved = dead.keep(e.outgoing(), new TemporaryFailureException(reason)).getMessage();
    boolean kept = !saved.contains("could NOT be saved");
    String fate =
        kept
            ? "The message has been saved in " + dead.path() + "."
            : "The message could not be saved in "
                + dead.path()
                + "; it stays in the queue as "
                + e.id()
                + ".";
    Bounce.deliver(settings, diag, e, reason, fate, now);
    if (kept) h.remove();
  }

  private static String days(QueuePolicy p) {
    long s = p.lifetime().getSeconds();
    if (s % 86400 == 0) return (s / 86400) + " days";
    if (s % 3600 == 0) return (s / 3600) + " hours";
    return s + " seconds";
  }

  /**
   * Worth queueing: the failure's type says temporary (exit status 75), never 5xx, auth, TLS or
   * config.
   */
  static boolean temporary(JmailException failure) {
    return failure instanceof TemporaryFailureException;
  }

  /**
   * The server could not be reached at all (as opposed to a server that answered 4xx). Jakarta
   * Mail's exceptions chain the socket's failure as their cause.
   */
  static boolean unreachable(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof NoRouteToHostException
          || c instanceof UnknownHostException
          || c instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
