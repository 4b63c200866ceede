package dev.jmail.store;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.NoInputException;
import dev.jmail.error.UsageException;
import dev.jmail.net.ServerLogin;
import dev.jmail.net.ServerUrl;
import dev.jmail.store.imap.ImapFolder;
import dev.jmail.store.imap.ImapStore;
import dev.jmail.store.maildir.MaildirFolder;
import dev.jmail.store.maildir.MaildirStore;
import dev.jmail.store.mbox.MboxFolder;
import dev.jmail.store.mbox.MboxStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one resolver for every folder or file name the user gives — on the command line, in the rc
 * file, at the prompt, in tilde escapes, in {@code record}, {@code DEAD}, {@code MBOX} and {@code
 * folder} (mailx rules):
 *
 * <pre>
 * (none)        the system mailbox: the inbox variable or $MAIL (either may be an imap[s]:// URL), else
 *               /var/mail/USER (or /var/spool/mail/USER)
 * %  %user      the system mailbox (of user)
 * &amp;             the secondary mailbox: the MBOX variable, $MBOX, else ~/mbox (also -f alone)
 * +name         name under the folder variable's directory (relative to HOME unless absolute)
 * ~  ~/name     HOME, under HOME
 * mbox:NAME     force mbox;  maildir:NAME  force Maildir (NAME in any of these forms)
 * imap://[user@]host[:port][/MAILBOX]   imaps://…   an IMAP mailbox (INBOX when none)
 * pop3://… pop3s://…   refused: POP3 mail is copied here with jmail fetch
 * PATH          relative to the session's cd directory (else the process's); a directory with
 *               cur/ or new/ is a Maildir, anything else an mbox
 * </pre>
 *
 * What kind of folder a name is, is decided here once ({@link Ref#type()}), and so is the store
 * that reads and changes it ({@link Ref#store()}).
 */
public final class FolderLocator {
  /** URL schemes of remote folders; a name starting with one is never read as a path. */
  private static final String[] REMOTE_SCHEMES = {"imap://", "imaps://", "pop3://", "pop3s://"};

  private final Env env;
  private final Settings settings;
  private final Path cwd;

  private java.util.function.Consumer<String> warn = w -> {};
  private java.io.PrintStream verbose;

  public FolderLocator(Env env, Settings settings) {
    this(env, settings, null);
  }

  /**
   * @param cwd the session's {@code cd} directory, for relative names; null: the process's
   */
  public FolderLocator(Env env, Settings settings, Path cwd) {
    this.env = env;
    this.settings = settings;
    this.cwd = cwd;
  }

  /** For the layers that only have the settings (transport: {@code record}, {@code DEAD}, …). */
  public static FolderLocator of(Settings settings) {
    return new FolderLocator(settings.env(), settings);
  }

  /** The same rules with relative names taken from {@code cwd} (the session's {@code cd}). */
  public FolderLocator in(Path cwd) {
    return new FolderLocator(env, settings, cwd).reporting(warn, verbose);
  }

  /** Where remote folders report warnings, and the {@code -v} protocol dialogue (null: none). */
  public FolderLocator reporting(
      java.util.function.Consumer<String> warn, java.io.PrintStream verbose) {
    this.warn = warn;
    this.verbose = verbose;
    return this;
  }

  /**
   * A resolved folder name, not yet opened.
   *
   * @param imap how to reach it when it is an IMAP mailbox (then {@code path} is only its name for
   *     messages), else null
   */
  public record Ref(
      Path path, Optional<FolderType> forcedType, boolean systemMailbox, ImapFolder.Opener imap) {
    public Ref(Path path, Optional<FolderType> forcedType, boolean systemMailbox) {
      this(path, forcedType, systemMailbox, null);
    }

    /** The name to show: the URL of a remote mailbox as written, else the path. */
    public String name() {
      return imap != null ? imap.login().url().describe() : path.toString();
    }

    /** The type: forced, else detected (a directory with cur/ or new/ is a Maildir). */
    public FolderType type() {
      if (forcedType.isPresent()) return forcedType.get();
      return Files.isDirectory(path) && MaildirFolder.isMaildir(path)
          ? FolderType.MAILDIR
          : FolderType.MBOX;
    }

    /** The store that reads and changes this folder: the one place the kind is chosen. */
    public FolderStore store() {
      if (imap != null) return new ImapStore(this);
      return type() == FolderType.MAILDIR ? new MaildirStore(this) : new MboxStore(this);
    }

    /**
     * Opens the folder for reading without the network: a remote folder from its summary cache
     * alone (nothing is changed, not even the cache); a local one as {@link #open()}.
     */
    public Folder openCached() {
      return imap != null ? imap.openCached() : open();
    }

    /**
     * Opens the folder for reading. A missing named folder is {@code NoInputException} (66); a
     * missing system mailbox opens as empty.
     */
    public Folder open() {
      return open(null);
    }

    /**
     * As {@link #open()}, to read message {@code number} (0: not one message known yet): a remote
     * folder asks for its body in the same round trip as the SELECT where its cache names it.
     */
    public Folder openToRead(int number) {
      return imap != null && number > 0 ? imap.openToRead(number) : open();
    }

    /**
     * As {@link #open()}; a remote folder gives its cached rows of a plain listing to {@code ahead}
     * (when not null) while the connection is set up, to be used only when its {@link
     * Folder#rowsAhead} says they are current.
     */
    public Folder open(Folder.Row ahead) {
      if (imap != null) return imap.open(ahead);
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
    if (spec == null || spec.isEmpty() || spec.equals("%")) {
      // the inbox variable may name a remote folder (an account's: -A work)
      Optional<String> inbox =
          settings == null ? Optional.empty() : settings.get("inbox").map(String::strip);
      if (inbox.isPresent() && ServerUrl.isServerUrl(inbox.get()))
        return fromVariable("inbox", inbox.get(), inbox.get());
      // so may $MAIL (s-nail: a protocol-prefixed MAIL), when no inbox variable names one
      Optional<String> mail = env.get("MAIL").map(String::strip);
      if (inbox.filter(v -> !v.isBlank()).isEmpty()
          && mail.isPresent()
          && ServerUrl.isServerUrl(mail.get())) return fromVariable("MAIL", mail.get(), mail.get());
      return systemMailbox(env.user());
    }
    if (ServerUrl.isServerUrl(spec)) return remote(spec);
    if (spec.equals("&")) return secondaryMailboxRef();
    if (spec.startsWith("+")) {
      Optional<String> root = settings == null ? Optional.empty() : settings.get("folder");
      if (root.isPresent() && ServerUrl.isServerUrl(root.get().strip())) {
        String base = root.get().strip();
        return fromVariable(
            "folder",
            base,
            base.endsWith("/") ? base + spec.substring(1) : base + "/" + spec.substring(1));
      }
    }
    if (spec.startsWith("mbox:")) return forced(spec.substring(5), FolderType.MBOX);
    if (spec.startsWith("maildir:")) return forced(spec.substring(8), FolderType.MAILDIR);
    // scheme "://" (RFC 3986 3.1): a URL of a kind jmail does not read is no file name either
    if (spec.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw new UsageException(
          spec.substring(0, spec.indexOf(':'))
              + ": unknown scheme (folders: a path, imap:// or imaps://; jmail fetch reads pop3://"
              + " and pop3s://)");
    }
    if (spec.startsWith("%")) return systemMailbox(spec.substring(1));
    Path p = expand(spec);
    return new Ref(p, Optional.empty(), p.equals(systemMailboxPath(env.user())));
  }

  /**
   * An {@code imap://} or {@code imaps://} mailbox ({@code set folder=imaps://…} makes {@code
   * +name} one too). POP3 mailboxes are not folders: {@code jmail fetch} moves their mail here.
   */
  /**
   * A URL built from an rc variable: a bad one is a configuration error (78) naming the variable;
   * what the command line added after {@code +} stays a usage error.
   */
  private Ref fromVariable(String variable, String value, String spec) {
    try {
      ServerUrl.parse(value);
    } catch (UsageException e) {
      throw new dev.jmail.error.ConfigException(variable + ": " + e.getMessage());
    }
    return remote(spec);
  }

  private Ref remote(String spec) {
    ServerUrl url = ServerUrl.parse(spec);
    if (!url.protocol().equals("imap")) {
      throw new UsageException(
          spec
              + ": a POP3 mailbox is not a folder: copy its mail here with 'jmail fetch "
              + spec
              + "'");
    }
    if (settings == null) throw new UsageException(spec + ": IMAP folders are not available here");
    ImapFolder.Opener opener =
        new ImapFolder.Opener(new ServerLogin(url, settings, warn, verbose), env);
    return new Ref(Path.of(url.describe()), Optional.of(FolderType.IMAP), false, opener);
  }

  /**
   * A plain file name (tilde escapes {@code ~r ~w}, {@code write}, {@code DEAD}, {@code
   * tls-ca-file}): the same forms as a folder name, without the type prefixes.
   */
  public Path file(String name) {
    refuseRemote(name);
    return expand(name);
  }

  private static void refuseRemote(String spec) {
    for (String scheme : REMOTE_SCHEMES) {
      if (spec.regionMatches(true, 0, scheme, 0, scheme.length())) {
        throw new UsageException(spec + ": a server URL, not a file name");
      }
    }
  }

  private Ref forced(String rest, FolderType type) {
    Path p = expand(rest.isEmpty() ? "%" : rest);
    return new Ref(p, Optional.of(type), p.equals(systemMailboxPath(env.user())));
  }

  private Ref systemMailbox(String user) {
    return new Ref(systemMailboxPath(user), Optional.empty(), true);
  }

  /**
   * The inbox variable (s-nail; an account may set it), $MAIL for the current user, else the spool
   * file.
   */
  public Path systemMailboxPath(String user) {
    if (user.equals(env.user())) {
      Optional<String> inbox =
          settings == null ? Optional.empty() : settings.get("inbox").filter(v -> !v.isBlank());
      if (inbox.isPresent()) return expandHome(inbox.get());
      Optional<String> mail = env.get("MAIL");
      if (mail.isPresent()) return expandHome(mail.get());
    }
    Path varMail = Path.of("/var/mail");
    Path spool = Files.isDirectory(varMail) ? varMail : Path.of("/var/spool/mail");
    return spool.resolve(user);
  }

  /** The secondary mailbox: the MBOX variable, $MBOX, else ~/mbox. */
  /**
   * The secondary mailbox as a folder: an {@code imap[s]://} URL in MBOX (or $MBOX) is the remote
   * mailbox (a bad one is a configuration error naming MBOX), else {@link #secondaryMailbox()}.
   */
  public Ref secondaryMailboxRef() {
    Optional<String> v = settings == null ? Optional.empty() : settings.get("MBOX");
    Optional<String> value = v.or(() -> env.get("MBOX")).map(String::strip);
    if (value.isPresent() && ServerUrl.isServerUrl(value.get()))
      return fromVariable("MBOX", value.get(), value.get());
    return new Ref(secondaryMailbox(), Optional.empty(), false);
  }

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
    if (spec.startsWith("%")) return systemMailboxPath(spec.substring(1));
    if (spec.equals("&")) return secondaryMailbox();
    if (spec.startsWith("+")) return folderDirectory().resolve(spec.substring(1));
    if (spec.equals("~") || spec.startsWith("~/")) return expandHome(spec);
    Path p = Path.of(spec);
    return cwd == null || p.isAbsolute() ? p : cwd.resolve(p);
  }

  private Path expandHome(String s) {
    if (s.equals("~")) return env.home();
    if (s.startsWith("~/")) return env.home().resolve(s.substring(2));
    return Path.of(s);
  }
}
