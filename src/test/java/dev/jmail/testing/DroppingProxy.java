package dev.jmail.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a real server (GreenMail) that a test can cut: {@link
 * #dropAll} closes every open connection (a network drop), {@link #refuse} makes new connections
 * close at once (the server away). It records when each connection was accepted and every line a
 * client sent (a plain-text protocol), with its time and connection.
 */
public final class DroppingProxy implements AutoCloseable {
  private final ServerSocket socket;
  private final int target;
  private final Thread thread;
  private final List<Socket> live = new CopyOnWriteArrayList<>();
  private final List<Long> accepted = new CopyOnWriteArrayList<>();
  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  public DroppingProxy(int targetPort) throws IOException {
    this.target = targetPort;
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::acceptAll, "dropping-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** From now on, new connections are closed as soon as they are accepted (or again relayed). */
  public void refuse(boolean refuse) {
    refusing = refuse;
  }

  /** Closes every open connection, both sides. */
  public void dropAll() {
    for (Socket s : live) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
    live.clear();
  }

  /** {@link System#nanoTime} of each accepted connection, refused ones included, in order. */
  public List<Long> acceptTimes() {
    return List.copyOf(accepted);
  }

  /** A line a client sent: when ({@link System#nanoTime}), on which connection (from 1). */
  public record Line(long nanos, int connection, String text) {}

  /** Every line clients sent, in order. */
  public List<Line> lines() {
    return List.copyOf(lines);
  }

  private void acceptAll() {
    for (int n = 1; !socket.isClosed(); n++) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // closed by the test
      }
      accepted.add(System.nanoTime());
      if (refusing) {
        try {
          client.close();
        } catch (IOException e) {
          // gone
        }
        continue;
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        live.add(client);
        live.add(server);
        int number = n;
        pump(client, server, number, true);
        pump(server, client, number, false);
      } catch (IOException e) {
        try {
          client.close();
        } catch (IOException ignored) {
          // gone
        }
      }
    }
  }

  private void pump(Socket from, Socket to, int number, boolean record) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread t =
        new Thread(
            () -> {
              ByteArrayOutputStream line = new ByteArrayOutputStream();
              byte[] buf = new byte[8192];
              try {
                for (int k; (k = in.read(buf)) >= 0; ) {
                  out.write(buf, 0, k);
                  out.flush();
                  if (!record) continue;
                  for (int i = 0; i < k; i++) {
                    if (buf[i] == '\n') {
                      lines.add(
                          new Line(
                              System.nanoTime(),
                              number,
                              line.toString(StandardCharsets.UTF_8).strip()));
                      line.reset();
                    } else {
                      line.write(buf[i]);
                    }
                  }
                }
              } catch (IOException e) {
                // dropped
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // gone
                }
              }
            },
            "dropping-proxy-" + number);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws Exception {
    socket.close();
    dropAll();
    thread.join(10_000);
  }
}
