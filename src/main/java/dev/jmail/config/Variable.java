package dev.jmail.config;

import java.util.Optional;

/**
 * Every rc variable jmail acts on: name, kind, default and one help line. The man page's VARIABLES
 * section and the interactive {@code set} completion read this table; a test checks that the man
 * page lists each one. Variables not listed here are stored and do nothing (other mailx programs'
 * variables in a shared rc file); the interactive {@code set} lists them as "not supported by
 * jmail".
 */
public enum Variable {
  // --- composing and sending
  FROM(
      "from", Kind.STRING, null, "unset: USER@host", "From: address and envelope sender (like -r)"),
  MTA(
      "mta",
      Kind.STRING,
      null,
      "unset: the sendmail program",
      "transport: smtp://[user@]host[:port], smtps://…, submission://…, a sendmail program path, or local"),
  SMTP("smtp", Kind.STRING, null, "Heirloom-style SMTP server host[:port] (same as mta=smtp://…)"),
  SENDMAIL(
      "sendmail",
      Kind.STRING,
      "/usr/sbin/sendmail",
      "the sendmail program used when no SMTP server is set"),
  SENDMAIL_TIMEOUT(
      "sendmail-timeout",
      Kind.NUMBER,
      "300",
      "seconds the sendmail program may take; then it is stopped, the message saved to dead.letter (exit 75)"),
  SMTP_USE_STARTTLS(
      "smtp-use-starttls",
      Kind.BOOLEAN,
      null,
      "require STARTTLS on smtp:// (fail if the server does not offer it)"),
  SMTP_AUTH(
      "smtp-auth",
      Kind.STRING,
      null,
      "SMTP AUTH method: plain, login, xoauth2 (a token from oauth-token-eval) or none (default: plain/login when a user is set)"),
  SMTP_AUTH_USER(
      "smtp-auth-user",
      Kind.STRING,
      null,
      "SMTP AUTH user name (also mta=smtp://user@host, or ~/.netrc)"),
  SMTP_AUTH_PASSWORD(
      "smtp-auth-password",
      Kind.STRING,
      null,
      "SMTP AUTH password (prefer smtp-auth-password-eval or ~/.netrc)"),
  SMTP_AUTH_PASSWORD_EVAL(
      "smtp-auth-password-eval",
      Kind.STRING,
      null,
      "shell command whose first output line is the SMTP password (msmtp passwordeval)"),
  SMTP_AUTH_ALLOW_PLAINTEXT(
      "smtp-auth-allow-plaintext",
      Kind.BOOLEAN,
      null,
      "allow AUTH over an unencrypted connection (refused by default)"),
  SMTP_TIMEOUT(
      "smtp-timeout",
      Kind.NUMBER,
      "30",
      "seconds to wait for the SMTP server to connect or answer"),
  TLS_CA_FILE(
      "tls-ca-file",
      Kind.STRING,
      null,
      "PEM file of CA certificates to trust for TLS (SMTP, IMAP, POP3) instead of the system's"),
  TLS_VERIFY(
      "tls-verify",
      Kind.STRING,
      "strict",
      "strict: verify the server certificate and host name; ignore: do not (insecure)"),
  // --- remote mailboxes (IMAP, POP3)
  PASSWORD(
      "password",
      Kind.STRING,
      null,
      "IMAP/POP3 password; password-USER@HOST and password-HOST (s-nail) are tried first (prefer password-eval or ~/.netrc)"),
  PASSWORD_EVAL(
      "password-eval",
      Kind.STRING,
      null,
      "shell command whose first output line is the IMAP/POP3 password; password-eval-USER@HOST and password-eval-HOST first"),
  NET_TIMEOUT(
      "net-timeout",
      Kind.NUMBER,
      "30",
      "seconds to wait for an IMAP or POP3 server to connect or answer (exit 75)"),
  NET_ALLOW_PLAINTEXT(
      "net-allow-plaintext",
      Kind.BOOLEAN,
      null,
      "allow an IMAP/POP3 password over an unencrypted connection when the server offers no STARTTLS/STLS (refused by default)"),
  IMAP_AUTH(
      "imap-auth",
      Kind.STRING,
      "login",
      "IMAP login: login, plain, xoauth2 or oauthbearer (AUTHENTICATE with a token from oauth-token-eval); imap-auth-USER@HOST and imap-auth-HOST first"),
  POP3_AUTH(
      "pop3-auth",
      Kind.STRING,
      "login",
      "POP3 login: login (USER/PASS or AUTH PLAIN), xoauth2 or oauthbearer (AUTH with a token from oauth-token-eval); pop3-auth-USER@HOST and pop3-auth-HOST first"),
  OAUTH_TOKEN_EVAL(
      "oauth-token-eval",
      Kind.STRING,
      null,
      "shell command whose first output line is an OAuth 2.0 access token, run for each connection (mutt's imap_oauth_refresh_command) for xoauth2/oauthbearer in imap-auth, pop3-auth and smtp-auth; oauth-token-eval-USER@HOST and oauth-token-eval-HOST first"),
  RECORD("record", Kind.STRING, null, "folder that receives a copy of every message sent"),
  DEAD(
      "DEAD",
      Kind.STRING,
      null,
      "$DEAD, else ~/dead.letter",
      "where unsent mail is saved (default $DEAD, else ~/dead.letter)"),
  QUEUE(
      "queue",
      Kind.STRING,
      null,
      "keep mail that fails temporarily in the outgoing queue and retry it (set queue, or queue=DIR;"
          + " default $XDG_STATE_HOME/jmail/queue)"),
  QUEUE_LIFETIME(
      "queue-lifetime",
      Kind.STRING,
      "5d",
      "how long a queued message is retried before it goes to dead.letter and the sender is told (5d, 12h, 30m)"),
  QUEUE_FLUSH_TIME(
      "queue-flush-time",
      Kind.STRING,
      "10s",
      "how long a send spends on the queue before its own message (10s, 1m)"),
  QUEUE_TEMPFAIL(
      "queue-tempfail", Kind.BOOLEAN, null, "exit 75 instead of 0 when a message was queued"),
  SKIPEMPTYBODY(
      "skipemptybody", Kind.BOOLEAN, null, "do not send a message with an empty body (like -E)"),
  INPUT_CHARSET(
      "input-charset",
      Kind.STRING,
      "UTF-8",
      "charset of the message text read from stdin and the command line"),
  // --- reading
  FOLDER(
      "folder",
      Kind.STRING,
      null,
      "unset: the home directory",
      "directory for +name folder shortcuts"),
  MBOX(
      "MBOX",
      Kind.STRING,
      null,
      "$MBOX, else ~/mbox",
      "the secondary mailbox (default $MBOX, else ~/mbox; an imap[s]:// URL too)"),
  PAGER(
      "PAGER",
      Kind.STRING,
      null,
      "$PAGER, else less",
      "pager for long output on a terminal (default $PAGER, else less)"),
  INBOX(
      "inbox",
      Kind.STRING,
      null,
      "unset: $MAIL, else /var/mail/USER",
      "the system mailbox (as s-nail; an account usually sets it)"),
  HOLD("hold", Kind.BOOLEAN, null, "keep read messages in the system mailbox on quit"),
  KEEP(
      "keep",
      Kind.BOOLEAN,
      null,
      "accepted for mailx: an emptied mbox is always kept, truncated to 0 bytes"),
  KEEPSAVE("keepsave", Kind.BOOLEAN, null, "keep saved messages in the system mailbox on quit"),
  NOINDEX(
      "noindex",
      Kind.BOOLEAN,
      null,
      "do not read or write the summary index of local folders (kept under $XDG_CACHE_HOME/jmail)"),
  LOCK_TIMEOUT(
      "lock-timeout",
      Kind.NUMBER,
      "30",
      "seconds to wait for a mailbox lock (dotlock, fcntl, flock) before giving up (exit 75)"),
  LOCK_STALE(
      "lock-stale", Kind.NUMBER, "300", "age in seconds after which an unheld dotlock is removed"),
  // --- the interactive session (interactive/)
  CRT(
      "crt",
      Kind.NUMBER,
      null,
      "unset: the terminal height",
      "on a terminal, text longer than this many lines goes through PAGER (unset or empty: the terminal height; 0: never)"),
  SCREEN(
      "screen",
      Kind.NUMBER,
      null,
      "unset: the terminal height less 4, else 20",
      "header summary lines per page for h and z (default: terminal height less 4, else 20)"),
  TOPLINES("toplines", Kind.NUMBER, "5", "lines of text the top command prints"),
  INDENTPREFIX("indentprefix", Kind.STRING, "> ", "prefix of quoted lines (~m, quote)"),
  QUOTE(
      "quote",
      Kind.BOOLEAN,
      null,
      "start a reply with the quoted text of the message (off, as in POSIX mailx and bsd-mailx; s-nail's system rc sets it)"),
  FLIPR(
      "flipr",
      Kind.BOOLEAN,
      "",
      "the reply command answers the sender only and Reply everyone; set noflipr for the POSIX meaning (reply answers everyone, Reply the sender)"),
  ASK("ask", Kind.BOOLEAN, null, "the same as asksub"),
  ASKSUB(
      "asksub",
      Kind.BOOLEAN,
      "",
      "on a terminal, prompt for Subject: when composing without one; set noasksub to skip the prompt"),
  ASKCC(
      "askcc", Kind.BOOLEAN, null, "on a terminal, prompt for more Cc: recipients after the text"),
  ASKBCC(
      "askbcc",
      Kind.BOOLEAN,
      null,
      "on a terminal, prompt for more Bcc: recipients after the text"),
  DOT("dot", Kind.BOOLEAN, null, "a lone . on a line ends the message being typed"),
  ESCAPE("escape", Kind.STRING, "~", "the character that starts a compose escape"),
  PROMPT("prompt", Kind.STRING, "& ", "the command prompt on a terminal"),
  EDITOR(
      "EDITOR", Kind.STRING, null, "$EDITOR, else vi", "editor of ~e (default $EDITOR, else vi)"),
  VISUAL(
      "VISUAL", Kind.STRING, null, "$VISUAL, else vi", "editor of ~v (default $VISUAL, else vi)"),
  SHELL(
      "SHELL",
      Kind.STRING,
      null,
      "$SHELL, else /bin/sh",
      "shell of the shell command (default $SHELL, else /bin/sh)"),
  CMD("cmd", Kind.STRING, null, "default command of pipe (|)"),
  ALTERNATES(
      "alternates",
      Kind.STRING,
      null,
      "the user's other addresses, left out of replies to all (also the alternates command)"),
  // --- the rc files themselves
  IGNORE_UNKNOWN_COMMANDS(
      "ignore-unknown-commands",
      Kind.BOOLEAN,
      null,
      "do not warn about unknown commands and unreadable conditions in rc files (for files shared with other programs)");

  /** What values a variable takes. */
  public enum Kind {
    BOOLEAN,
    STRING,
    NUMBER
  }

  private final String varName;
  private final Kind kind;
  private final String defaultValue;
  private final String shownDefault;
  private final String help;

  Variable(String varName, Kind kind, String defaultValue, String help) {
    this(varName, kind, defaultValue, null, help);
  }

  /** {@code shownDefault}: what applies when the variable is unset, when that is computed. */
  Variable(String varName, Kind kind, String defaultValue, String shownDefault, String help) {
    this.varName = varName;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.shownDefault = shownDefault;
    this.help = help;
  }

  public String varName() {
    return varName;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isBoolean() {
    return kind == Kind.BOOLEAN;
  }

  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** The default as the man page shows it: set/unset for booleans, the value, or what applies. */
  public String defaultDescription() {
    if (shownDefault != null) return shownDefault;
    if (kind == Kind.BOOLEAN) return defaultValue != null ? "set" : "unset";
    return defaultValue != null ? defaultValue : "unset";
  }

  public String help() {
    return help;
  }

  private static final Variable[] VALUES = values();

  public static Optional<Variable> find(String name) {
    // A loop, not a stream: this runs on every start, where the first stream pipeline and its
    // lambdas cost start-up time (JDK 17 spins two classes for findFirst at run time).
    for (Variable v : VALUES) if (v.varName.equals(name)) return Optional.of(v);
    return Optional.empty();
  }
}
