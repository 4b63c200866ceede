package dev.jmail.cli;

import dev.jmail.app.Context;

/**
 * When jmail may colour its output: only when standard output is a terminal, {@code NO_COLOR}
 * (https://no-color.org) is unset or empty, and {@code TERM} is not {@code dumb}. Help text and any
 * coloured view ask here; pipes, files and cron mail never get escape sequences.
 */
public final class Colour {
  private Colour() {}

  public static boolean enabled(Context context) {
    return context.stdoutIsTerminal()
        && context.env().get("NO_COLOR").isEmpty()
        && !context.env().get("TERM").orElse("").equals("dumb");
  }
}
