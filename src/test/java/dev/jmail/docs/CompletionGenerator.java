package dev.jmail.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes {@code completions/jmail.bash}, {@code completions/_jmail} (zsh) and {@code
 * completions/jmail.fish} from the picocli model, each followed by the hand-written part in {@code
 * src/main/completions/} (folders under the {@code folder} variable, aliases from ~/.mailrc). bash
 * uses picocli's {@link AutoComplete}; zsh and fish are written here.
 */
final class CompletionGenerator {
  static final Path OUT = Path.of("completions");
  static final Path EXTRA = Path.of("src", "main", "completions");

  private final CommandModel model;

  CompletionGenerator(CommandModel model) {
    this.model = model;
  }

  /** File name in completions/ → content. */
  Map<String, String> files() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("jmail.bash", bash());
    files.put("_jmail", zsh());
    files.put("jmail.fish", fish());
    return files;
  }

  private static String header(String comment) {
    return comment
        + " jmail completion, generated from the picocli model by\n"
        + comment
        + " src/test/java/dev/jmail/docs/CompletionGenerator.java and the hand-written\n"
        + comment
        + " src/main/completions/extra.* — do not edit; regenerate: "
        + ManPageGenerator.REGENERATE
        + "\n";
  }

  private static String extra(String shell) throws IOException {
    return Files.readString(EXTRA.resolve("extra." + shell), StandardCharsets.UTF_8);
  }

  // --- bash: picocli's script, plus value kinds and the wrapper

  String bash() throws IOException {
    CommandLine cl = model.root.commandLine();
    String picocli = AutoComplete.bash("jmail", cl);
    // Drop picocli's header (its install advice does not apply) and its registration line.
    int start = picocli.indexOf("if [ -n \"$BASH_VERSION\" ]");
    String body = picocli.substring(start);
    body = body.replaceAll("(?m)^complete -F _complete_jmail .*\\n?", "");
    StringBuilder b =
        new StringBuilder("# shellcheck shell=bash\n").append(header("#")).append('\n');
    b.append(body.strip()).append("\n\n");
    b.append("# --- generated: what each option and command takes\n");
    b.append("_jmail_value_kind() {\n  case $1 in\n");
    Map<ValueKind, List<String>> byKind = new LinkedHashMap<>();
    for (CommandSpec c : model.commands()) {
      for (OptionSpec o : CommandModel.options(c)) {
        ValueKind k = ValueKind.of(o);
        if (k == ValueKind.NONE || k == ValueKind.CHOICE) continue;
        for (String n : o.names()) {
          List<String> names = byKind.computeIfAbsent(k, x -> new ArrayList<>());
          if (!names.contains(n)) names.add(n);
        }
      }
    }
    byKind.forEach(
        (k, names) ->
            b.append("    ")
                .append(String.join("|", names))
                .append(") echo ")
                .append(k.name().toLowerCase())
                .append(" ;;\n"));
    b.append("  esac\n}\n\n");
    b.append("_jmail_children() {\n  case $1 in\n");
    for (CommandSpec c : model.commands()) {
      List<String> subs = CommandModel.subcommands(c).stream().map(CommandSpec::name).toList();
      if (!subs.isEmpty()) {
        b.append("    '")
            .append(CommandModel.path(c))
            .append("') echo '")
            .append(String.join(" ", subs))
            .append("' ;;\n");
      }
    }
    b.append("  esac\n}\n\n");
    b.append("_jmail_positional_kinds() {\n  case $1 in\n");
    for (CommandSpec c : model.commands()) {
      List<String> kinds = new ArrayList<>();
      for (PositionalParamSpec p : c.positionalParameters()) {
        ValueKind k = ValueKind.of(p);
        if (k != ValueKind.NONE) kinds.add(k.name().toLowerCase());
      }
      if (!kinds.isEmpty()) {
        b.append("    '")
            .append(CommandModel.path(c))
            .append("') echo '")
            .append(String.join(" ", kinds))
            .append("' ;;\n");
      }
    }
    b.append("  esac\n}\n\n");
    b.append("# --- hand-written: src/main/completions/extra.bash\n").append(extra("bash"));
    return b.toString();
  }

  // --- zsh: one _arguments function per command

  String zsh() throws IOException {
    StringBuilder b = new StringBuilder("#compdef jmail\n").append(header("#")).append('\n');
    b.append("# --- hand-written: src/main/completions/extra.zsh\n")
        .append(extra("zsh"))
        .append('\n');
    b.append("# --- generated\n");
    for (CommandSpec c : model.commands()) {
      String fn = zshFunction(c);
      List<CommandSpec> subs = CommandModel.subcommands(c);
      b.append(fn).append("() {\n");
      if (!subs.isEmpty()) {
        b.append("  local curcontext=\"$curcontext\" state state_descr line ret=1\n");
        b.append("  typeset -A opt_args\n");
      }
      b.append("  _arguments -s -S").append(subs.isEmpty() ? "" : " -C").append(" : \\\n");
      for (OptionSpec o : CommandModel.options(c))
        b.append("    ").append(zshOption(o)).append(" \\\n");
      if (subs.isEmpty()) {
        for (PositionalParamSpec p : c.positionalParameters()) {
          if (p.hidden()) continue;
          String action = zshAction(p);
          if (p.isMultiValue())
            b.append("    '*:")
                .append(zshQuote(p.paramLabel()))
                .append(':')
                .append(action)
                .append("' \\\n");
          else
            b.append("    '")
                .append(p.index().min() + 1)
                .append(':')
                .append(zshQuote(p.paramLabel()))
                .append(':')
                .append(action)
                .append("' \\\n");
        }
        b.append("    && return 0\n  return 1\n}\n\n");
        continue;
      }
      b.append("    '1: :->first' \\\n    '*:: :->rest' && ret=0\n");
      b.append("  case $state in\n    first)\n      local -a commands\n      commands=(\n");
      for (CommandSpec s : subs) {
        b.append("        '")
            .append(zshQuote(s.name().replace(":", "\\:")))
            .append(':')
            .append(zshQuote(CommandModel.description(s.usageMessage().description())))
            .append("'\n");
      }
      b.append("      )\n");
      String positional = "";
      for (PositionalParamSpec p : c.positionalParameters()) {
        if (!p.hidden() && ValueKind.of(p) != ValueKind.NONE) positional = zshAction(p);
      }
      if (positional.isEmpty()) {
        b.append("      _describe -t commands 'jmail command' commands && ret=0\n");
      } else {
        b.append(
                "      _alternative 'commands:command:{_describe -t commands command commands}' 'args:argument:")
            .append(positional)
            .append("' && ret=0\n");
      }
      b.append("      ;;\n    rest)\n      case $line[1] in\n");
      for (CommandSpec s : subs) {
        b.append("        ").append(s.name());
        for (String a : s.aliases()) b.append('|').append(a);
        b.append(") ").append(zshFunction(s)).append(" && ret=0 ;;\n");
      }
      if (!positional.isEmpty())
        b.append("        *) ").append(positional).append(" && ret=0 ;;\n");
      b.append("      esac\n      ;;\n  esac\n  return ret\n}\n\n");
    }
    b.append(
        "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n  _jmail \"$@\"\nelse\n  compdef _jmail jmail\nfi\n");
    return b.toString();
  }

  private static String zshFunction(CommandSpec c) {
    String path = CommandModel.path(c);
    return path.isEmpty() ? "_jmail" : "_jmail_" + path.replaceAll("[^A-Za-z0-9]", "_");
  }

  private static String zshOption(OptionSpec o) {
    String desc =
        "["
            + zshQuote(CommandModel.description(o.description()))
                .replace("\\", "\\\\")
                .replace("[", "\\[")
                .replace("]", "\\]")
            + "]";
    String arg = "";
    if (o.arity().max() > 0) {
      String label = zshQuote(o.paramLabel().replace(":", "\\:"));
      arg = (o.arity().min() == 0 ? "::" : ":") + label + ":" + zshAction(o);
    }
    String[] names = o.names();
    String exclusion = o.isMultiValue() ? "*" : "(" + String.join(" ", names) + ")";
    if (names.length == 1) {
      return "'" + exclusion + names[0] + desc + arg + "'";
    }
    return "'" + exclusion + "'{" + String.join(",", names) + "}'" + desc + arg + "'";
  }

  private static String zshAction(ArgSpec a) {
    return switch (ValueKind.of(a)) {
      case FOLDER -> "_jmail_folder";
      case FILE -> "_files";
      case DIRECTORY -> "_files -/";
      case ADDRESS -> "_jmail_address";
      case ACCOUNT -> "_jmail_account";
      case CHOICE -> "(" + String.join(" ", ValueKind.choices(a)) + ")";
      case NONE -> " ";
    };
  }

  private static String zshQuote(String s) {
    return s.replace("'", "'\\''");
  }

  // --- fish: complete lines with subcommand conditions

  String fish() throws IOException {
    StringBuilder b = new StringBuilder(header("#")).append('\n');
    b.append("# --- hand-written: src/main/completions/extra.fish\n")
        .append(extra("fish"))
        .append('\n');
    b.append("# --- generated\ncomplete -c jmail -e\n");
    List<CommandSpec> subs = CommandModel.subcommands(model.root);
    List<String> subNames = new ArrayList<>();
    for (CommandSpec s : subs) {
      subNames.add(s.name());
      subNames.addAll(List.of(s.aliases()));
    }
    String noSub = "not __fish_seen_subcommand_from " + String.join(" ", subNames);
    for (CommandSpec s : subs) {
      b.append("complete -c jmail -f -n '__fish_use_subcommand' -a ")
          .append(s.name())
          .append(" -d ")
          .append(fishQuote(CommandModel.description(s.usageMessage().description())))
          .append('\n');
    }
    for (CommandSpec c : model.commands()) {
      String cond =
          c == model.root
              ? noSub
              : "__fish_seen_subcommand_from "
                  + c.name()
                  + (c.aliases().length > 0 ? " " + String.join(" ", c.aliases()) : "");
      for (OptionSpec o : CommandModel.options(c)) {
        b.append("complete -c jmail -n ").append(fishQuote(cond));
        for (String n : o.names()) {
          if (n.startsWith("--")) b.append(" -l ").append(n.substring(2));
          else if (n.length() == 2) b.append(" -s ").append(n.substring(1));
          else b.append(" -o ").append(n.substring(1));
        }
        if (o.arity().max() > 0) b.append(fishValue(o));
        else b.append(" -f");
        b.append(" -d ").append(fishQuote(CommandModel.description(o.description()))).append('\n');
      }
      for (PositionalParamSpec p : c.positionalParameters()) {
        if (p.hidden()) continue;
        ValueKind k = ValueKind.of(p);
        if (k == ValueKind.NONE) continue;
        b.append("complete -c jmail -n ")
            .append(fishQuote(cond))
            .append(fishPositional(p))
            .append('\n');
      }
    }
    return b.toString();
  }

  private static String fishValue(OptionSpec o) {
    return switch (ValueKind.of(o)) {
      case FOLDER -> " -r -f -a '(__jmail_folder_values)'";
      case FILE -> " -r -F";
      case DIRECTORY -> " -r -f -a '(__fish_complete_directories)'";
      case ADDRESS -> " -r -f -a '(__jmail_aliases)'";
      case ACCOUNT -> " -r -f -a '(__jmail_accounts)'";
      case CHOICE -> " -r -f -a " + fishQuote(String.join(" ", ValueKind.choices(o)));
      case NONE -> " -r -f";
    };
  }

  private static String fishPositional(PositionalParamSpec p) {
    return switch (ValueKind.of(p)) {
      case FOLDER -> " -a '(__jmail_folder_values)'";
      case FILE -> " -F";
      case DIRECTORY -> " -a '(__fish_complete_directories)'";
      case ADDRESS -> " -f -a '(__jmail_aliases)'";
      case ACCOUNT -> " -f -a '(__jmail_accounts)'";
      case CHOICE -> " -f -a " + fishQuote(String.join(" ", ValueKind.choices(p)));
      case NONE -> "";
    };
  }

  private static String fishQuote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
