package dev.jmail.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.testing.Launcher;
import dev.jmail.transport.Diagnostics;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue with the real launcher: cron-like senders and timer flushes running at once, and
 * processes stopped with SIGKILL (or, at chosen points, the JMAIL_QUEUE_CRASH_AT seam, which halts
 * the JVM as kill -9 does) in the middle of queueing and flushing.
 */
class QueueIT {
  private static final long SCALE = Long.getLong("jmail.test.timeScale", 1);

  @TempDir Path home;
  private int port;
  private GreenMail sink;

  @BeforeEach
  void pickPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void stopSink() {
    if (sink != null) sink.stop();
  }

  private void startSink() {
    sink = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    sink.start();
  }

  private Launcher jmail() {
    return new Launcher(home).timeout(120 * SCALE);
  }

  private String[] args(String... rest) {
    return Stream.concat(
            Stream.of("-S", "queue", "-S", "mta=smtp://127.0.0.1:" + port), Stream.of(rest))
        .toArray(String[]::new);
  }

  /** Queues messages in this JVM while the server is down: quicker than a launcher each. */
  private void queueWhileDown(String prefix, int n) {
    Settings s =
        Settings.load(
            Env.of(Map.of("HOME", home.toString(), "USER", "tester")),
            true,
            List.of("queue", "mta=smtp://127.0.0.1:" + port));
    Outbox outbox = new Outbox(s, Diagnostics.quiet(), Clock.systemUTC());
    for (int i = 0; i < n; i++) {
      String subject = prefix + i;
      byte[] m =
          ("From: tester\r\nTo: ops@example.com\r\nSubject: "
                  + subject
                  + "\r\nMessage-ID: <"
                  + subject
                  + "@t>\r\n\r\nbody\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      assertTrue(
          outbox
              .send(
                  new Outgoing(
                      new SmtpEnvelope("tester", List.of("ops@example.com")),
                      "<" + subject + "@t>",
                      m))
              .isQueued());
    }
  }

  private int queued() throws IOException {
    Path q = home.resolve(".local/state/jmail/queue/queued");
    if (!Files.isDirectory(q)) return 0;
    try (Stream<Path> s = Files.list(q)) {
      return (int) s.count();
    }
  }

  /** How often each subject arrived. */
  private Map<String, Integer> received() {
    Map<String, Integer> n = new TreeMap<>();
    for (MimeMessage m : sink.getReceivedMessages()) {
      try {
        n.merge(m.getSubject(), 1, Integer::sum);
      } catch (MessagingException e) {
        throw new AssertionError(e);
      }
    }
    return n;
  }

  private static Map<String, Integer> once(String prefix, int n, Map<String, Integer> into) {
    for (int i = 0; i < n; i++) into.put(prefix + i, 1);
    return into;
  }

  private static int waitFor(Process p, long seconds) throws InterruptedException {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("jmail did not finish in " + seconds + " s");
    }
    return p.exitValue();
  }

  @Test
  void twenty_cron_senders_and_three_flushes_at_once_deliver_every_message_exactly_once()
      throws Exception {
    queueWhileDown("queued ", 10);
    startSink();
    List<Process> all = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      Process p =
          i % 8 == 3
              ? jmail().start(args("queue", "--flush"))
              : jmail().start(args("-s", "cron " + (i - (i + 4) / 8), "ops@example.com"));
      p.getInputStream().close();
      try (OutputStream in = p.getOutputStream()) {
        in.write("report\n".getBytes(StandardCharsets.US_ASCII));
      }
      all.add(p);
    }
    for (Process p : all) {
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, waitFor(p, 120 * SCALE), err);
    }
    // what a busy lock or the time budget left behind goes with the next flush
    assertEquals(0, jmail().run(args("queue", "--flush")).status());
    assertEquals(0, queued());
    Map<String, Integer> expected = once("queued ", 10, once("cron ", 20, new TreeMap<>()));
    assertEquals(expected, received());
  }

  @Test
  void a_crash_while_queueing_leaves_the_message_queued_whole_or_not_at_all() throws Exception {
    assertEquals(
        137,
        jmail()
            .env("JMAIL_QUEUE_CRASH_AT", "enqueue-written")
            .stdin("x\n")
            .run(args("-s", "lost before queued", "ops@example.com"))
            .status(),
        "the caller sees it was not queued");
    assertEquals(0, queued());
    assertEquals(
        137,
        jmail()
            .env("JMAIL_QUEUE_CRASH_AT", "enqueue-linked")
            .stdin("x\n")
            .run(args("-s", "queued then crashed", "ops@example.com"))
            .status());
    assertEquals(1, queued());
    jmail().run(args("queue")).succeeded().outContains("ops@example.com");
    startSink();
    jmail().run(args("queue", "--flush")).succeeded();
    assertEquals(Map.of("queued then crashed", 1), received());
    assertEquals(0, queued());
  }

  @Test
  void a_crash_while_flushing_loses_nothing_and_sends_again_only_after_the_servers_ok()
      throws Exception {
    queueWhileDown("m", 1);
    queueWhileDown("n", 1);
    startSink();
    assertEquals(
        137,
        jmail().env("JMAIL_QUEUE_CRASH_AT", "flush-locked").run(args("queue", "--flush")).status());
    assertEquals(Map.of(), received());
    assertEquals(2, queued(), "the lock died with the process");
    assertEquals(
        137,
        jmail()
            .env("JMAIL_QUEUE_CRASH_AT", "flush-removed")
            .run(args("queue", "--flush"))
            .status());
    assertEquals(Map.of("m0", 1), received());
    assertEquals(1, queued());

    assertEquals(
        137,
        jmail().env("JMAIL_QUEUE_CRASH_AT", "flush-sent").run(args("queue", "--flush")).status());
    assertEquals(
        1, queued(), "accepted by the server, not yet removed: the one window (as in any MTA)");
    jmail().run(args("queue", "--flush")).succeeded();
    assertEquals(Map.of("m0", 1, "n0", 2), received());
    assertEquals(0, queued());
  }

  @Test
  void flushes_killed_at_random_moments_lose_nothing_and_repeat_at_most_the_message_in_flight()
      throws Exception {
    queueWhileDown("r", 30);
    startSink();
    Random random = new Random(Long.getLong("jmail.test.seed", 15));
    int kills = 0;
    for (int round = 0; round < 6 && queued() > 0; round++) {
      Process p = jmail().start(args("queue", "--flush"));
      if (p.waitFor(300 + random.nextInt(900), TimeUnit.MILLISECONDS)) continue;
      p.destroyForcibly(); // SIGKILL
      p.waitFor();
      kills++;
    }
    jmail().run(args("queue", "--flush")).succeeded();
    assertEquals(0, queued(), () -> jmail().run(args("queue")).out());
    Map<String, Integer> got = received();
    assertEquals(once("r", 30, new TreeMap<>()).keySet(), got.keySet(), "nothing lost");
    int extra = got.values().stream().mapToInt(n -> n - 1).sum();
    assertTrue(extra <= kills, "at most one repeat per kill: " + got + " with " + kills + " kills");
  }
}
