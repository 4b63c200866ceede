package dev.jmail.net;

import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything needed to log in to an IMAP or POP3 server, from its URL and the variables, with the
 * same sources as SMTP ({@link Credentials}, {@link TlsPolicy}):
 *
 * <pre>
 * user       the URL's, else the ~/.netrc login for the host, else $USER
 * password   password-USER@HOST, password-HOST, password (s-nail's spelling), then the command in
 *            password-eval-USER@HOST, password-eval-HOST, password-eval, then the URL's, then ~/.netrc
 * timeout    net-timeout seconds (default 30) to connect and for each answer
 * plaintext  a password over an unencrypted connection only with net-allow-plaintext
 * </pre>
 *
 * The password is looked up only when a login needs it ({@link #password()}).
 */
public final class ServerLogin {
  private final ServerUrl url;
  private final Settings settings;
  private final TlsPolicy tls;
  private final int timeoutSeconds;
  private final boolean allowPlaintext;
  private final Consumer<String> warn;
  private final PrintStream verbose;
  private String password;
  private String token;

  public ServerLogin(ServerUrl url, Settings settings, Consumer<String> warn, PrintStream verbose) {
    String user = url.user();
    if (user == null) {
      user =
          Credentials.netrc(settings, url.host(), null, warn).map(Netrc.Entry::login).orElse(null);
    }
    if (user == null) user = settings.env().user();
    this.url = url.withUser(user);
    this.settings = settings;
    this.tls = TlsPolicy.from(settings);
    this.timeoutSeconds = settings.intValue("net-timeout", 30);
    if (timeoutSeconds <= 0)
      throw new ConfigException("net-timeout: must be a positive number of seconds");
    this.allowPlaintext = settings.isSet("net-allow-plaintext");
    this.warn = warn;
    this.verbose = verbose;
    // TLS is certain (imaps://, pop3s://, or STARTTLS/STLS or nothing): its context is made while
    // the caller goes on to connect ({@link TlsPolicy#prepare})
    if (this.url.implicitTls() || !allowPlaintext) tls.prepare(this.url.host(), this.url.port());
  }

  public ServerUrl url() {
    return url;
  }

  public String user() {
    return url.user();
  }

  public boolean allowPlaintext() {
    return allowPlaintext;
  }

  /** Connects to the server, with TLS from the start for imaps:// and pop3s://. */
  public LineConnection connect() {
    return LineConnection.open(
        url.describe(), url.host(), url.port(), url.implicitTls(), tls, timeoutSeconds, verbose);
  }

  /** The password (looked up once); a missing one is a configuration error (78). */
  public String password() {
    if (password != null) return password;
    String u = url.user();
    String h = url.host();
    // a password in any rc-file value gets the warning SMTP gives when others can read the file
    for (var e : settings.secretFiles().entrySet()) {
      SecretFiles.checkPrivate(
          e.getKey(), "a password (" + String.join(", ", e.getValue()) + ")", warn);
    }
    password =
        Credentials.password(
            settings,
            h,
            u,
            List.of("password-" + u + "@" + h, "password-" + h, "password"),
            List.of("password-eval-" + u + "@" + h, "password-eval-" + h, "password-eval"),
            url.password(),
            warn);
    if (password == null) {
      throw new ConfigException(
          "no password for "
              + u
              + " at "
              + h
              + ": set password-"
              + u
              + "@"
              + h
              + " or password-eval (a command printing it), or add it to ~/.netrc");
    }
    return password;
  }

  /**
   * How to log in: {@code imap-auth} or {@code pop3-auth} (s-nail's names; {@code
   * imap-auth-USER@HOST} and {@code imap-auth-HOST} first): {@code login} (the default), {@code
   * plain}, {@code xoauth2} or {@code oauthbearer}.
   */
  public Sasl.Mechanism mechanism() {
    String p = url.protocol();
    String u = url.user();
    String h = url.host();
    for (String v : List.of(p + "-auth-" + u + "@" + h, p + "-auth-" + h, p + "-auth")) {
      var value = settings.get(v);
      if (value.isPresent()) return Sasl.mechanism(v, value.get());
    }
    return Sasl.Mechanism.LOGIN;
  }

  /**
   * The secret the mechanism sends: an access token from the token command for XOAUTH2 and
   * OAUTHBEARER ({@link Credentials#token}), else the password; looked up once.
   */
  public String secret() {
    if (!mechanism().usesToken()) return password();
    if (token == null) {
      token =
          Credentials.token(
              settings,
              url.host(),
              url.user(),
              () -> {
                try {
                  return password();
                } catch (ConfigException e) {
                  throw new ConfigException(
                      "no access token for "
                          + user()
                          + " at "
                          + url.host()
                          + ": set oauth-token-eval (a command printing a fresh token)");
                }
              });
    }
    return token;
  }

  /** The mechanism's first message (base64), for AUTHENTICATE / AUTH with an initial response. */
  public String initialResponse() {
    return Sasl.initialResponse(mechanism(), user(), url.host(), url.port(), secret());
  }
}
