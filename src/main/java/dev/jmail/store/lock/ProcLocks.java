package dev.jmail.store.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who holds a lock on a file, from Linux's {@code /proc/locks}:
 *
 * <pre>
 * 1: FLOCK  ADVISORY  WRITE 4242 08:01:1310722 0 EOF
 * 2: POSIX  ADVISORY  WRITE 4243 08:01:1310722 0 EOF
 * </pre>
 *
 * (kind, pid, major:minor:inode). Best effort: -1 when unknown.
 */
final class ProcLocks {
  private ProcLocks() {}

  /** The pid holding a {@code kind} ("FLOCK" or "POSIX") lock on {@code file}, or -1. */
  static long holder(Path file, String kind) {
    try {
      long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
      for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 6 || !f[1].equals(kind)) continue;
        int i = f[1].equals(kind) && f[2].equals("ADVISORY") ? 4 : -1;
        if (i < 0 || f[i].equals("->")) continue;
        String[] dev = f[i + 1].split(":");
        if (dev.length == 3 && Long.parseLong(dev[2]) == ino) return Long.parseLong(f[i]);
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the file is gone
    }
    return -1;
  }

  static String describe(Path file, String kind) {
    long pid = holder(file, kind);
    return pid > 0 ? "pid " + pid : "another program";
  }
}
