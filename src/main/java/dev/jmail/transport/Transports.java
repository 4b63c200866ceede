package dev.jmail.transport;

import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import dev.jmail.net.SecretFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Chooses the transport from the variables, first match wins:
 *
 * <ol>
 *   <li>{@code mta=smtp://…}, {@code smtps://…}, {@code submission://…}: SMTP; {@code
 *       mta=/path/to/program}: that sendmail-compatible program; {@code mta=local}: local delivery;
 *   <li>{@code smtp=host[:port]}: SMTP;
 *   <li>the {@code sendmail} program (default {@code /usr/sbin/sendmail}) when it exists (a {@code
 *       sendmail} set explicitly must exist);
 *   <li>local delivery.
 * </ol>
 */
public final class Transports {
  private Transports() {}

  public static MailTransport select(Settings s, Diagnostics diag) {
    // A password in any rc-file value (smtp-auth-password, mta=smtps://bob:PW@host, a token)
    // gets the same warning when others can read the file.
    s.secretFiles()
        .forEach(
            (file, names) ->
                SecretFiles.checkPrivate(
                    file, "a password (" + String.join(", ", names) + ")", diag::warn));
    String mta = s.get("mta").orElse("").strip();
    if (!mta.isEmpty()) {
      if (SmtpConfig.isSmtpUrl(mta))
        return new SmtpTransport(SmtpConfig.from(s, diag), s.env(), diag);
      if (mta.equals("local")) return new LocalDelivery(s);
      if (mta.startsWith("/")) return sendmail(s, mta, "mta");
      throw new ConfigException(
          "mta: unsupported value '"
              + mta
              + "' (use smtp://, smtps://, submission://, a program path, or local)");
    }
    if (SmtpConfig.configured(s)) return new SmtpTransport(SmtpConfig.from(s, diag), s.env(), diag);
    String program = s.get("sendmail").orElse("/usr/sbin/sendmail").strip();
    boolean explicit = s.explicitVariables().containsKey("sendmail");
    if (explicit || Files.isExecutable(Path.of(program))) return sendmail(s, program, "sendmail");
    return new LocalDelivery(s);
  }

  /** Local delivery to mbox spools (the queue's expiry notices). */
  public static MailTransport local(Settings s) {
    return new LocalDelivery(s);
  }

  /** Whether local delivery would take this address: no domain, localhost or this host. */
  public static boolean isLocalAddress(Settings s, String address) {
    return new LocalDelivery(s).localUser(address) != null;
  }

  private static MailTransport sendmail(Settings s, String program, String variable) {
    Path p = Path.of(program);
    if (!Files.isExecutable(p) || Files.isDirectory(p)) {
      throw new ConfigException(variable + ": " + program + " is not an executable program");
    }
    int timeout = s.intValue("sendmail-timeout", 300);
    if (timeout <= 0)
      throw new ConfigException("sendmail-timeout: must be a positive number of seconds");
    return new SendmailTransport(program, Duration.ofSeconds(timeout));
  }
}
