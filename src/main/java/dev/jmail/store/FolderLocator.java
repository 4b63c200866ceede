package dev.jmail.store;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.NoInputException;
import dev.jmail.store.maildir.MaildirFolder;
import dev.jmail.store.mbox.MboxFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a folder name as the user writes it into a folder (mailx rules):
 *
 * <pre>
 * (none)        the system mailbox: the inbox variable, $MAIL, else /var/mail/USER (or /var/spool/mail/USER)
 * %  %user      the system mailbox (of user)
 * &amp;             the secondary mailbox: the MBOX variable, $MBOX, else ~/mbox (also -f alone)
 * +name         name under the folder variable's directory (relative to HOME unless absolute)
 * ~/name        under HOME
 * mbox:PATH     force mbox;  maildir:PATH  force Maildir
 * PATH          a directory with cur/ or new/ is a Maildir, anything else an mbox
 * </pre>
 */
public final class FolderLocator {
  private final Env env;
  private final Settings settings;

  public FolderLocator(Env env, Settings settings) {
    this.env = env;
    this.settings = settings;
  }

  /** A resolved folder name, not yet opened. */
  public record Ref(Path path, Optional<FolderType> forcedType, boolean systemMailbox) {
    /** The type: forced, else detected (a directory with cur/ or new/ is a Maildir). */
    public FolderType type() {
      if (forcedType.isPresent()) return forcedType.get();
      return Files.isDirectory(path) && MaildirFolder.isMaildir(path)
          ? FolderType.MAILDIR
          : FolderType.MBOX;
    }

    /**
     * Opens the folder for reading. A missing named folder is {@code NoInputException} (66); a
     * missing system mailbox opens as empty.
     */
    public Folder open() {
      if (!systemMailbox && !Files.exists(path)) {
        throw new NoInputException(path + ": no such folder");
      }
      FolderType t = type();
      if (t == FolderType.MBOX && Files.isDirectory(path)) {
        throw new DataFormatException(path + ": is a directory, not an mbox or a Maildir");
      }
      return t == FolderType.MAILDIR
          ? new MaildirFolder(path, systemMailbox)
          : new MboxFolder(path, systemMailbox);
    }
  }

  /** Resolves a folder name; null means the system mailbox. */
  public Ref resolve(String spec) {
    if (spec == null || spec.isEmpty() || spec.equals("%")) return systemMailbox(env.user());
    if (spec.startsWith("mbox:")) return forced(spec.substring(5), FolderType.MBOX);
    if (spec.startsWith("maildir:")) return forced(spec.substring(8), FolderType.MAILDIR);
    if (spec.startsWith("%")) return systemMailbox(spec.substring(1));
    Path p = expand(spec);
    return new Ref(p, Optional.empty(), p.equals(systemMailboxPath(env.user())));
  }

  private Ref forced(String rest, FolderType type) {
    Path p = expand(rest.isEmpty() ? "%" : rest);
    return new Ref(p, Optional.of(type), p.equals(systemMailboxPath(env.user())));
  }

  private Ref systemMailbox(String user) {
    return new Ref(systemMailboxPath(user), Optional.empty(), true);
  }

  /** The inbox variable (s-nail; an account may set it), $MAIL for the current user, else the spool file. */
  public Path systemMailboxPath(String user) {
    if (user.equals(env.user())) {
      Optional<String> inbox = settings == null ? Optional.empty() : settings.get("inbox").filter(v -> !v.isBlank());
      if (inbox.isPresent()) return expandHome(inbox.get());
      Optional<String> mail = env.get("MAIL");
      if (mail.isPresent()) return expandHome(mail.get());
    }
    Path varMail = Path.of("/var/mail");
    Path spool = Files.isDirectory(varMail) ? varMail : Path.of("/var/spool/mail");
    return spool.resolve(user);
  }

  /** The secondary mailbox: the MBOX variable, $MBOX, else ~/mbox. */
  public Path secondaryMailbox() {
    Optional<String> v = settings == null ? Optional.empty() : settings.get("MBOX");
    return expandHome(v.or(() -> env.get("MBOX")).orElse("~/mbox"));
  }

  /** The folder directory: the folder variable (relative to HOME unless absolute), else HOME. */
  public Path folderDirectory() {
    Optional<String> v = settings == null ? Optional.empty() : settings.get("folder");
    if (v.isEmpty() || v.get().isBlank()) return env.home();
    Path p = expandHome(v.get());
    return p.isAbsolute() ? p : env.home().resolve(p);
  }

  private Path expand(String spec) {
    if (spec.equals("%")) return systemMailboxPath(env.user());
    if (spec.equals("&")) return secondaryMailbox();
    if (spec.startsWith("+")) return folderDirectory().resolve(spec.substring(1));
    return expandHome(spec);
  }

  private Path expandHome(String s) {
    if (s.equals("~")) return env.home();
    if (s.startsWith("~/")) return env.home().resolve(s.substring(2));
    return Path.of(s);
  }
}
