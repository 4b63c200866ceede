package dev.jmail.transport;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.ConfigException;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.JmailException;
import dev.jmail.error.NoInputException;
import dev.jmail.error.PermissionException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.error.UsageException;

/** The same failure (same type, so the same exit status) with a longer message. */
final class Failures {
  private Failures() {}

  static JmailException withMessage(JmailException e, String message) {
    if (e instanceof TemporaryFailureException) return new TemporaryFailureException(message, e);
    if (e instanceof PermissionException) return new PermissionException(message, e);
    if (e instanceof ConfigException) return new ConfigException(message, e);
    if (e instanceof UnavailableException) return new UnavailableException(message, e);
    if (e instanceof UsageException) return new UsageException(message, e);
    if (e instanceof NoInputException) return new NoInputException(message, e);
    if (e instanceof CannotCreateException) return new CannotCreateException(message, e);
    if (e instanceof DataFormatException) return new DataFormatException(message, e);
    if (e instanceof IoFailureException) return new IoFailureException(message, e);
    return new UnavailableException(message, e);
  }
}
