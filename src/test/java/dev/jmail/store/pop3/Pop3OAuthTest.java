package dev.jmail.store.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP3 {@code AUTH OAUTHBEARER} and {@code AUTH XOAUTH2} (RFC 5034, RFC 7628) against a scripted
 * server on 127.0.0.1 (GreenMail's POP3 has neither): the initial response carries the token from
 * {@code oauth-token-eval}; a refused token gets the server's error challenge answered (%x01) and
 * exits 77.
 */
class Pop3OAuthTest {
  static final String TOKEN = "fresh-token-42";

  @TempDir Path home;

  private Result fetch(OAuthPop3 server, String mechanism, String token) {
    return InProcess.isolated(home, "tester")
        .env("XDG_STATE_HOME", home.resolve("state").toString())
        .run(
            "fetch",
            "-v",
            "-S",
            "net-allow-plaintext",
            "-S",
            "pop3-auth-bob@127.0.0.1=" + mechanism,
            "-S",
            "oauth-token-eval-127.0.0.1=echo " + token,
            server.url());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void oauthbearer_sends_user_host_port_and_token_in_the_initial_response() throws Exception {
    try (OAuthPop3 server = new OAuthPop3()) {
      Result r = fetch(server, "oauthbearer", TOKEN).succeeded();
      String expected =
          "AUTH OAUTHBEARER "
              + b64(
                  "n,a=bob,\u0001host=127.0.0.1\u0001port="
                      + server.port()
                      + "\u0001auth=Bearer "
                      + TOKEN
                      + "\u0001\u0001");
      assertEquals(expected, server.lines.get(1));
      assertTrue(Files.readString(home.resolve("spool")).contains("Subject: by token\n"));
      assertFalse(r.err().contains(TOKEN), r.err());
      assertFalse(r.err().contains(expected.substring(17)), r.err());
      assertTrue(r.err().contains("C: AUTH OAUTHBEARER ********"), r.err());
    }
  }

  @Test
  void xoauth2_is_the_same_exchange_with_googles_message() throws Exception {
    try (OAuthPop3 server = new OAuthPop3()) {
      fetch(server, "xoauth2", TOKEN).succeeded();
      assertEquals(
          "AUTH XOAUTH2 " + b64("user=bob\u0001auth=Bearer " + TOKEN + "\u0001\u0001"),
          server.lines.get(1));
    }
  }

  @Test
  void a_refused_token_is_answered_with_control_a_and_exits_77_naming_the_servers_error()
      throws Exception {
    try (OAuthPop3 server = new OAuthPop3()) {
      Result r = fetch(server, "oauthbearer", "stale").exits(77);
      assertEquals("AQ==", server.lines.get(2), "RFC 7628 3.2.3: a dummy %x01 ends the exchange");
      assertTrue(r.err().contains("authentication failed for bob"), r.err());
      assertTrue(r.err().contains("invalid_token"), "the server's error is shown: " + r.err());
      assertFalse(Files.exists(home.resolve("spool")), "nothing fetched");
    }
  }

  @Test
  void a_mechanism_the_server_does_not_offer_is_refused_before_any_secret_is_sent()
      throws Exception {
    try (OAuthPop3 server = new OAuthPop3("SASL PLAIN")) {
      Result r = fetch(server, "xoauth2", TOKEN).exits(69);
      assertTrue(r.err().contains("does not offer SASL XOAUTH2"), r.err());
      assertEquals(List.of("CAPA"), server.lines);
    }
  }

  /** One connection: CAPA, AUTH (checks the token), UIDL/LIST/RETR of one message, QUIT. */
  static final class OAuthPop3 implements AutoCloseable {
    final ServerSocket socket;
    final Thread thread;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final String sasl;

    OAuthPop3() throws Exception {
      this("SASL OAUTHBEARER XOAUTH2");
    }

    OAuthPop3(String sasl) throws Exception {
      this.sasl = sasl;
      socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
      thread = new Thread(this::serve);
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    String url() {
      return "pop3://bob@127.0.0.1:" + port();
    }

    private void serve() {
      try (Socket s = socket.accept()) {
        OutputStream out = s.getOutputStream();
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        send(out, "+OK ready");
        boolean challenged = false;
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
          if (challenged) {
            send(out, "-ERR [AUTH] token refused");
            challenged = false;
          } else if (line.equals("CAPA")) {
            send(out, "+OK\r\n" + sasl + "\r\nUIDL\r\n.");
          } else if (line.startsWith("AUTH ")) {
            String ir =
                new String(
                    Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1)),
                    StandardCharsets.UTF_8);
            if (ir.contains("auth=Bearer " + TOKEN + "\u0001")) send(out, "+OK welcome");
            else {
              challenged = true;
              send(
                  out,
                  "+ "
                      + Base64.getEncoder()
                          .encodeToString(
                              "{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.UTF_8)));
            }
          } else if (line.equals("UIDL")) send(out, "+OK\r\n1 uid-1\r\n.");
          else if (line.equals("LIST")) send(out, "+OK\r\n1 40\r\n.");
          else if (line.equals("RETR 1")) send(out, "+OK\r\nSubject: by token\r\n\r\nbody\r\n.");
          else if (line.equals("QUIT")) {
            send(out, "+OK bye");
            return;
          } else send(out, "-ERR unknown");
        }
      } catch (Exception e) {
        // the test ends the server
      }
    }

    private static void send(OutputStream out, String s) throws Exception {
      out.write((s + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(10_000);
    }
  }
}
