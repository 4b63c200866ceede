package dev.jmail.app;

import dev.jmail.config.RcParser;
import dev.jmail.config.Settings;
import java.util.List;

/**
 * One command's view of the run: the process context plus the global options and the settings they
 * load. Settings are loaded on first use so that {@code --version} and {@code --help} never read an
 * rc file.
 */
public final class Invocation {
  /**
   * The options every command accepts, as parsed by a front end: {@code -S} assignments (root's
   * first), {@code -n}, {@code -A} (null: none), {@code -d}, {@code -v}.
   */
  public record Options(
      List<String> assignments,
      boolean noSystemRc,
      String account,
      boolean debug,
      boolean verbose) {}

  private final Context context;
  private final Options global;
  private Settings settings;
  private boolean sending;

  public Invocation(Context context, Options global) {
    this.context = context;
    this.global = global;
  }

  public Context context() {
    return context;
  }

  public Options global() {
    return global;
  }

  public Settings settings() {
    if (settings == null) {
      settings =
          Settings.load(
              context.env(),
              new RcParser.Mode(sending, context.stdinIsTerminal()),
              global.noSystemRc(),
              global.account(),
              global.assignments(),
              this::warn);
      configureIndex();
    }
    return settings;
  }

  /**
   * The summary index of local folders: on unless {@code noindex}; {@code --debug} tells its use.
   */
  private void configureIndex() {
    dev.jmail.store.cache.LocalIndex.configure(
        settings.isSet(dev.jmail.config.Variable.NOINDEX.varName())
            ? null
            : new dev.jmail.store.cache.LocalIndex.Config(
                dev.jmail.store.cache.CacheFiles.root(context.env()),
                global.debug() ? this::warn : null,
                dev.jmail.render.Summaries::detached,
                dev.jmail.render.Summaries::display));
  }

  /** Send mode: the rc files' {@code if s} holds (call before the settings are first used). */
  public void sending() {
    sending = true;
  }

  /** Warnings and the -v dialogue of a send, as this invocation shows them. */
  public dev.jmail.transport.Diagnostics diagnostics() {
    return new dev.jmail.transport.Diagnostics() {
      @Override
      public void warn(String text) {
        Invocation.this.warn(text);
      }

      @Override
      public java.io.PrintStream verbose() {
        return global.verbose() ? context.err() : null;
      }
    };
  }

  /** Prints a diagnostic line {@code jmail: text} on stderr. */
  public void warn(String text) {
    // a warning may quote a server (watch: "the server closed the connection: …"): sanitised
    context.err().println("jmail: " + dev.jmail.render.Sanitizer.line(text));
  }
}
