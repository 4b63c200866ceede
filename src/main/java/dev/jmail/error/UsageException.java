package dev.jmail.error;

/**
 * The command line (or an interactive command) is wrong: bad option, invalid address, header
 * injection.
 */
public class UsageException extends JmailException {
  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.USAGE;
  }

  @Override
  public UsageException withMessage(String message) {
    return new UsageException(message, this);
  }
}
