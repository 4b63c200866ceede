package dev.jmail.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private files and directories: created 0600/0700, narrowed when jmail's own, links left alone.
 */
class PrivateFilesTest {
  @TempDir Path dir;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void a_state_directory_and_history_left_wide_by_an_older_jmail_are_narrowed() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state/jmail"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path history = Files.writeString(state.resolve("history"), "from 1\n");
    Files.setPosixFilePermissions(history, PosixFilePermissions.fromString("rw-r--r--"));
    PrivateFiles.directory(state);
    PrivateFiles.file(history);
    assertEquals("rwx------", mode(state));
    assertEquals("rw-------", mode(history));
    assertEquals("from 1\n", Files.readString(history));
  }

  @Test
  void a_history_linked_to_a_shared_file_is_not_chmodded_through_the_link() throws Exception {
    Path shared = Files.writeString(dir.resolve("shared"), "");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-rw-"));
    Path state = PrivateFiles.directory(dir.resolve("new/state/jmail"));
    assertEquals("rwx------", mode(state));
    Path history = Files.createSymbolicLink(state.resolve("history"), shared);
    PrivateFiles.file(history);
    assertEquals("rw-rw-rw-", mode(shared), "like history -> /dev/null: the target is not ours");
  }
}
