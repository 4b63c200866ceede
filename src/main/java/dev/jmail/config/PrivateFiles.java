package dev.jmail.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold mail text or secrets are 0600, their directories 0700, whatever the umask: the
 * history, the state directory, {@code ~w} and {@code write} output. (dead.letter, {@code record},
 * saved folders and temporary files get 0600 where they are created: {@code MailboxLock}, {@code
 * MaildirDelivery}, {@code Files.createTempFile}.) Saved attachments follow the umask, as a file a
 * browser downloads does: they are documents for other programs.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /**
   * {@code dir} and its missing parents, created 0700; an existing {@code dir} narrowed to 0700.
   */
  public static Path directory(Path dir) throws IOException {
    // The attribute is masked by the umask, which only removes bits: 0700 stays 0700 or less.
    if (!Files.isDirectory(dir))
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
    // Made 0755 by an older jmail: narrowed. A symbolic link the user made is left alone (its
    // target may be shared).
    if (!Files.isSymbolicLink(dir)
        && !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(DIR)) {
      Files.setPosixFilePermissions(dir, DIR);
    }
    return dir;
  }

  /**
   * {@code file} created empty with mode 0600 when missing, else narrowed to 0600 when it is a
   * regular file ({@code history -> /dev/null} is left alone).
   */
  public static Path file(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      } catch (FileAlreadyExistsException e) {
        // created meanwhile: narrowed below
      }
    }
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
      Files.setPosixFilePermissions(file, FILE);
    }
    return file;
  }
}
