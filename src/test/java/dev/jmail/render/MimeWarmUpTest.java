package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The head start `read` gives Jakarta Mail must never keep the JVM alive or outlast await. */
class MimeWarmUpTest {
  @Test
  void the_warm_up_runs_on_a_daemon_thread_so_a_read_that_fails_early_still_exits() {
    MimeWarmUp w = MimeWarmUp.start();
    assertTrue(w.thread().isDaemon());
    w.await();
  }

  @Test
  void await_returns_only_when_the_warm_up_thread_has_ended() {
    for (int i = 0; i < 20; i++) {
      MimeWarmUp w = MimeWarmUp.start();
      w.await();
      assertFalse(w.thread().isAlive());
    }
  }

  @Test
  void an_interrupt_during_await_still_waits_and_is_kept_for_the_caller() {
    MimeWarmUp w = MimeWarmUp.start();
    Thread.currentThread().interrupt();
    w.await();
    assertFalse(w.thread().isAlive());
    assertTrue(Thread.interrupted()); // clears it again
  }

  @Test
  void the_property_leaves_the_warm_up_out() {
    String before = System.getProperty("jmail.mime.warmup");
    System.setProperty("jmail.mime.warmup", "false");
    try {
      MimeWarmUp w = MimeWarmUp.start();
      assertNull(w.thread());
      w.await(); // nothing to wait for
    } finally {
      if (before == null) System.clearProperty("jmail.mime.warmup");
      else System.setProperty("jmail.mime.warmup", before);
    }
  }
}
