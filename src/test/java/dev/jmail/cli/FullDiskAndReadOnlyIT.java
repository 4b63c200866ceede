package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk and a read-only file system, for real: a 256 KiB tmpfs filled up, then remounted
 * read-only (needs root and mount(8); skipped otherwise). Every change fails with one line that
 * says what happened, exit 74 (I/O) or 73 (cannot create), and leaves every file as it was.
 */
class FullDiskAndReadOnlyIT {
  @TempDir Path home;
  Path mnt;
  boolean mounted;

  static String msg(int i) {
    StringBuilder b =
        new StringBuilder(
            "From s"
                + i
                + "@example.org Thu Jan  4 09:05:02 2024\nFrom: <s"
                + i
                + "@example.org>\nSubject: message "
                + i
                + "\n\n");
    for (int k = 0; k < 200; k++)
      b.append("body line ").append(k).append(" of ").append(i).append('\n');
    return b.append('\n').toString();
  }

  static String mbox(int... ns) {
    StringBuilder s = new StringBuilder();
    for (int n : ns) s.append(msg(n));
    return s.toString();
  }

  static boolean run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @BeforeEach
  void mount() throws Exception {
    mnt = home.resolve("small");
    Files.createDirectories(mnt);
    mounted = run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", mnt.toString());
    Assumptions.assumeTrue(mounted, "needs root and mount -t tmpfs");
  }

  @AfterEach
  void unmount() {
    if (mounted) run("umount", mnt.toString());
  }

  /**
   * Fills the file system but for {@code spare} bytes (room for a lock file, not for a mailbox).
   */
  void fill(long spare) throws IOException {
    byte[] block = new byte[4096];
    Path filler = mnt.resolve("filler");
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) out.write(block);
    } catch (IOException full) {
      // no space left: that is the point
    }
    try (var ch =
        java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(Math.max(0, ch.size() - spare));
    }
  }

  static void saysDiskFull(dev.jmail.testing.Result r) {
    r.errIsOneLine();
    assertTrue(r.err().toLowerCase(java.util.Locale.ROOT).contains("no space left"), r.err());
  }

  void readOnly() {
    assertTrue(run("mount", "-o", "remount,ro", mnt.toString()), "remount read-only");
  }

  InProcess jmail() {
    return new InProcess()
        .env("HOME", home.toString())
        .env("MAIL", mnt.resolve("spool").toString())
        .env("USER", "u")
        .env("JMAIL_SYSTEM_RC", "/dev/null");
  }

  List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(mnt)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void delete_and_flag_on_a_full_disk_fail_with_74_and_leave_the_mailbox_untouched()
      throws Exception {
    Path spool = mnt.resolve("spool");
    Files.writeString(spool, mbox(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    for (long spare :
        new long[] {16384, 0}) { // room for the lock file but not the mailbox; no room at all
      fill(spare);
      List<String> before = names();
      saysDiskFull(jmail().run("delete", "2").exits(74));
      saysDiskFull(jmail().run("flag", "3", "flagged").exits(74));
      assertEquals(before, names(), "no temporary and no lock file left behind");
    }
    assertEquals(mbox(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), Files.readString(spool));
  }

  @Test
  void save_and_move_to_a_full_disk_fail_with_74_and_change_neither_folder() throws Exception {
    Path source = home.resolve("inbox");
    Files.writeString(source, mbox(1, 2, 3, 4, 5, 6, 7, 8));
    Path target = mnt.resolve("archive");
    Files.writeString(target, mbox(9));
    fill(8192);
    saysDiskFull(jmail().run("save", "-f", source.toString(), "*", target.toString()).exits(74));
    saysDiskFull(jmail().run("move", "-f", source.toString(), "1-8", target.toString()).exits(74));
    assertEquals(mbox(9), Files.readString(target), "the half-written append was cut off again");
    assertEquals(
        mbox(1, 2, 3, 4, 5, 6, 7, 8),
        Files.readString(source),
        "nothing deleted when the copy failed");
  }

  @Test
  void save_to_a_maildir_on_a_full_disk_fails_and_leaves_no_partial_file() throws Exception {
    Path source = home.resolve("inbox");
    Files.writeString(source, mbox(1, 2, 3));
    Path md = mnt.resolve("Archive");
    for (String d : new String[] {"tmp", "new", "cur"}) Files.createDirectories(md.resolve(d));
    fill(0);
    saysDiskFull(
        jmail().run("move", "-f", source.toString(), "1-3", md.toString() + "/").exits(74));
    for (String d : new String[] {"tmp", "new", "cur"}) {
      try (Stream<Path> s = Files.list(md.resolve(d))) {
        assertEquals(0, s.count(), d + "/ holds no partial message");
      }
    }
    assertEquals(mbox(1, 2, 3), Files.readString(source));
  }

  @Test
  void changes_on_a_read_only_file_system_fail_with_73_and_say_so() throws Exception {
    Path spool = mnt.resolve("spool");
    Files.writeString(spool, mbox(1, 2, 3));
    Path source = home.resolve("inbox");
    Files.writeString(source, mbox(4, 5));
    readOnly();
    jmail().run("delete", "2").exits(73).errIsOneLine().errContains("read-only file system");
    jmail().run("flag", "1", "seen").exits(73).errIsOneLine().errContains("read-only file system");
    jmail()
        .run("save", "-f", source.toString(), "1", mnt.resolve("archive").toString())
        .exits(73)
        .errIsOneLine()
        .errContains("read-only file system");
    jmail().run("move", "-f", source.toString(), "1", spool.toString()).exits(73).errIsOneLine();
    assertEquals(mbox(1, 2, 3), Files.readString(spool));
    assertEquals(mbox(4, 5), Files.readString(source));
  }

  @Test
  void reading_on_a_read_only_file_system_shows_the_message_and_only_warns() throws Exception {
    Path spool = mnt.resolve("spool");
    Files.writeString(spool, mbox(1, 2));
    readOnly();
    var r = jmail().run("read", "1").succeeded();
    assertTrue(r.out().contains("body line 199 of 1"), r.out());
    assertTrue(
        r.err().contains("read-only file system") && r.err().contains("not marked seen"), r.err());
    assertEquals(mbox(1, 2), new String(Files.readAllBytes(spool), StandardCharsets.UTF_8));
  }
}
