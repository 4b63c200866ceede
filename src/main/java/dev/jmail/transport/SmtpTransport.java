package dev.jmail.transport;

import dev.jmail.compose.HostName;
import dev.jmail.compose.Outgoing;
import dev.jmail.config.Env;
import dev.jmail.error.ConfigException;
import dev.jmail.error.JmailException;
import dev.jmail.error.PermissionException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.net.LineConnection;
import dev.jmail.net.Sasl;
import dev.jmail.net.TlsPolicy;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * SMTP submission (RFC 5321; STARTTLS RFC 3207; AUTH RFC 4954 with PLAIN RFC 4616, LOGIN and
 * XOAUTH2) over {@link LineConnection}, the connection IMAP and POP3 use. The server certificate
 * and host name are verified unless {@code tls-verify=ignore}; {@code tls-ca-file} names the CA
 * certificates (PEM) to trust instead of the system's.
 *
 * <p>Written for jmail rather than taken from Jakarta Mail's SMTP transport: that one needs a
 * {@code Session} (the provider lists of every jar, annotation proxies, java.util.logging) and a
 * {@code MimeMessage} parsed again from the bytes jmail composed, which was most of the start-up
 * time of a send ({@code src/bench/startup.sh}). The message goes out byte for byte as composed.
 */
final class SmtpTransport implements MailTransport {
  /** Above this many bytes a watchdog bounds each write of the data too (smtp-timeout). */
  private static final int WATCHED_WRITE = 1 << 16;

  private final SmtpConfig config;
  private final Env env;
  private final Diagnostics diag;

  SmtpTransport(SmtpConfig config, Env env, Diagnostics diag) {
    this.config = config;
    this.env = env;
    this.diag = diag;
  }

  @Override
  public String describe() {
    return config.describe();
  }

  @Override
  public Delivered send(Outgoing message) {
    return send(message, false);
  }

  @Override
  public Delivered sendPartly(Outgoing message) {
    return send(message, true);
  }

  /** One reply: its code and its text lines (RFC 5321 4.2: {@code code [ "-" / SP ] text}). */
  private record Reply(int code, List<String> lines) {
    String text() {
      return oneLine(String.join(" ", lines));
    }
  }

  private Delivered send(Outgoing message, boolean partly) {
    LineConnection c;
    try {
      c =
          LineConnection.open(
              describe(),
              config.host(),
              config.port(),
              config.security() == SmtpConfig.Security.TLS,
              new TlsPolicy(config.verify(), config.caFile()),
              config.timeoutSeconds(),
              diag.verbose());
    } catch (JmailException e) {
      throw mapped(e);
    }
    try {
      return session(c, message, partly);
    } catch (JmailException e) {
      throw mapped(e);
    } finally {
      c.close();
    }
  }

  private Delivered session(LineConnection c, Outgoing message, boolean partly) {
    expect(c, read(c), 220, "greeting");
    List<String> ext = hello(c);
    if (config.security() == SmtpConfig.Security.STARTTLS) {
      if (!has(ext, "STARTTLS")) {
        throw new UnavailableException(
            describe() + ": the server does not offer STARTTLS, which is required");
      }
      c.send("STARTTLS");
      c.flush();
      expect(c, read(c), 220, "STARTTLS");
      c.startTls();
      ext = hello(c);
    }
    if (config.authenticates()) authenticate(c, ext);

    // RFC 5321 3.3: MAIL FROM, one RCPT TO each, DATA.
    c.send("MAIL FROM:<" + message.envelope().sender() + ">" + mailParameters(message, ext));
    c.flush();
    expect(c, read(c), 250, "MAIL FROM");
    List<String> accepted = new ArrayList<>();
    Map<String, String> deferred = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    int refusalCode = 0;
    // Every recipient is asked (as Jakarta Mail's transport did), so one failure names them all.
    for (String rcpt : message.envelope().recipients()) {
      c.send("RCPT TO:<" + rcpt + ">");
      c.flush();
      Reply r = read(c);
      if (r.code() == 250 || r.code() == 251) {
        accepted.add(rcpt);
        continue;
      }
      // sendPartly: a recipient refused for now (4xx) waits in the queue while the others get it;
      // a permanent refusal fails the message as a whole. Without sendPartly any refusal does
      // (as Jakarta Mail's transport failed it): the message is kept, nobody gets it.
      if (partly && r.code() / 100 == 4) {
        deferred.put(rcpt, r.code() + " " + r.text());
        continue;
      }
      refused.add(rcpt + " refused: " + r.code() + " " + r.text());
      // a permanent refusal decides the status: trying again later would not help it
      if (refusalCode == 0 || (refusalCode / 100 == 4 && r.code() / 100 == 5)) {
        refusalCode = r.code();
      }
    }
    if (!refused.isEmpty() || accepted.isEmpty()) {
      quit(c, true);
      if (!refused.isEmpty()) {
        throw byCode(
            refusalCode,
            describe()
                + ": recipient "
                + String.join("; recipient ", refused)
                + (accepted.isEmpty() ? "" : " (the message was sent to nobody)"));
      }
      throw byCode(
          400, describe() + ": every recipient deferred: " + String.join("; ", deferred.values()));
    }
    c.send("DATA");
    c.flush();
    expect(c, read(c), 354, "DATA");
    data(c, message.crlfBytes());
    expect(c, read(c), 250, "the message");
    quit(c, false);
    return new Delivered(describe(), accepted, deferred);
  }

  /**
   * The MAIL FROM parameters a message needs: {@code BODY=8BITMIME} (RFC 6152) when it has octets
   * over 127, {@code SMTPUTF8} (RFC 6531) when an address or a header field is UTF-8. jmail
   * composes 7-bit messages with ASCII addresses, so only a passed-through entity or a queued
   * message can need them; a server that does not offer what the message needs refuses it here (69)
   * rather than the message going out mangled.
   */
  private String mailParameters(Outgoing message, List<String> ext) {
    byte[] m = message.crlfBytes();
    boolean eightBit = false;
    for (byte b : m) {
      if (b < 0) {
        eightBit = true;
        break;
      }
    }
    boolean utf8 = eightBit && headerHasEightBit(m);
    List<String> addresses = new ArrayList<>(message.envelope().recipients());
    addresses.add(message.envelope().sender());
    for (String a : addresses) {
      for (int i = 0; i < a.length() && !utf8; i++) utf8 = a.charAt(i) > 0x7f;
    }
    StringBuilder p = new StringBuilder();
    if (eightBit) {
      if (!has(ext, "8BITMIME")) {
        throw new UnavailableException(
            describe()
                + ": the message has 8-bit data and the server does not offer 8BITMIME"
                + " (RFC 6152); send it through a server that does");
      }
      p.append(" BODY=8BITMIME");
    }
    if (utf8) {
      if (!has(ext, "SMTPUTF8")) {
        throw new UnavailableException(
            describe()
                + ": the message has UTF-8 addresses or header fields and the server does not"
                + " offer SMTPUTF8 (RFC 6531)");
      }
      p.append(" SMTPUTF8");
    }
    return p.toString();
  }

  /** Whether an octet over 127 comes before the empty line that ends the header section. */
  private static boolean headerHasEightBit(byte[] m) {
    int lineStart = 0;
    for (int i = 0; i < m.length; i++) {
      if (m[i] < 0) return true;
      if (m[i] == '\n') {
        int len = i - lineStart - (i > lineStart && m[i - 1] == '\r' ? 1 : 0);
        if (len == 0) return false;
        lineStart = i + 1;
      }
    }
    return false;
  }

  /** EHLO (HELO when the server does not know it): the extensions the server named. */
  private List<String> hello(LineConnection c) {
    String name = HostName.of(env);
    c.send("EHLO " + name);
    c.flush();
    Reply r = read(c);
    if (r.code() == 250) return r.lines().subList(1, r.lines().size());
    c.send("HELO " + name);
    c.flush();
    expect(c, read(c), 250, "HELO");
    return List.of();
  }

  private static boolean has(List<String> ext, String keyword) {
    for (String e : ext) {
      String u = e.toUpperCase(Locale.ROOT);
      if (u.equals(keyword) || u.startsWith(keyword + " ")) return true;
    }
    return false;
  }

  /** The AUTH mechanisms the server names ({@code AUTH PLAIN LOGIN}, or the old {@code AUTH=}). */
  private static List<String> authMechanisms(List<String> ext) {
    List<String> m = new ArrayList<>();
    for (String e : ext) {
      String u = e.toUpperCase(Locale.ROOT);
      if (u.startsWith("AUTH ") || u.startsWith("AUTH=")) {
        for (String w : u.substring(5).trim().split("\\s+")) if (!w.isEmpty()) m.add(w);
      }
    }
    return m;
  }

  /**
   * One AUTH mechanism (RFC 4954): where a SASL mechanism plugs in. {@link #command} is the AUTH
   * command, with the initial response when the mechanism has one (RFC 4954 4); {@link #answer}
   * gives the (base64) response to the {@code step}-th 334 challenge, or null when the mechanism
   * has nothing to say to it: the exchange is then cancelled with {@code *} and the server's answer
   * to that is the failure.
   */
  interface AuthMechanism {
    String command();

    String answer(int step, String challenge);
  }

  /**
   * The mechanisms jmail speaks, by the name the server offers (smtp-auth picks among them); the
   * messages are {@link Sasl}'s, shared with IMAP and POP3.
   */
  AuthMechanism mechanism(String name, String user, String secret) {
    return switch (name) {
      case "LOGIN" -> // draft-murchison-sasl-login: the user name, then the password
          new AuthMechanism() {
            @Override
            public String command() {
              return "AUTH LOGIN";
            }

            @Override
            public String answer(int step, String challenge) {
              return step == 0 ? b64(user) : step == 1 ? b64(secret) : null;
            }
          };
      default -> { // PLAIN, XOAUTH2: the initial response with the command (RFC 4954 4)
        Sasl.Mechanism m = Sasl.Mechanism.valueOf(name);
        String ir = Sasl.initialResponse(m, user, config.host(), config.port(), secret);
        yield new AuthMechanism() {
          @Override
          public String command() {
            return "AUTH " + m.saslName() + " " + ir;
          }

          @Override
          public String answer(int step, String challenge) {
            // an OAuth error comes as a challenge: the abort response gets the final reply
            return step == 0 && m.usesToken() ? m.abortResponse() : null;
          }
        };
      }
    };
  }

  /** RFC 4954: the first of our mechanisms (in the order smtp-auth gives) the server offers. */
  private void authenticate(LineConnection c, List<String> ext) {
    String user = config.user();
    String pw = config.password();
    c.secret(pw);
    c.secret(b64(pw));
    for (Sasl.Mechanism m : Sasl.Mechanism.values())
      c.secret(Sasl.initialResponse(m, user, config.host(), config.port(), pw));
    List<String> offered = authMechanisms(ext);
    String name = null;
    for (String m : config.mechanisms().split(" ")) {
      if (offered.contains(m)) {
        name = m;
        break;
      }
    }
    if (name == null) {
      throw new PermissionException(
          describe()
              + ": authentication failed for "
              + user
              + ": the server offers none of "
              + config.mechanisms()
              + (offered.isEmpty() ? " (no AUTH at all)" : " (it offers " + offered + ")"));
    }
    AuthMechanism m = mechanism(name, user, pw);
    c.send(m.command());
    c.flush();
    Reply r = read(c);
    for (int step = 0; r.code() == 334; step++) {
      String answer = m.answer(step, r.text());
      c.send(answer == null ? "*" : answer);
      c.flush();
      r = read(c);
    }
    if (r.code() / 100 == 4) { // RFC 4954 6: 454, a temporary failure
      throw new TemporaryFailureException(
          describe() + ": authentication failed for " + user + ": " + r.code() + " " + r.text());
    }
    if (r.code() != 235) {
      throw new PermissionException(
          describe() + ": authentication failed for " + user + ": " + r.code() + " " + r.text());
    }
  }

  /**
   * RFC 5321 4.5.2: the message with every line end CRLF (a bare LF or CR becomes one, as Jakarta
   * Mail's SMTP stream made it: a text body keeps the line ends of its input), every line that
   * starts with "." given one more, then the lone "." that ends it. A watchdog bounds the writes of
   * a large message: a server that stops reading would otherwise block the write for ever.
   */
  private void data(LineConnection c, byte[] m) {
    byte[] wire = wire(m);
    Watchdog w = wire.length > WATCHED_WRITE ? new Watchdog(c, config.timeoutSeconds()) : null;
    try {
      for (int off = 0; off < wire.length; off += WATCHED_WRITE) {
        c.sendRaw(wire, off, Math.min(WATCHED_WRITE, wire.length - off));
        if (w != null) w.progress();
      }
      c.send(".");
      c.flush();
    } catch (JmailException e) {
      if (w != null && w.fired()) {
        throw new TemporaryFailureException(
            describe()
                + ": no answer from the server in "
                + config.timeoutSeconds()
                + " s (smtp-timeout)",
            e);
      }
      throw e;
    } finally {
      if (w != null) w.stop();
    }
  }

  /** The message as it goes on the wire: CRLF line ends, dots doubled, ending in CRLF. */
  static byte[] wire(byte[] m) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(m.length + 64);
    int last = '\n';
    for (byte b : m) {
      if (b == '\r') {
        out.write('\r');
        out.write('\n');
      } else if (b == '\n') {
        if (last != '\r') {
          out.write('\r');
          out.write('\n');
        }
      } else {
        if (b == '.' && (last == '\n' || last == '\r')) out.write('.');
        out.write(b);
      }
      last = b;
    }
    if (last != '\n' && last != '\r') {
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** Closes the connection when a write makes no progress for the timeout. */
  private static final class Watchdog implements Runnable {
    private final LineConnection c;
    private final long limitNanos;
    private final Thread thread;
    private volatile long last = System.nanoTime();
    private volatile boolean stopped;
    private volatile boolean fired;

    Watchdog(LineConnection c, int seconds) {
      this.c = c;
      this.limitNanos = seconds * 1_000_000_000L;
      this.thread = new Thread(this, "jmail-smtp-write-timeout");
      thread.setDaemon(true);
      thread.start();
    }

    void progress() {
      last = System.nanoTime();
    }

    boolean fired() {
      return fired;
    }

    void stop() {
      stopped = true;
      thread.interrupt();
    }

    @Override
    public void run() {
      while (!stopped) {
        long idle = System.nanoTime() - last;
        if (idle >= limitNanos) {
          fired = true;
          c.close();
          return;
        }
        try {
          Thread.sleep(Math.max(1, (limitNanos - idle) / 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** QUIT without waiting for the answer (as mail.smtp.quitwait=false did). */
  private static void quit(LineConnection c, boolean afterFailure) {
    try {
      if (afterFailure) {
        c.send("RSET");
      }
      c.send("QUIT");
      c.flush();
    } catch (JmailException e) {
      // the server may be gone already; the message's fate is decided
    }
  }

  /**
   * RFC 5321 4.2.1: the reply, over several lines when all but the last have "-" after the code.
   */
  private static Reply read(LineConnection c) {
    List<String> lines = new ArrayList<>(2);
    while (true) {
      String line = c.readText();
      int code = code(line);
      if (code < 0) {
        throw new UnavailableException(
            c.where() + ": not an SMTP reply: '" + oneLine(printable(line)) + "'");
      }
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() < 4 || line.charAt(3) != '-') return new Reply(code, lines);
    }
  }

  private static int code(String line) {
    if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-'))
      return -1;
    int code = 0;
    for (int i = 0; i < 3; i++) {
      char ch = line.charAt(i);
      if (ch < '0' || ch > '9') return -1;
      code = code * 10 + (ch - '0');
    }
    return code >= 200 && code < 600 ? code : -1;
  }

  private void expect(LineConnection c, Reply r, int code, String what) {
    if (r.code() == code) return;
    quit(c, true);
    throw byCode(r.code(), describe() + ": " + what + ": " + r.code() + " " + r.text());
  }

  /**
   * A failure of the connection in SMTP's words: the timeout is smtp-timeout, a TLS failure is
   * explained (untrusted, wrong name, not TLS at all).
   */
  private JmailException mapped(JmailException e) {
    String where = describe();
    for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return new TemporaryFailureException(
            where
                + ": no answer from the server in "
                + config.timeoutSeconds()
                + " s (smtp-timeout)",
            e);
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return new TemporaryFailureException(
            where + ": cannot connect: " + oneLine(t.getMessage()), e);
      }
      if (t instanceof UnknownHostException) {
        return new TemporaryFailureException(where + ": unknown host " + config.host(), e);
      }
      if (t instanceof SSLException ssl) {
        TrustManager[] trust = config.verify() ? trustManagers(config) : new TrustManager[0];
        return new UnavailableException(
            where + ": TLS failed: " + oneLine(TlsDiagnosis.explain(ssl, config, trust)), e);
      }
    }
    return e;
  }

  /** What decides trust, for diagnosing a failed handshake: tls-ca-file, else the system's. */
  private static TrustManager[] trustManagers(SmtpConfig config) {
    if (config.caFile() != null) return TlsPolicy.trustingOnly(config.caFile());
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new ConfigException("TLS: " + e.getMessage(), e);
    }
  }

  /** The reply code decides: 4xx temporary (75), 530/534/535 authentication (77), else 69. */
  private static JmailException byCode(int code, String text) {
    if (code >= 400 && code < 500) return new TemporaryFailureException(text);
    if (code == 535 || code == 530 || code == 534) return new PermissionException(text);
    return new UnavailableException(text);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && i < 200; i++) {
      char ch = s.charAt(i);
      b.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
    }
    return b.toString();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
