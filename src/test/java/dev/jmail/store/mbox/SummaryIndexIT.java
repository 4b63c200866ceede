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
}
