package dev.jmail.config;

import java.io.IOException;
import java.nio.file.Path;

/**
 * jmail's private state directory, {@code $XDG_STATE_HOME/jmail}, else {@code ~/.local/state/jmail}
 * (the history; journals of spool rewrites; the queue): mode 0700 whatever the umask ({@link
 * PrivateFiles}).
 */
public final class StateDir {
  private StateDir() {}

  /** Where it is (not created). */
  public static Path of(Env env) {
    Path base =
        env.get("XDG_STATE_HOME")
            .map(Path::of)
            .filter(Path::isAbsolute)
            .orElse(env.home().resolve(".local/state"));
    return base.resolve("jmail");
  }

  /** Creates it (and missing parents) with mode 0700, or narrows an existing one to 0700. */
  public static Path create(Env env) throws IOException {
    return PrivateFiles.directory(of(env));
  }
}
