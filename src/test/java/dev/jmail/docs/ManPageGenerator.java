package dev.jmail.docs;

import dev.jmail.config.Variable;
import dev.jmail.error.ExitStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the sections of {@code man/jmail.1} that mirror the code — OPTIONS, SUBCOMMANDS, VARIABLES
 * and EXIT STATUS — from the picocli model, the {@link Variable} table and the {@link ExitStatus}
 * table, between {@code .\" BEGIN GENERATED name} and {@code .\" END GENERATED name} comment lines.
 * Everything outside the markers is hand-written prose and left alone.
 */
final class ManPageGenerator {
  static final String REGENERATE =
      "mvn -B -q -o test -Dtest=DocsTest,CompletionTest -Dsurefire.failIfNoSpecifiedTests=false -Djmail.regenerate=true";
  private static final Pattern BLOCK =
      Pattern.compile(
          "(?m)^\\.\\\\\" BEGIN GENERATED ([a-z-]+)[^\\n]*\\n(.*?)^\\.\\\\\" END GENERATED \\1\\n",
          Pattern.DOTALL);

  private final CommandModel model;

  ManPageGenerator(CommandModel model) {
    this.model = model;
  }

  /** The generated blocks, by name. */
  Map<String, String> sections() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("options", options());
    s.put("subcommands", subcommands());
    s.put("interactive-commands", table("dev.jmail.interactive.CommandTable", "COMMANDS"));
    s.put("tilde-escapes", table("dev.jmail.interactive.ComposePrompt", "ESCAPES"));
    s.put("variables", variables());
    s.put("exit-status", exitStatus());
    return s;
  }

  /** The page with every generated block replaced by its current text. */
  String update(String page) {
    Map<String, String> sections = sections();
    Matcher m = BLOCK.matcher(page);
    StringBuilder out = new StringBuilder();
    List<String> found = new ArrayList<>();
    while (m.find()) {
      String name = m.group(1);
      String body = sections.get(name);
      if (body == null) throw new IllegalStateException("unknown generated block: " + name);
      found.add(name);
      m.appendReplacement(out, Matcher.quoteReplacement(begin(name) + body + end(name)));
    }
    m.appendTail(out);
    for (String name : sections.keySet()) {
      if (!found.contains(name)) {
        throw new IllegalStateException("man/jmail.1 lacks the block " + begin(name).strip());
      }
    }
    return out.toString();
  }

  static String begin(String name) {
    return ".\\\" BEGIN GENERATED " + name + " (from the code; regenerate: " + REGENERATE + ")\n";
  }

  static String end(String name) {
    return ".\\\" END GENERATED " + name + "\n";
  }

  // --- OPTIONS: the root's options, grouped by mixin

  private String options() {
    StringBuilder b = new StringBuilder();
    Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
    Map<String, CommandSpec> mixins = model.root.mixins();
    for (OptionSpec o : CommandModel.options(model.root)) {
      String group = "Mailbox options";
      for (Map.Entry<String, CommandSpec> e : mixins.entrySet()) {
        if (e.getValue().findOption(o.longestName()) != null) group = mixinTitle(e.getKey());
      }
      if (o.usageHelp() || o.versionHelp()) group = mixinTitle("global");
      groups.computeIfAbsent(group, k -> new ArrayList<>()).add(o);
    }
    // Send options first (the mailx habit), every-command options last.
    List<String> order = new ArrayList<>(groups.keySet());
    order.sort((x, y) -> Integer.compare(rank(x), rank(y)));
    for (String g : order) {
      b.append(".SS ").append(roff(g)).append('\n');
      for (OptionSpec o : groups.get(g)) b.append(option(o));
    }
    return b.toString();
  }

  private static int rank(String group) {
    if (group.startsWith("Send")) return 0;
    if (group.startsWith("Options of every")) return 2;
    return 1;
  }

  private static String mixinTitle(String mixin) {
    return switch (mixin) {
      case "global" -> "Options of every command";
      case "send" -> "Send options";
      default -> Character.toUpperCase(mixin.charAt(0)) + mixin.substring(1) + " options";
    };
  }

  static String option(OptionSpec o) {
    StringBuilder b = new StringBuilder(".TP\n");
    String[] names = o.names().clone();
    java.util.Arrays.sort(names, (x, y) -> Integer.compare(x.length(), y.length()));
    for (int i = 0; i < names.length; i++) {
      if (i > 0) b.append(", ");
      b.append("\\fB").append(roff(names[i])).append("\\fR");
    }
    if (o.arity().max() > 0) {
      String label = o.paramLabel();
      boolean optional = o.arity().min() == 0;
      b.append(' ').append(optional ? "[" : "").append("\\fI").append(roff(label)).append("\\fR");
      b.append(optional ? "]" : "");
      if (o.isMultiValue()) b.append(" ...");
    }
    b.append('\n').append(sentence(CommandModel.description(o.description()))).append('\n');
    return b.toString();
  }

  // --- SUBCOMMANDS

  private String subcommands() {
    StringBuilder b = new StringBuilder();
    List<CommandSpec> all = model.commands();
    for (CommandSpec c : all.subList(1, all.size())) {
      String path = CommandModel.path(c);
      b.append(".SS \\fBjmail ").append(roff(path)).append("\\fR");
      for (PositionalParamSpec p : c.positionalParameters()) {
        if (p.hidden()) continue;
        boolean optional = p.arity().min() == 0;
        b.append(' ').append(optional ? "[" : "").append(roff(p.paramLabel()));
        if (p.isMultiValue() && !p.hideParamSyntax()) b.append(" ...");
        b.append(optional ? "]" : "");
      }
      b.append('\n');
      if (c.aliases().length > 0) {
        b.append("Also spelled \\fB")
            .append(roff(String.join(", ", c.aliases())))
            .append("\\fR.\n");
      }
      b.append(sentence(CommandModel.description(c.usageMessage().description()))).append('\n');
      List<String> shared = new ArrayList<>();
      List<OptionSpec> own = new ArrayList<>();
      for (OptionSpec o : CommandModel.options(c)) {
        if (model.isGlobal(o)) continue;
        if (model.sameAsRoot(o)) shared.add(o.longestName());
        else own.add(o);
      }
      if (!own.isEmpty()) {
        b.append(".RS\n");
        for (OptionSpec o : own) b.append(option(o));
        b.append(".RE\n");
      }
      if (!shared.isEmpty()) {
        StringBuilder also = new StringBuilder("Also accepts ");
        for (int i = 0; i < shared.size(); i++) {
          if (i > 0) also.append(i == shared.size() - 1 ? " and " : ", ");
          also.append("\\fB").append(roff(shared.get(i))).append("\\fR");
        }
        b.append(".PP\n").append(wrap(also + ", as described under")).append("\n.BR OPTIONS .\n");
      }
      List<CommandSpec> subs = CommandModel.subcommands(c);
      if (!subs.isEmpty()) {
        b.append(".PP\nSubcommands: ");
        for (int i = 0; i < subs.size(); i++) {
          if (i > 0) b.append(", ");
          b.append("\\fB").append(roff(subs.get(i).name())).append("\\fR");
        }
        b.append(".\n");
      }
    }
    return b.toString();
  }

  // --- INTERACTIVE COMMANDS and TILDE ESCAPES: the interactive package's tables, read by
  // reflection (rows are records with synopsis() and help()), so that the tables stay private.

  private static String table(String className, String field) {
    StringBuilder b = new StringBuilder();
    try {
      java.lang.reflect.Field f = Class.forName(className).getDeclaredField(field);
      f.setAccessible(true);
      for (Object row : (List<?>) f.get(null)) {
        String synopsis = (String) call(row, "synopsis");
        String help = (String) call(row, "help");
        int space = synopsis.indexOf(' ');
        String head = space < 0 ? synopsis : synopsis.substring(0, space);
        String rest = space < 0 ? "" : synopsis.substring(space + 1);
        b.append(".TP\n\\fB").append(roff(head)).append("\\fR");
        if (!rest.isEmpty()) b.append(" \\fI").append(roff(rest)).append("\\fR");
        b.append('\n').append(sentence(help)).append('\n');
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the table " + className + "." + field, e);
    }
    return b.toString();
  }

  private static Object call(Object row, String accessor) throws ReflectiveOperationException {
    java.lang.reflect.Method m = row.getClass().getDeclaredMethod(accessor);
    m.setAccessible(true);
    return m.invoke(row);
  }

  // --- VARIABLES: the config.Variable table

  private static String variables() {
    StringBuilder b = new StringBuilder();
    for (Variable v : Variable.values()) {
      b.append(".TP\n\\fB")
          .append(roff(v.varName()))
          .append("\\fR (")
          .append(v.kind().name().toLowerCase(Locale.ROOT));
      b.append("; default \\fB").append(roff(v.defaultDescription())).append("\\fR");
      b.append(")\n").append(sentence(v.help())).append('\n');
    }
    return b.toString();
  }

  // --- EXIT STATUS: the error.ExitStatus table

  private static String exitStatus() {
    StringBuilder b = new StringBuilder();
    for (ExitStatus s : ExitStatus.values()) {
      b.append(".TP\n.B ")
          .append(s.code())
          .append('\n')
          .append(sentence(s.description()))
          .append('\n');
    }
    return b.toString();
  }

  /** Capitalised, ends with a full stop, roff-escaped, wrapped at 80 columns. */
  static String sentence(String text) {
    String t = text.strip();
    if (t.isEmpty()) return "";
    t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
    if (!t.endsWith(".") && !t.endsWith("!") && !t.endsWith("?")) t += ".";
    return wrap(roff(t));
  }

  /** Breaks a text line at blanks so that no line is longer than 80 bytes (mandoc's style). */
  static String wrap(String line) {
    StringBuilder b = new StringBuilder();
    String rest = line;
    while (rest.length() > 80) {
      int space = rest.lastIndexOf(' ', 80);
      if (space <= 0) break;
      b.append(rest, 0, space).append('\n');
      rest = rest.substring(space + 1);
      if (rest.startsWith(".") || rest.startsWith("'")) rest = "\\&" + rest;
    }
    return b.append(rest).toString();
  }

  /** Escapes text for roff: backslashes, hyphens, non-ASCII and a leading control character. */
  static String roff(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\\') b.append("\\e");
              else if (c == '-') b.append("\\-");
              else if (c == 0x2026) b.append("...");
              else if (c < 128) b.appendCodePoint(c);
              else b.append(String.format("\\[u%04X]", c));
            });
    String t = b.toString();
    if (t.startsWith(".") || t.startsWith("'")) t = "\\&" + t;
    return t.replace("\n.", "\n\\&.").replace("\n'", "\n\\&'");
  }
}
