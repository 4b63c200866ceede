package dev.jmail.error;

/** The configuration is wrong: rc-file syntax, unknown transport URL, missing password. */
public class ConfigException extends JmailException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitStatus status() {
    return ExitStatus.CONFIG;
  }

  @Override
  public ConfigException withMessage(String message) {
    return new ConfigException(message, this);
  }
}
