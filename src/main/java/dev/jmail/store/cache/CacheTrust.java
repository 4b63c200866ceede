package dev.jmail.store.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Whether a cache file may be read or written. A cache is never a source of truth, and nothing in
 * it may come from someone else: another user who can write into the cache directory (a
 * world-writable or foreign-owned directory, a symbolic link to theirs) could feed jmail summaries
 * of their choosing, or plant a link that a write would follow. So every directory from the file's
 * up to the cache root (the first one named {@code jmail}; the file's own directory when there is
 * none) must be a real directory, owned by this user and writable by no one else; the file itself,
 * when it exists, a regular file of this user's, writable by no one else. An untrusted cache is
 * neither read nor written: jmail works as without one.
 */
public final class CacheTrust {
  private CacheTrust() {}

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  /** Whether {@code file} and the directories above it (to the cache root) are this user's. */
  public static boolean trusted(Path file) {
    try {
      String me = System.getProperty("user.name");
      Path dir = file.toAbsolutePath().getParent();
      Path root = dir;
      for (Path d = dir; d != null; d = d.getParent()) {
        if (d.getFileName() != null && d.getFileName().toString().equals("jmail")) {
          root = d;
          break;
        }
      }
      for (Path d = dir; d != null; d = d.getParent()) {
        // one not made yet is made 0700 by the writer
        if (Files.exists(d, NOFOLLOW) && !owned(d, me, true)) return false;
        if (d.equals(root)) break;
      }
      return !Files.exists(file, NOFOLLOW) || owned(file, me, false);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static boolean owned(Path p, String me, boolean directory) throws IOException {
    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW);
    if (a.isSymbolicLink() || (directory ? !a.isDirectory() : !a.isRegularFile())) return false;
    if (!a.owner().getName().equals(me)) return false;
    for (PosixFilePermission w : OTHERS_WRITE) if (a.permissions().contains(w)) return false;
    return true;
  }
}
