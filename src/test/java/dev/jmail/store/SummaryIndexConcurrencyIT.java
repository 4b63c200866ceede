package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.ExternalTools;
import dev.jmail.testing.Launcher;
import dev.jmail.testing.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary index under several jmail processes at once (listing, reading, changing one folder
 * while Python's mailbox delivers into it), and under a {@code kill -9} while it is written: every
 * answer given once the folder is quiet is a fresh scan's, byte for byte.
 */
class SummaryIndexConcurrencyIT {
  @TempDir Path dir;

  private Launcher jmail() {
    return new Launcher(dir.resolve("home")).env("XDG_CACHE_HOME", cache().toString());
  }

  private Path cache() {
    return dir.resolve("cache");
  }

  private static String[] args(boolean index, String... rest) {
    List<String> a = new ArrayList<>(List.of("-n"));
    if (!index) a.addAll(List.of("-S", "noindex"));
    a.addAll(List.of(rest));
    return a.toArray(String[]::new);
  }

  private String fresh(Path folder, String... command) {
    List<String> c = new ArrayList<>(List.of(command));
    c.addAll(List.of("-f", folder.toString()));
    Result r = jmail().run(args(false, c.toArray(String[]::new)));
    assertEquals(0, r.status(), r.err());
    return r.out();
  }

  private CompletableFuture<Result> async(String... args) {
    return CompletableFuture.supplyAsync(() -> jmail().run(args), Launcher.OWN_THREAD);
  }

  private void python(String script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
    assertEquals(0, p.exitValue(), out);
  }

  private static final String ADD =
      "import mailbox, email.message, sys, random\n"
          + "mb = mailbox.Maildir(sys.argv[1]) if sys.argv[2] == 'maildir' else"
          + " mailbox.mbox(sys.argv[1])\n"
          + "for i in range(int(sys.argv[3])):\n"
          + "    m = email.message.EmailMessage(); n = random.randrange(10**6)\n"
          + "    m['From'] = 'Sender %d <s%d@example.org>' % (n, n)\n"
          + "    m['Subject'] = 'message %06d' % n\n"
          + "    m['Date'] = 'Mon, 6 Jan 2025 10:%02d:00 +0100' % (n % 60)\n"
          + "    m['Message-ID'] = '<%d@example.org>' % n\n"
          + "    m.set_content('body %d\\nFrom the body\\n' % n); mb.add(m)\n"
          + "mb.close()\n";

  /**
   * Rounds of: two listers and a change (jmail flag or delete, a Python delivery) at once; then,
   * the folder quiet, four processes list and read at once, each writing the index as it goes, and
   * each answer must be a fresh scan's.
   */
  private void manyProcesses(Path folder, String kind) throws Exception {
    ExternalTools.assumeInstalled("python3");
    String f = folder.toString();
    for (int round = 0; round < 3; round++) {
      List<CompletableFuture<Result>> busy = new ArrayList<>();
      for (int i = 0; i < 2; i++) busy.add(async(args(true, "list", "-f", f)));
      int change = round % 3;
      CompletableFuture<Void> changing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  if (change == 0) python(ADD, f, kind, "2");
                  else if (change == 1)
                    assertEquals(0, jmail().run("-n", "flag", "-f", f, "2", "flagged").status());
                  else assertEquals(0, jmail().run("-n", "delete", "-f", f, "3").status());
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              },
              Launcher.OWN_THREAD);
      changing.get(120, TimeUnit.SECONDS);
      for (CompletableFuture<Result> b : busy) b.get(120, TimeUnit.SECONDS);
      String want = fresh(folder, "list");
      String wantRead = fresh(folder, "read", "--peek", "4");
      List<CompletableFuture<Result>> quiet = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        quiet.add(async(args(true, "list", "-f", f)));
        quiet.add(async(args(true, "read", "--peek", "4", "-f", f)));
      }
      for (int i = 0; i < quiet.size(); i++) {
        Result got = quiet.get(i).get(120, TimeUnit.SECONDS);
        assertEquals(0, got.status(), got.err());
        assertEquals(i % 2 == 0 ? want : wantRead, got.out(), kind + " round " + round);
      }
    }
    Result last = jmail().run(args(true, "--debug", "list", "-f", f));
    assertEquals(fresh(folder, "list"), last.out());
    assertTrue(last.err().contains("index: used"), last.err());
  }

  @Test
  void several_processes_listing_and_changing_one_maildir_answer_as_a_fresh_scan()
      throws Exception {
    Path md = dir.resolve("Maildir");
    for (String d : List.of("new", "cur", "tmp")) Files.createDirectories(md.resolve(d));
    ExternalTools.assumeInstalled("python3");
    python(ADD, md.toString(), "maildir", "150");
    manyProcesses(md, "maildir");
  }

  @Test
  void several_processes_listing_and_changing_one_mbox_answer_as_a_fresh_scan() throws Exception {
    Path mbox = dir.resolve("box.mbox");
    ExternalTools.assumeInstalled("python3");
    python(ADD, mbox.toString(), "mbox", "150");
    manyProcesses(mbox, "mbox");
  }

  /**
   * strace kills jmail (SIGKILL) at the rename that would put the new index in place, then at a
   * write of it: the old index (or none) stays, the half-written file is never trusted, and the
   * next listing is a fresh scan's.
   */
  @Test
  void a_kill_9_while_the_index_is_written_leaves_the_old_index_or_none() throws Exception {
    ExternalTools.assumeInstalled("python3");
    ExternalTools.assumeInstalled("strace");
    Path md = dir.resolve("Maildir");
    for (String d : List.of("new", "cur", "tmp")) Files.createDirectories(md.resolve(d));
    python(ADD, md.toString(), "maildir", "300");
    String f = md.toString();
    // killed at the rename: no index was there, none is
    Result killed = strace("rename", 1, "list", "-f", f);
    assertTrue(killed.status() != 0, "not killed: " + killed.err());
    assertTrue(indexes().isEmpty(), indexes().toString());
    assertEquals(fresh(md, "list"), jmail().run(args(true, "list", "-f", f)).out());
    List<Path> good = indexes();
    assertEquals(1, good.size(), good.toString());
    byte[] before = Files.readAllBytes(good.get(0));
    // a delivery makes it stale; killed at the rename again: the old index is left as it was
    python(ADD, f, "maildir", "3");
    strace("rename", 1, "list", "-f", f);
    assertEquals(1, indexes().size());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(good.get(0))));
    // killed at a write of the new index's temporary file (every few writes: the output's too)
    for (int when : new int[] {3, 40}) {
      strace("write", when, "list", "-f", f);
      Result after = jmail().run(args(true, "--debug", "list", "-f", f));
      assertEquals(fresh(md, "list"), after.out(), "killed at write " + when);
    }
    Result warm = jmail().run(args(true, "--debug", "list", "-f", f));
    assertTrue(warm.err().contains("index: used"), warm.err());
  }

  /**
   * An mbox's index extended by a delivery is written as a small tail beside the index file: strace
   * kills jmail at the rename that would put the tail in place, then at its first writes, then at
   * the rename of a second tail: the index file is left as it was, the next listing is a fresh
   * scan's, and the index is extended and used after.
   */
  @Test
  void a_kill_9_while_an_mbox_index_tail_is_written_leaves_the_index_as_it_was() throws Exception {
    ExternalTools.assumeInstalled("python3");
    ExternalTools.assumeInstalled("strace");
    Path mbox = dir.resolve("box.mbox");
    python(ADD, mbox.toString(), "mbox", "300");
    String f = mbox.toString();
    assertEquals(fresh(mbox, "list"), jmail().run(args(true, "list", "-f", f)).out());
    Path d = cache().resolve("jmail").resolve("mbox");
    List<Path> files;
    try (Stream<Path> s = Files.list(d)) {
      files = s.toList();
    }
    assertEquals(1, files.size(), files.toString());
    Path index = files.get(0);
    byte[] before = Files.readAllBytes(index);
    Path tail = index.resolveSibling(index.getFileName() + ".tail");
    for (String[] kill : new String[][] {{"rename", "1"}, {"write", "1"}, {"write", "2"}}) {
      python(ADD, f, "mbox", "2");
      Result killed = strace(kill[0], Integer.parseInt(kill[1]), "list", "-f", f);
      assertTrue(killed.status() != 0, "not killed at " + kill[0] + ": " + killed.err());
      assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(index)), "index file kept");
      Result after = jmail().run(args(true, "--debug", "list", "-f", f));
      assertEquals(fresh(mbox, "list"), after.out(), "killed at " + kill[0] + " " + kill[1]);
      assertTrue(after.err().contains("index: extended"), after.err());
      assertTrue(Files.exists(tail), "a tail");
      assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(index)), "index file kept");
    }
    // killed at the rename of a second tail: the first one stays in use
    python(ADD, f, "mbox", "1");
    strace("rename", 1, "list", "-f", f);
    Result after = jmail().run(args(true, "--debug", "list", "-f", f));
    assertEquals(fresh(mbox, "list"), after.out());
    assertTrue(after.err().contains("index: extended"), after.err());
    Result warm = jmail().run(args(true, "--debug", "list", "-f", f));
    assertTrue(warm.err().contains("index: used"), warm.err());
    assertEquals(
        fresh(mbox, "read", "--peek", "306"),
        jmail().run(args(true, "read", "--peek", "306", "-f", f)).out());
  }

  private Result strace(String call, int when, String... rest) {
    List<String> a = new ArrayList<>();
    a.addAll(
        List.of(
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "trace=" + call + (call.equals("rename") ? ",renameat,renameat2" : ""),
            "-e",
            "inject="
                + (call.equals("rename") ? "rename,renameat,renameat2" : call)
                + ":signal=SIGKILL:when="
                + when,
            Launcher.path().toString()));
    a.addAll(List.of(args(true, rest)));
    Launcher l = jmail();
    // strace runs the launcher (a shell script), which runs java: -f follows it
    try {
      ProcessBuilder pb = new ProcessBuilder(prepend("strace", a));
      pb.environment().put("HOME", dir.resolve("home").toString());
      pb.environment().put("XDG_CACHE_HOME", cache().toString());
      pb.environment().put("MAILRC", "/dev/null");
      pb.environment().put("JMAIL_SYSTEM_RC", "/dev/null");
      String javaHome = System.getProperty("java.home");
      if (javaHome != null) pb.environment().put("JAVA_HOME", javaHome);
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Path err = dir.resolve("strace.err");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "strace did not finish");
      return new Result(p.exitValue(), new byte[0], Files.readAllBytes(err));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e + " " + l);
    }
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> out = new ArrayList<>(List.of(first));
    out.addAll(rest);
    return out;
  }

  private List<Path> indexes() throws IOException {
    Path d = cache().resolve("jmail").resolve("maildir");
    if (!Files.isDirectory(d)) return List.of();
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".index")).toList();
    }
  }
}
