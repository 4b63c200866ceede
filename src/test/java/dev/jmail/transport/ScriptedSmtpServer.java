package dev.jmail.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny SMTP server on 127.0.0.1 for what GreenMail cannot do: STARTTLS, chosen 4xx/5xx replies, a
 * server that accepts the connection and never says anything. It records every command line and the
 * DATA it received.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Thread thread;
  public final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  public final List<String> messages = Collections.synchronizedList(new ArrayList<>());
  volatile boolean silent;
  volatile boolean starttls;
  volatile String greeting = "220 scripted ESMTP";
  public volatile String rcptReply = "250 2.1.5 ok";

  /**
   * Replies for chosen recipients ({@code RCPT TO:<address>}); the others get {@link #rcptReply}.
   */
  public final java.util.Map<String, String> rcptReplies =
      new java.util.concurrent.ConcurrentHashMap<>();

  public volatile String dataReply = "250 2.0.0 queued";
  volatile boolean sawTls;

  /** The reply to AUTH (after the LOGIN prompts): 235, or 535 for a refused password. */
  public volatile String authReply = "235 2.7.0 ok";

  /** SMTP over TLS from the first byte (smtps), with this key store's certificate. */
  volatile String implicitTls;

  /** The key store STARTTLS and implicit TLS use (password changeit). */
  volatile String keyStore = "/tls/localhost.p12";

  public ScriptedSmtpServer() throws IOException {
    socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "scripted-smtp");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        s.setSoTimeout(10_000);
        if (silent) {
          s.getInputStream().transferTo(OutputStream.nullOutputStream());
          continue;
        }
        if (implicitTls != null) {
          SSLSocket ssl =
              (SSLSocket)
                  sslContext(implicitTls)
                      .getSocketFactory()
                      .createSocket(s, "localhost", s.getPort(), true);
          ssl.setUseClientMode(false);
          ssl.startHandshake();
          session(ssl);
        } else {
          session(s);
        }
      } catch (IOException e) {
        // client went away or the server is closing
      }
    }
  }

  private void session(Socket plain) throws IOException {
    Socket s = plain;
    BufferedReader in = reader(s.getInputStream());
    PrintWriter out = writer(s.getOutputStream());
    boolean tls = false;
    reply(out, greeting);
    if (!greeting.startsWith("220")) return;
    for (String line; (line = in.readLine()) != null; ) {
      commands.add(line);
      String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
      switch (cmd) {
        case "EHLO" -> {
          out.print("250-localhost\r\n");
          if (starttls && !tls) out.print("250-STARTTLS\r\n");
          reply(out, "250 AUTH PLAIN LOGIN");
        }
        case "STAR" -> {
          reply(out, "220 2.0.0 ready");
          SSLSocket ssl =
              (SSLSocket)
                  sslContext(keyStore)
                      .getSocketFactory()
                      .createSocket(s, "localhost", s.getPort(), true);
          ssl.setUseClientMode(false);
          ssl.startHandshake();
          s = ssl;
          tls = true;
          sawTls = true;
          in = reader(s.getInputStream());
          out = writer(s.getOutputStream());
        }
        case "AUTH" -> {
          if (line.toUpperCase().startsWith("AUTH LOGIN")) {
            reply(out, "334 VXNlcm5hbWU6");
            commands.add(in.readLine());
            reply(out, "334 UGFzc3dvcmQ6");
            commands.add(in.readLine());
          }
          reply(out, authReply);
        }
        case "RCPT" -> reply(out, rcptReplies.getOrDefault(address(line), rcptReply));
        case "DATA" -> {
          reply(out, "354 go ahead");
          StringBuilder data = new StringBuilder();
          for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
            data.append(l.startsWith(".") ? l.substring(1) : l).append('\n');
          }
          messages.add(data.toString());
          reply(out, dataReply);
        }
        case "QUIT" -> {
          reply(out, "221 bye");
          return;
        }
        default -> reply(out, "250 ok");
      }
    }
  }

  private static String address(String rcpt) {
    int lt = rcpt.indexOf('<');
    int gt = rcpt.indexOf('>', lt + 1);
    return lt < 0 || gt < 0 ? "" : rcpt.substring(lt + 1, gt);
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
  }

  private static PrintWriter writer(OutputStream out) {
    return new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.ISO_8859_1));
  }

  private static void reply(PrintWriter out, String line) {
    out.print(line + "\r\n");
    out.flush();
  }

  static SSLContext sslContext(String keyStore) {
    try (InputStream in = ScriptedSmtpServer.class.getResourceAsStream(keyStore)) {
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

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
