package dev.jmail.transport;

import dev.jmail.compose.Outgoing;
import dev.jmail.config.Settings;
import dev.jmail.error.JmailException;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.FolderLocator;
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
    return FolderLocator.of(settings).file(dead.strip());
  }

  private JmailException saveDead(Outgoing message, JmailException failure) {
    Path dead = deadLetter();
    try {
      MboxAppender.append(dead, LockPolicy.from(settings), message.envelope().sender(), Instant.now(), message.lfBytes());
    } catch (JmailException e) {
      return failure.withMessage(failure.getMessage() + "; the message could NOT be saved to " + dead + ": " + e.getMessage());
    }
    return failure.withMessage(failure.getMessage() + "; message saved in " + dead);
  }

  private void record(Outgoing message, String record) {
    FolderLocator.Ref folder;
    try {
      folder = FolderLocator.of(settings).resolve(record.strip());
    } catch (JmailException e) {
      diag.warn("warning: message sent, but not recorded in " + record.strip() + ": " + e.getMessage());
      return;
    }
    try {
      // a sent message is seen
      folder.store().deliver(message.lfBytes(), message.envelope().sender(), true, LockPolicy.from(settings));
    } catch (JmailException e) {
      diag.warn("warning: message sent, but not recorded in " + folder.path() + ": " + e.getMessage());
    }
  }
}
