package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.testing.Launcher;
import dev.jmail.testing.Tmux;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of appender at once, racing a loop of {@code jmail delete}/{@code flag}/{@code move}
 * and an interactive {@code d}+{@code q} (typed on a real pty under tmux when it is installed) on
 * an mbox of thousands of messages: s-nail ({@code copy}), mutt ({@code copy-message}, {@code
 * mbox_type=mbox}, on a pty), Python's {@code mailbox} with its locks, and Python writers taking
 * only {@code fcntl}, only {@code flock}, only a dotlock (all opening the file before they lock it,
 * appending until the changes are done). Afterwards Python's {@code mailbox} must find every
 * appended message once, byte-exact, and every message jmail did not remove once. {@code
 * -Djmail.foreign.rounds=N} (default 2) sets how many rounds of changes run.
 */
class ForeignAppendersIT {
  @TempDir Path dir;
  static final Path WRITERS = Path.of("src/test/python/foreign_writers.py").toAbsolutePath();
  static final int ORIGINALS = 3000;

  static boolean has(String tool) {
    try {
      return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static int run(Path cwd, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd));
    if (p.exitValue() != 0) System.err.println(String.join(" ", cmd) + ": " + out);
    return p.exitValue();
  }

  static byte[] foreignMessage(String id) throws Exception {
    Process p = new ProcessBuilder("python3", WRITERS.toString(), "message", id).start();
    byte[] b = p.getInputStream().readAllBytes();
    p.waitFor();
    return b;
  }

  /** s-nail copies message 1 of a one-message folder into the box, until {@code stop} exists. */
  CompletableFuture<List<String>> snail(Path box, Path stop) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<String> ids = new ArrayList<>();
          try {
            for (int i = 0; !Files.exists(stop); i++) {
              String id = "snail-" + i;
              Path src = dir.resolve(id + ".src");
              Files.write(src, foreignMessage(id));
              Process p =
                  new ProcessBuilder(
                          "s-nail", "-n", "-N", "-Sv15-compat", "-Snosave", "-f", src.toString())
                      .redirectErrorStream(true)
                      .start();
              p.getOutputStream().write(("copy 1 " + box + "\n").getBytes(StandardCharsets.UTF_8));
              p.getOutputStream().close();
              p.getInputStream().readAllBytes();
              assertEquals(0, p.waitFor(), "s-nail copy");
              ids.add(id);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return ids;
        },
        Launcher.OWN_THREAD);
  }

  /**
   * mutt (under script(1): it needs a terminal) copies a one-message folder's message, until {@code
   * stop}.
   */
  CompletableFuture<List<String>> mutt(Path box, Path stop) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<String> ids = new ArrayList<>();
          try {
            for (int i = 0; !Files.exists(stop); i++) {
              String id = "mutt-" + i;
              Path src = dir.resolve(id + ".src");
              Files.write(src, foreignMessage(id));
              Path script = dir.resolve(id + ".sh");
              Files.writeString(
                  script,
                  "cd '"
                      + box.getParent()
                      + "'\nTERM=xterm exec mutt -n -F /dev/null -e 'set mbox_type=mbox;"
                      + " set confirmappend=no; set delete=no; set move=no; set mark_old=no; set quit=yes' -e 'push \"<quit>\"'"
                      + " -e 'push \"<copy-message><kill-line>./"
                      + box.getFileName()
                      + "<enter>\"' -f '"
                      + src
                      + "'\n");
              assertEquals(
                  0,
                  run(dir, "timeout", "60", "script", "-qec", "sh " + script, "/dev/null"),
                  "mutt copy-message");
              ids.add(id);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return ids;
        },
        Launcher.OWN_THREAD);
  }

  /**
   * {@code d 1} and {@code q} typed at the prompt on a real pty (tmux); piped when tmux is missing.
   */
  void deleteFirstInteractively(Launcher jmail, Path box) throws Exception {
    if (!Tmux.available()) {
      jmail.stdin("d 1\nq\n").run("-N", "-f", box.toString()).succeeded();
      jmail.stdin(new byte[0]);
      return;
    }
    try (Tmux tmux = new Tmux()) {
      tmux.start(
          100,
          30,
          "env -i PATH=/usr/bin:/bin TERM=xterm HOME="
              + dir
              + " USER=me JAVA_HOME="
              + System.getProperty("java.home")
              + " MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null "
              + Launcher.path()
              + " -N -f "
              + box
              + "; echo SESSION-ENDED $?; sleep 30");
      tmux.waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
      tmux.keys("d 1", "Enter");
      tmux.keys("q", "Enter");
      tmux.waitFor(t -> t.contains("SESSION-ENDED 0"), "the end of the session");
    }
  }

  @Test
  void appenders_of_every_kind_racing_jmail_changes_lose_nothing_and_duplicate_nothing()
      throws Exception {
    assumeTrue(has("python3"), "python3 is not installed");
    Path box = dir.resolve("box");
    Path moved = dir.resolve("moved.mbox");
    StringBuilder b = new StringBuilder(ORIGINALS * 200);
    for (int i = 0; i < ORIGINALS; i++) {
      b.append(
              "From orig@example.org Mon Jan  1 10:00:00 2024\nFrom: <orig@example.org>\nSubject: original ")
          .append(i)
          .append("\nMessage-ID: <orig-")
          .append(i)
          .append("@t>\n\nbody of ")
          .append(i)
          .append("\n\n");
    }
    Files.writeString(box, b.toString());

    List<String> foreign = new ArrayList<>();
    List<Process> writers = new ArrayList<>();
    Path stop = dir.resolve("stop");
    List<String> modes = List.of("mailbox", "fcntl", "flock", "dotlock");
    for (String mode : modes) {
      writers.add(
          new ProcessBuilder(
                  "python3", WRITERS.toString(), "append", mode, box.toString(), stop.toString())
              .redirectError(dir.resolve(mode + ".err").toFile())
              .redirectOutput(dir.resolve(mode + ".log").toFile())
              .start());
    }
    CompletableFuture<List<String>> snail =
        has("s-nail") ? snail(box, stop) : CompletableFuture.completedFuture(List.of());
    CompletableFuture<List<String>> mutt =
        has("mutt") && has("script")
            ? mutt(box, stop)
            : CompletableFuture.completedFuture(List.of());
    if (!has("s-nail"))
      System.err.println("ForeignAppendersIT: s-nail not installed, its appends skipped");
    if (!has("mutt") || !has("script"))
      System.err.println("ForeignAppendersIT: mutt or script(1) missing, its appends skipped");

    Launcher jmail = new Launcher(dir).timeout(120);
    int removed = 0;
    List<String> movedIds = new ArrayList<>();
    int rounds = Integer.getInteger("jmail.foreign.rounds", 2);
    for (int r = 0; r < rounds; r++) {
      jmail.run("delete", "--folder", box.toString(), "1").succeeded();
      removed++;
      jmail
          .run("flag", "--folder", box.toString(), "2", r % 2 == 0 ? "flagged" : "unflagged")
          .succeeded();
      jmail.run("move", "--folder", box.toString(), "1", moved.toString()).succeeded();
      movedIds.add("orig-" + removed);
      removed++;
      deleteFirstInteractively(jmail, box);
      removed++;
    }
    Files.createFile(stop);
    for (Process w : writers) {
      assertTrue(w.waitFor(120, TimeUnit.SECONDS), "a writer hangs");
      assertEquals(0, w.exitValue(), "a python writer failed: see " + dir);
    }
    for (String mode : modes) foreign.addAll(Files.readAllLines(dir.resolve(mode + ".log")));
    foreign.addAll(snail.get(120, TimeUnit.SECONDS));
    foreign.addAll(mutt.get(120, TimeUnit.SECONDS));
    jmail.run("list", "-f", box.toString()).succeeded();

    Process check =
        new ProcessBuilder(
                "python3",
                WRITERS.toString(),
                "check",
                box.toString(),
                moved.toString(),
                "" + removed,
                "" + ORIGINALS,
                String.join(",", movedIds),
                String.join(",", foreign))
            .redirectErrorStream(true)
            .start();
    String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.err.println("ForeignAppendersIT: " + report.strip());
    assertEquals(0, check.waitFor(), report);
  }

  /**
   * A writer that opened the mailbox before jmail emptied it, and appends once jmail lets go, must
   * find its message in the mailbox: jmail truncates an emptied mailbox, it never unlinks it (the
   * writer would append to a removed file).
   */
  @Test
  void a_writer_that_opened_the_mailbox_before_it_was_emptied_does_not_lose_its_message()
      throws Exception {
    assumeTrue(has("python3"), "python3 is not installed");
    Path box = dir.resolve("box");
    Files.writeString(
        box,
        "From a@b Mon Jan  1 10:00:00 2024\nSubject: one\n\n1\n\n"
            + "From a@b Mon Jan  1 10:00:00 2024\nSubject: two\n\n2\n\n");
    Launcher jmail = new Launcher(dir).timeout(60);
    String[][] empties = {
      {"delete", "--folder", box.toString(), "1-2"}, {"-N", "-f", box.toString()}
    };
    for (int round = 0; round < empties.length; round++) {
      String id = "early-" + round;
      Process w =
          new ProcessBuilder("python3", WRITERS.toString(), "opened-early", box.toString(), id)
              .redirectError(dir.resolve(id + ".err").toFile())
              .start();
      var said =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("opened", said.readLine());
      if (round == 0) {
        jmail.run(empties[round]).succeeded();
      } else {
        jmail.stdin("d *\nq\n").run(empties[round]).succeeded();
        jmail.stdin(new byte[0]);
      }
      assertTrue(Files.exists(box), "the emptied mailbox was removed");
      w.getOutputStream().write('\n');
      w.getOutputStream().close();
      assertTrue(w.waitFor(60, TimeUnit.SECONDS), "the writer hangs");
      assertEquals(0, w.exitValue(), "the writer failed: see " + dir);
      String now = Files.readString(box);
      assertTrue(
          now.contains("Message-ID: <" + id + "@t>"), "the writer's message is lost: " + now);
      assertTrue(!now.contains("Subject: one") && !now.contains("Subject: two"), now);
    }
  }
}
