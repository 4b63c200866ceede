package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Bounds;
import dev.jmail.testing.ExternalTools;
import dev.jmail.testing.Launcher;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of many messages draws a progress line (done/total, rate, bytes) on stderr when it is a
 * terminal ({@code script(1)} gives the launcher one), redrawn in place and erased at the end; with
 * stderr not a terminal (cron, pipes) nothing at all.
 */
class CopyProgressIT {
  @TempDir Path home;

  private Path mbox(int n) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= n; i++)
      b.append("From a@b Thu Jan  4 09:05:02 2024\nSubject: m").append(i).append("\n\nbody\n\n");
    Path p = home.resolve("in.mbox");
    Files.writeString(p, b);
    return p;
  }

  @Test
  void saving_many_messages_on_a_terminal_shows_progress_and_nothing_without_one()
      throws Exception {
    ExternalTools.assumeInstalled("script");
    Path in = mbox(25);
    Path out = home.resolve("out");
    ProcessBuilder pb =
        new ProcessBuilder(
                "script",
                "-qec",
                Launcher.path() + " save -f '" + in + "' '*' 'maildir:" + out + "'",
                "/dev/null")
            .redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("MAILRC", "/dev/null");
    pb.environment().put("JMAIL_SYSTEM_RC", "/dev/null");
    Process p = pb.start();
    String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(Bounds.seconds(60), TimeUnit.SECONDS), "jmail did not finish");
    assertEquals(0, p.exitValue(), screen);
    assertTrue(screen.matches("(?s)\rjmail: copying \\d+/25 \\(.*/s, \\d+ KiB.*"), screen);
    assertTrue(screen.contains("\rjmail: copying 25/25 ("), screen);
    assertTrue(screen.endsWith("\r\u001b[K"), "erased at the end: " + screen);
    try (var s = Files.list(out.resolve("new"))) {
      assertEquals(25, s.count());
    }

    Result quiet =
        new Launcher(home).run("save", "-f", in.toString(), "*", "maildir:" + home.resolve("o2"));
    quiet.succeeded();
    assertEquals("", quiet.err(), "not a terminal: no progress line");
  }
}
