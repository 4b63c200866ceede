package dev.jmail.transport;

import dev.jmail.compose.Outgoing;
import dev.jmail.config.Settings;
import dev.jmail.error.JmailException;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.maildir.MaildirDelivery;
import dev.jmail.store.mbox.MboxAppender;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Sends a composed message so that nothing is lost: on any failure the message is appended to the
 * dead letter file ({@code DEAD} variable, else {@code $DEAD}, else {@code ~/dead.letter}, mbox
 * format, whole or not at all) and the failure is rethrown naming that file; on success a copy goes
 * to the {@code record} folder when set.
 */
public final class Sender {
  private final Settings settings;
  private final Diagnostics diag;

  public Sender(Settings settings, Diagnostics diag) {
    this.settings = settings;
    this.diag = diag;
  }

  public Delivered send(Outgoing message) {
    Delivered done;
    try {
      done = Transports.select(settings, diag).send(message);
    } catch (JmailException e) {
      throw saveDead(message, e);
    }
    settings.get("record").filter(r -> !r.isBlank()).ifPresent(r -> record(message, r));
    return done;
  }

  /** Where unsent mail goes. */
  public Path deadLetter() {
    String dead = settings.get("DEAD").or(() -> settings.env().get("DEAD")).orElse(null);
    if (dead == null || dead.isBlank()) return settings.env().home().resolve("dead.letter");
    return SmtpConfig.expandHome(dead.strip(), settings);
  }

  /** Appends the message to dead.letter; returns the failure with what became of the message. */
  public JmailException saveDead(Outgoing message, JmailException failure) {
    Path dead = deadLetter();
    try {
      MboxAppender.append(dead, LockPolicy.from(settings), message.envelope().sender(), Instant.now(), message.lfBytes());
    } catch (JmailException e) {
      return Failures.withMessage(
          failure, failure.getMessage() + "; the message could NOT be saved to " + dead + ": " + e.getMessage());
    }
    return Failures.withMessage(failure, failure.getMessage() + "; message saved in " + dead);
  }

  /** The {@code record} copy of a message that has been sent (the queue's, once it is). */
  public void recordSent(Outgoing message) {
    settings.get("record").filter(r -> !r.isBlank()).ifPresent(r -> record(message, r));
  }

  private void record(Outgoing message, String record) {
    Path folder = folderPath(record.strip());
    try {
      if (LocalDelivery.isMaildir(folder)) {
        MaildirDelivery.deliver(folder, message.lfBytes(), "S"); // a sent message is seen
      } else {
        MboxAppender.append(folder, LockPolicy.from(settings), message.envelope().sender(), Instant.now(), message.lfBytes());
      }
    } catch (JmailException e) {
      diag.warn("warning: message sent, but not recorded in " + folder + ": " + e.getMessage());
    }
  }

  /** {@code +name} is relative to the {@code folder} variable; {@code ~/} to HOME. */
  private Path folderPath(String name) {
    if (name.startsWith("+")) {
      Path base = settings.get("folder").filter(f -> !f.isBlank())
          .map(f -> SmtpConfig.expandHome(f, settings))
          .orElse(settings.env().home());
      if (!base.isAbsolute()) base = settings.env().home().resolve(base);
      return base.resolve(name.substring(1));
    }
    return SmtpConfig.expandHome(name, settings);
  }
}
