package dev.jmail.store.mbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes what a killed jmail left beside a folder: {@code .NAME.jmail-PID-RANDOM} copies (the
 * rename-based rewrite of earlier versions) and {@code .NAME.lock.HOST.PID.RANDOM} dotlock
 * candidates, when their pid no longer runs on this host. Journals are not temporaries: {@link
 * JournalRecovery} owns them.
 */
final class StaleTemporaries {
  private StaleTemporaries() {}

  static void clean(Path mbox) {
    Path abs = mbox.toAbsolutePath();
    String name = abs.getFileName().toString();
    String copy = "." + name + ".jmail-";
    String lock = "." + name + ".lock." + dev.jmail.store.lock.Dotlock.hostName() + ".";
    try (var files =
        Files.newDirectoryStream(
            abs.getParent(),
            p -> {
              String n = p.getFileName().toString();
              return n.startsWith(copy) || n.startsWith(lock);
            })) {
      for (Path p : files) {
        String n = p.getFileName().toString();
        if (n.endsWith(".jmail-journal")) continue;
        String rest = n.startsWith(copy) ? n.substring(copy.length()) : n.substring(lock.length());
        int sep = n.startsWith(copy) ? rest.indexOf('-') : rest.indexOf('.');
        try {
          long pid = Long.parseLong(rest.substring(0, sep));
          if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) Files.deleteIfExists(p);
        } catch (RuntimeException | IOException e) {
          // not ours (the journal has no pid), or already gone
        }
      }
    } catch (IOException e) {
      // directory unreadable: the change itself will report
    }
  }
}
