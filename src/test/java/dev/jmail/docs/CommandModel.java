package dev.jmail.docs;

import dev.jmail.app.Context;
import dev.jmail.cli.Cli;
import dev.jmail.config.Env;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The picocli model of jmail as the doc generators see it: the root command, every subcommand
 * (walked recursively, aliases once), and which options are shared. New options and subcommands
 * show up here without any change to the generators.
 */
final class CommandModel {
  final CommandSpec root;

  CommandModel() {
    PrintStream sink =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Context context =
        new Context(
            Env.of(Map.of()), new ByteArrayInputStream(new byte[0]), sink, sink, false, false);
    root = Cli.commandLine(context).getCommandSpec();
  }

  /** The root first, then every subcommand depth-first, each once. */
  List<CommandSpec> commands() {
    List<CommandSpec> out = new ArrayList<>();
    walk(root, out, new IdentityHashMap<>());
    return out;
  }

  private static void walk(CommandSpec spec, List<CommandSpec> out, Map<Object, Boolean> seen) {
    if (seen.put(spec, Boolean.TRUE) != null) return;
    out.add(spec);
    for (CommandLine sub : new LinkedHashSet<>(spec.subcommands().values())) {
      if (!sub.getCommandSpec().usageMessage().hidden()) walk(sub.getCommandSpec(), out, seen);
    }
  }

  /** Subcommands of a command, each once (aliases are not repeated). */
  static List<CommandSpec> subcommands(CommandSpec spec) {
    List<CommandSpec> out = new ArrayList<>();
    Set<CommandSpec> seen = new LinkedHashSet<>();
    for (CommandLine sub : spec.subcommands().values()) {
      CommandSpec s = sub.getCommandSpec();
      if (!s.usageMessage().hidden() && seen.add(s)) out.add(s);
    }
    return out;
  }

  /** Visible options of a command. */
  static List<OptionSpec> options(CommandSpec spec) {
    return spec.options().stream().filter(o -> !o.hidden()).toList();
  }

  /** The command path without the leading program name: "" for the root, "list", "x y". */
  static String path(CommandSpec spec) {
    String q = spec.qualifiedName(" ");
    int space = q.indexOf(' ');
    return space < 0 ? "" : q.substring(space + 1);
  }

  /** Names of the options every command has: the global mixin, --help and --version. */
  Set<String> globalNames() {
    Set<String> names = new LinkedHashSet<>();
    CommandSpec global = root.mixins().get("global");
    if (global != null) global.options().forEach(o -> names.addAll(List.of(o.names())));
    for (OptionSpec o : root.options()) {
      if (o.usageHelp() || o.versionHelp()) names.addAll(List.of(o.names()));
    }
    return names;
  }

  boolean isGlobal(OptionSpec o) {
    return globalNames().contains(o.longestName());
  }

  /**
   * An option of a subcommand that is the very same option as one of the root's (a shared mixin).
   */
  boolean sameAsRoot(OptionSpec o) {
    OptionSpec r = root.findOption(o.longestName());
    return r != null
        && List.of(r.names()).equals(List.of(o.names()))
        && List.of(r.description()).equals(List.of(o.description()));
  }

  /** The description as one line of plain text (picocli format specifiers resolved). */
  static String description(String[] lines) {
    String s = String.join(" ", lines);
    return s.replace("%n", " ").replace("%%", "%").replaceAll("\\s+", " ").strip();
  }
}
