package dev.jmail.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts are generated from the picocli model (a test fails when they are stale)
 * and work in the real shells: bash completes subcommands and +folders, zsh and fish load them.
 */
class CompletionTest {
  @TempDir Path home;

  @BeforeEach
  void aHomeWithFoldersAndAliases() throws IOException {
    Path mail = Files.createDirectories(home.resolve("Mail"));
    Files.writeString(mail.resolve("inbox"), "");
    Files.writeString(mail.resolve("sent"), "");
    Files.createDirectories(mail.resolve("lists").resolve("cur"));
    Files.createDirectories(home.resolve("Mail/lists/new"));
    Files.createDirectories(home.resolve("Mail/lists/tmp"));
    Files.writeString(
        home.resolve(".mailrc"),
        "set hold folder=Mail\nalias team alice@example.com bob@example.com\ngroup ops root\n");
  }

  @Test
  void the_completion_scripts_match_the_picocli_model() throws IOException {
    Map<String, String> files = new CompletionGenerator(new CommandModel()).files();
    for (var e : files.entrySet()) {
      Path p = CompletionGenerator.OUT.resolve(e.getKey());
      if (DocsTest.REGENERATE) {
        Files.createDirectories(p.getParent());
        if (!Files.exists(p) || !Files.readString(p, StandardCharsets.UTF_8).equals(e.getValue())) {
          Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
        }
        continue;
      }
      assertTrue(
          Files.exists(p), p + " is missing; generate it with:\n  " + ManPageGenerator.REGENERATE);
      String actual = Files.readString(p, StandardCharsets.UTF_8);
      if (!actual.equals(e.getValue())) {
        fail(
            p
                + " is out of date with the code ("
                + DocsTest.firstDifference(e.getValue(), actual)
                + "); regenerate it with:\n  "
                + ManPageGenerator.REGENERATE);
      }
    }
  }

  private List<String> bash(String... words) throws Exception {
    Tools.assumeInstalled("bash");
    String line = String.join(" ", words);
    StringBuilder array = new StringBuilder();
    for (String w : words) array.append(" '").append(w).append('\'');
    if (line.endsWith(" ")) array.append(" ''");
    String script =
        "source completions/jmail.bash 2>/dev/null\n"
            + "COMP_WORDS=("
            + array
            + ")\n"
            + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
            + "COMP_LINE='"
            + line
            + "'\nCOMP_POINT=${#COMP_LINE}\n"
            + "_jmail jmail \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null\n"
            + "printf '<%s>\\n' \"${COMPREPLY[@]}\"\n";
    var run =
        Tools.run(
            List.of("bash", "--norc", "--noprofile", "-c", script),
            Map.of("HOME", home.toString(), "MAILRC", ""));
    return run.output()
        .lines()
        .filter(l -> l.startsWith("<"))
        .map(l -> l.substring(1, l.length() - 1))
        .toList();
  }

  @Test
  void bash_completes_a_subcommand_from_its_first_letter() throws Exception {
    assertTrue(bash("jmail", "l").contains("list"), () -> "jmail l<TAB>");
  }

  @Test
  void bash_completes_options_of_a_subcommand() throws Exception {
    List<String> got = bash("jmail", "list", "--f");
    assertTrue(got.contains("--folder"), () -> "jmail list --f<TAB>: " + got);
  }

  @Test
  void bash_completes_plus_folder_names_after_dash_f() throws Exception {
    List<String> got = bash("jmail", "-f", "+");
    assertTrue(
        got.containsAll(List.of("+inbox", "+sent", "+lists")), () -> "jmail -f +<TAB>: " + got);
    List<String> some = bash("jmail", "list", "--folder", "+s");
    assertEquals(List.of("+sent"), some, "jmail list --folder +s<TAB>");
  }

  @Test
  void bash_completes_alias_names_as_recipients() throws Exception {
    assertTrue(bash("jmail", "-s", "hi", "t").contains("team"), "jmail -s hi t<TAB>");
    assertTrue(bash("jmail", "-c", "o").contains("ops"), "jmail -c o<TAB>");
  }

  @Test
  void bash_completes_file_names_after_dash_a() throws Exception {
    List<String> got = bash("jmail", "-a", home + "/.mai");
    assertEquals(List.of(home + "/.mailrc"), got, "jmail -a ~/.mai<TAB>");
  }

  @Test
  void the_zsh_script_loads_and_registers_the_completion() throws Exception {
    Tools.assumeInstalled("zsh");
    String script =
        "autoload -Uz compinit && compinit -u -D -d "
            + home.resolve(".zcompdump")
            + " && source completions/_jmail && print -r -- \"registered:$_comps[jmail]\"";
    var run = Tools.run(List.of("zsh", "-f", "-c", script), Map.of("HOME", home.toString()));
    assertEquals("registered:_jmail\n", run.output());
    assertEquals(0, run.status());
  }

  @Test
  void the_fish_script_loads_and_completes_subcommands_and_folders() throws Exception {
    Tools.assumeInstalled("fish");
    String script =
        "source completions/jmail.fish; and complete -C 'jmail l'; and complete -C 'jmail -f +'";
    var run =
        Tools.run(
            List.of("fish", "--no-config", "-c", script),
            Map.of(
                "HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                home.resolve(".config").toString(),
                "XDG_DATA_HOME",
                home.resolve(".local/share").toString()));
    assertEquals(0, run.status(), run.output());
    List<String> words = run.output().lines().map(l -> l.split("\t")[0]).toList();
    assertTrue(words.contains("list"), run.output());
    assertTrue(words.containsAll(List.of("+inbox", "+sent", "+lists")), run.output());
  }
}
