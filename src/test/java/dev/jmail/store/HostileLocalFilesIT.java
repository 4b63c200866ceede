package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.testing.Bounds;
import dev.jmail.testing.Launcher;
import dev.jmail.testing.Result;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile local folders through the launcher with a 64 MB heap ({@code JMAIL_JAVA_OPTS=-Xmx64m}):
 * {@code list}, {@code list --json}, {@code read}, {@code read --json} and {@code -H} each finish
 * within the bound with the expected status, and a failure is one line. The 2 GiB header line (a
 * sparse file) runs with {@code -Djmail.test.huge=true}; by default the line is 64 MiB.
 */
class HostileLocalFilesIT {
  static final String FROM_ = "From a@example.org Mon Jan  6 10:00:00 2025\n";
  static final long BOUND = Bounds.seconds(60);

  @TempDir Path home;

  private Result jmail(String... args) {
    return new Launcher(home).env("JMAIL_JAVA_OPTS", "-Xmx64m").timeout(BOUND).run(args);
  }

  /**
   * The five ways of showing a folder's first message, each with status 0 and nothing on stderr.
   */
  private String[] everyView(Path folder) {
    String f = folder.toString();
    List<String[]> runs =
        List.of(
            new String[] {"list", "-f", f},
            new String[] {"list", "--json", "-f", f},
            new String[] {"-H", "-f", f},
            new String[] {"read", "--peek", "-f", f, "1"},
            new String[] {"read", "--peek", "--json", "-f", f, "1"});
    String[] out = new String[runs.size()];
    for (int i = 0; i < out.length; i++) {
      Result r = jmail(runs.get(i));
      assertEquals(0, r.status(), String.join(" ", runs.get(i)) + ": " + r.err());
      assertEquals("", r.err(), String.join(" ", runs.get(i)));
      out[i] = r.out();
    }
    return out;
  }

  private static void writeMbox(Path box, String head, byte[] middle, String tail)
      throws Exception {
    try (OutputStream o = Files.newOutputStream(box)) {
      o.write((FROM_ + head).getBytes(StandardCharsets.US_ASCII));
      o.write(middle);
      o.write(tail.getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void a_header_line_of_gigabytes_is_listed_and_read_in_a_small_heap() throws Exception {
    Path box = home.resolve("long-line.mbox");
    String head = "From: A <a@example.org>\nSubject: before\nX-Long: ";
    String tail = "\n\nthe body after the long line\n";
    if (Boolean.getBoolean("jmail.test.huge")) {
      // a sparse file: a line of 2 GiB + 1000 NUL bytes, past every int offset
      try (RandomAccessFile f = new RandomAccessFile(box.toFile(), "rw")) {
        f.write((FROM_ + head).getBytes(StandardCharsets.US_ASCII));
        f.seek(f.getFilePointer() + (2L << 30) + 1000);
        f.write(tail.getBytes(StandardCharsets.US_ASCII));
      }
    } else {
      byte[] line = new byte[64 << 20];
      java.util.Arrays.fill(line, (byte) 'x');
      writeMbox(box, head, line, tail);
    }
    String[] out = everyView(box);
    assertTrue(out[0].contains("before"), out[0]);
    assertTrue(out[1].contains("\"subject\":\"before\""), out[1]);
    assertTrue(out[3].contains("Subject: before\n\nthe body after the long line\n"), out[3]);
    assertTrue(out[3].contains("[jmail: header section over 4.0 MiB"), out[3]);
    assertTrue(out[4].contains("\"body\":\"the body after the long line\\n\""), out[4]);
  }

  @Test
  void a_million_folded_encoded_words_are_read_in_a_small_heap() throws Exception {
    Path box = home.resolve("words.mbox");
    StringBuilder b = new StringBuilder("=?UTF-8?B?w6k=?=");
    for (int i = 1; i < 1_000_000; i++) b.append("\n =?UTF-8?B?w6k=?=");
    writeMbox(
        box,
        "From: A <a@example.org>\nSubject: ",
        b.toString().getBytes(StandardCharsets.US_ASCII),
        "\n\nbody\n");
    String[] out = everyView(box);
    assertTrue(out[0].contains("éééé"), out[0]);
    String read = out[3];
    assertTrue(
        read.contains("Subject: éééé")
            && read.contains("\n\nbody\n")
            && read.contains("[jmail: header section over 4.0 MiB"),
        read.substring(Math.max(0, read.length() - 300)));
  }

  @Test
  void a_hundred_thousand_parts_and_a_hundred_thousand_levels_are_read_in_a_small_heap()
      throws Exception {
    Path wide = home.resolve("wide.mbox");
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < 100_000; i++)
      parts.append("--B\nContent-Type: text/plain\n\np").append(i).append('\n');
    writeMbox(
        wide,
        "From: A <a@example.org>\nSubject: wide\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=B\n\n",
        parts.append("--B--\n").toString().getBytes(StandardCharsets.US_ASCII),
        "");
    String[] out = everyView(wide);
    assertTrue(
        out[3].contains("the last 90000 not shown"), out[3].substring(out[3].length() - 300));

    Path deep = home.resolve("deep.mbox");
    StringBuilder nest = new StringBuilder();
    for (int i = 1; i < 100_000; i++)
      nest.append("--b")
          .append(i - 1)
          .append("\nContent-Type: multipart/mixed; boundary=b")
          .append(i)
          .append("\n\n");
    writeMbox(
        deep,
        "From: A <a@example.org>\nSubject: deep\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=b0\n\n",
        nest.toString().getBytes(StandardCharsets.US_ASCII),
        "--b99999\nContent-Type: text/plain\n\ndeep text\n");
    out = everyView(deep);
    assertTrue(out[3].contains("MIME nesting deeper than"), out[3]);
  }

  private static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
  }

  @Test
  void a_maildir_with_a_fifo_a_link_to_dev_zero_a_directory_and_hostile_names_is_listed()
      throws Exception {
    Path md = home.resolve("Maildir");
    for (String s : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(s));
    byte[] m = "From: A <a@example.org>\nSubject: ok\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
    Files.write(md.resolve("cur/1000.ok.host:2,S"), m);
    Files.write(md.resolve("cur/1001.new\nline.host:2,S"), m);
    Files.write(md.resolve("cur/1002.\u001b[31mred\u001b]0;t\u0007.host:2,"), m);
    Files.createSymbolicLink(md.resolve("cur/1003.zero.host:2,"), Path.of("/dev/zero"));
    mkfifo(md.resolve("cur/1004.\u001b[2Jfifo.host:2,"));
    Files.createDirectory(md.resolve("cur/1005.dir.host:2,"));
    Files.write(md.resolve("new/1006.newmsg.host"), m);

    String json = jmail("list", "--json", "-f", md.toString()).succeeded().out();
    assertEquals(7, json.lines().filter(l -> l.startsWith("{")).count(), json);
    for (int n : new int[] {1, 2, 3, 7}) {
      jmail("read", "--peek", "-f", md.toString(), String.valueOf(n))
          .succeeded()
          .outContains("Subject: ok");
    }
    for (int n : new int[] {4, 5, 6}) {
      Result r = jmail("read", "--peek", "-f", md.toString(), String.valueOf(n));
      assertEquals(66, r.status(), r.err());
      r.errIsOneLine().errContains("not a regular file");
      assertFalse(r.err().contains("\u001b"), "no escape on the terminal: " + r.err());
    }
    jmail("-H", "-f", md.toString()).succeeded();
  }

  @Test
  void an_unreadable_maildir_message_is_a_one_line_66() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "needs root and setpriv to read as nobody");
    Path md = home.resolve("Maildir");
    for (String s : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(s));
    Path file = md.resolve("cur/1000.secret.host:2,S");
    Files.writeString(file, "Subject: secret\n\nx\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    Process p =
        new ProcessBuilder(
                "/usr/bin/setpriv",
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                "env",
                "HOME=" + home,
                "MAILRC=/dev/null",
                "JMAIL_SYSTEM_RC=/dev/null",
                "JAVA_HOME=" + System.getProperty("java.home"),
                Launcher.path().toString(),
                "read",
                "--peek",
                "-f",
                md.toString(),
                "1")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(BOUND, TimeUnit.SECONDS), "finished");
    assertEquals(66, p.exitValue(), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("cannot read: permission denied"), err);
  }
}
