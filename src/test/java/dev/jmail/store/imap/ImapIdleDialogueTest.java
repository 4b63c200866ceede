package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Bounds;
import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jmail watch} against a scripted IMAP server that decides what happens during IDLE (RFC
 * 2177): new mail reported before or after the go-ahead, a refusal, a BYE (retried after the
 * back-off, 50 ms here) and a failed DONE. The renewal interval is 600 s throughout: only the
 * server's words can wake the watcher in time.
 */
class ImapIdleDialogueTest {
  @TempDir Path home;

  @BeforeEach
  void quickBackOff() {
    System.setProperty("jmail.watch.backoff.ms", "50");
  }

  @AfterEach
  void userBackOff() {
    System.clearProperty("jmail.watch.backoff.ms");
  }

  /** {@code watch --count 1} on its own thread, ended within the test's bound. */
  private Result watch(ScriptedServer s) throws InterruptedException {
    Result[] result = new Result[1];
    Thread t =
        new Thread(
            () ->
                result[0] =
                    ScriptedImap.jmail(home)
                        .run(
                            ScriptedImap.args(
                                s, 5, "watch", "--count", "1", "--idle-renew", "600")),
            "watcher");
    t.start();
    t.join(TimeUnit.SECONDS.toMillis(Bounds.seconds(20)));
    assertFalse(t.isAlive(), "watch did not stop");
    return result[0];
  }

  /**
   * Waits until every connection the watch opened has sent LOGOUT (the server reads it on a thread
   * of its own, possibly after jmail has returned): none is left open.
   */
  private static void everyConnectionLogsOut(ScriptedServer s) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Bounds.seconds(10));
    while (s.received().stream().filter(l -> l.matches("J\\d+ LOGOUT")).count() < s.connections()) {
      if (System.nanoTime() > deadline)
        throw new AssertionError("a connection without LOGOUT: " + s.received());
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
  }

  /** A server with one message; its IDLE answered by {@code idle}. */
  private static FakeImap server(FakeImap.Dialogue idle) {
    return new FakeImap().message(1, "already there").talk("IDLE", idle);
  }

  /**
   * The go-ahead, then a message arrives and the server says so; DONE is answered with {@code
   * doneAnswer}.
   */
  private static FakeImap.Dialogue newMail(FakeImap[] f, String doneAnswer) {
    return (peer, tag, line) -> {
      peer.send("+ idling\r\n");
      arrive(f[0]);
      peer.send("* 2 EXISTS\r\n");
      peer.line(); // DONE
      peer.send(tag + " " + doneAnswer + "\r\n");
    };
  }

  /** A message arrives: the next listing has it. */
  private static void arrive(FakeImap f) {
    f.message(2, "arrived meanwhile");
  }

  @Test
  void new_mail_reported_while_idling_is_printed_once_and_idle_ends_with_done() throws Exception {
    FakeImap[] f = new FakeImap[1];
    List<String> after = new java.util.concurrent.CopyOnWriteArrayList<>();
    f[0] =
        server(
            (peer, tag, line) -> {
              peer.send("+ idling\r\n");
              arrive(f[0]);
              peer.send("* 1 RECENT\r\n* 2 EXISTS\r\n");
              after.add(peer.line());
              peer.send(tag + " OK idle done\r\n");
            });
    try (ScriptedServer s = new ScriptedServer(f[0])) {
      Result r = watch(s).succeeded();
      assertTrue(r.out().contains("arrived meanwhile"), r.out());
      assertFalse(r.out().contains("already there"), "only new mail: " + r.out());
      assertEquals(List.of("DONE"), after);
      everyConnectionLogsOut(s);
    }
  }

  @Test
  void new_mail_reported_before_the_go_ahead_is_not_missed() throws Exception {
    FakeImap[] f = new FakeImap[1];
    f[0] =
        server(
            (peer, tag, line) -> {
              arrive(f[0]);
              peer.send("* 2 EXISTS\r\n+ idling\r\n");
              peer.line(); // DONE
              peer.send(tag + " OK idle done\r\n");
            });
    try (ScriptedServer s = new ScriptedServer(f[0])) {
      watch(s).succeeded().outContains("arrived meanwhile");
    }
  }

  @Test
  void news_other_than_new_mail_does_not_end_the_wait() throws Exception {
    FakeImap[] f = new FakeImap[1];
    AtomicInteger idles = new AtomicInteger();
    f[0] =
        server(
            (peer, tag, line) -> {
              if (idles.incrementAndGet() == 1) {
                // a flag change and an expunge elsewhere: not mail to print; then the news
                peer.send("* 1 FETCH (FLAGS (\\Seen))\r\n+ idling\r\n* 1 FETCH (FLAGS ())\r\n");
                arrive(f[0]);
                peer.send("* 2 EXISTS\r\n");
              } else {
                peer.send("+ idling\r\n");
              }
              peer.line(); // DONE
              peer.send(tag + " OK idle done\r\n");
            });
    try (ScriptedServer s = new ScriptedServer(f[0])) {
      watch(s).succeeded().outContains("arrived meanwhile");
      assertEquals(1, idles.get(), "woken by the EXISTS alone, in the first IDLE");
    }
  }

  @Test
  void a_server_that_refuses_idle_ends_the_watch_with_69() throws Exception {
    try (ScriptedServer s =
        new ScriptedServer(
            server((peer, tag, line) -> peer.send(tag + " NO [LIMIT] not now\r\n")))) {
      watch(s).exits(69).errIsOneLine().errContains("IDLE refused: [LIMIT] not now");
    }
  }

  @Test
  void a_server_without_idle_ends_the_watch_with_69_naming_the_extension() throws Exception {
    FakeImap f = new FakeImap().message(1, "already there");
    f.capabilities = "IMAP4rev1 UIDPLUS";
    try (ScriptedServer s = new ScriptedServer(f)) {
      watch(s).exits(69).errIsOneLine().errContains("the server does not offer IDLE (RFC 2177)");
      assertFalse(s.receivedLineContaining("IDLE"), s.received().toString());
      everyConnectionLogsOut(s);
    }
  }

  @Test
  void a_done_the_server_refuses_ends_the_watch_with_69() throws Exception {
    FakeImap[] f = new FakeImap[1];
    f[0] = server(newMail(f, "BAD [CLIENTBUG] done what"));
    try (ScriptedServer s = new ScriptedServer(f[0])) {
      watch(s).exits(69).errIsOneLine().errContains("IDLE failed: [CLIENTBUG] done what");
    }
  }

  @ParameterizedTest(name = "BYE {0} the go-ahead")
  @ValueSource(strings = {"before", "after"})
  void a_bye_during_idle_is_retried_after_the_back_off_and_nothing_is_printed_twice(String when)
      throws Exception {
    FakeImap[] f = new FakeImap[1];
    AtomicInteger idles = new AtomicInteger();
    f[0] =
        server(
            (peer, tag, line) -> {
              if (idles.incrementAndGet() == 1) {
                if (when.equals("after")) peer.send("+ idling\r\n");
                peer.send("* BYE server shutting down\r\n");
                peer.drop();
                return;
              }
              newMail(f, "OK idle done").answer(peer, tag, line);
            });
    try (ScriptedServer s = new ScriptedServer(f[0])) {
      Result r = watch(s).succeeded();
      assertEquals(2, idles.get(), r.err());
      assertTrue(
          r.err()
              .contains(
                  "the server closed the connection: server shutting down; reconnecting in 0.05 s"),
          r.err());
      assertEquals(1, r.out().lines().count(), "printed once: " + r.out());
      assertTrue(r.out().contains("arrived meanwhile"), r.out());
    }
  }
}
