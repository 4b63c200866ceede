package dev.jmail.store.lock;

import dev.jmail.config.Settings;
import java.time.Duration;

/**
 * How long to wait for a mailbox lock and when a dotlock counts as stale.
 *
 * <p>Policy (bounded, never hangs): retry for at most {@code timeout}; a dotlock whose holder is a
 * dead process on this host is removed at once; any other dotlock is removed only once its
 * modification time is older than {@code stale}; otherwise give up with a temporary failure (exit
 * 75). Defaults come from the rc variables {@code lock-timeout} (30 s) and {@code lock-stale}
 * (300 s).
 */
public record LockPolicy(Duration timeout, Duration stale) {
  public static final LockPolicy DEFAULT = new LockPolicy(Duration.ofSeconds(30), Duration.ofSeconds(300));

  public LockPolicy {
    if (timeout.isNegative() || stale.isNegative()) {
      throw new IllegalArgumentException("negative lock durations");
    }
  }

  public static LockPolicy from(Settings settings) {
    int timeout = Math.max(0, settings.intValue("lock-timeout", 30));
    int stale = Math.max(1, settings.intValue("lock-stale", 300));
    return new LockPolicy(Duration.ofSeconds(timeout), Duration.ofSeconds(stale));
  }
}
