package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's list, list --json and read N print the same bytes with the index off, cold, warm
 * and after Python's mailbox appended a message, and --debug tells which it was.
 */
class SummaryIndexIT {
  @TempDir Path dir;

  private record Run(byte[] out, String err) {}

  private Run jmail(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of("target/jmail").toAbsolutePath().toString());
    cmd.add("-n");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    Path err = dir.resolve("stderr");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), Files.readString(err));
    return new Run(out, Files.readString(err));
  }

  private void sameAsWithoutIndex(Path mbox, String expectDebug) throws Exception {
    String f = mbox.toString();
    String[][] commands = {
      {"list", "-f", f}, {"list", "--json", "-f", f}, {"read", "--peek", "2", "-f", f}
    };
    for (String[] c : commands) {
      List<String> off = new ArrayList<>(List.of("-S", "noindex"));
      off.addAll(List.of(c));
      byte[] want = jmail(off.toArray(String[]::new)).out();
      List<String> on = new ArrayList<>(List.of("--debug"));
      on.addAll(List.of(c));
      Run got = jmail(on.toArray(String[]::new));
      assertArrayEquals(want, got.out(), String.join(" ", c));
      if (expectDebug != null && c[0].equals("list") && c.length == 3) {
        assertTrue(got.err().contains("index: " + expectDebug), got.err());
        expectDebug = null;
      }
    }
  }

  @Test
  void list_json_and_read_print_the_same_bytes_with_the_index_off_cold_warm_and_extended()
      throws Exception {
    ExternalTools.assumeInstalled("python3");
    Path mbox = dir.resolve("session.mbox");
    Files.copy(Path.of("src/test/resources/fixtures/mbox/session.mbox"), mbox);
    Files.write(
        mbox, "\n".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
    sameAsWithoutIndex(mbox, "rebuilt");
    sameAsWithoutIndex(mbox, "used");
    String append =
        "import mailbox, email.message, sys\n"
            + "mb = mailbox.mbox(sys.argv[1]); m = email.message.EmailMessage()\n"
            + "m['From'] = 'Zoë <z@example.org>'; m['Subject'] = 'appended by Python'\n"
            + "m.set_content('hello\\nFrom the body\\n'); mb.add(m); mb.close()\n";
    Process p =
        new ProcessBuilder("python3", "-c", append, mbox.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    sameAsWithoutIndex(mbox, "extended");
    sameAsWithoutIndex(mbox, "used");
    // jmail's own in-place rewrite (read marks seen) forgets the index: the next look rebuilds it
    assertArrayEquals(
        jmail("-S", "noindex", "read", "2", "-f", mbox.toString()).out(),
        jmail("read", "2", "-f", mbox.toString()).out());
    sameAsWithoutIndex(mbox, "rebuilt");
  }

  private void python(String script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  @Test
  void a_maildir_prints_the_same_bytes_with_the_index_off_cold_warm_and_after_changes()
      throws Exception {
    ExternalTools.assumeInstalled("python3");
    Path md = dir.resolve("Maildir");
    String add =
        "import mailbox, email.message, sys\n"
            + "mb = mailbox.Maildir(sys.argv[1])\n"
            + "for i in range(int(sys.argv[2])):\n"
            + "    m = email.message.EmailMessage(); m['From'] = 'Zoë %d <z%d@example.org>' % (i, i)\n"
            + "    m['Subject'] = 'message %d' % i; m['Date'] = 'Mon, 6 Jan 2025 10:00:%02d +0100' % i\n"
            + "    m.set_content('hello %d\\n' % i); mb.add(m)\n";
    python(add, md.toString(), "6");
    sameAsWithoutIndex(md, "rebuilt");
    sameAsWithoutIndex(md, "used");
    // another program: a delivery, a flag rename, a move from new/ to cur/
    python(add, md.toString(), "1");
    String rename =
        "import os, sys\n"
            + "new = sorted(os.listdir(sys.argv[1] + '/new'))\n"
            + "os.rename(sys.argv[1] + '/new/' + new[0], sys.argv[1] + '/cur/' + new[0] + ':2,FS')\n"
            + "os.rename(sys.argv[1] + '/new/' + new[1], sys.argv[1] + '/cur/' + new[1])\n";
    python(rename, md.toString());
    sameAsWithoutIndex(md, "updated");
    sameAsWithoutIndex(md, "used");
    // jmail's own change: read marks message 3 seen (a rename), the index is updated with it
    assertArrayEquals(
        jmail("-S", "noindex", "read", "--peek", "3", "-f", md.toString()).out(),
        jmail("read", "3", "-f", md.toString()).out());
    sameAsWithoutIndex(md, "updated");
  }

  @Test
  void jmail_index_shows_the_index_state_and_clears_it() throws Exception {
    Path mbox = dir.resolve("session.mbox");
    Files.copy(Path.of("src/test/resources/fixtures/mbox/session.mbox"), mbox);
    String f = mbox.toString();
    assertTrue(
        new String(jmail("index", "-f", f).out(), StandardCharsets.UTF_8)
            .contains("state     none"));
    jmail("list", "-f", f);
    String shown = new String(jmail("index", "-f", f).out(), StandardCharsets.UTF_8);
    assertTrue(shown.contains("state     current"), shown);
    assertTrue(shown.matches("(?s).*messages  \\d+\n.*"), shown);
    Files.write(
        mbox,
        "\nFrom a@b Mon Jan  6 10:00:00 2025\nSubject: x\n\nbody\n"
            .getBytes(StandardCharsets.US_ASCII),
        java.nio.file.StandardOpenOption.APPEND);
    String json = new String(jmail("index", "--json", "-f", f).out(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"state\":\"stale\""), json);
    assertTrue(json.contains("the folder grew by"), json);
    jmail("index", "--clear", "-f", f);
    assertTrue(
        new String(jmail("index", "-f", f).out(), StandardCharsets.UTF_8)
            .contains("state     none"));
    Path file = MboxIndex.fileFor(dir.resolve("cache").resolve("jmail"), mbox);
    assertTrue(Files.notExists(file), file.toString());
  }

  /**
   * The model test with the real programs (fewer rounds: each is a few process starts): Python's
   * mailbox appends and removals (a rewrite into a new file), s-nail deleting a message (a rewrite
   * in place), touch, a truncation, a same-size header rewrite, jmail flagging; after each, jmail's
   * list --json and read N print what they print with the index off. {@code jmail.index.it.rounds}
   * (default 10), {@code jmail.index.seed}.
   */
  @Test
  void after_changes_by_python_s_nail_touch_and_truncate_the_output_is_a_fresh_scans()
      throws Exception {
    ExternalTools.assumeInstalled("python3");
    ExternalTools.assumeInstalled("s-nail");
    long seed = Long.getLong("jmail.index.seed", 20261207L);
    int rounds = Integer.getInteger("jmail.index.it.rounds", 10);
    java.util.Random r = new java.util.Random(seed);
    Path mbox = dir.resolve("model.mbox");
    Files.copy(Path.of("src/test/resources/fixtures/mbox/session.mbox"), mbox);
    String f = mbox.toString();
    String add =
        "import mailbox, email.message, sys\n"
            + "mb = mailbox.mbox(sys.argv[1]); m = email.message.EmailMessage()\n"
            + "m['From'] = 'Py <py@example.org>'; m['Subject'] = 'added ' + sys.argv[2]\n"
            + "m.set_content('hello\\nFrom the body\\n'); mb.lock(); mb.add(m); mb.close()\n";
    String remove =
        "import mailbox, sys\n"
            + "mb = mailbox.mbox(sys.argv[1]); mb.lock(); keys = mb.keys()\n"
            + "if len(keys) > 2: mb.remove(keys[int(sys.argv[2]) % len(keys)])\n"
            + "mb.flush(); mb.close()\n";
    String sameSize =
        "import sys\n"
            + "b = bytearray(open(sys.argv[1], 'rb').read()); i = b.find(b'\\nSubject: ')\n"
            + "if i >= 0: b[i + 10] = ord('Q') if b[i + 10] != ord('Q') else ord('R')\n"
            + "f = open(sys.argv[1], 'r+b'); f.write(b); f.close()\n";
    String truncate =
        "import sys, os\n"
            + "n = os.path.getsize(sys.argv[1]); os.truncate(sys.argv[1], max(1, n - int(sys.argv[2])))\n";
    java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
    for (int round = 0; round < rounds; round++) {
      int action = r.nextInt(7);
      switch (action) {
        case 0 -> python(add, f, Integer.toString(round));
        case 1 -> python(remove, f, Integer.toString(r.nextInt(100)));
        case 2 -> {
          Process p =
              new ProcessBuilder(
                      "s-nail", "-n", "-N", "-S", "hold", "-S", "MBOX=/dev/null", "-f", f)
                  .redirectErrorStream(true)
                  .start();
          p.getOutputStream()
              .write(
                  ("delete " + (1 + r.nextInt(2)) + "\nquit\n")
                      .getBytes(StandardCharsets.US_ASCII));
          p.getOutputStream().close();
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertEquals(0, p.waitFor(), out);
        }
        case 3 -> Files.setLastModifiedTime(mbox, java.nio.file.attribute.FileTime.fromMillis(0));
        case 4 -> python(truncate, f, Integer.toString(1 + r.nextInt(40)));
        case 5 -> python(sameSize, f);
        default -> jmail("flag", "1", r.nextBoolean() ? "flagged" : "seen", "-f", f);
      }
      String text = Files.readString(mbox, StandardCharsets.ISO_8859_1);
      if (!text.startsWith("From ") || text.split("\n\nFrom ", -1).length < 3) {
        // cut into no mbox, or too few messages left for read 2: start again
        Files.copy(
            Path.of("src/test/resources/fixtures/mbox/session.mbox"),
            mbox,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      byte[] want = jmail("-S", "noindex", "list", "--json", "-f", f).out();
      Run got = jmail("--debug", "list", "--json", "-f", f);
      assertArrayEquals(want, got.out(), "round " + round + " action " + action + " seed " + seed);
      seen.merge(got.err().replaceAll("(?s).*index: (\\w+).*", "$1"), 1, Integer::sum);
      Run warm = jmail("--debug", "list", "--json", "-f", f);
      assertArrayEquals(want, warm.out(), "round " + round + " warm");
      assertArrayEquals(
          jmail("-S", "noindex", "read", "--peek", "2", "-f", f).out(),
          jmail("read", "--peek", "2", "-f", f).out(),
          "round " + round + " read");
    }
    System.out.println("real-program model: " + rounds + " rounds, seed " + seed + ", " + seen);
  }
}
