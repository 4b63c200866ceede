package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.app.Context;
import dev.jmail.app.Invocation;
import dev.jmail.config.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JLine path in-process: the session reads its commands through {@link TerminalInput} over
 * JLine's {@code DumbTerminal} on piped streams (the tmux test, {@code TerminalSessionIT}, covers a
 * real pseudo-terminal).
 */
class TerminalInputTest {
  @TempDir Path home;

  private static TerminalInput over(String typed, ByteArrayOutputStream screen) throws Exception {
    DumbTerminal t =
        new DumbTerminal(
            "jmail-test",
            "dumb",
            new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
            screen,
            StandardCharsets.UTF_8);
    return new TerminalInput(t, null);
  }

  @Test
  void lines_typed_at_the_prompt_come_back_and_end_of_input_is_null() throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    try (TerminalInput in = over("first line\nsecond\n", screen)) {
      assertTrue(in.isTerminal());
      assertEquals("first line", in.readLine("& "));
      assertEquals("second", in.readLine("& "));
      assertEquals(null, in.readLine("& "), "end of input");
    }
    assertTrue(
        screen.toString(StandardCharsets.UTF_8).contains("& "),
        "the prompt is written to the terminal");
  }

  @Test
  void a_session_runs_its_commands_through_jline_and_exit_leaves_the_folder_alone()
      throws Exception {
    Path box = home.resolve("box");
    byte[] original = getClass().getResourceAsStream("/fixtures/mbox/session.mbox").readAllBytes();
    Files.write(box, original);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context ctx =
        new Context(
            Env.of(
                Map.of(
                    "HOME",
                    home.toString(),
                    "USER",
                    "me",
                    "MAILRC",
                    "/dev/null",
                    "JMAIL_SYSTEM_RC",
                    "/dev/null")),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            true,
            false);
    Invocation inv =
        new Invocation(ctx, new Invocation.Options(List.of(), true, null, false, false));
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    int status =
        Repl.run(
            inv,
            box.toString(),
            true,
            () -> {
              try {
                return over("from 1\n=\nx\n", screen);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    String shown = out.toString(StandardCharsets.UTF_8);
    assertTrue(shown.lines().anyMatch(l -> l.matches("^[ >][ A-Z*]  +1 .*")), shown);
    assertTrue(
        shown.lines().anyMatch(l -> l.matches("[0-9]+")),
        "= prints the current message number: " + shown);
    assertTrue(
        screen.toString(StandardCharsets.UTF_8).contains("&"), "the prompt went through JLine");
    assertEquals(
        new String(original, StandardCharsets.ISO_8859_1),
        Files.readString(box, StandardCharsets.ISO_8859_1));
  }
}
