package dev.jmail.store.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process as a lock holder: its pid and host name, as written into a dotlock file. */
final class LockHolder {
  static final String HOST = hostName();

  /** This process's pid (a class of its own: reading a folder needs only the host name). */
  static long pid() {
    return Pid.VALUE;
  }

  private static final class Pid {
    static final long VALUE = ProcessHandle.current().pid();
  }

  private LockHolder() {}

  private static String hostName() {
    try {
      String h =
          Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
      if (!h.isEmpty()) return h;
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * The dotlock content: the pid in decimal on the first line (what liblockfile, procmail and
   * Postfix read with atoi), the host name on the second (so a pid from another NFS client is never
   * judged dead here).
   */
  static byte[] content() {
    return (pid() + "\n" + HOST + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses a dotlock's content: pid (or -1) and host (or null when absent). */
  record Parsed(long pid, String host) {
    static Parsed of(byte[] bytes) {
      String s = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1);
      String[] lines = s.split("\n", -1);
      long pid = -1;
      String first = lines.length > 0 ? lines[0].trim() : "";
      int end = 0;
      while (end < first.length() && Character.isDigit(first.charAt(end))) end++;
      if (end > 0 && end < 12) pid = Long.parseLong(first.substring(0, end));
      String host = lines.length > 1 && !lines[1].isBlank() ? lines[1].trim() : null;
      return new Parsed(pid, host);
    }

    /**
     * True when the holder is a process of this host that no longer runs. A lock holding only a pid
     * (liblockfile's {@code dotlockfile -p}, procmail) is taken to be from this host.
     */
    boolean holderIsDeadHere() {
      if (pid <= 0 || (host != null && !host.equals(HOST))) return false;
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    String describe() {
      if (pid <= 0) return "an unknown process";
      return "pid " + pid + (host == null ? "" : " on " + host);
    }
  }
}
