package dev.jmail.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import dev.jmail.transport.Diagnostics;
import dev.jmail.transport.ScriptedSmtpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outgoing queue, in-process against SMTP servers on 127.0.0.1 (GreenMail, a scripted one). */
class QueueTest {
  @TempDir Path home;

  private InProcess jmail() {
    return InProcess.isolated(home, "tester");
  }

  private Path queued() {
    return home.resolve(".local/state/jmail/queue/queued");
  }

  private List<Path> entries() throws IOException {
    if (!Files.isDirectory(queued())) return List.of();
    try (Stream<Path> s = Files.list(queued())) {
      return s.sorted().toList();
    }
  }

  /** A port nothing listens on (a server "down"), free for a server started later ("back"). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static GreenMail greenMailOn(int port) {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    return g;
  }

  private Result send(int port, String subject, String... extra) {
    String[] args =
        Stream.concat(
                Stream.of("-S", "queue", "-S", "mta=smtp://127.0.0.1:" + port, "-s", subject),
                Stream.concat(Stream.of(extra), Stream.of("ops@example.com")))
            .toArray(String[]::new);
    return jmail().stdin("report of " + subject + "\n").run(args);
  }

  @Test
  void a_message_for_a_server_that_is_down_is_queued_durably_and_the_send_exits_0()
      throws Exception {
    int port = freePort();
    Result r = send(port, "nightly backup", "--json").succeeded();
    r.errContains("queued (1 in queue)").errContains("cannot connect");
    assertTrue(r.out().startsWith("{\"status\":\"queued\",\"queue_id\":\""), r.out());
    assertFalse(Files.exists(home.resolve("dead.letter")), "queued, not dead");
    List<Path> e = entries();
    assertEquals(1, e.size());
    assertTrue(r.out().contains(e.get(0).getFileName().toString()), "--json names the entry");
    try (Stream<Path> tmp = Files.list(queued().resolveSibling("tmp"))) {
      assertEquals(List.of(), tmp.toList(), "nothing left behind in tmp/");
    }
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(e.get(0))));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(queued().getParent())));
    String text = Files.readString(e.get(0), StandardCharsets.UTF_8);
    assertTrue(text.contains("recipient: ops@example.com\n"), text);
    assertTrue(text.contains("Subject: nightly backup\r\n"), "the whole message, as it goes out");
    jmail()
        .run("queue")
        .succeeded()
        .outContains("ops@example.com")
        .outContains("nightly backup")
        .outContains("Connection refused");
  }

  @Test
  void queue_tempfail_makes_a_queued_send_exit_75_as_mailx_would() throws Exception {
    send(freePort(), "cron", "-S", "queue-tempfail").exits(75).errContains("queued (1 in queue)");
  }

  @Test
  void without_the_queue_variable_a_failure_still_goes_to_dead_letter_with_75() throws Exception {
    jmail()
        .stdin("x\n")
        .run("-S", "mta=smtp://127.0.0.1:" + freePort(), "-s", "s", "ops@example.com")
        .exits(75)
        .errContains("dead.letter");
    assertTrue(Files.exists(home.resolve("dead.letter")));
    assertEquals(List.of(), entries());
  }

  @Test
  void when_the_server_is_back_the_next_send_delivers_the_queue_first_then_its_own_message()
      throws Exception {
    int port = freePort();
    send(port, "first").succeeded();
    send(port, "second").succeeded().errContains("queued (2 in queue)");
    GreenMail g = greenMailOn(port);
    try {
      send(port, "third", "-S", "record=" + home.resolve("sent")).succeeded().errEquals("");
      MimeMessage[] got = g.getReceivedMessages();
      assertEquals(
          List.of("first", "second", "third"), Stream.of(got).map(QueueTest::subject).toList());
      assertEquals(List.of(), entries());
      String sent = Files.readString(home.resolve("sent"));
      assertTrue(
          sent.contains("Subject: first") && sent.contains("Subject: third"),
          "record copies when sent");
    } finally {
      g.stop();
    }
  }

  @Test
  void queue_flush_delivers_everything_queued_and_prints_nothing_when_all_went_well()
      throws Exception {
    int port = freePort();
    send(port, "one").succeeded();
    send(port, "two").succeeded();
    GreenMail g = greenMailOn(port);
    try {
      Result r =
          jmail()
              .run("-S", "queue", "-S", "mta=smtp://127.0.0.1:" + port, "queue", "--flush")
              .succeeded();
      assertEquals("", r.out() + r.err());
      assertEquals(2, g.getReceivedMessages().length);
      assertEquals(List.of(), entries());
      jmail().run("-S", "queue", "queue").succeeded().outContains("the queue is empty");
    } finally {
      g.stop();
    }
  }

  @Test
  void a_4xx_for_one_recipient_of_three_queues_the_message_for_that_one_only() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.rcptReplies.put("b@example.com", "451 4.2.0 greylisted, try later");
      String mta = "mta=smtp://127.0.0.1:" + server.port();
      Result r =
          jmail()
              .stdin("hello\n")
              .run(
                  "-S",
                  "queue",
                  "-S",
                  mta,
                  "--json",
                  "-s",
                  "three",
                  "a@example.com",
                  "b@example.com",
                  "c@example.com")
              .succeeded();
      assertTrue(r.out().contains("\"accepted\":[\"a@example.com\",\"c@example.com\"]"), r.out());
      assertTrue(r.out().contains("\"deferred\":[\"b@example.com\"]"), r.out());
      assertEquals(1, server.messages.size(), "sent once, to the two that accepted");
      String entry = Files.readString(entries().get(0));
      assertTrue(
          entry.contains("recipient: b@example.com\n") && !entry.contains("recipient: a@"), entry);
      assertTrue(entry.contains("greylisted"), entry);

      server.rcptReplies.clear();
      server.commands.clear();
      jmail().run("-S", "queue", "-S", mta, "queue", "--flush").succeeded();
      assertEquals(2, server.messages.size());
      assertEquals(
          List.of("RCPT TO:<b@example.com>"),
          server.commands.stream().filter(c -> c.startsWith("RCPT")).toList(),
          "never again to a and c");
      assertEquals(List.of(), entries());
    }
  }

  @Test
  void a_5xx_is_not_queued_it_exits_69_and_goes_to_dead_letter() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.rcptReply = "550 5.1.1 no such user";
      send(server.port(), "refused").exits(69).errContains("dead.letter");
      assertTrue(Files.exists(home.resolve("dead.letter")));
      assertEquals(List.of(), entries());
    }
  }

  @Test
  void a_message_the_server_deferred_waits_for_its_back_off_but_flush_tries_it_now()
      throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.dataReply = "451 4.3.0 queue full, try later";
      send(server.port(), "busy").succeeded().errContains("queued (1 in queue)");
      String entry = Files.readString(entries().get(0));
      assertTrue(entry.contains("attempts: 1\n"), entry);
      server.dataReply = "250 2.0.0 ok";
      send(server.port(), "next").succeeded();
      assertEquals(
          List.of("next"),
          server.messages.stream().skip(1).map(QueueTest::subjectOf).toList(),
          "the deferred one waits (5 minutes) while the new one goes");
      assertEquals(1, entries().size());
      jmail()
          .run("-S", "queue", "-S", "mta=smtp://127.0.0.1:" + server.port(), "queue", "--flush")
          .succeeded();
      assertEquals("busy", subjectOf(server.messages.get(server.messages.size() - 1)));
      assertEquals(List.of(), entries());
    }
  }

  @Test
  void an_entry_older_than_queue_lifetime_goes_to_dead_letter_and_the_sender_gets_a_local_notice()
      throws Exception {
    int port = freePort();
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    Map<String, String> env =
        Map.of("HOME", home.toString(), "USER", "tester", "MAIL", home.resolve("spool").toString());
    Settings s = Settings.load(Env.of(env), true, List.of("queue", "mta=smtp://127.0.0.1:" + port));
    byte[] msg =
        ("From: tester\r\nTo: ops@example.com\r\nSubject: old news\r\nMessage-ID: <1@t>\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    Outgoing m = new Outgoing(new SmtpEnvelope("tester", List.of("ops@example.com")), "<1@t>", msg);
    assertTrue(
        new Outbox(s, Diagnostics.quiet(), Clock.fixed(t0, ZoneOffset.UTC)).send(m).isQueued());

    Outbox fourDays =
        new Outbox(
            s, Diagnostics.quiet(), Clock.fixed(t0.plus(Duration.ofDays(4)), ZoneOffset.UTC));
    assertEquals(List.of(), fourDays.flush(false).expired());
    assertFalse(Files.exists(home.resolve("dead.letter")));

    Outbox sixDays =
        new Outbox(
            s, Diagnostics.quiet(), Clock.fixed(t0.plus(Duration.ofDays(6)), ZoneOffset.UTC));
    assertEquals(1, sixDays.flush(false).expired().size());
    assertTrue(Files.readString(home.resolve("dead.letter")).contains("Subject: old news"));
    String spool = Files.readString(home.resolve("spool"));
    assertTrue(spool.contains("Subject: Undelivered mail: old news"), spool);
    assertTrue(spool.contains("not delivered in 5 days (queue-lifetime)"), spool);
    assertTrue(spool.contains("Connection refused"), "the last error is in the notice");
    assertEquals(List.of(), sixDays.entries());
  }

  @Test
  void local_delivery_to_a_mailbox_whose_lock_stays_held_is_queued_and_delivered_by_flush()
      throws Exception {
    Path lock = home.resolve("spool.lock");
    Files.writeString(lock, ProcessHandle.current().pid() + "\n"); // a live holder: not stale
    jmail()
        .stdin("x\n")
        .run("-S", "queue", "-S", "mta=local", "-S", "lock-timeout=1", "-s", "held", "tester")
        .succeeded()
        .errContains("queued (1 in queue)");
    assertFalse(Files.exists(home.resolve("spool")));
    Files.delete(lock);
    jmail().run("-S", "queue", "-S", "mta=local", "queue", "--flush").succeeded();
    assertTrue(Files.readString(home.resolve("spool")).contains("Subject: held"));
    assertEquals(List.of(), entries());
  }

  @Test
  void a_damaged_entry_is_reported_and_left_alone_while_the_others_are_sent() throws Exception {
    int port = freePort();
    send(port, "good").succeeded();
    Files.writeString(queued().resolve("00000000-000000-000000"), "not a queue entry\n");
    GreenMail g = greenMailOn(port);
    try {
      jmail()
          .run("-S", "queue", "-S", "mta=smtp://127.0.0.1:" + port, "queue", "--flush")
          .succeeded()
          .errContains("00000000-000000-000000: queue entry 00000000-000000-000000: ");
      assertEquals(
          List.of("good"), Stream.of(g.getReceivedMessages()).map(QueueTest::subject).toList());
      assertEquals(1, entries().size(), "the damaged file stays for a person to look at");
    } finally {
      g.stop();
    }
  }

  @Test
  void drop_moves_one_entry_into_dead_letter() throws Exception {
    Result r = send(freePort(), "unwanted", "--json").succeeded();
    String id = r.out().replaceAll(".*\"queue_id\":\"([^\"]+)\".*\\s*", "$1");
    jmail().run("-S", "queue", "queue", "--drop", id).succeeded().outContains("dropped " + id);
    assertTrue(Files.readString(home.resolve("dead.letter")).contains("Subject: unwanted"));
    assertEquals(List.of(), entries());
    jmail().run("-S", "queue", "queue", "--drop", id).exits(64).errContains("no entry");
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static String subjectOf(String data) {
    return data.lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElse("").substring(9);
  }

  /** {@code jmail -S queue -S mta=smtp://127.0.0.1:PORT ARGS…} */
  private Result with(int port, String... args) {
    return jmail()
        .run(
            Stream.concat(
                    Stream.of("-S", "queue", "-S", "mta=smtp://127.0.0.1:" + port), Stream.of(args))
                .toArray(String[]::new));
  }

  private Result queue(int port, String... args) {
    return with(port, Stream.concat(Stream.of("queue"), Stream.of(args)).toArray(String[]::new));
  }

  /** Subject → attempts, from {@code jmail queue --json}, oldest entry first. */
  private List<String> attempts(int port) {
    String json = queue(port, "--json").succeeded().out();
    Matcher m = Pattern.compile("\"subject\":\"([^\"]*)\".*?\"attempts\":(\\d+)").matcher(json);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) out.add(m.group(1) + "=" + m.group(2));
    return out;
  }

  private static List<String> subjects(GreenMail g) {
    return Stream.of(g.getReceivedMessages()).map(QueueTest::subject).toList();
  }

  @Test
  void before_a_send_the_pass_stops_at_the_first_entry_the_down_server_refuses_flush_tries_all()
      throws Exception {
    int port = freePort();
    send(port, "one").succeeded();
    send(port, "two").succeeded();
    // the send of "two" tried "one" first
    assertEquals(List.of("one=2", "two=1"), attempts(port));
    send(port, "three").succeeded().errContains("queued (3 in queue)");
    // one connection refused is enough to know: "two" is not tried again, a send stays quick
    assertEquals(List.of("one=3", "two=1", "three=1"), attempts(port));
    queue(port, "--flush").succeeded();
    assertEquals(List.of("one=4", "two=2", "three=2"), attempts(port));
    assertTrue(queue(port).succeeded().out().contains("Connection refused"), "the last error");
  }

  @Test
  void queue_flush_time_0_leaves_the_queue_alone_before_a_send() throws Exception {
    int port = freePort();
    send(port, "queued earlier").succeeded();
    GreenMail g = greenMailOn(port);
    try {
      send(port, "now", "-S", "queue-flush-time=0").succeeded();
      assertEquals(List.of("now"), subjects(g));
      assertEquals(List.of("queued earlier=1"), attempts(port));
    } finally {
      g.stop();
    }
  }

  @Test
  void an_entry_for_another_server_waits_for_it_unless_flush_is_told_any_transport()
      throws Exception {
    int down = freePort();
    send(down, "for the other one").succeeded();
    int up = freePort();
    GreenMail g = greenMailOn(up);
    try {
      queue(up, "--flush", "-v")
          .succeeded()
          .errContains("0 sent, 0 deferred, 0 given up, 0 expired, 0 busy,")
          .errContains(" 1 for another transport; 1 in queue");
      send(up, "direct").succeeded();
      assertEquals(List.of("direct"), subjects(g), "a send does not take another server's mail");
      queue(up, "--flush", "--any-transport", "--json")
          .succeeded()
          .outContains("\"other_transport\":0,\"queue_size\":0");
      assertEquals(List.of("direct", "for the other one"), subjects(g));
    } finally {
      g.stop();
    }
  }

  @Test
  void an_entry_a_crash_left_empty_is_removed_and_nothing_is_sent_for_it() throws Exception {
    int port = freePort();
    send(port, "real").succeeded();
    // a remove stopped between emptying the file and unlinking it
    Path emptied = queued().resolve("20261201-000000.000-abcdef");
    Files.createFile(emptied);
    GreenMail g = greenMailOn(port);
    try {
      queue(port, "--flush", "--json").succeeded().outContains("\"sent\":[\"2026");
      assertEquals(List.of("real"), subjects(g));
      assertFalse(Files.exists(emptied));
      assertEquals(List.of(), attempts(port));
    } finally {
      g.stop();
    }
  }

  @Test
  void queue_flush_removes_what_a_crash_left_in_tmp_after_36_hours_and_keeps_newer_files()
      throws Exception {
    int port = freePort();
    send(port, "x").succeeded();
    Path tmp = queued().resolveSibling("tmp");
    Path old = Files.writeString(tmp.resolve("old.1.a"), "half written");
    Path recent = Files.writeString(tmp.resolve("recent.1.b"), "being written now");
    Instant now = Instant.now();
    Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofHours(37))));
    Files.setLastModifiedTime(recent, FileTime.from(now.minus(Duration.ofHours(35))));
    send(port, "y").succeeded(); // a pass before a send leaves tmp/ alone
    assertTrue(Files.exists(old));
    queue(port, "--flush").succeeded();
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(recent));
  }

  @Test
  void a_permanent_refusal_during_flush_gives_up_into_dead_letter_and_tells_the_sender()
      throws Exception {
    send(freePort(), "doomed").succeeded();
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.rcptReply = "550 5.1.1 no such user";
      queue(server.port(), "--flush", "--any-transport")
          .succeeded()
          .errContains("given up (dead.letter): ")
          .errContains("550 5.1.1 no such user");
    }
    assertTrue(Files.readString(home.resolve("dead.letter")).contains("Subject: doomed"));
    assertEquals(List.of(), attempts(freePort()));
    String notice = Files.readString(home.resolve("spool"));
    assertTrue(notice.contains("Subject: Undelivered mail: doomed"), notice);
    assertTrue(notice.contains("550 5.1.1 no such user"), notice);
    assertTrue(notice.contains("The message has been saved in " + home.resolve("dead.letter")));
  }

  @Test
  void an_expired_entry_that_dead_letter_cannot_take_stays_queued_and_the_notice_says_so()
      throws Exception {
    int port = freePort();
    send(port, "kept").succeeded();
    Path noDir = home.resolve("missing/dead.letter");
    Result r = with(port, "-S", "queue-lifetime=0", "-S", "DEAD=" + noDir, "queue", "--flush");
    r.succeeded().errContains("expired (dead.letter): ");
    assertEquals(List.of("kept=1"), attempts(port), "not lost: still in the queue");
    String notice = Files.readString(home.resolve("spool"));
    assertTrue(notice.contains("not delivered in 0 days (queue-lifetime)"), notice);
    assertTrue(notice.contains("The message could not be saved in " + noDir), notice);
    assertTrue(notice.contains("; it stays in the queue as 2026"), notice);
    // the entry is not left locked: the next pass (dead.letter writable again) gives it up
    with(port, "-S", "queue-lifetime=0", "queue", "--flush").succeeded();
    assertEquals(List.of(), attempts(port));
    assertTrue(Files.readString(home.resolve("dead.letter")).contains("Subject: kept"));
  }
}
