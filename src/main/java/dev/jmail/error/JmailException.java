package dev.jmail.error;

/**
 * A failure the user can act on. Every layer throws a subclass, and each subclass names its exit
 * status ({@link #status()}): the status is a property of the type, so no list of types can forget
 * one. The message is the text after "jmail: ".
 */
public abstract class JmailException extends RuntimeException {
  protected JmailException(String message) {
    super(message);
  }

  protected JmailException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The sysexits status a command that fails with this ends with. */
  public abstract ExitStatus status();

  /** The same failure (same type, so the same status) with a longer message; this is its cause. */
  public abstract JmailException withMessage(String message);
}
