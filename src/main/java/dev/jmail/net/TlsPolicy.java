package dev.jmail.net;

import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How TLS connections to any server (SMTP, IMAP, POP3) are checked, from {@code tls-verify} and
 * {@code tls-ca-file}: the certificate chain and the host name are verified unless {@code
 * tls-verify=ignore}; {@code tls-ca-file} names the CA certificates (PEM) to trust instead of the
 * system's.
 */
public record TlsPolicy(boolean verify, Path caFile) {

  public static TlsPolicy from(Settings s) {
    String verifyVar = s.get("tls-verify").orElse("strict").strip().toLowerCase(Locale.ROOT);
    boolean verify =
        switch (verifyVar) {
          case "", "strict", "yes", "on" -> true;
          case "ignore", "no", "off" -> false;
          default ->
              throw new ConfigException(
                  "tls-verify: unknown value '" + verifyVar + "' (use strict or ignore)");
        };
    Path ca =
        s.get("tls-ca-file").filter(f -> !f.isBlank()).map(f -> expandHome(f, s)).orElse(null);
    if (ca != null && !Files.isReadable(ca))
      throw new ConfigException("tls-ca-file: cannot read " + ca);
    return new TlsPolicy(verify, ca);
  }

  /** {@code ~} and {@code ~/…} under HOME, as rc file paths are written. */
  public static Path expandHome(String f, Settings s) {
    if (f.equals("~")) return s.env().home();
    if (f.startsWith("~/")) return s.env().home().resolve(f.substring(2));
    return Path.of(f);
  }

  /**
   * The context made or being made ahead ({@link #prepare}) and its policy's fields (not the
   * record: its equals and hashCode cost an invokedynamic bootstrap, 20-40 ms, in a fresh JVM).
   */
  private static final class Ahead {
    final boolean verify;
    final Path caFile;
    final java.util.concurrent.CompletableFuture<SSLContext> context =
        new java.util.concurrent.CompletableFuture<>();

    Ahead(boolean verify, Path caFile) {
      this.verify = verify;
      this.caFile = caFile;
    }

    boolean of(TlsPolicy p) {
      return verify == p.verify && java.util.Objects.equals(caFile, p.caFile);
    }
  }

  private static final java.util.concurrent.atomic.AtomicReference<Ahead> AHEAD =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Starts making this policy's TLS context on a thread of its own, for a connection to {@code
   * host}:{@code port} about to be opened: the security providers, the cipher suites and their
   * algorithms checked, the trust store read (the system's: about 150 certificates; none for {@code
   * tls-verify=ignore}), then a first ClientHello made and thrown away (the handshake's code and a
   * key share's). In a fresh JVM that is most of a handshake's CPU time (about 60 ms on the
   * benchmark's machine, with the start-up cache), done while the caller connects, reads the
   * greeting, asks for STARTTLS and loads its cache. Nothing goes over the network. The next {@link
   * #layer} of this policy waits for it and takes it (a later connection makes its own, so a CA
   * file changed meanwhile is read again); a failure is reported there, as before. The ClientHello
   * is left out when the connection has taken the context already. The property {@code
   * jmail.tls.prepare=false} turns all of it off, {@code =context} leaves out the ClientHello (to
   * measure them: JMAIL_JAVA_OPTS).
   */
  public void prepare(String host, int port) {
    String how = System.getProperty("jmail.tls.prepare", "true");
    if (how.equals("false")) return;
    boolean hello = !how.equals("context");
    Ahead a = AHEAD.get();
    if (a != null && a.of(this)) return;
    Ahead mine = new Ahead(verify, caFile);
    if (!AHEAD.compareAndSet(a, mine)) return;
    Thread t =
        new Thread(
            () -> {
              try {
                SSLContext ctx = context();
                mine.context.complete(ctx);
                // unless the connection took the context already: its own handshake does that
                if (hello && AHEAD.get() == mine) firstHello(ctx, host, port);
              } catch (Throwable e) {
                mine.context.completeExceptionally(e);
              }
            },
            "tls-prepare");
    t.setDaemon(true);
    t.start();
  }

  /** A ClientHello of a client engine, thrown away: its code runs once before the real one. */
  private void firstHello(SSLContext ctx, String host, int port) {
    try {
      javax.net.ssl.SSLEngine e = ctx.createSSLEngine(host, port);
      e.setUseClientMode(true);
      e.setSSLParameters(parameters(e.getSSLParameters()));
      e.beginHandshake();
      e.wrap(java.nio.ByteBuffer.allocate(0), java.nio.ByteBuffer.allocate(1 << 15));
    } catch (javax.net.ssl.SSLException | RuntimeException e) {
      // only the warming up failed: the real handshake reports what is wrong
    }
  }

  /** The socket factory: the system's trust, the CA file's only, or (ignore) none at all. */
  public SSLSocketFactory socketFactory() {
    Ahead a = AHEAD.get();
    if (a == null || !a.of(this) || !AHEAD.compareAndSet(a, null))
      return context().getSocketFactory();
    try {
      return a.context.join().getSocketFactory();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error r) throw r;
      throw new ConfigException("TLS: " + e.getCause(), e.getCause());
    }
  }

  private SSLContext context() {
    try {
      if (verify && caFile == null) return SSLContext.getDefault();
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, verify ? trustingOnly(caFile) : new TrustManager[] {new TrustingAll()}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("TLS: " + e.getMessage(), e);
    }
  }

  /** The connection's parameters: host name checked unless verification is off, ChaCha20 first. */
  private SSLParameters parameters(SSLParameters p) {
    if (verify) p.setEndpointIdentificationAlgorithm("HTTPS");
    p.setCipherSuites(chachaFirst(p.getCipherSuites()));
    return p;
  }

  /**
   * TLS over an open connection (implicit TLS or STARTTLS/STLS): handshake done, host name checked
   * as HTTPS does (RFC 6125) unless verification is off.
   */
  public SSLSocket layer(Socket plain, String host, int port) throws IOException {
    SSLSocket s = (SSLSocket) socketFactory().createSocket(plain, host, port, true);
    s.setSSLParameters(parameters(s.getSSLParameters()));
    s.startHandshake();
    return s;
  }

  /**
   * The same cipher suites, ChaCha20-Poly1305 ones first (the server picks among the client's in
   * this order where it lets the client choose). A short-lived JVM decrypts in Java code: AES-GCM
   * runs on AES-NI only once the optimising compiler has taken over (jmail starts with the quick
   * one alone), and until then ChaCha20-Poly1305 is about four times faster (13 MB of IMAP header
   * listing: 0.3 s instead of 1.3 s here). Both are TLS 1.3 AEAD suites: nothing is weakened.
   */
  static String[] chachaFirst(String[] suites) {
    java.util.List<String> out = new java.util.ArrayList<>(suites.length);
    for (String c : suites) if (c.contains("CHACHA20")) out.add(c);
    for (String c : suites) if (!c.contains("CHACHA20")) out.add(c);
    return out.toArray(new String[0]);
  }

  /** Trust managers trusting exactly the certificates in the CA file. */
  public static TrustManager[] trustingOnly(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) throw new ConfigException("tls-ca-file: no certificate in " + caFile);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("tls-ca-file: " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** tls-verify=ignore: the user said so, explicitly. */
  private static final class TrustingAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
