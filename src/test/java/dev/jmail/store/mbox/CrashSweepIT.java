package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.testing.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A sample of the crash sweep ({@code src/test/crash/sweep.sh -s EVERY}, EVERY from {@code
 * -Djmail.crash.every}, default 7): jmail killed by SIGKILL at every EVERY-th mutating system call
 * of an expunge and of a flag change, appenders racing it; then {@code jmail list} must leave a
 * folder Python reads with nothing lost, duplicated or unparseable. The whole sweep: run the script
 * without {@code -s} (see CONTRIBUTING.md).
 */
class CrashSweepIT {
  @Test
  void jmail_killed_at_sampled_system_calls_loses_and_duplicates_nothing() throws Exception {
    assumeTrue(ForeignAppendersIT.has("strace"), "strace is not installed");
    assumeTrue(ForeignAppendersIT.has("python3"), "python3 is not installed");
    Process p =
        new ProcessBuilder(
                "src/test/crash/sweep.sh",
                "-s",
                "" + Integer.getInteger("jmail.crash.every", 7),
                "-j",
                Launcher.path().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "sweep.sh hangs");
    if (out.contains("Operation not permitted") && out.contains("ptrace")) {
      assumeTrue(false, "ptrace is not permitted here (strace cannot attach)");
    }
    String summary = out.lines().filter(l -> l.startsWith("kill points:")).findFirst().orElse(out);
    System.err.println("CrashSweepIT: " + summary);
    assertEquals(0, p.exitValue(), out);
    assertTrue(
        summary.matches("kill points: [1-9].*lost: 0, duplicated: 0, unparseable: 0"), summary);
    assertTrue(Path.of("src/test/crash/sweep.sh").toFile().canExecute());
  }
}
