package dev.jmail.interactive;

import dev.jmail.error.UsageException;
import dev.jmail.render.Sanitizer;

/**
 * Handlers of {@link CommandTable}. The prompt itself: help, list, echo, shell escapes and pipes.
 */
final class PromptCommands {
  private PromptCommands() {}

  static void echo(Repl r, CommandTable.Call c) {
    r.out.println(Sanitizer.line(String.join(" ", c.words())));
  }

  static void help(Repl r, CommandTable.Call c) {
    StringBuilder b = new StringBuilder();
    for (CommandTable.Command cmd : CommandTable.COMMANDS) {
      b.append(String.format("%-26s %s%n", cmd.synopsis(), cmd.help()));
    }
    b.append("msglist: 3  2-5  .  ^  $  *  :n :o :u :r :d  /subject-text  sender-address\n");
    r.screen.page(b.toString());
  }

  static void list(Repl r, CommandTable.Call c) {
    r.out.println(String.join(" ", CommandTable.names()));
  }

  static void shell(Repl r, CommandTable.Call c) {
    if (c.rest().isBlank()) {
      interactiveShell(r, c);
      return;
    }
    Shell.run(r, c.rest(), null);
    r.out.println("!");
  }

  static void interactiveShell(Repl r, CommandTable.Call c) {
    Shell.run(
        r,
        r.settings.get("SHELL").or(() -> r.inv.context().env().get("SHELL")).orElse("/bin/sh"),
        null);
  }

  static void pipe(Repl r, CommandTable.Call c) {
    String command = c.words().isEmpty() ? r.settings.get("cmd").orElse(null) : c.words().get(0);
    if (command == null || command.isBlank())
      throw new UsageException("pipe: give a command (or set cmd)");
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (int n : c.messages()) {
      all.writeBytes(r.session.raw(n));
      r.session.setCurrent(n);
    }
    int status = Shell.run(r, command, all.toByteArray());
    if (status != 0)
      throw new dev.jmail.error.UnavailableException(
          "pipe: " + command + ": exit status " + status);
  }
}
