package dev.jmail.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Consumer;

/** Warns when a file that holds a password can be read by the group or by others. */
public final class SecretFiles {
  private SecretFiles() {}

  public static void checkPrivate(Path file, String what, Consumer<String> warn) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ)
          || p.contains(PosixFilePermission.OTHERS_READ)) {
        warn.accept(
            "warning: "
                + file
                + " holds "
                + what
                + " but is readable by "
                + (p.contains(PosixFilePermission.OTHERS_READ) ? "others" : "its group")
                + "; run: chmod 600 "
                + file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system, or gone: nothing to warn about
    }
  }
}
