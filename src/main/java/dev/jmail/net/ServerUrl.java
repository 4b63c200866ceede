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
    int sep = spec.indexOf("://");
    if (sep < 0)
      throw new UsageException(spec + ": not a server URL (imap://, imaps://, pop3://, pop3s://)");
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
              spec + ": unknown scheme " + scheme + " (use imap, imaps, pop3 or pop3s)");
    }
    String rest = spec.substring(sep + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : decode(rest.substring(slash + 1), spec);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon), spec);
      password = colon < 0 ? null : decode(info.substring(colon + 1), spec);
      if (user.isEmpty()) user = null;
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) throw new UsageException(spec + ": unclosed [ in the host");
      host = authority.substring(1, close);
      if (authority.length() > close + 1) {
        if (authority.charAt(close + 1) != ':')
          throw new UsageException(spec + ": junk after the host");
        portText = authority.substring(close + 2);
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      if (colon >= 0) portText = authority.substring(colon + 1);
    }
    if (host.isEmpty()) throw new UsageException(spec + ": no host name");
    int port = defaultPort;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new UsageException(spec + ": port '" + portText + "' is not a number");
      }
      if (port < 1 || port > 65535)
        throw new UsageException(spec + ": port " + port + " out of range (1-65535)");
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
