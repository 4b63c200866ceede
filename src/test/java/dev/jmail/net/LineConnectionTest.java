package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.ExitStatus;
import dev.jmail.error.JmailException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The line connection IMAP, POP3 and SMTP share, against scripted servers on 127.0.0.1: lines split
 * where the server ended them, literals read to the byte, commands sent in order, STARTTLS, the
 * failures' exit statuses and the {@code -v} dialogue (secrets masked, terminal controls shown as
 * {@code ?}).
 */
class LineConnectionTest {
  private static final int TIMEOUT = (int) Bounds.seconds(10);

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = LineConnectionTest.class.getResourceAsStream("/fixtures/net/" + name)) {
      return in.readAllBytes();
    }
  }

  private static LineConnection open(ScriptedServer s, PrintStream verbose) {
    return open(s, new TlsPolicy(true, null), verbose);
  }

  private static LineConnection open(ScriptedServer s, TlsPolicy tls, PrintStream verbose) {
    return LineConnection.open("test", "127.0.0.1", s.port(), false, tls, TIMEOUT, verbose);
  }

  private static String text(byte[] line) {
    return new String(line, StandardCharsets.UTF_8);
  }

  @Test
  void lines_end_at_crlf_or_a_lone_lf_and_a_cr_inside_a_line_stays_in_it() throws Exception {
    // \n, a\r\n, \r\n, b\n (a lone LF), c\rd\r\n, x\r\r\n (one CR is the line end's), \n, e\r\n
    byte[] server = fixture("line-ends.txt");
    try (ScriptedServer s = new ScriptedServer(p -> p.send(server).hang());
        LineConnection c = open(s, null)) {
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) got.add(text(c.readLine(false)));
      assertEquals(List.of("", "a", "", "b", "c\rd", "x\r", "", "e"), got);
      assertEquals(server.length, c.bytesRead());
    }
  }

  @Test
  void lines_longer_than_the_read_buffer_arrive_whole_with_their_cr_removed() throws Exception {
    // 64 KiB is what one read takes: lines around and far beyond it, each ending with CRLF
    int[] lengths = {65_535, 65_536, 65_537, 1, 200_000, 0, 70_000};
    ByteArrayOutputStream server = new ByteArrayOutputStream();
    for (int i = 0; i < lengths.length; i++) {
      server.writeBytes(line(lengths[i], (char) ('a' + i)));
      server.writeBytes(new byte[] {'\r', '\n'});
    }
    server.writeBytes("no cr at the end of a long line too: ".getBytes(StandardCharsets.US_ASCII));
    server.writeBytes(line(100_000, 'z'));
    server.write('\n');
    byte[] all = server.toByteArray();
    try (ScriptedServer s = new ScriptedServer(p -> p.send(all).hang());
        LineConnection c = open(s, null)) {
      for (int i = 0; i < lengths.length; i++) {
        byte[] got = c.readLine(false);
        assertEquals(lengths[i], got.length, "line " + i);
        assertArrayEquals(line(lengths[i], (char) ('a' + i)), got, "line " + i);
      }
      byte[] last = c.readLine(false);
      assertEquals(37 + 100_000, last.length);
      assertEquals('z', last[last.length - 1]);
      assertEquals(all.length, c.bytesRead());
    }
  }

  private static byte[] line(int n, char c) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }

  @Test
  void a_line_over_32_mib_is_refused_as_a_malformed_answer_before_it_fills_the_memory()
      throws Exception {
    byte[] chunk = line(1 << 20, 'x');
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  for (int i = 0; i <= 32; i++) p.send(chunk); // 33 MiB, no line end at all
                  p.hang();
                });
        LineConnection c = open(s, null)) {
      UnavailableException e = assertThrows(UnavailableException.class, () -> c.readLine(false));
      assertEquals("test: malformed response from the server: a line over 32 MiB", e.getMessage());
      assertEquals(ExitStatus.UNAVAILABLE, e.status());
    }
  }

  @Test
  void a_literal_is_read_to_the_byte_and_the_line_after_it_starts_right_after_it()
      throws Exception {
    byte[] literal = new byte[150_000]; // more than two reads' worth, every byte value
    for (int i = 0; i < literal.length; i++) literal[i] = (byte) (i * 31 + 7);
    ByteArrayOutputStream server = new ByteArrayOutputStream();
    server.writeBytes(("* 1 FETCH (BODY[] {" + literal.length + "}\r\n").getBytes());
    server.writeBytes(literal);
    server.writeBytes(")\r\nA1 OK done\r\n".getBytes());
    byte[] all = server.toByteArray();
    try (ScriptedServer s = new ScriptedServer(p -> p.send(all).hang());
        LineConnection c = open(s, null)) {
      assertEquals("* 1 FETCH (BODY[] {150000}", c.readText());
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      c.readExactly(literal.length, sink);
      assertArrayEquals(literal, sink.toByteArray());
      assertEquals(")", c.readText());
      assertEquals("A1 OK done", c.readText());
      c.readExactly(0, sink); // nothing: it must not wait for more
      assertEquals(literal.length, sink.size());
    }
  }

  @Test
  void commands_and_raw_bytes_reach_the_server_in_order_and_whole_however_they_fill_the_buffer()
      throws Exception {
    // 16 KiB is the write buffer: a literal that overflows it, one larger than it, small lines
    byte[] tenK = line(10_000, 'k');
    byte[] fortyK = line(40_000, 'f');
    CompletableFuture<List<String>> seen = new CompletableFuture<>();
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  List<String> got = new ArrayList<>();
                  got.add(p.line());
                  got.add(new String(p.bytes(10_000), StandardCharsets.US_ASCII));
                  got.add(new String(p.bytes(10_000), StandardCharsets.US_ASCII));
                  got.add(p.line());
                  got.add(new String(p.bytes(40_000), StandardCharsets.US_ASCII));
                  got.add(p.line());
                  got.add(p.line());
                  seen.complete(got);
                  p.send("A3 OK\r\n").hang();
                });
        LineConnection c = open(s, null)) {
      c.send("A1 APPEND INBOX {20000}");
      c.sendRaw(tenK, 0, tenK.length);
      c.sendRaw(tenK, 0, tenK.length);
      c.send("");
      c.sendRaw(fortyK, 0, fortyK.length);
      c.send("");
      c.send("A3 NOOP");
      c.flush();
      List<String> got = seen.get(TIMEOUT, TimeUnit.SECONDS);
      assertEquals("A1 APPEND INBOX {20000}", got.get(0));
      assertEquals("k".repeat(10_000), got.get(1));
      assertEquals("k".repeat(10_000), got.get(2));
      assertEquals("", got.get(3));
      assertEquals("f".repeat(40_000), got.get(4));
      assertEquals(List.of("", "A3 NOOP"), got.subList(5, 7));
      assertEquals("A3 OK", c.readText());
    }
  }

  @Test
  void the_dialogue_shows_each_line_with_its_side_and_masks_every_known_secret() throws Exception {
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  p.line();
                  p.line();
                  p.send("A1 OK hello hunter22\r\nA2 OK\r\n").hang();
                });
        LineConnection c = open(s, new PrintStream(shown, true, StandardCharsets.UTF_8))) {
      assertTrue(c.showing());
      c.secret("hunter22");
      c.secret("xy"); // too short to mask: every "xy" in the dialogue would become ********
      c.secret(null);
      c.send("A1 LOGIN bob hunter22");
      c.send("A2 NOOP xy");
      c.flush();
      assertEquals("A1 OK hello hunter22", c.readText()); // the caller gets what was sent
      c.readLine(false); // read without showing it
      c.showServer("A2 OK (shown by the caller)");
    }
    assertEquals(
        "C: A1 LOGIN bob ********\n"
            + "C: A2 NOOP xy\n"
            + "S: A1 OK hello ********\n"
            + "S: A2 OK (shown by the caller)\n",
        shown.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }

  @Test
  void a_password_found_inside_its_own_base64_login_is_still_masked_whole() throws Exception {
    // "lc3" is part of the base64 of "\0tester\0lc3": masking the password first left the rest of
    // the base64, which decodes to the password, in the -v output
    String pw = "lc3";
    String ir = Sasl.initialResponse(Sasl.Mechanism.PLAIN, "tester", "h", 25, pw);
    assertTrue(ir.contains(pw), ir);
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    try (ScriptedServer s = new ScriptedServer(p -> p.hang());
        LineConnection c = open(s, new PrintStream(shown, true, StandardCharsets.UTF_8))) {
      c.secret(pw);
      c.secret(java.util.Base64.getEncoder().encodeToString(pw.getBytes(StandardCharsets.UTF_8)));
      c.secret(ir);
      c.send("AUTH PLAIN " + ir);
      c.showServer("535 5.7.8 " + ir + " refused");
      c.send("PASS " + pw); // three characters: the shortest secret masked
    }
    String out = shown.toString(StandardCharsets.UTF_8);
    assertEquals(
        "C: AUTH PLAIN ********\nS: 535 5.7.8 ******** refused\nC: PASS ********\n",
        out.replace(System.lineSeparator(), "\n"));
  }

  @Test
  void terminal_controls_from_the_server_are_shown_as_question_marks_and_nothing_else_is()
      throws Exception {
    String hostile =
        "esc\u001b[2J bel\u0007 tab\t del\u007f csi\u009b c1\u0080\u009f"
            + " bidi\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
            + " marks\u200e\u200f\u061c seps\u2028\u2029";
    String kept = "space~ nbsp\u00a0 é x\u202f\u2065\u206a\u200d\u061b\u2027 日本";
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    try (ScriptedServer s = new ScriptedServer(p -> p.send(hostile + "\r\n" + kept + "\r\n"));
        LineConnection c = open(s, new PrintStream(shown, true, StandardCharsets.UTF_8))) {
      assertEquals(hostile, c.readText());
      assertEquals(kept, c.readText());
    }
    assertEquals(
        "S: esc?[2J bel? tab? del? csi? c1?? bidi????????? marks??? seps??\n" + "S: " + kept + "\n",
        shown.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }

  @Test
  void a_server_that_closes_the_connection_is_a_temporary_failure() throws Exception {
    try (ScriptedServer s = new ScriptedServer(p -> p.send("* BYE\r\n").drop());
        LineConnection c = open(s, null)) {
      assertFalse(c.showing()); // no -v: callers skip building what would be shown
      assertEquals("* BYE", c.readText());
      TemporaryFailureException e =
          assertThrows(TemporaryFailureException.class, () -> c.readLine(false));
      assertEquals("test: the server closed the connection", e.getMessage());
    }
  }

  @Test
  void a_silent_server_is_a_temporary_failure_after_net_timeout() throws Exception {
    try (ScriptedServer s = new ScriptedServer(p -> p.hang());
        LineConnection c =
            LineConnection.open(
                "test", "127.0.0.1", s.port(), false, new TlsPolicy(true, null), 1, null)) {
      TemporaryFailureException e =
          assertThrows(TemporaryFailureException.class, () -> c.readLine(true));
      assertEquals("test: no answer from the server in 1 s (net-timeout)", e.getMessage());
      assertEquals(ExitStatus.TEMP_FAILURE, e.status());
    }
  }

  @Test
  void a_refused_connection_is_a_temporary_failure_naming_the_cause() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    TemporaryFailureException e =
        assertThrows(
            TemporaryFailureException.class,
            () ->
                LineConnection.open(
                    "imap://127.0.0.1",
                    "127.0.0.1",
                    port,
                    false,
                    new TlsPolicy(true, null),
                    5,
                    null));
    assertTrue(e.getMessage().startsWith("imap://127.0.0.1: cannot connect: "), e.getMessage());
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
  }

  @Test
  void each_kind_of_io_failure_gets_the_exit_status_its_kind_calls_for() throws Exception {
    try (ScriptedServer s = new ScriptedServer(p -> p.hang());
        LineConnection c =
            LineConnection.open(
                "pop3://mail.example", "localhost", s.port(), false, null, 7, null)) {
      // found anywhere in the cause chain, as Jakarta Mail and TLS wrap them
      JmailException timeout = c.failure(new IOException("read", new SocketTimeoutException()));
      assertEquals(
          "pop3://mail.example: no answer from the server in 7 s (net-timeout)",
          timeout.getMessage());
      assertEquals(ExitStatus.TEMP_FAILURE, timeout.status());
      JmailException unknown = c.failure(new UnknownHostException("mail.example"));
      assertEquals("pop3://mail.example: unknown host localhost", unknown.getMessage());
      assertEquals(ExitStatus.TEMP_FAILURE, unknown.status());
      JmailException refused = c.failure(new ConnectException("Connection\n  refused "));
      assertEquals("pop3://mail.example: cannot connect: Connection refused", refused.getMessage());
      assertEquals(ExitStatus.TEMP_FAILURE, refused.status());
      JmailException tls =
          c.failure(new IOException(new SSLHandshakeException("PKIX path building failed")));
      assertEquals(
          "pop3://mail.example: TLS failed: certificate not trusted"
              + " (set tls-ca-file=FILE.pem if the server uses a private CA)",
          tls.getMessage());
      assertEquals(ExitStatus.UNAVAILABLE, tls.status());
      JmailException other = c.failure(new IOException("Broken\r\npipe"));
      assertEquals("pop3://mail.example: Broken pipe", other.getMessage());
      assertEquals(ExitStatus.TEMP_FAILURE, other.status());
      assertEquals("pop3://mail.example: ", c.failure(new IOException()).getMessage());
    }
  }

  @Test
  void waiting_for_the_server_returns_false_on_silence_and_the_usual_timeout_applies_after()
      throws Exception {
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  p.line(); // DONE
                  // a slow answer: longer than the short wait, well within net-timeout
                  sleep(Bounds.millis(300));
                  p.send("A1 OK idle done\r\n* 2 EXISTS\r\n");
                  p.line(); // A2 NOOP
                  p.send("A2 OK\r\n").hang();
                });
        LineConnection c = open(s, null)) {
      assertFalse(c.awaitData(0)); // no wait is "as short as can be", not "for ever"
      assertFalse(c.awaitData(20));
      c.send("DONE");
      c.flush();
      assertEquals("A1 OK idle done", c.readText());
      assertTrue(c.awaitData(1)); // already here: no wait at all
      assertEquals("* 2 EXISTS", c.readText());
      c.send("A2 NOOP");
      c.flush();
      assertTrue(c.awaitData(Long.MAX_VALUE)); // "until something comes"
      assertEquals("A2 OK", c.readText());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void starttls_upgrades_the_connection_and_the_dialogue_goes_on_encrypted() throws Exception {
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  p.send("* OK ready\r\n");
                  p.line(); // A1 STARTTLS
                  p.send("A1 OK begin TLS\r\n").startTls("/tls/localhost.p12");
                  String l = p.line();
                  p.send(l.replace("NOOP", "OK secret") + "\r\n").hang();
                });
        LineConnection c =
            open(s, new TlsPolicy(true, Path.of(resource("/tls/localhost.pem"))), null)) {
      assertEquals("* OK ready", c.readText());
      c.send("A1 STARTTLS");
      c.flush();
      assertEquals("A1 OK begin TLS", c.readText());
      c.startTls();
      c.send("A2 NOOP");
      c.flush();
      assertEquals("A2 OK secret", c.readText());
    }
  }

  @Test
  void starttls_with_a_certificate_the_ca_file_does_not_vouch_for_fails_with_69() throws Exception {
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  p.line();
                  p.send("A1 OK begin TLS\r\n").startTls("/tls/localhost.p12");
                  p.hang();
                });
        LineConnection c =
            open(s, new TlsPolicy(true, Path.of(resource("/tls/other.pem"))), null)) {
      c.send("A1 STARTTLS");
      c.flush();
      c.readText();
      UnavailableException e = assertThrows(UnavailableException.class, c::startTls);
      assertTrue(
          e.getMessage().startsWith("test: TLS failed: certificate not trusted"), e.getMessage());
      assertTrue(
          e.getMessage().endsWith("(set tls-ca-file=FILE.pem if the server uses a private CA)"),
          e.getMessage());
    }
  }

  @Test
  void data_the_server_sent_before_the_tls_handshake_is_refused_not_read_as_encrypted()
      throws Exception {
    // CVE-2011-0411 style: a man in the middle appends a line to the plaintext "begin TLS" answer,
    // which a client reading after the handshake would take for the server's encrypted word
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  p.line();
                  p.send("A1 OK begin TLS\r\n* 1 EXISTS\r\n").hang();
                });
        LineConnection c = open(s, null)) {
      c.send("A1 STARTTLS");
      c.flush();
      assertEquals("A1 OK begin TLS", c.readText());
      UnavailableException e = assertThrows(UnavailableException.class, c::startTls);
      assertEquals(
          "test: the server sent data before the TLS handshake (refused: injection)",
          e.getMessage());
    }
  }

  private static String resource(String name) {
    return LineConnectionTest.class.getResource(name).getPath();
  }
}
