package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.BobsMailbox;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.DroppingProxy;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jmail watch} when the network fails: GreenMail behind a {@link DroppingProxy} that drops
 * every connection or refuses new ones. The back-off's first delay is 100 ms here ({@code
 * jmail.watch.backoff.ms}; 1 s for users), so each delay can be measured as a lower bound: a loaded
 * machine only makes the gaps longer.
 */
class WatchReconnectTest {
  @RegisterExtension static final BobsMailbox mail = BobsMailbox.serving(ServerSetup.PROTOCOL_IMAP);

  static final long FIRST = 100;

  @TempDir Path home;
  DroppingProxy proxy;

  @BeforeEach
  void relay() throws Exception {
    System.setProperty("jmail.watch.backoff.ms", Long.toString(FIRST));
    proxy = new DroppingProxy(mail.server().getImap().getPort());
  }

  @AfterEach
  void stop() throws Exception {
    System.clearProperty("jmail.watch.backoff.ms");
    proxy.close();
  }

  private String[] watch(String password, String... rest) {
    List<String> a = new ArrayList<>(List.of("watch"));
    a.addAll(List.of(rest));
    a.addAll(
        List.of(
            "-S",
            "password=" + password,
            "-S",
            "net-allow-plaintext",
            "-S",
            "net-timeout=" + Bounds.seconds(10),
            "-f",
            "imap://bob@127.0.0.1:" + proxy.port()));
    return a.toArray(String[]::new);
  }

  /** Runs jmail on a thread of its own (watch returns only at its end). */
  private final class Watcher {
    final Thread thread;
    volatile Result result;

    Watcher(String... args) {
      InProcess p =
          InProcess.isolated(home, "tester")
              .env("XDG_CACHE_HOME", home.resolve("cache").toString());
      thread = new Thread(() -> result = p.run(args), "watcher");
      thread.start();
    }

    Result end() throws InterruptedException {
      thread.join(TimeUnit.SECONDS.toMillis(Bounds.seconds(30)));
      assertFalse(thread.isAlive(), "watch did not stop");
      return result;
    }
  }

  /** Waits for something only the proxy can observe (polled: it has no event to wait on). */
  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Bounds.seconds(20));
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      LockSupport.parkNanos(10_000_000);
    }
  }

  private long idles() {
    return proxy.lines().stream().filter(l -> l.text().matches("J\\d+ IDLE")).count();
  }

  @Test
  void a_dropped_connection_is_retried_with_doubling_delays_and_no_message_is_printed_twice()
      throws Exception {
    mail.deliver("was there", "x\r\n");
    Watcher w = new Watcher(watch(BobsMailbox.PASSWORD, "--count", "2", "--idle-renew", "600"));
    await(() -> idles() >= 1, "the first IDLE");
    mail.deliver("one", "y\r\n");
    await(() -> idles() >= 2, "IDLE again after listing the first arrival");

    proxy.refuse(true);
    int before = proxy.acceptTimes().size();
    proxy.dropAll();
    mail.deliver("two", "z\r\n"); // arrives while the watcher cannot reach the server
    await(() -> proxy.acceptTimes().size() >= before + 4, "four attempts to reconnect");
    List<Long> t = proxy.acceptTimes().subList(before, before + 4);
    proxy.refuse(false);
    Result r = w.end().succeeded();

    for (int i = 1; i < t.size(); i++) {
      long gap = TimeUnit.NANOSECONDS.toMillis(t.get(i) - t.get(i - 1));
      long delay = FIRST << i;
      // the accept may be seen a little after the client's connect: 3/4 of the delay at least
      assertTrue(gap >= delay * 3 / 4, "attempt " + i + " came " + gap + " ms after the last");
    }
    assertEquals(
        List.of("one", "two"),
        r.out().lines().map(l -> l.replaceAll(".* (\\S+)$", "$1")).toList(),
        "each new message once, the old one never: " + r.out());
    assertTrue(r.err().contains("reconnecting in 0.1 s"), r.err());
    assertTrue(r.err().contains("reconnecting in 0.2 s"), r.err());
    assertTrue(r.err().contains("reconnecting in 0.4 s"), r.err());
  }

  @Test
  void with_give_up_a_server_that_stays_away_ends_the_watch_with_75() throws Exception {
    proxy.refuse(true);
    long start = System.nanoTime();
    Result r = new Watcher(watch(BobsMailbox.PASSWORD, "--give-up", "1")).end();
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    r.exits(75);
    List<String> err = r.err().lines().toList();
    // attempts at 0, 0.1, 0.3 and 0.7 s; the next (1.5 s) would be past the second given
    assertEquals(4, proxy.acceptTimes().size(), r.err());
    assertEquals(3, err.stream().filter(l -> l.contains("reconnecting in")).count(), r.err());
    String last = err.get(err.size() - 1);
    assertTrue(
        last.startsWith("jmail: ") && last.endsWith("giving up after 1 s (--give-up)"), last);
    assertTrue(took >= 700, "gave up after " + took + " ms");
  }

  @Test
  void a_wrong_password_ends_the_watch_at_once_with_77_and_no_retry() throws Exception {
    Result r = new Watcher(watch("wrong")).end();
    r.exits(77).errIsOneLine();
    assertEquals(1, proxy.acceptTimes().size(), "no second attempt: " + r.err());
  }

  @Test
  void idle_is_renewed_on_the_same_connection_after_the_renewal_interval() throws Exception {
    Watcher w = new Watcher(watch(BobsMailbox.PASSWORD, "--count", "1", "--idle-renew", "1"));
    await(() -> idles() >= 3, "two renewals");
    mail.deliver("wakes it", "x\r\n");
    Result r = w.end().succeeded();
    assertTrue(r.out().contains("wakes it"), r.out());
    List<DroppingProxy.Line> idle = new ArrayList<>();
    for (DroppingProxy.Line l : proxy.lines()) if (l.text().matches("J\\d+ IDLE|DONE")) idle.add(l);
    int connection = idle.get(0).connection();
    assertTrue(
        idle.stream().allMatch(l -> l.connection() == connection),
        "renewed, not reconnected: " + idle);
    assertEquals("DONE", idle.get(1).text(), idle.toString());
    assertTrue(idle.get(2).text().matches("J\\d+ IDLE"), idle.toString());
    long waited = TimeUnit.NANOSECONDS.toMillis(idle.get(1).nanos() - idle.get(0).nanos());
    assertTrue(waited >= 900, "DONE after the 1 s interval, not before: " + waited + " ms");
  }
}
