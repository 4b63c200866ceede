package dev.jmail.cli;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.ConfigException;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.error.PermissionException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.error.UsageException;

/**
 * The exit statuses jmail uses (sysexits.h values, as sendmail and msmtp), and the one mapping from
 * failure types to them. The same table feeds {@code --help}, the man page and the error handler.
 */
public enum ExitStatus {
  OK(0, "success (for -e: there is mail)"),
  NO_MAIL(1, "no mail (-e, -H, list without --json on an empty or missing mailbox)"),
  USAGE(64, "usage error: bad option or argument, invalid address, CR/LF/NUL in a header"),
  DATA(65, "malformed input: binary data on stdin, not an mbox, folder changed since it was listed"),
  NO_INPUT(66, "an input file (attachment, folder) does not exist or cannot be read"),
  UNAVAILABLE(69, "refused permanently: 5xx reply, TLS failed, STARTTLS missing, no transport for a recipient"),
  SOFTWARE(70, "internal error (a bug: please report it with --debug output)"),
  CANT_CREATE(73, "an output file or folder cannot be created or changed (read-only folder or file system)"),
  IO_ERROR(74, "I/O error (disk full, device error)"),
  TEMP_FAILURE(75, "temporary failure (connection, timeout, 4xx, lock held): retry later"),
  NO_PERMISSION(77, "permission denied: SMTP authentication failed"),
  CONFIG(78, "configuration error: rc file, transport settings (bad mta, no password, AUTH over plaintext)");

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

  /** The status for a failure; anything unexpected is a bug (70). */
  public static ExitStatus of(Throwable failure) {
    if (failure instanceof UsageException) return USAGE;
    if (failure instanceof DataFormatException) return DATA;
    if (failure instanceof NoInputException) return NO_INPUT;
    if (failure instanceof UnavailableException) return UNAVAILABLE;
    if (failure instanceof CannotCreateException) return CANT_CREATE;
    if (failure instanceof IoFailureException) return IO_ERROR;
    if (failure instanceof TemporaryFailureException) return TEMP_FAILURE;
    if (failure instanceof PermissionException) return NO_PERMISSION;
    if (failure instanceof ConfigException) return CONFIG;
    if (failure instanceof picocli.CommandLine.ParameterException) return USAGE;
    return SOFTWARE;
  }
}
