package dev.jmail;

import dev.jmail.app.Context;
import dev.jmail.cli.Cli;

/** The only place that exits. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Context context = Context.system();
    int status = Cli.run(context, args);
    context.out().flush();
    context.err().flush();
    System.exit(status);
  }
}
