package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.app.Context;
import dev.jmail.error.ExitStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit table is one table: the README says what the code does (the man page: DocsTest). */
class ExitStatusTableTest {
  @Test
  void the_readme_exit_table_is_the_code_table() throws Exception {
    List<String> rows = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (line.equals("## Exit status")) in = true;
      else if (in && line.startsWith("## ")) break;
      else if (in && line.matches("\\| \\d+ \\|.*")) rows.add(line);
    }
    List<String> expected = new ArrayList<>();
    for (ExitStatus s : ExitStatus.values())
      expected.add("| " + s.code() + " | " + s.description() + " |");
    assertEquals(expected, rows);
  }

  @Test
  void an_unexpected_failure_is_a_bug_exit_70_in_one_line_without_a_stack_trace() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context context =
        new Context(
            dev.jmail.config.Env.of(java.util.Map.of()),
            java.io.InputStream.nullInputStream(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    assertEquals(70, Cli.report(context, new IllegalStateException("cannot happen"), false));
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("jmail: IllegalStateException: cannot happen\n"), text);
    assertTrue(!text.contains("\tat "), text);
  }
}
