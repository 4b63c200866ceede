package dev.jmail.error;

/** Permission denied: SMTP authentication failed, or access to a file is refused. */
public class PermissionException extends JmailException {
  public PermissionException(String message) {
    super(message);
  }

  public PermissionException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.NO_PERMISSION;
  }

  @Override
  public PermissionException withMessage(String message) {
    return new PermissionException(message, this);
  }
}
