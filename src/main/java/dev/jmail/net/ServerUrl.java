package dev.jmail.net;

import dev.jmail.error.UsageException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A mail server URL as s-nail and mutt write them (RFC 3986 authority, RFC 5092 for IMAP):
 *
 * <pre>
 * imap://[user[:password]@]host[:port][/folder]    143, STARTTLS required
 * imaps://…                                          993, TLS from the first byte
 * pop3://[user[:password]@]host[:port]               110, STLS required
 * pop3s://…                                          995, TLS from the first byte
 * </pre>
 *
 * User names and passwords may contain {@code %XX} escapes ({@code bob%40example.org}).
 *
 * @param protocol {@code imap} or {@code pop3}
 * @param implicitTls TLS from the first byte ({@code imaps}, {@code pop3s})
 * @param user the user name, or null when the URL has none
 * @param password the password written in the URL, or null
 * @param path the folder after the first {@code /}, decoded; "" when none
 */
public record ServerUrl(
    String protocol,
    boolean implicitTls,
    String user,
    String password,
    String host,
    int port,
    String path) {

  /** Whether a folder name is a server URL (imap, imaps, pop3, pop3s). */
  public static boolean isServerUrl(String spec) {
    String s = spec.toLowerCase(Locale.ROOT);
    return s.startsWith("imap://")
        || s.startsWith("imaps://")
        || s.startsWith("pop3://")
        || s.startsWith("pop3s://");
  }

  public static ServerUrl parse(String spec) {
    String shown = redacted(spec); // messages never repeat a password written in the URL
    int sep = spec.indexOf("://");
    if (sep < 0)
      throw new UsageException(shown + ": not a server URL (imap://, imaps://, pop3://, pop3s://)");
    String scheme = spec.substring(0, sep).toLowerCase(Locale.ROOT);
    String protocol;
    boolean tls;
    int defaultPort;
    switch (scheme) {
      case "imap" -> {
        protocol = "imap";
        tls = false;
        defaultPort = 143;
      }
      case "imaps" -> {
        protocol = "imap";
        tls = true;
        defaultPort = 993;
      }
      case "pop3" -> {
        protocol = "pop3";
        tls = false;
        defaultPort = 110;
      }
      case "pop3s" -> {
        protocol = "pop3";
        tls = true;
        defaultPort = 995;
      }
      default ->
          throw new UsageException(
              shown + ": unknown scheme " + scheme + " (use imap, imaps, pop3 or pop3s)");
    }
    String rest = spec.substring(sep + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : decode(rest.substring(slash + 1), shown);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon), shown);
      password = colon < 0 ? null : decode(info.substring(colon + 1), shown);
      if (user.isEmpty()) {
        throw new UsageException(
            shown + ": empty user name before @ (leave out the @ for the default user)");
      }
      // a CR or LF would end the LOGIN or USER command and start one of the URL's choosing
      noControls(user, "user name", shown);
      if (password != null) noControls(password, "password", shown);
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) throw new UsageException(shown + ": unclosed [ in the host");
      host = authority.substring(1, close).replace("%25", "%"); // RFC 6874: a zone as %25
      if (authority.length() > close + 1) {
        if (authority.charAt(close + 1) != ':')
          throw new UsageException(shown + ": junk after the host");
        portText = authority.substring(close + 2);
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      if (colon >= 0) portText = authority.substring(colon + 1);
    }
    if (host.isEmpty()) throw new UsageException(shown + ": no host name");
    // RFC 3986 3.2.2: reg-name, IPv4 or, in brackets, an IPv6 address (a zone as %25name)
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':')
          && !(authority.startsWith("[") && c == '%')) {
        throw new UsageException(shown + ": invalid host name");
      }
    }
    noControls(path, "folder name", shown);
    int port = defaultPort;
    if (portText != null) {
      // port = *DIGIT (no sign, no spaces)
      if (!digits(portText)) {
        // imap://bob:pa/ss@host: the "/" ended the authority, the password reads as a port
        if (at < 0 && slash >= 0 && rest.indexOf('@', slash) >= 0)
          throw new UsageException(
              shown + ": a / in the user name or password must be written %2F");
        throw new UsageException(shown + ": port '" + portText + "' is not a number");
      }
      port = portText.length() > 5 ? -1 : Integer.parseInt(portText);
      if (port < 1 || port > 65535)
        throw new UsageException(shown + ": port " + portText + " out of range (1-65535)");
    }
    return new ServerUrl(protocol, tls, user, password, host, port, path);
  }

  /** The URL without the password: for messages, state file names and the -v dialogue. */
  public String describe() {
    String scheme = protocol + (implicitTls ? "s" : "");
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    String u =
        user == null ? "" : user.replace("%", "%25").replace("@", "%40").replace("/", "%2F") + "@";
    return scheme + "://" + u + h + ":" + port + (path.isEmpty() ? "" : "/" + path);
  }

  public ServerUrl withUser(String u) {
    return new ServerUrl(protocol, implicitTls, u, password, host, port, path);
  }

  /** The URL as written, its {@code :password} (if any) replaced by {@code ********}. */
  static String redacted(String spec) {
    int sep = spec.indexOf("://");
    if (sep < 0) return spec;
    int slash = spec.indexOf('/', sep + 3);
    int end = slash < 0 ? spec.length() : slash;
    int at = spec.lastIndexOf('@', end - 1);
    int colon = spec.indexOf(':', sep + 3);
    if (at < sep + 3
        && colon >= 0
        && colon < end
        && !spec.startsWith("[", sep + 3)
        && !digits(spec.substring(colon + 1, end))) {
      // no @ before the first "/", and what follows the ":" is no port: a "/" in the password
      at = spec.indexOf('@', end);
    }
    if (at < sep + 3) return spec;
    if (colon < 0 || colon > at) return spec;
    return spec.substring(0, colon + 1) + "********" + spec.substring(at);
  }

  /** A port as RFC 3986 writes it: one digit or more, nothing else. */
  private static boolean digits(String s) {
    // (a loop, not a stream and a lambda: made at run time on every IMAP or POP3 command)
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return !s.isEmpty();
  }

  private static void noControls(String s, String what, String spec) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f)
        throw new UsageException(spec + ": a control character in the " + what);
    }
  }

  private static String decode(String s, String spec) {
    if (s.indexOf('%') < 0) return s;
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '%') {
        out.write(in[i]);
        continue;
      }
      int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
      int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
      if (hi < 0 || lo < 0) throw new UsageException(spec + ": bad % escape");
      out.write(hi * 16 + lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
