package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root delivering into a shared spool directory (mode 2775, group mail, as /var/mail on Debian)
 * where anyone in group mail can plant a link: checked as Postfix local(8) checks (SpoolFile). The
 * recipient is {@code nobody}, a user every Debian system has.
 */
class SpoolDeliveryTest {
  @TempDir Path home;
  @TempDir Path spool;
  Path target;

  @BeforeEach
  void rootAndASharedSpool() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "root delivery needs root");
    GroupPrincipal mail =
        spool.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("mail");
    Files.getFileAttributeView(spool, java.nio.file.attribute.PosixFileAttributeView.class)
        .setGroup(mail);
    Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxrwxr-x"));
    target = home.resolve("precious");
    Files.writeString(target, "not a mailbox\n");
  }

  Result deliver(String body, String user) {
    return new InProcess()
        .env("HOME", home.toString())
        .env("USER", "root")
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null")
        .env("JMAIL_SPOOL_DIR", spool.toString())
        .stdin(body)
        .run("-S", "mta=local", "-s", "report", user);
  }

  void refusedAndKept(Result r, String why, String body) throws Exception {
    r.exits(73)
        .errIsOneLine()
        .errContains("refusing to deliver: " + why)
        .errContains("message saved in " + home.resolve("dead.letter"));
    assertEquals(
        "not a mailbox\n", Files.readString(target), "nothing written to the link's target");
    assertTrue(Files.readString(home.resolve("dead.letter")).contains(body));
  }

  @Test
  void a_symbolic_link_planted_in_the_spool_is_refused_and_the_message_kept() throws Exception {
    Files.createSymbolicLink(spool.resolve("nobody"), target);
    refusedAndKept(
        deliver("cron output 1\n", "nobody"), "it is a symbolic link", "cron output 1\n");
  }

  @Test
  void a_dangling_symbolic_link_is_refused_and_nothing_is_created_through_it() throws Exception {
    Path nowhere = home.resolve("created-through-the-link");
    Files.createSymbolicLink(spool.resolve("nobody"), nowhere);
    deliver("cron output 2\n", "nobody").exits(73).errContains("it is a symbolic link");
    assertFalse(Files.exists(nowhere));
  }

  @Test
  void a_hard_link_planted_in_the_spool_is_refused_and_the_message_kept() throws Exception {
    Files.setOwner(
        target,
        spool.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    Files.createLink(spool.resolve("nobody"), target);
    refusedAndKept(deliver("cron output 3\n", "nobody"), "it has 2 hard links", "cron output 3\n");
  }

  @Test
  void a_spool_file_owned_by_someone_else_is_refused() throws Exception {
    Path box = spool.resolve("nobody");
    Files.writeString(box, "");
    deliver("cron output 4\n", "nobody")
        .exits(73)
        .errContains("it is owned by root, not by nobody");
    assertEquals(0, Files.size(box));
  }

  @Test
  void a_missing_spool_file_is_created_as_postfix_local_creates_it() throws Exception {
    deliver("first mail\n", "nobody").succeeded().errEquals("");
    Path box = spool.resolve("nobody");
    PosixFileAttributes a =
        Files.readAttributes(box, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertEquals("nobody", a.owner().getName());
    assertEquals("mail", a.group().getName(), "the spool directory's group");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(a.permissions()),
        "S_IRUSR|S_IWUSR, as local(8)");
    deliver("second mail\n", "nobody").succeeded();
    String text = Files.readString(box, StandardCharsets.UTF_8);
    assertTrue(text.contains("\nfirst mail\n") && text.contains("\nsecond mail\n"), text);
  }

  @Test
  void a_users_own_mailbox_behind_a_symbolic_link_in_their_home_keeps_working() throws Exception {
    Path real = home.resolve("Mail/inbox");
    Files.createDirectories(real.getParent());
    Files.createSymbolicLink(home.resolve("inbox"), real);
    new InProcess()
        .env("HOME", home.toString())
        .env("USER", "root")
        .env("MAIL", home.resolve("inbox").toString())
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null")
        .env("JMAIL_SPOOL_DIR", spool.toString())
        .stdin("to myself\n")
        .run("-S", "mta=local", "-s", "mine", "root")
        .succeeded();
    assertTrue(Files.readString(real).contains("\nto myself\n"));
  }

  @Test
  void the_opened_file_is_checked_so_a_file_swapped_in_after_the_check_is_refused()
      throws Exception {
    Path box = spool.resolve("nobody");
    Files.writeString(box, "");
    try (var ch = java.nio.channels.FileChannel.open(box, java.nio.file.StandardOpenOption.READ)) {
      SpoolFile.checkOpened(box); // the descriptor is the file the name has
      Path planted = spool.resolve("planted");
      Files.writeString(planted, "");
      Files.move(planted, box, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      dev.jmail.error.CannotCreateException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              dev.jmail.error.CannotCreateException.class, () -> SpoolFile.checkOpened(box));
      assertTrue(e.getMessage().contains("while being opened"), e.getMessage());
    }
  }
}
