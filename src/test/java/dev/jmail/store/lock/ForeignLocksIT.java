package dev.jmail.store.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher against locks other programs hold: {@code flock(1)} (flock only), a Python {@code
 * lockf} (fcntl only), a pid-only dotlock of a dead process (liblockfile's and procmail's format).
 */
class ForeignLocksIT {
  @TempDir Path dir;
  Path box;
  Process holder;

  static final String BOX =
      "From a@b Mon Jan  1 10:00:00 2024\nSubject: one\n\n1\n\n"
          + "From a@b Mon Jan  1 10:00:00 2024\nSubject: two\n\n2\n\n";

  @BeforeEach
  void setUp() throws IOException {
    box = dir.resolve("box");
    Files.writeString(box, BOX);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (holder != null) {
      holder.destroy();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts a lock holder that prints a line once it holds the lock. */
  void hold(String... cmd) throws IOException {
    holder = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    int c = holder.getInputStream().read(); // the first byte of "locked"
    assertTrue(c >= 0, "the lock holder did not start");
  }

  static boolean has(String tool) throws Exception {
    return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
  }

  @Test
  void a_flock_held_by_another_program_makes_a_change_wait_then_fail_naming_flock_and_its_pid()
      throws Exception {
    assumeTrue(has("flock"), "flock(1) is not installed");
    hold("flock", "-x", box.toString(), "sh", "-c", "echo locked; exec sleep 60");
    var r =
        new Launcher(dir)
            .run("-S", "lock-timeout=1", "delete", "--folder", box.toString(), "1")
            .exits(75)
            .errContains("locked (flock) by pid ")
            .errIsOneLine();
    assertTrue(r.err().contains("lock-timeout"), r.err());
    assertEquals(BOX, Files.readString(box), "nothing changed");
  }

  @Test
  void an_fcntl_lock_held_by_another_program_makes_a_change_fail_naming_fcntl() throws Exception {
    assumeTrue(has("python3"), "python3 is not installed");
    hold(
        "python3",
        "-c",
        "import fcntl,sys,time; f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX);"
            + " print('locked', flush=True); time.sleep(60)",
        box.toString());
    new Launcher(dir)
        .run("-S", "lock-timeout=1", "flag", "--folder", box.toString(), "1", "flagged")
        .exits(75)
        .errContains("locked (fcntl) by pid " + holder.pid())
        .errIsOneLine();
    assertEquals(BOX, Files.readString(box));
  }

  @Test
  void a_pid_only_dotlock_of_a_dead_process_does_not_delay_a_change() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Files.writeString(dir.resolve("box.lock"), dead.pid() + "\n");
    new Launcher(dir)
        .run("-S", "lock-timeout=2", "delete", "--folder", box.toString(), "1")
        .succeeded();
    assertEquals(BOX.substring(BOX.indexOf("From", 5)), Files.readString(box));
  }
}
