package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A Debian spool for real: {@code mail/} is {@code root:mail 2775}, {@code mail/nobody} belongs to
 * nobody, and jmail runs as nobody (setpriv; needs root, skipped otherwise). delete and read
 * rewrite the spool in place: same inode, owner, group and mode; nothing created beside it.
 */
class UnwritableSpoolIT {
  static final String BOX =
      "From a@b Mon Jan  1 10:00:00 2024\nSubject: one\n\nbody1\n\n"
          + "From b@b Mon Jan  1 10:00:00 2024\nSubject: two\n\nbody2\n\n"
          + "From c@b Mon Jan  1 10:00:00 2024\nSubject: three\n\nbody3\n";

  static int asNobody(Path home, Path spool, String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "setpriv",
                "--reuid",
                "nobody",
                "--regid",
                "nogroup",
                "--clear-groups",
                "env",
                "-i",
                "HOME=" + home,
                "USER=nobody",
                "MAIL=" + spool,
                "PATH=/usr/bin:/bin",
                "JMAIL_SYSTEM_RC=/dev/null",
                Path.of("target/jmail").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    if (p.exitValue() != 0) System.err.println(out);
    return p.exitValue();
  }

  @Test
  void a_user_who_cannot_create_files_in_the_spool_directory_can_still_delete_and_mark_read()
      throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root to switch to nobody");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
    Path base = Files.createTempDirectory(Path.of("/tmp"), "spool-it");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    UserPrincipalLookupService users = base.getFileSystem().getUserPrincipalLookupService();
    GroupPrincipal mail;
    try {
      mail = users.lookupPrincipalByGroupName("mail");
      users.lookupPrincipalByName("nobody");
    } catch (java.io.IOException e) {
      Assumptions.abort("no mail group or nobody user");
      return;
    }
    Path dir = Files.createDirectory(base.resolve("mail"));
    Files.getFileAttributeView(dir, PosixFileAttributeView.class).setGroup(mail);
    Files.setPosixFilePermissions(
        dir, PosixFilePermissions.fromString("rwxrwxr-x")); // setgid bit: not needed here
    Path home = Files.createDirectory(base.resolve("home"));
    Files.setOwner(home, users.lookupPrincipalByName("nobody"));
    Path spool = dir.resolve("nobody");
    Files.writeString(spool, BOX);
    Files.setOwner(spool, users.lookupPrincipalByName("nobody"));
    Files.getFileAttributeView(spool, PosixFileAttributeView.class).setGroup(mail);
    Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rw-rw----"));
    Object inode = Files.getAttribute(spool, "unix:ino");

    assertEquals(0, asNobody(home, spool, "delete", "2"));
    assertEquals(0, asNobody(home, spool, "read", "2"));
    assertEquals(
        BOX.replace("From b@b Mon Jan  1 10:00:00 2024\nSubject: two\n\nbody2\n\n", "")
            .replace("Subject: three\n", "Subject: three\nStatus: RO\n"),
        Files.readString(spool));
    assertEquals(inode, Files.getAttribute(spool, "unix:ino"));
    assertEquals("nobody", Files.getOwner(spool).getName());
    assertEquals(
        "mail",
        Files.readAttributes(spool, java.nio.file.attribute.PosixFileAttributes.class)
            .group()
            .getName());
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no lock or temporary file beside the spool");
    }
    try (var s = Files.list(home.resolve(".local/state/jmail"))) {
      assertEquals(0, s.count(), "the safety copy is gone after success");
    }
  }
}
