package dev.jmail.transport;

import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import dev.jmail.net.Credentials;
import dev.jmail.net.Netrc;
import dev.jmail.net.TlsPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The SMTP settings of one send, read from the variables:
 *
 * <pre>
 * mta=smtp://[user[:password]@]host[:port]   port 25, plain unless smtp-use-starttls is set
 * mta=submission://[user@]host[:port]        port 587, STARTTLS required
 * mta=smtps://[user@]host[:port]             port 465, TLS from the first byte
 * smtp=host[:port]                           Heirloom mailx: same as mta=smtp://host:port
 * </pre>
 *
 * Passwords come from {@code smtp-auth-password}, the output of {@code smtp-auth-password-eval},
 * the URL, or {@code ~/.netrc}, in that order; with {@code smtp-auth=xoauth2} the output of the
 * token command ({@code oauth-token-eval}, as for IMAP and POP3) comes first. AUTH over an
 * unencrypted connection is refused unless {@code smtp-auth-allow-plaintext} is set.
 */
record SmtpConfig(
    Security security,
    String host,
    int port,
    String user,
    String password,
    String mechanisms,
    Path caFile,
    boolean verify,
    int timeoutSeconds) {

  enum Security {
    PLAIN("smtp"),
    STARTTLS("smtp"),
    TLS("smtps");

    final String protocol;

    Security(String protocol) {
      this.protocol = protocol;
    }
  }

  boolean authenticates() {
    return user != null;
  }

  String describe() {
    String scheme =
        switch (security) {
          case PLAIN -> "smtp";
          case STARTTLS -> "smtp+starttls";
          case TLS -> "smtps";
        };
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return scheme + "://" + h + ":" + port;
  }

  /** Whether the variables name an SMTP server at all. */
  static boolean configured(Settings s) {
    String mta = s.get("mta").orElse("").strip();
    return isSmtpUrl(mta) || !s.get("smtp").orElse("").isBlank();
  }

  static boolean isSmtpUrl(String mta) {
    String m = mta.toLowerCase(Locale.ROOT);
    return m.startsWith("smtp://") || m.startsWith("smtps://") || m.startsWith("submission://");
  }

  static SmtpConfig from(Settings s, Diagnostics diag) {
    String mta = s.get("mta").orElse("").strip();
    String spec = isSmtpUrl(mta) ? mta : s.get("smtp").orElse("").strip();
    if (!spec.contains("://")) spec = "smtp://" + spec;
    String what = isSmtpUrl(mta) ? "mta" : "smtp";
    URI uri;
    try {
      uri = new URI(spec);
    } catch (URISyntaxException e) {
      throw new ConfigException(what + ": invalid server '" + spec + "': " + e.getReason());
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isEmpty())
      throw new ConfigException(what + ": no host name in '" + spec + "'");
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    Security security;
    int defaultPort;
    switch (scheme) {
      case "smtps" -> {
        security = Security.TLS;
        defaultPort = 465;
      }
      case "submission" -> {
        security = Security.STARTTLS;
        defaultPort = 587;
      }
      default -> {
        security = s.isSet("smtp-use-starttls") ? Security.STARTTLS : Security.PLAIN;
        defaultPort = 25;
      }
    }
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    if (port < 1 || port > 65535) {
      throw new ConfigException(
          what + ": port " + port + " out of range (1-65535) in '" + spec + "'");
    }

    String urlUser = null;
    String urlPassword = null;
    if (uri.getUserInfo() != null) {
      String ui = uri.getUserInfo();
      int colon = ui.indexOf(':');
      urlUser = colon < 0 ? ui : ui.substring(0, colon);
      urlPassword = colon < 0 ? null : ui.substring(colon + 1);
    }

    String auth = s.get("smtp-auth").orElse("").strip().toLowerCase(Locale.ROOT);
    String mechanisms =
        switch (auth) {
          case "", "yes", "on" -> "PLAIN LOGIN";
          case "plain" -> "PLAIN";
          case "login" -> "LOGIN";
          case "xoauth2", "oauthbearer" -> "XOAUTH2";
          case "none", "no", "off" -> null;
          default ->
              throw new ConfigException(
                  "smtp-auth: unknown method '" + auth + "' (use plain, login, xoauth2 or none)");
        };
    String user = s.get("smtp-auth-user").filter(u -> !u.isEmpty()).orElse(urlUser);
    boolean wantAuth = mechanisms != null && (!auth.isEmpty() || user != null);
    String password = null;
    if (wantAuth) {
      if (user == null)
        user = Credentials.netrc(s, host, null, diag::warn).map(Netrc.Entry::login).orElse(null);
      if (user == null) {
        throw new ConfigException(
            "smtp-auth: no user name for " + host + ": set smtp-auth-user or mta=smtp://user@host");
      }
      String u = user;
      String pw = urlPassword;
      String h = host;
      java.util.function.Supplier<String> stored =
          () ->
              Credentials.password(
                  s,
                  h,
                  u,
                  List.of("smtp-auth-password"),
                  List.of("smtp-auth-password-eval"),
                  pw,
                  diag::warn);
      // XOAUTH2: an access token from the token command shared with IMAP and POP3
      password = mechanisms.equals("XOAUTH2") ? Credentials.token(s, h, u, stored) : stored.get();
      if (password == null) {
        throw new ConfigException(
            "smtp-auth: no password for "
                + user
                + " at "
                + host
                + ": set smtp-auth-password-eval (a command printing it), smtp-auth-password,"
                + " or add it to ~/.netrc");
      }
      if (security == Security.PLAIN && !s.isSet("smtp-auth-allow-plaintext")) {
        throw new ConfigException(
            "refusing to send the password for "
                + user
                + " unencrypted to "
                + host
                + ":"
                + port
                + ": use smtps:// or submission://, set smtp-use-starttls, or set"
                + " smtp-auth-allow-plaintext");
      }
    } else {
      user = null;
    }

    TlsPolicy tls = TlsPolicy.from(s);
    int timeout = s.intValue("smtp-timeout", 30);
    if (timeout <= 0)
      throw new ConfigException("smtp-timeout: must be a positive number of seconds");
    return new SmtpConfig(
        security, host, port, user, password, mechanisms, tls.caFile(), tls.verify(), timeout);
  }

  static Path expandHome(String f, Settings s) {
    return TlsPolicy.expandHome(f, s);
  }
}
