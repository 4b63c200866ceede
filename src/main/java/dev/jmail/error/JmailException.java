package dev.jmail.error;

/**
 * A failure the user can act on. Every layer throws a subclass; {@code cli.ExitCodes} is the one
 * place that turns the type into a sysexits status. The message is the text after "jmail: ".
 */
public abstract class JmailException extends RuntimeException {
  protected JmailException(String message) {
    super(message);
  }

  protected JmailException(String message, Throwable cause) {
    super(message, cause);
  }
}
