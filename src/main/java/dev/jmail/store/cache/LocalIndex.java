package dev.jmail.store.cache;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the summary indexes of local folders (mbox, Maildir) share: where they live, whether they
 * are on at all ({@code noindex}), where the {@code --debug} account of their use goes, and the
 * rule for changes too recent to be told apart by a time stamp.
 */
public final class LocalIndex {
  private LocalIndex() {}

  /**
   * Where indexes live, where the {@code --debug} account of their use goes, and how a header
   * section is decoded into summary fields (as a listing does; for the messages jmail's own changes
   * rewrite; null: such an index is forgotten, not updated), and what a listing line shows of a
   * summary ({@code display}: bytes the index keeps beside it, see {@link SummaryTable}; null: none
   * kept). A null Config (the default): no index is read or written.
   */
  public record Config(
      Path dir,
      Consumer<String> debug,
      java.util.function.Function<dev.jmail.message.RawHeaders, dev.jmail.message.MessageSummary>
          fields,
      java.util.function.Function<dev.jmail.message.MessageSummary, byte[]> display) {
    public Config(Path dir, Consumer<String> debug) {
      this(dir, debug, null, null);
    }

    public Config(
        Path dir,
        Consumer<String> debug,
        java.util.function.Function<dev.jmail.message.RawHeaders, dev.jmail.message.MessageSummary>
            fields) {
      this(dir, debug, fields, null);
    }

    public void say(String text) {
      if (debug != null) debug.accept("index: " + text);
    }
  }

  private static volatile Config config;

  /** Set once per invocation from the settings ({@code noindex}) and {@code --debug}. */
  public static void configure(Config c) {
    config = c;
  }

  /** Why there is no usable index in {@code file}, for {@code --debug}. */
  public static String whyUnusable(Path file) {
    return java.nio.file.Files.exists(file)
        ? "the index file is damaged, foreign or of another version"
        : "no index yet";
  }

  /** The configuration, or null when indexes are off. */
  public static Config config() {
    return config;
  }

  /**
   * The time-stamp granularity window (property {@code jmail.index.racy.ms}, 20 ms): a change this
   * recent may be followed by another in the same tick that leaves the same time stamps, so a state
   * this young is not recorded as current.
   */
  public static long racyNs() {
    return TimeUnit.MILLISECONDS.toNanos(Long.getLong("jmail.index.racy.ms", 20));
  }

  /** True when a time stamp (ns) is within the window of now (or in the future). */
  public static boolean racy(long stampNs) {
    return nowNs() - stampNs < racyNs();
  }

  /**
   * Waits until a time stamp is out of the window (at most the window): used by jmail's own
   * changes, which have just set it, before the new state is recorded.
   */
  public static void outlast(long stampNs) {
    long until = stampNs + racyNs();
    long wait = until - nowNs();
    if (wait <= 0 || wait > racyNs()) return; // past, or a clock step: the caller re-checks
    try {
      TimeUnit.NANOSECONDS.sleep(wait + 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static long nowNs() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
