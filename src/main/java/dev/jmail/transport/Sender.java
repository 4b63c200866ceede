package dev.jmail.transport;

import dev.jmail.compose.Outgoing;
import dev.jmail.config.Settings;
import dev.jmail.error.JmailException;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.lock.LockPolicy;
import java.nio.file.Path;

/**
 * Sends a composed message so that nothing is lost: on any failure the message is appended to the
 * dead letter file ({@link DeadLetter}) and the failure is rethrown naming that file; on success a
 * copy goes to the {@code record} folder when set.
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
      throw new DeadLetter(settings).keep(message, e);
    }
    settings.get("record").filter(r -> !r.isBlank()).ifPresent(r -> record(message, r));
    return done;
  }

  /** Where unsent mail goes. */
  public Path deadLetter() {
    return new DeadLetter(settings).path();
  }

  /** The {@code record} copy of a message that has been sent (the queue's, once it is). */
  public void recordSent(Outgoing message) {
    settings.get("record").filter(r -> !r.isBlank()).ifPresent(r -> record(message, r));
  }

  private void record(Outgoing message, String record) {
    FolderLocator.Ref folder;
    try {
      folder = FolderLocator.of(settings).resolve(record.strip());
    } catch (JmailException e) {
      diag.warn(
          "warning: message sent, but not recorded in " + record.strip() + ": " + e.getMessage());
      return;
    }
    try {
      // a sent message is seen
      folder
          .store()
          .deliver(message.lfBytes(), message.envelope().sender(), true, LockPolicy.from(settings));
    } catch (JmailException e) {
      diag.warn(
          "warning: message sent, but not recorded in " + folder.path() + ": " + e.getMessage());
    }
  }
}
