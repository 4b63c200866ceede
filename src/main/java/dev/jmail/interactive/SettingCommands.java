package dev.jmail.interactive;

import dev.jmail.config.RcParser;
import dev.jmail.config.Variable;
import dev.jmail.error.UsageException;
import dev.jmail.render.Sanitizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Handlers of {@link CommandTable}. Settings as in the rc file: set, unset, retain, ignore, alias,
 * source.
 */
final class SettingCommands {
  private SettingCommands() {}

  static void source(Repl r, CommandTable.Call c) {
    if (c.words().size() != 1) throw new UsageException("source: give one file");
    Path file = FolderCommands.expand(r, c.words().get(0));
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new dev.jmail.error.NoInputException(
          "source: "
              + file
              + ": "
              + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()),
          e);
    }
    new RcParser(r.settings).parse(text, file.toString());
  }

  static void set(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) {
      new TreeMap<>(r.settings.explicitVariables())
          .forEach(
              (k, v) -> {
                String shown = v.isEmpty() ? k : k + "=\"" + Sanitizer.line(v) + "\"";
                // no silent no-ops: a variable jmail does not act on says so
                r.out.println(
                    Variable.find(k).isPresent() ? shown : shown + "\t# not supported by jmail");
              });
      return;
    }
    RcParser p = new RcParser(r.settings);
    for (String w : c.words()) p.assign(w, "set");
  }

  static void unset(Repl r, CommandTable.Call c) {
    for (String w : c.words()) r.settings.unset(w);
  }

  static void retain(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) listHeaders(r.out, r.settings.headerFilter().retained());
    else c.words().forEach(r.settings.headerFilter()::retain);
  }

  static void ignore(Repl r, CommandTable.Call c) {
    if (c.words().isEmpty()) listHeaders(r.out, r.settings.headerFilter().ignored());
    else c.words().forEach(r.settings.headerFilter()::ignore);
  }

  static void unretain(Repl r, CommandTable.Call c) {
    rc(r, "unretain", c.words());
  }

  static void unignore(Repl r, CommandTable.Call c) {
    rc(r, "unignore", c.words());
  }

  private static void rc(Repl r, String cmd, List<String> words) {
    StringBuilder line = new StringBuilder(cmd);
    for (String w : words) line.append(" '").append(w.replace("'", "")).append('\'');
    new RcParser(r.settings).command(line.toString(), cmd);
  }

  private static void listHeaders(PrintStream out, java.util.Set<String> names) {
    names.stream().sorted().forEach(out::println);
  }

  static void alias(Repl r, CommandTable.Call c) {
    Map<String, List<String>> all = r.settings.aliases().all();
    if (c.words().isEmpty()) {
      new TreeMap<>(all)
          .forEach((k, v) -> r.out.println(Sanitizer.line(k + "\t" + String.join(" ", v))));
    } else if (c.words().size() == 1) {
      List<String> v = all.get(c.words().get(0));
      if (v == null)
        throw new UsageException("\"" + Sanitizer.line(c.words().get(0)) + "\": no such alias");
      r.out.println(Sanitizer.line(c.words().get(0) + "\t" + String.join(" ", v)));
    } else {
      r.settings.aliases().define(c.words().get(0), c.words().subList(1, c.words().size()));
    }
  }

  static void unalias(Repl r, CommandTable.Call c) {
    for (String w : c.words()) r.settings.aliases().remove(w);
  }
}
