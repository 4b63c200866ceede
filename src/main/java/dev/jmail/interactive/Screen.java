package dev.jmail.interactive;

import dev.jmail.app.Invocation;
import dev.jmail.app.Pager;
import dev.jmail.config.Settings;
import dev.jmail.render.DisplayWidth;
import dev.jmail.render.Summaries;
import java.io.PrintStream;

/**
 * Output sizes and paging. Text is sanitised before it gets here. On a terminal, text taking more
 * than {@code crt} screen rows (lines wrapped at the terminal width) (set without a value, or
 * unset: the terminal's height; 0: never) goes through {@code PAGER} (default {@code less});
 * without a terminal everything is printed as is.
 */
final class Screen {
  private final Invocation inv;
  private final Settings settings;
  private final LineInput input;
  private final PrintStream out;

  Screen(Invocation inv, LineInput input) {
    this.inv = inv;
    this.settings = inv.settings();
    this.input = input;
    this.out = inv.context().out();
  }

  int rows() {
    int r = input.rows();
    if (r > 2) return r;
    return inv.context().env().get("LINES").map(Screen::parse).filter(n -> n > 2).orElse(24);
  }

  int columns() {
    int c = input.columns();
    return c > 10 ? c : inv.context().columns();
  }

  /** Header lines per page: {@code screen}, else the terminal's height less 4, else 20. */
  int headerLines() {
    int n = settings.intValue("screen", 0);
    if (n > 0) return n;
    return input.isTerminal() ? Math.max(5, rows() - 4) : 20;
  }

  String headerLine(Session s, int n, int cols) {
    String line = Summaries.line(s.current(n), n == s.current(), cols);
    char letter = s.statusLetter(n);
    return line.charAt(1) == letter
        ? line
        : line.charAt(0) + String.valueOf(letter) + line.substring(2);
  }

  /** Prints text, through the pager when it is long and stdout is a terminal. */
  void page(String text) {
    if (!input.isTerminal() || !inv.context().stdoutIsTerminal()) {
      out.print(text);
      return;
    }
    int limit = rows() - 1;
    if (settings.isSet("crt")) {
      String v = settings.get("crt").orElse("").strip();
      if (!v.isEmpty()) limit = settings.intValue("crt", limit);
    }
    if (limit <= 0 || !DisplayWidth.moreRowsThan(text, columns(), limit)) {
      out.print(text);
      return;
    }
    input.pause();
    try {
      Pager.page(inv, text);
    } finally {
      input.resume();
    }
  }

  private static int parse(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
