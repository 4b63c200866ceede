package dev.jmail.error;

/** An I/O error while reading or writing (disk full, device error). */
public class IoFailureException extends JmailException {
  public IoFailureException(String message) {
    super(message);
  }

  public IoFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.IO_ERROR;
  }

  @Override
  public IoFailureException withMessage(String message) {
    return new IoFailureException(message, this);
  }
}
