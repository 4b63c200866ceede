package dev.jmail.cli;

import dev.jmail.app.Context;
import dev.jmail.config.Env;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code jmail --version} as picocli's version provider (for command lines picocli parses, such as
 * {@code --debug --version}); the text is {@link VersionText}'s.
 */
final class VersionInfo implements IVersionProvider {
  private final Env env;

  VersionInfo(Context context) {
    this.env = context.env();
  }

  /** For a CommandLine built without jmail's factory: the real environment. */
  VersionInfo() {
    this.env = Env.system();
  }

  @Override
  public String[] getVersion() {
    return VersionText.lines(env).toArray(String[]::new);
  }
}
