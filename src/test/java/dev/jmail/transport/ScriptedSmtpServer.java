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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

  /** The reply to the DATA command itself; anything but 354 sends no message text after it. */
  volatile String dataCommandReply = "354 go ahead";

  volatile boolean sawTls;

  /** The EHLO keywords after the host name line (STARTTLS is added when {@link #starttls}). */
  volatile List<String> extensions = List.of("AUTH PLAIN LOGIN");

  /** The reply to STARTTLS; anything but 220 leaves the connection plain. */
  volatile String starttlsReply = "220 2.0.0 ready";

  public volatile String mailReply = "250 2.1.0 ok";

  /** The reply to EHLO when not null (a server that knows only HELO answers 500/502). */
  volatile String ehloReply;

  /** The reply to HELO. */
  volatile String heloReply = "250 ok";

  /** A challenge sent before {@link #authReply} to AUTH PLAIN/XOAUTH2 (the answer is recorded). */
  volatile String authChallenge;

  /** Closes the connection after this many lines of the message (a drop mid-DATA); -1: never. */
  volatile int dropAfterDataLines = -1;

  /** Stops reading after the 354 (a server that hangs mid-DATA) until it is closed. */
  volatile boolean stallInData;

  private final java.util.concurrent.Semaphore ended = new java.util.concurrent.Semaphore(0);

  /** Waits until the client's connection has ended (its last command is recorded then). */
  public void awaitSessionEnd(long millis) throws InterruptedException {
    if (!ended.tryAcquire(millis, java.util.concurrent.TimeUnit.MILLISECONDS))
      throw new IllegalStateException("the SMTP session did not end");
  }

  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);

  /** Says nothing after the message's final dot (a server that hangs after DATA). */
  volatile boolean silentAfterData;

  /** The reply to AUTH (after the LOGIN prompts): 235, or 535 for a refused password. */
  public volatile String authReply = "235 2.7.0 ok";

  /** SMTP over TLS from the first byte (smtps), with this key store's certificate. */
  volatile String implicitTls;

  /** The key store STARTTLS and implicit TLS use (password changeit). */
  volatile String keyStore = "/tls/localhost.p12";

  public ScriptedSmtpServer() throws IOException {
    socket = new ServerSocket();
    socket.setReceiveBufferSize(
        1 << 14); // a small window: a server that stops reading is felt soon
    socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
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
      } finally {
        ended.release();
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
          if (ehloReply != null) {
            reply(out, ehloReply);
            continue;
          }
          List<String> ext = new ArrayList<>(extensions);
          if (starttls && !tls) ext.add(0, "STARTTLS");
          out.print("250" + (ext.isEmpty() ? " " : "-") + "localhost\r\n");
          for (int i = 0; i < ext.size(); i++)
            out.print("250" + (i == ext.size() - 1 ? " " : "-") + ext.get(i) + "\r\n");
          out.flush();
        }
        case "STAR" -> {
          reply(out, starttlsReply);
          if (!starttlsReply.startsWith("220")) continue;
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
          } else if (authChallenge != null) {
            reply(out, "334 " + authChallenge);
            commands.add(in.readLine());
          }
          reply(out, authReply);
        }
        case "HELO" -> reply(out, heloReply);
        case "MAIL" -> reply(out, mailReply);
        case "RCPT" -> reply(out, rcptReplies.getOrDefault(address(line), rcptReply));
        case "DATA" -> {
          reply(out, dataCommandReply);
          if (!dataCommandReply.startsWith("354")) continue;
          if (stallInData) {
            try {
              closed.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return;
          }
          StringBuilder data = new StringBuilder();
          int lines = 0;
          for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
            if (lines++ == dropAfterDataLines) return;
            data.append(l.startsWith(".") ? l.substring(1) : l).append('\n');
          }
          messages.add(data.toString());
          if (silentAfterData) {
            in.readLine(); // waits for the client to give up
            return;
          }
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
    return dev.jmail.testing.ScriptedServer.serverTls(keyStore);
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    socket.close();
  }
}
