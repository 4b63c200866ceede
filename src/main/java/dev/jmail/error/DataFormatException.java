package dev.jmail.error;

/**
 * Input data is malformed in a way we refuse: a file that is not an mbox, a folder changed under
 * us.
 */
public class DataFormatException extends JmailException {
  public DataFormatException(String message) {
    super(message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.DATA;
  }

  @Override
  public DataFormatException withMessage(String message) {
    return new DataFormatException(message, this);
  }
}
