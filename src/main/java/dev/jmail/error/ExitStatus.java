package dev.jmail.error;

/**
 * The exit statuses jmail uses (sysexits.h values, as sendmail and msmtp). Each failure type names
 * its own ({@link JmailException#status()}); this table feeds {@code --help}, the man page
 * (DocsTest) and the README's exit tables (DocsTest checks every code they list is here).
 */
public enum ExitStatus {
  OK(0, "success (for -e: there is mail)"),
  NO_MAIL(1, "no mail (-e, -H, list without --json on an empty or missing mailbox)"),
  USAGE(64, "usage error: bad option or argument, invalid address, CR/LF/NUL in a header"),
  DATA(
      65, "malformed input: binary data on stdin, not an mbox, folder changed since it was listed"),
  NO_INPUT(66, "an input file (attachment, folder) does not exist or cannot be read"),
  UNAVAILABLE(
      69,
      "refused permanently: 5xx reply, TLS failed, STARTTLS missing, no transport for a recipient"),
  SOFTWARE(70, "internal error (a bug: please report it with --debug output)"),
  CANT_CREATE(
      73,
      "an output file or folder cannot be created or changed (read-only folder or file system)"),
  IO_ERROR(74, "I/O error (disk full, device error)"),
  TEMP_FAILURE(75, "temporary failure (connection, timeout, 4xx, lock held): retry later"),
  NO_PERMISSION(77, "permission denied: SMTP authentication failed"),
  CONFIG(
      78,
      "configuration error: rc file, transport settings (bad mta, no password, AUTH over plaintext)");

  private final int code;
  private final String description;

  ExitStatus(int code, String description) {
    this.code = code;
    this.description = description;
  }

  public int code() {
    return code;
  }

  public String description() {
    return description;
  }

  /** The status for a failure: its type's; anything unexpected is a bug (70). */
  public static ExitStatus of(Throwable failure) {
    return failure instanceof JmailException j ? j.status() : SOFTWARE;
  }
}
