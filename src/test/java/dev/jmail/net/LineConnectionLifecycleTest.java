package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.TemporaryFailureException;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.ScriptedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection's life as a server and the user see it: closing it ends the server's session at once
 * (servers limit connections per user), the usual timeout is back after a wait for news (IMAP
 * IDLE), a reset during a read-ahead download is reported at once, and TLS failures in words.
 */
class LineConnectionLifecycleTest {
  private static LineConnection open(int port, int timeoutSeconds) {
    return LineConnection.open(
        "test", "127.0.0.1", port, false, new TlsPolicy(true, null), timeoutSeconds, null);
  }

  @Test
  void closing_the_connection_ends_the_servers_session_at_once() throws Exception {
    CountDownLatch ended = new CountDownLatch(1);
    try (ScriptedServer s =
        new ScriptedServer(
            p -> {
              p.send("* OK hello\r\n");
              if (p.line() == null) ended.countDown();
            })) {
      LineConnection c = open(s.port(), 30);
      assertEquals("* OK hello", c.readText());
      c.close();
      assertTrue(ended.await(Bounds.millis(5_000), TimeUnit.MILLISECONDS), "server saw the end");
    }
  }

  @Test
  void after_a_wait_for_news_that_ends_in_silence_a_read_gives_up_after_net_timeout()
      throws Exception {
    try (ScriptedServer s = new ScriptedServer(p -> p.send("* OK idle\r\n").hang());
        LineConnection c = open(s.port(), 1)) {
      assertEquals("* OK idle", c.readText());
      assertFalse(c.awaitData(20));
      long t0 = System.nanoTime();
      TemporaryFailureException e =
          assertTimeoutPreemptively(
              Duration.ofMillis(Bounds.millis(10_000)),
              () -> assertThrows(TemporaryFailureException.class, c::readText));
      assertEquals("test: no answer from the server in 1 s (net-timeout)", e.getMessage());
      assertTrue(System.nanoTime() - t0 >= 900_000_000L, "not before the timeout");
    }
  }

  @Test
  void a_connection_reset_during_a_read_ahead_download_is_reported_at_once_not_as_a_timeout()
      throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (Socket a = server.accept()) {
                  a.getOutputStream().write("+OK first\r\n".getBytes(StandardCharsets.US_ASCII));
                  a.getOutputStream().flush();
                  a.getInputStream().read(); // the client's go-ahead
                  a.setSoLinger(true, 0); // close with a reset
                } catch (IOException e) {
                  // the client side counts
                }
              },
              "resetting-server");
      t.setDaemon(true);
      t.start();
      try (LineConnection c = open(server.getLocalPort(), 30)) {
        c.readAhead();
        assertEquals("+OK first", c.readText());
        c.send("go");
        c.flush();
        long t0 = System.nanoTime();
        TemporaryFailureException e =
            assertTimeoutPreemptively(
                Duration.ofMillis(Bounds.millis(20_000)),
                () -> assertThrows(TemporaryFailureException.class, c::readText));
        assertFalse(e.getMessage().contains("net-timeout"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < Bounds.millis(10_000) * 1_000_000L, "well before 30 s");
      }
    }
  }

  @Test
  void tls_failures_are_told_in_words_a_user_can_act_on() {
    assertEquals(
        "certificate not trusted (set tls-ca-file=FILE.pem if the server uses a private CA)",
        LineConnection.tlsWhy(
            "PKIX path building failed: sun.security.provider.certpath."
                + "SunCertPathBuilderException: unable to find valid certification path"));
    assertEquals(
        "certificate not trusted (set tls-ca-file=FILE.pem if the server uses a private CA)",
        LineConnection.tlsWhy("unable to find valid certification path to requested target"));
    assertEquals(
        "the server does not speak TLS on this port (imaps:// and pop3s:// are TLS from the"
            + " first byte; for a STARTTLS port use imap:// or pop3://)",
        LineConnection.tlsWhy("Unsupported or unrecognized SSL message"));
    assertEquals(
        "Received fatal alert: handshake_failure (set tls-ca-file if the server uses a private"
            + " CA)",
        LineConnection.tlsWhy(
            "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure"));
  }
}
