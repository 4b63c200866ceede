package dev.jmail.error;

/** A file the user named does not exist or cannot be read (attachment, folder). */
public class NoInputException extends JmailException {
  public NoInputException(String message) {
    super(message);
  }

  public NoInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.NO_INPUT;
  }

  @Override
  public NoInputException withMessage(String message) {
    return new NoInputException(message, this);
  }
}
