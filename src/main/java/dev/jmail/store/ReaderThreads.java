package dev.jmail.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The threads a folder reads on in parallel (mbox segments, Maildir files). */
public final class ReaderThreads {
  private ReaderThreads() {}

  /**
   * A fixed pool of daemon threads called {@code name}: the caller shuts it down, and a reader
   * still blocked in I/O when jmail exits must not keep the JVM (a cron job) alive.
   */
  public static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
