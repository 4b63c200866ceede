package dev.jmail.transport;

import dev.jmail.compose.HostName;
import dev.jmail.compose.Outgoing;
import dev.jmail.config.Settings;
import dev.jmail.error.JmailException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.mbox.MboxAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Delivery without a mail server, the default when neither an SMTP server nor a sendmail program is
 * available: each local recipient (no domain, or {@code @localhost} / {@code @}this host) gets the
 * message appended to their mbox spool — {@code $MAIL} for yourself, else {@code /var/mail/USER}
 * (or {@code /var/spool/mail/USER} where that is the spool) — under the dotlock and fcntl locks, in
 * mboxrd format; a {@code $MAIL} that is a Maildir gets it through {@code tmp/} into {@code new/}.
 * A file in the system spool directory is created, opened and checked as Postfix {@code local(8)}
 * does ({@link SpoolFile}): a planted link is refused (exit 73). Mail for other domains needs an
 * MTA: that is refused before anything is delivered, with a message saying how to configure one.
 */
final class LocalDelivery implements MailTransport {
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
  private final Settings settings;

  LocalDelivery(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String describe() {
    return "local";
  }

  @Override
  public Delivered send(Outgoing message) {
    return send(message, false);
  }

  /**
   * A spool whose lock stays held (a temporary failure) is deferred; the others get the message.
   */
  @Override
  public Delivered sendPartly(Outgoing message) {
    return send(message, true);
  }

  private Delivered send(Outgoing message, boolean partly) {
    List<Path> spools = new ArrayList<>();
    List<String> users = new ArrayList<>();
    List<String> remote = new ArrayList<>();
    for (String r : message.envelope().recipients()) {
      String user = localUser(r);
      if (user == null) {
        remote.add(r);
      } else {
        spools.add(spool(r, user));
        users.add(user);
      }
    }
    if (!remote.isEmpty()) {
      throw new UnavailableException(
          "cannot deliver to "
              + String.join(", ", remote)
              + ": no mail transport is configured (no SMTP server, no sendmail program); set"
              + " mta=smtp://host:port (or smtps://, submission://) in ~/.mailrc or with -S");
    }
    byte[] bytes = message.lfBytes();
    Instant now = Instant.now();
    LockPolicy policy = LockPolicy.from(settings);
    List<String> done = new ArrayList<>();
    Map<String, String> deferred = new LinkedHashMap<>();
    for (int i = 0; i < spools.size(); i++) {
      try {
        Path spool = spools.get(i);
        if (SpoolFile.inSpool(spool, spoolDirectory()) && !Files.isDirectory(spool)) {
          SpoolFile.append(
              spool,
              users.get(i),
              policy,
              MboxAppender.Entry.of(message.envelope().sender(), now, bytes));
        } else {
          // $MAIL elsewhere, an mbox or a Maildir: its store, as the resolver decides the kind
          new FolderLocator.Ref(spool, Optional.empty(), true)
              .store()
              .deliver(bytes, message.envelope().sender(), false, policy);
        }
      } catch (TemporaryFailureException e) {
        if (!partly) throw partial(e, done);
        deferred.put(message.envelope().recipients().get(i), e.getMessage());
        continue;
      } catch (JmailException e) {
        throw partial(e, done);
      }
      done.add(message.envelope().recipients().get(i));
    }
    if (done.isEmpty() && !deferred.isEmpty()) {
      throw new TemporaryFailureException(String.join("; ", deferred.values()));
    }
    return new Delivered(describe(), done, deferred);
  }

  private static JmailException partial(JmailException e, List<String> done) {
    if (done.isEmpty()) return e;
    return e.withMessage(
        e.getMessage() + " (already delivered to " + String.join(", ", done) + ")");
  }

  /** The user name when {@code address} is local, else null. */
  String localUser(String address) {
    int at = address.lastIndexOf('@');
    if (at < 0) return address;
    String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
    String host = HostName.of(settings.env());
    int dot = host.indexOf('.');
    boolean local =
        domain.equals("localhost")
            || domain.equals("localhost.localdomain")
            || domain.equals(host)
            || (dot > 0 && domain.equals(host.substring(0, dot)));
    return local ? address.substring(0, at) : null;
  }

  private Path spool(String address, String user) {
    if (!USER.matcher(user).matches()) {
      throw new UnavailableException("cannot deliver to " + address + ": not a local user name");
    }
    String me = settings.env().user();
    if (user.equals(me) && settings.env().get("MAIL").isPresent()) {
      return Path.of(settings.env().get("MAIL").get());
    }
    Path box = spoolDirectory().resolve(user);
    if (!user.equals(me) && !Files.exists(box) && !knownUser(user)) {
      throw new UnavailableException("cannot deliver to " + address + ": no such local user");
    }
    return box;
  }

  /**
   * The system spool directory: {@code /var/mail}, else {@code /var/spool/mail}; {@code
   * $JMAIL_SPOOL_DIR} replaces it (tests, unusual systems). Files in it are checked by {@link
   * SpoolFile} before anything is written.
   */
  private Path spoolDirectory() {
    Optional<String> set = settings.env().get("JMAIL_SPOOL_DIR").filter(d -> !d.isBlank());
    if (set.isPresent()) return Path.of(set.get());
    return Files.isDirectory(Path.of("/var/mail"))
        ? Path.of("/var/mail")
        : Path.of("/var/spool/mail");
  }

  private static boolean knownUser(String user) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
        if (line.startsWith(user + ":")) return true;
      }
      return false;
    } catch (IOException e) {
      return true; // cannot tell: let the append report what is wrong
    }
  }
}
