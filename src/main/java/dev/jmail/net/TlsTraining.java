package dev.jmail.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the start-up cache's training run (cds.sh, {@code dev.jmail.cli.Training}): a first
 * handshake in a JVM loads about 900 classes of the runtime image (the handshake, key exchange,
 * certificate and cipher code), about 0.1 s of CPU for every IMAP, POP3 or SMTP connection unless
 * they are in the class data sharing archive or AOT cache. So the training makes real handshakes on
 * the loopback interface, through {@link TlsPolicy#layer} as jmail's connections do: one with
 * {@code tls-verify=ignore} and one verified against a CA file, with TLS 1.3, ChaCha20-Poly1305 and
 * a line each way; the default trust store is loaded too. The server's RSA key is made with the
 * Java's keytool in {@code work} for this run only. Anything failing is ignored: the cache is then
 * only less complete.
 */
public final class TlsTraining {
  private TlsTraining() {}

  private static final char[] PASSWORD = "training".toCharArray();

  /** Runs the training handshakes; {@code work} is a scratch directory of the training. */
  public static void run(Path work) {
    try {
      Path store = work.resolve("tls-training.p12");
      Path cert = work.resolve("tls-training.pem");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      if (!keytool(
              keytool,
              "-genkeypair",
              "-alias",
              "training",
              "-keyalg",
              "RSA",
              "-keysize",
              "2048",
              "-dname",
              "CN=localhost",
              "-ext",
              "SAN=dns:localhost",
              "-validity",
              "2",
              "-storetype",
              "PKCS12",
              "-keystore",
              store.toString(),
              "-storepass",
              "training",
              "-keypass",
              "training")
          || !keytool(
              keytool,
              "-exportcert",
              "-rfc",
              "-alias",
              "training",
              "-keystore",
              store.toString(),
              "-storepass",
              "training",
              "-file",
              cert.toString())) {
        return;
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, null);
      handshake(server, new TlsPolicy(false, null));
      handshake(server, new TlsPolicy(true, cert));
      // the system's trust store, as a default (verified, no CA file) connection loads it
      TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
          .init((KeyStore) null);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // a training without TLS only leaves the first handshake slower
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean keytool(Path keytool, String... args)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(keytool)) return false;
    String[] cmd = new String[args.length + 1];
    cmd[0] = keytool.toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return false;
    }
    return p.exitValue() == 0;
  }

  /** One connection: a greeting line from the server, a line back, then both close. */
  private static void handshake(SSLContext server, TlsPolicy client)
      throws IOException, InterruptedException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (SSLServerSocket ss =
        (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, lo)) {
      Thread t =
          new Thread(
              () -> {
                try (SSLSocket a = (SSLSocket) ss.accept()) {
                  a.setSoTimeout(10_000);
                  OutputStream out = a.getOutputStream();
                  out.write("* OK training\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  a.getInputStream().read();
                } catch (IOException e) {
                  // the client side counts
                }
              },
              "tls-training");
      t.setDaemon(true);
      t.start();
      client.prepare("localhost", ss.getLocalPort()); // as a ServerLogin does
      try (Socket plain = new Socket(lo, ss.getLocalPort())) {
        plain.setSoTimeout(10_000);
        try (SSLSocket s = client.layer(plain, "localhost", ss.getLocalPort())) {
          s.getInputStream().read(new byte[64]);
          s.getOutputStream().write("a1 LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        }
      }
      t.join(10_000);
    }
  }
}
