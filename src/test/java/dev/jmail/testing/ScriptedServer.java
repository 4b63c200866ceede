package dev.jmail.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A line server on 127.0.0.1 whose every answer a test writes: the broken and hostile IMAP and POP3
 * servers of the Hostile*ServerTest classes. Each connection is served on a thread of its own,
 * connection {@code i} by script {@code i} (the last script serves all later ones). Every line a
 * client sends is recorded, so a test can assert what was (never) sent.
 */
public final class ScriptedServer implements AutoCloseable {
  /** One connection's side of the dialogue. */
  public interface Script {
    void serve(Peer peer) throws IOException;
  }

  private final ServerSocket socket;
  private final Thread thread;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile int connections;

  public ScriptedServer(Script... scripts) throws IOException {
    socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    thread =
        new Thread(
            () -> {
              for (int i = 0; !socket.isClosed(); i++) {
                Script script = scripts[Math.min(i, scripts.length - 1)];
                try {
                  Socket s = socket.accept();
                  connections++;
                  // each connection on a thread of its own: a client may hold one open (the
                  // prompt) while it opens the next
                  Thread t =
                      new Thread(
                          () -> {
                            try (s) {
                              script.serve(new Peer(s, received));
                            } catch (IOException e) {
                              // the client went away, or the test closed the server
                            }
                          },
                          "scripted-connection-" + i);
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  // the test closed the server
                }
              }
            },
            "scripted-server");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** Every line clients sent, in order, over all connections. */
  public List<String> received() {
    return List.copyOf(received);
  }

  /** Whether a client sent a line containing {@code text}. */
  public boolean receivedLineContaining(String text) {
    return received.stream().anyMatch(l -> l.contains(text));
  }

  public int connections() {
    return connections;
  }

  @Override
  public void close() throws Exception {
    socket.close();
    thread.join(10_000);
  }

  /** The server's end of one connection. */
  public static final class Peer {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> received;

    Peer(Socket socket, List<String> received) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
      this.received = received;
    }

    /** The client's next line without CRLF, or null when it closed the connection. */
    public String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c; (c = in.read()) >= 0; ) {
        if (c == '\n') {
          String l = b.toString(StandardCharsets.UTF_8);
          if (l.endsWith("\r")) l = l.substring(0, l.length() - 1);
          received.add(l);
          return l;
        }
        b.write(c);
      }
      return null;
    }

    /** Reads {@code n} bytes the client sends raw (an APPEND literal). */
    public byte[] bytes(int n) throws IOException {
      return in.readNBytes(n);
    }

    /** Sends text as UTF-8, as it is (the caller writes the CRLFs). */
    public Peer send(String text) throws IOException {
      return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public Peer send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
      return this;
    }

    /** Stops answering: what the client sends is read until it gives up and closes. */
    public void hang() throws IOException {
      while (in.read() >= 0) {
        // a server that stopped answering
      }
    }

    /**
     * Upgrades this connection to TLS, as the server, with the certificate of a test key store
     * ({@code /tls/localhost.p12}; password changeit): what follows STARTTLS or STLS.
     */
    public Peer startTls(String keyStore) throws IOException {
      SSLSocket ssl =
          (SSLSocket)
              serverTls(keyStore)
                  .getSocketFactory()
                  .createSocket(socket, "localhost", socket.getPort(), true);
      ssl.setUseClientMode(false);
      ssl.startHandshake();
      socket = ssl;
      in = ssl.getInputStream();
      out = ssl.getOutputStream();
      return this;
    }

    /** Closes the connection now (a drop). */
    public void drop() throws IOException {
      socket.close();
    }
  }

  /**
   * A server's TLS context with the key and certificate of a test key store (password changeit).
   */
  public static SSLContext serverTls(String keyStore) {
    try (InputStream in = ScriptedServer.class.getResourceAsStream(keyStore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, "changeit".toCharArray());
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "changeit".toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
