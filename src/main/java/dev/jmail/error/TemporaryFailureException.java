package dev.jmail.error;

/**
 * A failure worth retrying later: connection refused, timeout, SMTP 4xx, a mailbox lock held too
 * long.
 */
public class TemporaryFailureException extends JmailException {
  public TemporaryFailureException(String message) {
    super(message);
  }

  public TemporaryFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.TEMP_FAILURE;
  }

  @Override
  public TemporaryFailureException withMessage(String message) {
    return new TemporaryFailureException(message, this);
  }
}
