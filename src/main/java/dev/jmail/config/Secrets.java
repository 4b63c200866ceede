package dev.jmail.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What counts as a secret in a setting or a typed line: a variable whose name contains {@code
 * password}, {@code secret} or {@code token} (except the {@code -eval} ones, which hold a command,
 * not the secret), and any value carrying a URL with a password ({@code smtps://bob:PW@host}). Used
 * to warn about readable rc files and to keep such lines out of the interactive history.
 */
public final class Secrets {
  private static final Pattern SECRET_NAME = Pattern.compile("password|secret|token");
  // RFC 3986 3.2.1: userinfo = *( unreserved / pct-encoded / sub-delims / ":" ) before the "@".
  private static final Pattern URL_PASSWORD =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*:[^/@\\s]*@");
  // A word of a command line that assigns: "name=value" (set, -S, account definitions).
  private static final Pattern ASSIGNMENT = Pattern.compile("(?:^|[\\s'\"])([^\\s=]+)=");

  private Secrets() {}

  /** A variable whose value is a secret ({@code smtp-auth-password}, {@code imap-token}, …). */
  public static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return SECRET_NAME.matcher(n).find() && !n.endsWith("-eval");
  }

  /** The value holds a password: a secret variable's non-empty value, or a URL with one. */
  public static boolean holdsPassword(String name, String value) {
    if (value == null || value.isEmpty()) return false;
    return isSecretName(name) || URL_PASSWORD.matcher(value).find();
  }

  /**
   * A line typed at the prompt that must not be kept in the history: it assigns a variable whose
   * name contains password, secret or token, or it carries a URL with a password.
   */
  public static boolean isSecretLine(String line) {
    if (URL_PASSWORD.matcher(line).find()) return true;
    var m = ASSIGNMENT.matcher(line);
    while (m.find()) {
      if (SECRET_NAME.matcher(m.group(1).toLowerCase(Locale.ROOT)).find()) return true;
    }
    return false;
  }
}
