package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jmail.app.Context;
import dev.jmail.config.Env;
import dev.jmail.testing.InProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pre-rendered help texts are exactly what picocli renders from the model now: a new option,
 * subcommand or description fails here until they are regenerated with {@code mvn -B -q -o test
 * -Dtest=PrerenderedHelpTest -Djmail.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PrerenderedHelpTest {
  static final Path DIR = Path.of("src/main/resources" + PrerenderedHelp.RESOURCES);
  static final String REGENERATE =
      "mvn -B -q -o test -Dtest=PrerenderedHelpTest -Djmail.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false";

  private static Context pipe(ByteArrayOutputStream out, Map<String, String> env) {
    return new Context(
        Env.of(env),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, false, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()),
        false,
        false);
  }

  /** What picocli prints for these arguments to a pipe. */
  private static String picocli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Context context = pipe(out, Map.of("MAILRC", "/dev/null", "JMAIL_SYSTEM_RC", "/dev/null"));
    assertEquals(0, Cli.commandLine(context, args).execute(args));
    context.out().flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>(List.of("jmail"));
    names.addAll(
        Cli.commandLine(pipe(new ByteArrayOutputStream(), Map.of())).getSubcommands().keySet());
    return names;
  }

  @Test
  void every_commands_prerendered_help_is_what_picocli_renders_from_the_model() throws IOException {
    List<String> stale = new ArrayList<>();
    for (String name : names()) {
      String rendered = name.equals("jmail") ? picocli("--help") : picocli(name, "--help");
      Path file = DIR.resolve(name + ".txt");
      if (Boolean.getBoolean("jmail.regenerate")) {
        Files.createDirectories(DIR);
        Files.writeString(file, rendered, StandardCharsets.UTF_8);
      } else if (!Files.exists(file)
          || !Files.readString(file, StandardCharsets.UTF_8).equals(rendered)) {
        stale.add(file.toString());
      }
    }
    try (var files = Files.list(DIR)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString().replaceFirst("\\.txt$", "");
        if (!names().contains(name)) stale.add(f + " (no such command)");
      }
    }
    if (!stale.isEmpty()) {
      fail(
          "pre-rendered help differs from picocli's: "
              + stale
              + "\nregenerate with:\n  "
              + REGENERATE);
    }
  }

  @Test
  void help_through_a_pipe_prints_the_prerendered_text_for_jmail_and_each_subcommand()
      throws IOException {
    String[] subs = Cli.subcommandNames();
    Context context = pipe(new ByteArrayOutputStream(), Map.of());
    assertEquals(
        Files.readString(DIR.resolve("jmail.txt")),
        PrerenderedHelp.text(context, new String[] {"--help"}, subs));
    assertEquals(
        Files.readString(DIR.resolve("jmail.txt")),
        PrerenderedHelp.text(context, new String[] {"-h"}, subs));
    for (String sub : subs) {
      assertEquals(
          Files.readString(DIR.resolve(sub + ".txt")),
          PrerenderedHelp.text(context, new String[] {sub, "--help"}, subs),
          sub);
      String out =
          InProcess.isolated(Path.of("/nonexistent"), "alice").run(sub, "-h").succeeded().out();
      assertEquals(picocli(sub, "--help"), out, sub);
    }
    assertEquals(
        picocli("--help"),
        InProcess.isolated(Path.of("/nonexistent"), "alice").run("--help").succeeded().out());
  }

  @Test
  void coloured_help_other_arguments_and_unknown_commands_go_through_picocli() {
    String[] subs = Cli.subcommandNames();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Context tty =
        new Context(
            Env.of(Map.of("TERM", "xterm")),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out),
            new PrintStream(out),
            true,
            true);
    assertNull(PrerenderedHelp.text(tty, new String[] {"--help"}, subs));
    Context context = pipe(out, Map.of());
    assertNull(PrerenderedHelp.text(context, new String[] {"--help", "--debug"}, subs));
    assertNull(PrerenderedHelp.text(context, new String[] {"nosuch", "--help"}, subs));
    assertNull(PrerenderedHelp.text(context, new String[] {"-s", "--help"}, subs));
    assertNull(PrerenderedHelp.text(context, new String[] {"list"}, subs));
  }
}
