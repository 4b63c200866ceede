package dev.jmail.store.lock;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.config.StateDir;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How long to wait for a mailbox lock, when a dotlock counts as stale, and where a change keeps its
 * journal when the mailbox's own directory takes no new files.
 *
 * <p>Policy (bounded, never hangs): retry for at most {@code timeout}; a dotlock whose holder is a
 * dead process on this host (or whose content is only a pid, as liblockfile and procmail write it,
 * and that pid does not run here) is removed at once; any other dotlock is removed only once its
 * modification time is older than {@code stale}; otherwise give up with a temporary failure (exit
 * 75). Defaults come from the rc variables {@code lock-timeout} (30 s) and {@code lock-stale} (300
 * s).
 *
 * @param spareDir where the journal of an mbox change goes when the mailbox's directory takes no
 *     new files (e.g. a Debian {@code /var/mail}): the state directory ({@link StateDir}); kept on
 *     disk, not in a tmpfs, so a copy survives a crash
 */
public record LockPolicy(Duration timeout, Duration stale, Path spareDir) {
  public static final LockPolicy DEFAULT =
      new LockPolicy(Duration.ofSeconds(30), Duration.ofSeconds(300));

  public LockPolicy {
    if (timeout.isNegative() || stale.isNegative()) {
      throw new IllegalArgumentException("negative lock durations");
    }
    if (spareDir == null) spareDir = Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** With the JVM's temporary directory as the spare directory (tests, callers without an Env). */
  public LockPolicy(Duration timeout, Duration stale) {
    this(timeout, stale, null);
  }

  public static LockPolicy from(Settings settings) {
    return from(settings, null);
  }

  /** From the rc variables, with the spare directory under the user's state directory. */
  public static LockPolicy from(Settings settings, Env env) {
    int timeout = Math.max(0, settings.intValue("lock-timeout", 30));
    int stale = Math.max(1, settings.intValue("lock-stale", 300));
    return new LockPolicy(
        Duration.ofSeconds(timeout),
        Duration.ofSeconds(stale),
        env == null ? null : StateDir.of(env));
  }

  public LockPolicy withSpareDir(Path dir) {
    return new LockPolicy(timeout, stale, dir);
  }
}
