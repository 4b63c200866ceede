package dev.jmail.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Why a TLS handshake failed, in words a user can act on. Java reports a certificate without a
 * matching subjectAltName as "PKIX path building failed" when the host is an IP address, the same
 * words as an untrusted certificate: so after a certificate failure the server's chain is fetched
 * once more (nothing is sent but EHLO and STARTTLS) and checked in two steps, trust first, then the
 * name (RFC 6125 6.4: the subjectAltName; a certificate without one matches no name, RFC 2818 3.1).
 */
final class TlsDiagnosis {
  private TlsDiagnosis() {}

  static final String NOT_TLS =
      "the server does not speak TLS on this port (smtps:// is TLS from the first byte;"
          + " for a plain or STARTTLS port use smtp:// or submission://)";
  static final String NOT_TRUSTED =
      "certificate not trusted (set tls-ca-file=FILE.pem if the server uses a private CA)";

  /** The cause of {@code failure} (a TLS failure talking to the configured server), one line. */
  static String explain(SSLException failure, SmtpConfig config, TrustManager[] trust) {
    String text = failure.getMessage() == null ? "" : failure.getMessage();
    if (text.contains("Unsupported or unrecognized SSL message")) return NOT_TLS;
    boolean certificate =
        text.contains("PKIX")
            || text.contains("certification path")
            || text.contains("subject alternative")
            || text.contains("identity of server")
            || failure.getCause() instanceof CertificateException;
    if (!certificate) return text;
    try {
      X509Certificate[] chain = fetchChain(config);
      if (chain == null || chain.length == 0) return text;
      if (!trusted(chain, trust)) return NOT_TRUSTED;
      String mismatch = nameMismatch(config.host(), chain[0]);
      return mismatch != null ? mismatch : text;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return text; // the server is gone or answers otherwise now: Java's words, then
    }
  }

  /**
   * Why {@code host} is not a name of {@code cert}, with a hint; null when it is one. IP addresses
   * match iPAddress entries, names dNSName entries (a "*." wildcard for one label).
   */
  static String nameMismatch(String host, X509Certificate cert) throws CertificateParsingException {
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    String hint = " (connect by a name the certificate is for, or have it reissued with this one)";
    if (sans == null || sans.isEmpty()) {
      return "host name does not match the certificate (no subjectAltName for " + host + ")" + hint;
    }
    boolean ip = isIpLiteral(host);
    List<String> names = new ArrayList<>();
    for (List<?> san : sans) {
      int type = (Integer) san.get(0);
      String value = String.valueOf(san.get(1));
      if (type == 2 || type == 7) names.add(value);
      if (ip && type == 7 && sameAddress(host, value)) return null;
      if (!ip && type == 2 && dnsMatches(host, value)) return null;
    }
    return "host name does not match the certificate ("
        + host
        + " is not one of: "
        + String.join(", ", names)
        + ")"
        + hint;
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.indexOf(':') >= 0;
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b)); // literals only: no lookup
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean dnsMatches(String host, String pattern) {
    String h = host.toLowerCase(Locale.ROOT);
    String p = pattern.toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      int dot = h.indexOf('.');
      return dot > 0 && h.substring(dot).equals(p.substring(1));
    }
    return h.equals(p);
  }

  private static boolean trusted(X509Certificate[] chain, TrustManager[] trust) {
    for (TrustManager tm : trust) {
      if (!(tm instanceof X509TrustManager x)) continue;
      try {
        x.checkServerTrusted(chain, chain[0].getPublicKey().getAlgorithm());
        return true;
      } catch (CertificateException e) {
        return false;
      }
    }
    return false;
  }

  /** The server's certificate chain, whatever it is; STARTTLS first when the port needs it. */
  private static X509Certificate[] fetchChain(SmtpConfig config)
      throws IOException, GeneralSecurityException {
    X509Certificate[][] seen = new X509Certificate[1][];
    X509TrustManager capture =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen[0] = chain.clone(); // only looked at, never trusted: nothing is sent over it
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {capture}, null);
    int timeout = config.timeoutSeconds() * 1000;
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(config.host(), config.port()), timeout);
      plain.setSoTimeout(timeout);
      if (config.security() == SmtpConfig.Security.STARTTLS) startTls(plain);
      try (SSLSocket ssl =
          (SSLSocket)
              ctx.getSocketFactory().createSocket(plain, config.host(), config.port(), false)) {
        ssl.startHandshake();
      }
    }
    return seen[0];
  }

  /** RFC 3207 4: greeting, EHLO, STARTTLS, 220. */
  private static void startTls(Socket s) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    OutputStream out = s.getOutputStream();
    reply(in);
    out.write("EHLO localhost\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    reply(in);
    out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    if (!reply(in).startsWith("220")) throw new IOException("STARTTLS refused");
  }

  /** The last line of a (multi-line) reply. */
  private static String reply(BufferedReader in) throws IOException {
    for (String line; (line = in.readLine()) != null; ) {
      if (line.length() < 4 || line.charAt(3) != '-') return line;
    }
    throw new IOException("connection closed");
  }
}
