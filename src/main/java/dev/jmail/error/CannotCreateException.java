package dev.jmail.error;

/** An output file or folder cannot be created (read-only directory, permissions). */
public class CannotCreateException extends JmailException {
  public CannotCreateException(String message) {
    super(message);
  }

  public CannotCreateException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.CANT_CREATE;
  }

  @Override
  public CannotCreateException withMessage(String message) {
    return new CannotCreateException(message, this);
  }
}
