package dev.jmail.transport;

import dev.jmail.compose.HostName;
import dev.jmail.compose.Outgoing;
import dev.jmail.config.Env;
import dev.jmail.error.ConfigException;
import dev.jmail.error.JmailException;
import dev.jmail.error.PermissionException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.net.MaskingOutputStream;
import dev.jmail.net.TlsPolicy;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * SMTP submission through Eclipse Angus (RFC 5321, STARTTLS RFC 3207, AUTH RFC 4954). The server
 * certificate and host name are verified unless {@code tls-verify=ignore}; {@code tls-ca-file}
 * names the CA certificates (PEM) to trust instead of the system's.
 */
final class SmtpTransport implements MailTransport {
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

  private Delivered send(Outgoing message, boolean partly) {
    Properties props = properties(message);
    if (partly) props.put("mail." + config.security().protocol + ".sendpartial", "true");
    Session session = Session.getInstance(props);
    PrintStream verbose = diag.verbose();
    if (verbose != null) {
      List<String> secrets = new ArrayList<>();
      if (config.password() != null) {
        secrets.add(config.password());
        secrets.add(b64("\0" + config.user() + "\0" + config.password()));
        secrets.add(b64(config.password()));
      }
      session.setDebugOut(
          new PrintStream(new MaskingOutputStream(verbose, secrets), true, StandardCharsets.UTF_8));
      session.setDebug(true);
    }
    SMTPTransport t;
    try {
      t = (SMTPTransport) session.getTransport(config.security().protocol);
    } catch (MessagingException e) {
      throw new ConfigException(describe() + ": " + e.getMessage(), e);
    }
    List<String> rcpts = message.envelope().recipients();
    try {
      InternetAddress[] to = new InternetAddress[rcpts.size()];
      for (int i = 0; i < to.length; i++) {
        to[i] = new InternetAddress();
        to[i].setAddress(rcpts.get(i));
      }
      MimeMessage msg;
      try (InputStream in = new ByteArrayInputStream(message.crlfBytes())) {
        msg = new MimeMessage(session, in);
      }
      if (config.authenticates())
        t.connect(config.host(), config.port(), config.user(), config.password());
      else t.connect(config.host(), config.port(), null, null);
      t.sendMessage(msg, to);
      return new Delivered(describe(), rcpts);
    } catch (SendFailedException e) {
      Delivered some = partly ? partlySent(e) : null;
      if (some != null) return some;
      throw failure(e, t);
    } catch (MessagingException | IOException e) {
      throw failure(e, t);
    } finally {
      try {
        t.close();
      } catch (MessagingException ignored) {
        // QUIT after a failure may fail too; the first failure is the one reported
      }
    }
  }

  /**
   * With {@code sendpartial}, Angus sends the data to the recipients the server accepted and then
   * reports the others in an exception whose reply code is the 250 of the data. That is a partial
   * success when nobody was refused permanently; anything else is a failure (null).
   */
  private Delivered partlySent(SendFailedException e) {
    Address[] sent = e.getValidSentAddresses();
    Address[] invalid = e.getInvalidAddresses();
    int code = e instanceof SMTPSendFailedException f ? f.getReturnCode() : -1;
    if (code / 100 != 2
        || sent == null
        || sent.length == 0
        || (invalid != null && invalid.length > 0)) return null;
    Map<String, String> deferred = new LinkedHashMap<>();
    for (Throwable c = e; c != null; c = next(c)) {
      if (c instanceof SMTPAddressFailedException a)
        deferred.put(a.getAddress().getAddress(), oneLine(a.getMessage()));
    }
    Address[] unsent = e.getValidUnsentAddresses();
    if (unsent != null) {
      for (Address a : unsent) deferred.putIfAbsent(((InternetAddress) a).getAddress(), "deferred");
    }
    List<String> accepted = new ArrayList<>();
    for (Address a : sent) accepted.add(((InternetAddress) a).getAddress());
    return new Delivered(describe(), accepted, deferred);
  }

  private Properties properties(Outgoing message) {
    String p = "mail." + config.security().protocol;
    Properties props = new Properties();
    props.put(p + ".host", config.host());
    props.put(p + ".port", Integer.toString(config.port()));
    props.put(p + ".from", message.envelope().sender());
    props.put(p + ".localhost", HostName.of(env));
    String ms = Integer.toString(config.timeoutSeconds() * 1000);
    props.put(p + ".connectiontimeout", ms);
    props.put(p + ".timeout", ms);
    props.put(p + ".writetimeout", ms);
    props.put(p + ".quitwait", "false");
    if (config.security() == SmtpConfig.Security.STARTTLS) {
      props.put(p + ".starttls.enable", "true");
      props.put(p + ".starttls.required", "true");
    }
    if (config.security() == SmtpConfig.Security.TLS) props.put(p + ".ssl.enable", "true");
    if (config.verify()) {
      props.put(p + ".ssl.checkserveridentity", "true");
      if (config.caFile() != null) props.put(p + ".ssl.socketFactory", trustingOnly(config));
    } else {
      props.put(p + ".ssl.checkserveridentity", "false");
      props.put(p + ".ssl.trust", "*");
    }
    if (config.authenticates()) {
      props.put(p + ".auth", "true");
      props.put(p + ".auth.mechanisms", config.mechanisms());
      if (config.mechanisms().equals("XOAUTH2")) props.put(p + ".auth.xoauth2.disable", "false");
    }
    props.put("mail.debug.auth", "false");
    return props;
  }

  /** An SSL socket factory trusting exactly the certificates in the CA file. */
  private static SSLSocketFactory trustingOnly(SmtpConfig config) {
    return new TlsPolicy(true, config.caFile()).socketFactory();
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

  private static final Pattern REPLY = Pattern.compile("(?:response: |^)([245]\\d\\d)[ -]");

  /** Maps what went wrong to a failure type: that type decides the exit status. */
  private JmailException failure(Exception e, SMTPTransport t) {
    String where = describe();
    if (e instanceof AuthenticationFailedException) {
      return new PermissionException(
          where + ": authentication failed for " + config.user() + ": " + oneLine(e.getMessage()),
          e);
    }
    for (Throwable c = e; c != null; c = next(c)) {
      if (c instanceof SocketTimeoutException) {
        return new TemporaryFailureException(
            where
                + ": no answer from the server in "
                + config.timeoutSeconds()
                + " s (smtp-timeout)",
            e);
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return new TemporaryFailureException(
            where + ": cannot connect: " + oneLine(c.getMessage()), e);
      }
      if (c instanceof UnknownHostException) {
        return new TemporaryFailureException(where + ": unknown host " + config.host(), e);
      }
      if (c instanceof SSLException ssl) {
        TrustManager[] trust = config.verify() ? trustManagers(config) : new TrustManager[0];
        return new UnavailableException(
            where + ": TLS failed: " + oneLine(TlsDiagnosis.explain(ssl, config, trust)), e);
      }
      if (c instanceof SMTPAddressFailedException a) {
        return byCode(
            a.getReturnCode(),
            where + ": recipient " + a.getAddress() + " refused: " + oneLine(a.getMessage()),
            e);
      }
      if (c instanceof SMTPSendFailedException f) {
        return byCode(f.getReturnCode(), where + ": " + oneLine(f.getMessage()), e);
      }
    }
    int code = t.getLastReturnCode();
    String text = oneLine(e.getMessage());
    Matcher m = REPLY.matcher(text);
    if (m.find()) code = Integer.parseInt(m.group(1));
    if (e instanceof SendFailedException && text.isEmpty()) text = "sending failed";
    if (text.contains("STARTTLS is required")) {
      return new UnavailableException(
          where + ": the server does not offer STARTTLS, which is required", e);
    }
    return byCode(code, where + ": " + text, e);
  }

  private static JmailException byCode(int code, String text, Exception cause) {
    if (code >= 400 && code < 500) return new TemporaryFailureException(text, cause);
    if (code == 535 || code == 530 || code == 534) return new PermissionException(text, cause);
    if (code >= 500) return new UnavailableException(text, cause);
    if (cause.getCause() instanceof IOException) return new TemporaryFailureException(text, cause);
    return new UnavailableException(text, cause);
  }

  private static Throwable next(Throwable c) {
    if (c instanceof MessagingException me
        && me.getNextException() != null
        && me.getNextException() != c) {
      return me.getNextException();
    }
    return c.getCause() == c ? null : c.getCause();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
