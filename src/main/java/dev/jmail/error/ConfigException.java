package dev.jmail.error;

/** The configuration is wrong: rc-file syntax, unknown transport URL, missing password. */
public class ConfigException extends JmailException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
