package dev.jmail.error;

/** A service is unavailable or refused permanently: no transport, SMTP 5xx, unknown local user. */
public class UnavailableException extends JmailException {
  public UnavailableException(String message) {
    super(message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.UNAVAILABLE;
  }

  @Override
  public UnavailableException withMessage(String message) {
    return new UnavailableException(message, this);
  }
}
