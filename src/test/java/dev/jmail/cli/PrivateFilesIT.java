package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jmail.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file jmail creates that holds mail text is 0600 whatever the umask: dead.letter, the record
 * folder, a folder created by save, {@code w} and {@code ~w} output. (The history: see
 * TerminalSessionIT; saved attachments follow the umask on purpose.)
 */
class PrivateFilesIT {
  @TempDir Path home;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @ParameterizedTest(name = "umask {0}")
  @ValueSource(strings = {"000", "022"})
  void files_holding_mail_are_0600_whatever_the_umask(String umask) throws Exception {
    Path sendmail = home.resolve("fake-sendmail");
    Files.writeString(sendmail, "#!/bin/sh\ncat > /dev/null\n");
    Files.setPosixFilePermissions(sendmail, PosixFilePermissions.fromString("rwx------"));
    Launcher jmail = new Launcher(home).umask(umask);

    jmail
        .stdin("copy\n")
        .run(
            "-S",
            "sendmail=" + sendmail,
            "-S",
            "record=" + home.resolve("sent"),
            "-s",
            "r",
            "you@example.com")
        .succeeded();
    jmail.stdin("refused\n").run("-s", "r", "-c", "bad@@x", "you@example.com").exits(64);
    jmail
        .stdin(
            "w 1 "
                + home.resolve("w.txt")
                + "\ns 1 "
                + home.resolve("saved")
                + "\nm bob@example.com\nbody\n~w "
                + home.resolve("tw.txt")
                + "\n~x\nx\n")
        .run("-N", "-f", home.resolve("sent").toString())
        .succeeded();

    for (String f : new String[] {"sent", "dead.letter", "w.txt", "saved", "tw.txt"}) {
      assertEquals("rw-------", mode(home.resolve(f)), f + " under umask " + umask);
    }
  }
}
