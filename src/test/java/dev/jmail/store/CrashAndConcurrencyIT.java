package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.mbox.MboxAppender;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost: SIGKILL during large expunges, and concurrent writers (jmail's MboxAppender in
 * another JVM, Python's mailbox with its locks) while this JVM deletes and flags. Iteration counts:
 * {@code -Djmail.crash.iterations=N} (default 4), {@code -Djmail.concurrency.messages=N} (default
 * 500, split between the two writers). An integration test: it starts JVMs and python3.
 */
class CrashAndConcurrencyIT {
  @TempDir Path dir;

  static String body(int i, int size) {
    StringBuilder b = new StringBuilder();
    b.append("From: <w")
        .append(i)
        .append("@example.org>\nSubject: msg ")
        .append(i)
        .append("\nMessage-ID: <")
        .append(i)
        .append("@t>\n\n");
    while (b.length() < size) b.append("line of message ").append(i).append(" From x\nFrom here\n");
    return b.toString();
  }

  static Process java(String mainClass, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Child: expunges message 1 of the mbox, over and over, until killed. */
  public static final class Expunger {
    public static void main(String[] a) {
      FolderLocator.Ref ref = new FolderLocator.Ref(Path.of(a[0]), Optional.empty(), false);
      while (true) {
        FolderChanges.apply(
            ref, LockPolicy.DEFAULT, null, now -> Map.of(1, MessageEdit.deleteIt()), false);
      }
    }
  }

  /** Child: appends N messages with MboxAppender (ids from a[1]). */
  public static final class Appender {
    public static void main(String[] a) {
      int from = Integer.parseInt(a[1]);
      int n = Integer.parseInt(a[2]);
      for (int i = from; i < from + n; i++) {
        MboxAppender.append(
            Path.of(a[0]),
            LockPolicy.DEFAULT,
            "w@x",
            Instant.now(),
            body(i, 300 + (i % 7) * 50).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  static final Pattern ID = Pattern.compile("\nMessage-ID: <(\\d+)@t>\n");

  /** Message ids in file order, via our own scanner (Python checks the same below). */
  static List<Integer> ids(Path mbox) throws IOException {
    List<Integer> out = new ArrayList<>();
    if (!Files.exists(mbox)) return out;
    FolderLocator.Ref ref = new FolderLocator.Ref(mbox, Optional.empty(), true);
    try (Folder f = ref.open()) {
      for (MessageEntry e : f.entries()) {
        try (var in = f.open(e)) {
          String s = "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
          Matcher m = ID.matcher(s);
          out.add(m.find() ? Integer.parseInt(m.group(1)) : -1);
        }
      }
    }
    return out;
  }

  @Test
  void sigkill_during_large_expunges_leaves_the_old_or_the_new_mailbox() throws Exception {
    int iterations = Integer.getInteger("jmail.crash.iterations", 4);
    Path box = dir.resolve("big");
    int n = 2000;
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++)
      s.append("From w@x Thu Jan  4 09:05:02 2024\n")
          .append(body(i, 2000).replace("\nFrom here", "\n>From here"))
          .append("\n");
    Files.writeString(box, s);
    Random rnd = new Random(42);
    int expected = 0; // lowest id still present
    for (int it = 0; it < iterations; it++) {
      Process p = java(Expunger.class.getName(), box.toString());
      // the crash point: a random moment, not a wait for something to happen
      Thread.sleep(400 + rnd.nextInt(1200));
      p.destroyForcibly();
      p.waitFor(Bounds.seconds(10), TimeUnit.SECONDS);
      List<Integer> ids = ids(box);
      assertTrue(!ids.isEmpty(), "mailbox parses and is not empty");
      int first = ids.get(0);
      assertTrue(first >= expected, "no resurrection");
      for (int k = 0; k < ids.size(); k++)
        assertEquals(
            first + k, ids.get(k), "a contiguous tail of the original set after kill " + it);
      assertEquals(n - 1, ids.get(ids.size() - 1));
      expected = first;
      try (var files = Files.list(dir)) {
        assertTrue(
            files.filter(f -> f.getFileName().toString().startsWith(".big.jmail-")).count() <= 1,
            "at most the killed run's temporary");
      }
      Files.deleteIfExists(
          dir.resolve("big.lock")); // the killed holder's dotlock (its pid is dead anyway)
    }
    assertTrue(expected > 0, "some expunges completed between kills");
  }

  static final String PY_WRITER =
      String.join(
          "\n",
          "import mailbox, os, sys, time",
          "path, start, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])",
          "body = open(sys.argv[4], 'rb').read().decode()",
          "for i in range(start, start + n):",
          "    while True:",
          "        mb = mailbox.mbox(path, create=True)",
          "        try:",
          "            mb.lock()",
          "        except mailbox.ExternalClashError:",
          "            mb.close(); time.sleep(0.003); continue",
          "        if os.fstat(mb._file.fileno()).st_ino != os.stat(path).st_ino:",
          "            mb.unlock(); mb.close(); continue  # renamed by a rewriter meanwhile: reopen",
          "        break",
          "    m = mailbox.mboxMessage(body.replace('@@', str(i)).encode())",
          "    m.set_from('py@x')",
          "    mb.add(m); mb.flush(); mb.unlock(); mb.close()",
          "");

  @Test
  void concurrent_writers_lose_nothing_while_jmail_deletes_and_flags() throws Exception {
    ExternalTools.assumeInstalled("python3");
    int total = Integer.getInteger("jmail.concurrency.messages", 500);
    int half = total / 2;
    Path box = dir.resolve("spool");
    Path py = dir.resolve("w.py");
    Files.writeString(py, PY_WRITER);
    Path tmpl = dir.resolve("tmpl");
    Files.writeString(
        tmpl,
        "From: <py@example.org>\nSubject: msg @@\nMessage-ID: <@@@t>\n\npython body @@\nFrom inside\n");
    MboxAppender.append(
        box,
        LockPolicy.DEFAULT,
        "seed@x",
        Instant.now(),
        body(-7, 100).replace("<-7@t>", "<999999@t>").getBytes());
    Process javaWriter = java(Appender.class.getName(), box.toString(), "0", String.valueOf(half));
    Process pyWriter =
        new ProcessBuilder(
                "python3",
                py.toString(),
                box.toString(),
                String.valueOf(half),
                String.valueOf(total - half),
                tmpl.toString())
            .redirectErrorStream(true)
            .start();
    FolderLocator.Ref ref = new FolderLocator.Ref(box, Optional.empty(), true);
    Set<Integer> deleted = new HashSet<>();
    int rounds = 0;
    while (javaWriter.isAlive() || pyWriter.isAlive() || rounds < 3) {
      rounds++;
      // the ids come from the locked scan itself: no second descriptor on the spool (closing one
      // would drop this process's fcntl lock while it rewrites)
      FolderChanges.applyByMessageId(
          ref,
          LockPolicy.DEFAULT,
          (now, messageIds) -> {
            Map<Integer, MessageEdit> edits = new HashMap<>();
            for (MessageEntry e : now) {
              int id = idOf(messageIds.get(e.number() - 1));
              if (id >= 0 && id % 5 == 0) {
                edits.put(e.number(), MessageEdit.deleteIt());
                deleted.add(id);
              } else if (id % 3 == 0 && !e.has(Flag.FLAGGED)) {
                edits.put(e.number(), MessageEdit.flags(Set.of(Flag.FLAGGED, Flag.SEEN)));
              }
            }
            return edits;
          },
          false);
    }
    String pyOut = new String(pyWriter.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, pyWriter.waitFor(), pyOut);
    assertEquals(0, javaWriter.waitFor());
    List<Integer> ids = ids(box);
    Map<Integer, Integer> count = new HashMap<>();
    for (int id : ids) count.merge(id, 1, Integer::sum);
    for (int i = 0; i < total; i++) {
      if (i % 5 == 0) {
        assertEquals(null, count.get(i), "deleted " + i);
      } else {
        assertEquals(1, count.getOrDefault(i, 0), "message " + i + " present exactly once");
      }
    }
    // byte-exact: every surviving message's text, without the flag headers jmail set, is what was
    // written
    FolderLocator.Ref r = new FolderLocator.Ref(box, Optional.empty(), true);
    try (Folder f = r.open()) {
      for (MessageEntry e : f.entries()) {
        String text;
        try (var in = f.open(e)) {
          text =
              new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  .replaceAll("(?m)^(X-)?Status: .*\n", "");
        }
        int id = idFromText(text);
        if (id < 0 || id == 999999) continue;
        String want =
            id < half
                ? body(id, 300 + (id % 7) * 50)
                : Files.readString(tmpl).replace("@@", String.valueOf(id));
        assertEquals(want.stripTrailing(), text.stripTrailing(), "message " + id + " byte-exact");
      }
    }
    System.out.println(
        "concurrency: "
            + total
            + " appended, "
            + rounds
            + " jmail delete/flag rounds, "
            + deleted.size()
            + " deleted");
  }

  static final Pattern ID_VALUE = Pattern.compile("<(\\d+)@t>");

  static int idOf(String messageId) {
    Matcher m = messageId == null ? null : ID_VALUE.matcher(messageId);
    return m != null && m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  static int idFromText(String text) {
    Matcher m = ID.matcher("\n" + text);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
