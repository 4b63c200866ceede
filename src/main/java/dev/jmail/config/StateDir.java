package dev.jmail.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * jmail's private state directory, {@code $XDG_STATE_HOME/jmail}, else {@code
 * ~/.local/state/jmail} (history; journals of spool rewrites; the queue): mode 0700 whatever the
 * umask, its files 0600. A directory created by an older jmail with a wider mode is tightened.
 */
public final class StateDir {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private StateDir() {}

  /** Where it is (not created). */
  public static Path of(Env env) {
    Path base =
        env.get("XDG_STATE_HOME").map(Path::of).filter(Path::isAbsolute)
            .orElse(env.home().resolve(".local/state"));
    return base.resolve("jmail");
  }

  /** Creates it (and missing parents) with mode 0700, or narrows an existing one to 0700. */
  public static Path create(Env env) throws IOException {
    return privateDirectory(of(env));
  }

  /** {@code dir} and its missing parents, created 0700; an existing {@code dir} narrowed to 0700. */
  public static Path privateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
    }
    // createDirectories applies the umask (umask 077 gives 0700 too); a pre-existing directory
    // may be 0755 from an older jmail: only our own directory is changed.
    if (!Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(DIR)) {
      Files.setPosixFilePermissions(dir, DIR);
    }
    return dir;
  }

  /** {@code file} made private: created empty with mode 0600 when missing, else narrowed to 0600. */
  public static Path privateFile(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // created meanwhile: narrowed below
      }
    }
    if (!Files.getPosixFilePermissions(file).equals(FILE)) Files.setPosixFilePermissions(file, FILE);
    return file;
  }
}
