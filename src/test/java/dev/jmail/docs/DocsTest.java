package dev.jmail.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jmail.config.Variable;
import dev.jmail.error.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man page and the completion scripts are kept true to the code: a new option, subcommand, rc
 * variable or exit status fails this test until the docs are regenerated, with the exact command to
 * run. {@code -Djmail.regenerate=true} rewrites the generated parts instead.
 */
class DocsTest {
  static final Path MAN = Path.of("man", "jmail.1");
  static final boolean REGENERATE = Boolean.getBoolean("jmail.regenerate");

  private final CommandModel model = new CommandModel();

  @Test
  void every_exit_status_the_readme_lists_is_one_of_the_exit_status_table() throws IOException {
    List<String> unknown = new ArrayList<>();
    var row =
        Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(Files.readString(Path.of("README.md")));
    int rows = 0;
    while (row.find()) {
      rows++;
      int code = Integer.parseInt(row.group(1));
      boolean known = false;
      for (ExitStatus s : ExitStatus.values()) known |= s.code() == code;
      if (!known) unknown.add(row.group(1));
    }
    assertTrue(rows > 0, "README.md has an exit status table");
    assertEquals(List.of(), unknown, "README.md exit statuses that ExitStatus does not define");
  }

  @Test
  void every_option_subcommand_variable_and_exit_status_is_in_the_man_page() throws IOException {
    String page = plain(Files.readString(MAN, StandardCharsets.UTF_8));
    List<String> missing = new ArrayList<>();
    for (CommandSpec c : model.commands()) {
      String where = c == model.root ? "jmail" : "jmail " + CommandModel.path(c);
      if (c != model.root && !page.contains(".SS jmail " + CommandModel.path(c))) {
        missing.add(
            "subcommand '"
                + where
                + "': a '.SS jmail "
                + CommandModel.path(c)
                + "' entry under SUBCOMMANDS");
      }
      for (OptionSpec o : CommandModel.options(c)) {
        for (String name : o.names()) {
          if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])")
              .matcher(page)
              .find()) {
            missing.add(
                "option "
                    + name
                    + " of '"
                    + where
                    + "': '"
                    + o.paramLabel()
                    + "' "
                    + CommandModel.description(o.description()));
          }
        }
      }
    }
    for (Variable v : Variable.values()) {
      if (!page.contains("\n" + v.varName() + " (")) {
        missing.add("variable " + v.varName() + " under VARIABLES: " + v.help());
      }
    }
    for (ExitStatus s : ExitStatus.values()) {
      if (!page.contains(".B " + s.code() + "\n")) {
        missing.add("exit status " + s.code() + " under EXIT STATUS: " + s.description());
      }
    }
    if (!missing.isEmpty() && REGENERATE) {
      regenerateManPage();
      return;
    }
    if (!missing.isEmpty()) {
      fail(
          "man/jmail.1 does not document:\n  - "
              + String.join("\n  - ", missing)
              + "\nRegenerate the generated sections with:\n  "
              + ManPageGenerator.REGENERATE
              + "\nthen review `git diff man/jmail.1` and add prose (EXAMPLES, DESCRIPTION) where the"
              + " new feature needs it.");
    }
  }

  @Test
  void the_generated_man_page_sections_match_the_code() throws IOException {
    String page = Files.readString(MAN, StandardCharsets.UTF_8);
    String expected = new ManPageGenerator(model).update(page);
    if (REGENERATE) {
      if (!expected.equals(page)) Files.writeString(MAN, expected, StandardCharsets.UTF_8);
      return;
    }
    if (!expected.equals(page)) {
      fail(
          "man/jmail.1 is out of date with the code ("
              + firstDifference(expected, page)
              + "); regenerate it with:\n  "
              + ManPageGenerator.REGENERATE);
    }
  }

  private void regenerateManPage() throws IOException {
    String page = Files.readString(MAN, StandardCharsets.UTF_8);
    Files.writeString(MAN, new ManPageGenerator(model).update(page), StandardCharsets.UTF_8);
  }

  @Test
  void the_man_page_renders_without_warnings_in_groff_and_mandoc() throws Exception {
    Tools.assumeInstalled("groff");
    var groff = Tools.run(List.of("groff", "-man", "-ww", "-z", MAN.toString()), null);
    assertEquals("", groff.output(), "groff -man -ww -z man/jmail.1");
    assertEquals(0, groff.status());
    if (Tools.installed("mandoc")) {
      var mandoc = Tools.run(List.of("mandoc", "-Tlint", "-W", "all", MAN.toString()), null);
      assertEquals("", mandoc.output(), "mandoc -Tlint man/jmail.1");
    }
  }

  @Test
  void the_man_page_has_every_section_a_reader_looks_for() throws IOException {
    String page = Files.readString(MAN, StandardCharsets.UTF_8);
    for (String s :
        List.of(
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "SUBCOMMANDS",
            "INTERACTIVE COMMANDS",
            "TILDE ESCAPES",
            "VARIABLES",
            "ENVIRONMENT",
            "FILES",
            "EXIT STATUS",
            "EXAMPLES",
            "SECURITY",
            "SEE ALSO",
            "STANDARDS")) {
      assertTrue(page.contains("\n.SH " + s + "\n"), "section " + s);
    }
  }

  /** Where two texts first differ, as one line for a failure message. */
  static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String x = i < e.length ? e[i] : "<end of file>";
      String y = i < a.length ? a[i] : "<end of file>";
      if (!x.equals(y))
        return "line " + (i + 1) + ": the code gives «" + x + "», the file has «" + y + "»";
    }
    return "no difference";
  }

  /** The page as text to search: roff hyphens and font escapes removed. */
  static String plain(String roff) {
    return roff.replace("\\-", "-").replaceAll("\\\\f[BIRP]", "").replace("\\&", "");
  }
}
