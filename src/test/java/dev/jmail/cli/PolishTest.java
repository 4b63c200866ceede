package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jmail.app.Context;
import dev.jmail.config.Settings;
import dev.jmail.testing.InProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Everyday behaviour of a Unix tool: --version, --help with examples, colour policy. */
class PolishTest {
  @TempDir Path home;

  @Test
  void version_names_the_user_rc_from_MAILRC_and_says_when_it_is_missing() {
    Path rc = home.resolve("my.rc");
    var r =
        new InProcess()
            .env("HOME", home.toString())
            .env("MAILRC", rc.toString())
            .run("--version")
            .succeeded();
    assertTrue(r.out().contains("user rc:   " + rc + " (from $MAILRC) (not found)"), r.out());
  }

  @Test
  void version_names_the_default_user_rc_in_home() throws Exception {
    Files.writeString(home.resolve(".mailrc"), "set hold\n");
    var r = new InProcess().env("HOME", home.toString()).run("--version").succeeded();
    assertTrue(r.out().contains("user rc:   " + home.resolve(".mailrc") + "\n"), r.out());
  }

  @Test
  void version_names_the_system_rc_it_would_read() {
    var forced =
        new InProcess()
            .env("HOME", home.toString())
            .env("JMAIL_SYSTEM_RC", "/dev/null")
            .run("-V")
            .succeeded();
    assertTrue(
        forced.out().contains("system rc: /dev/null (from $JMAIL_SYSTEM_RC) (none)"), forced.out());
    var usual = new InProcess().env("HOME", home.toString()).run("--version").succeeded();
    String first =
        Settings.SYSTEM_RC.stream()
            .filter(Files::isReadable)
            .findFirst()
            .map(Path::toString)
            .orElse("none");
    assertTrue(usual.out().contains("system rc: " + first), usual.out());
    assertTrue(usual.out().contains(Settings.SYSTEM_RC.get(0).toString()), usual.out());
  }

  @Test
  void version_through_picocli_prints_the_same_as_the_fast_path() {
    var fast = new InProcess().env("HOME", home.toString()).run("--version").succeeded();
    var parsed = new InProcess().env("HOME", home.toString()).run("-d", "--version").succeeded();
    assertTrue(parsed.out().equals(fast.out()), parsed.out() + "\nvs\n" + fast.out());
  }

  @Test
  void help_is_coloured_on_a_terminal() {
    var r = new InProcess().env("TERM", "xterm").tty().run("--help").succeeded();
    assertTrue(r.out().contains("\u001b["), "escape sequences expected on a terminal");
  }

  @Test
  void help_is_never_coloured_when_NO_COLOR_is_set() {
    var r =
        new InProcess().env("TERM", "xterm").env("NO_COLOR", "1").tty().run("--help").succeeded();
    assertFalse(r.out().contains("\u001b"), r.out());
  }

  @Test
  void help_is_never_coloured_into_a_pipe() {
    var r = new InProcess().env("TERM", "xterm").run("--help").succeeded();
    assertFalse(r.out().contains("\u001b"), r.out());
    var dumb = new InProcess().env("TERM", "dumb").tty().run("--help").succeeded();
    assertFalse(dumb.out().contains("\u001b"), dumb.out());
  }

  @Test
  void every_command_has_help_with_examples() {
    List<String> missing = new ArrayList<>();
    check(new InProcess(), List.of(), Cli.commandLine(context()), missing);
    if (!missing.isEmpty()) {
      fail(
          "--help without examples: "
              + missing
              + "\nAdd to each command's @Command: footer = {"
              + "\"%nExamples:\", \"  jmail …\"} (or a row in cli/HelpExamples).");
    }
  }

  private static void check(
      InProcess run, List<String> path, CommandLine cl, List<String> missing) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    var r = run.run(args.toArray(String[]::new)).succeeded();
    if (!r.out().contains("Examples:"))
      missing.add(String.join(" ", path).isEmpty() ? "jmail" : "jmail " + String.join(" ", path));
    for (var e : cl.getSubcommands().entrySet()) {
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      check(run, sub, e.getValue(), missing);
    }
  }

  private static Context context() {
    var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    return new Context(
        dev.jmail.config.Env.of(java.util.Map.of()),
        new java.io.ByteArrayInputStream(new byte[0]),
        sink,
        sink,
        false,
        false);
  }
}
