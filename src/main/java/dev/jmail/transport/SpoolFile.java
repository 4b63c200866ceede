package dev.jmail.transport;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.JmailException;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.lock.MailboxLock;
import dev.jmail.store.mbox.MboxAppender;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appending to a recipient's mbox in the system spool directory ({@code /var/mail}: shared, mode
 * 2775 root:mail on Debian, so anyone in group {@code mail} can plant a link there) as carefully as
 * Postfix {@code local(8)} ({@code mailbox.c} and {@code safe_open.c}):
 *
 * <ol>
 *   <li>A missing file is created the way {@code local(8)} creates it: {@code O_CREAT|O_EXCL}
 *       (never through a link), mode 0600 ({@code S_IRUSR|S_IWUSR}), owned by the recipient, group
 *       the spool directory's ({@code mail}). When jmail is not root it cannot give the file away:
 *       it stays the invoking user's, mode 0600.
 *   <li>The name is checked with {@code lstat}: a regular file (not a symbolic link), one link,
 *       owned by the recipient (when not root: by the recipient or the invoking user).
 *   <li>It is opened with {@code O_NOFOLLOW} and locked ({@link MailboxLock}).
 *   <li>The <em>opened</em> file is checked ({@code fstat} through {@code /proc/self/fd}): the same
 *       device and inode as the name, still one link, still a regular file — so a link swapped in
 *       between the check and the open is caught.
 * </ol>
 *
 * Any failed check refuses with exit 73 and a line saying why; the message is then kept in
 * dead.letter by {@link DeadLetter}. A user's own mailbox elsewhere ({@code MAIL=~/inbox}, a
 * symbolic link in their home) is not a spool file and is not checked.
 */
final class SpoolFile {
  private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-------");

  private SpoolFile() {}

  /** True when {@code box} is a file directly in the system spool directory {@code spoolDir}. */
  static boolean inSpool(Path box, Path spoolDir) {
    try {
      Path parent = box.toAbsolutePath().getParent();
      return parent != null && Files.isSameFile(parent, spoolDir);
    } catch (IOException e) {
      return false;
    }
  }

  /** Appends one message to {@code box}, the spool file of {@code recipient}, or refuses (73). */
  static void append(Path box, String recipient, LockPolicy policy, MboxAppender.Entry entry) {
    boolean root = isRoot();
    createIfMissing(box, recipient, root);
    checkName(box, recipient, root);
    MailboxLock lock;
    try {
      lock = MailboxLock.existingNoFollow(box, policy);
    } catch (JmailException e) {
      checkName(box, recipient, root); // a link planted meanwhile: say so (73), not just ELOOP
      throw e;
    }
    try (lock) {
      checkOpened(box);
      MboxAppender.appendLocked(lock, List.of(entry));
    }
  }

  private static void createIfMissing(Path box, String recipient, boolean root) {
    if (Files.exists(box, LinkOption.NOFOLLOW_LINKS)) return;
    try {
      // CREATE_NEW is O_CREAT|O_EXCL: it never follows a link, even a dangling one
      Files.newByteChannel(
              box,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(MODE))
          .close();
    } catch (FileAlreadyExistsException e) {
      return; // created meanwhile: checked below like any existing file
    } catch (IOException e) {
      throw new CannotCreateException(box + ": cannot create: " + reason(e), e);
    }
    if (!root) return;
    try {
      UserPrincipalLookupService users = box.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view =
          Files.getFileAttributeView(box, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      view.setGroup(
          Files.readAttributes(
                  box.toAbsolutePath().getParent(),
                  java.nio.file.attribute.PosixFileAttributes.class)
              .group());
      view.setOwner(users.lookupPrincipalByName(recipient));
    } catch (IOException e) {
      try {
        Files.deleteIfExists(box);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new CannotCreateException(
          box + ": cannot give the new spool file to " + recipient + ": " + reason(e), e);
    }
  }

  /** {@code lstat}: a regular file, not a link, one link, the right owner. */
  private static void checkName(Path box, String recipient, boolean root) {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(box, "unix:mode,nlink,owner", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw refuse(box, recipient, "it vanished while being opened");
    } catch (IOException e) {
      throw new CannotCreateException(box + ": " + reason(e), e);
    }
    int type = (Integer) a.get("mode") & 0170000;
    if (type == 0120000) throw refuse(box, recipient, "it is a symbolic link");
    if (type != 0100000) throw refuse(box, recipient, "it is not a regular file");
    int links = (Integer) a.get("nlink");
    if (links != 1) throw refuse(box, recipient, "it has " + links + " hard links");
    String owner = ((java.nio.file.attribute.UserPrincipal) a.get("owner")).getName();
    boolean ok =
        owner.equals(recipient) || (!root && owner.equals(System.getProperty("user.name")));
    if (!ok) throw refuse(box, recipient, "it is owned by " + owner + ", not by " + recipient);
  }

  /**
   * {@code fstat} of what was opened: every descriptor of this process open on {@code box} (found
   * by its name in {@code /proc/self/fd}) must be the inode the name has now, with one link.
   * Without {@code /proc} the {@code lstat} checks before the open stand alone.
   */
  static void checkOpened(Path box) {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) return;
    Map<String, Object> name;
    String canonical;
    try {
      name = Files.readAttributes(box, "unix:dev,ino,nlink", LinkOption.NOFOLLOW_LINKS);
      canonical =
          box.toAbsolutePath().getParent().toRealPath().resolve(box.getFileName()).toString();
    } catch (IOException e) {
      throw refuse(box, null, "it changed while being opened (" + reason(e) + ")");
    }
    boolean found = false;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
      for (Path fd : entries) {
        Map<String, Object> opened;
        try {
          if (!Files.readSymbolicLink(fd).toString().equals(canonical)) continue;
          opened = Files.readAttributes(fd, "unix:dev,ino,nlink,mode");
        } catch (IOException e) {
          continue; // a descriptor closed meanwhile (the directory stream's own)
        }
        found = true;
        if (!opened.get("dev").equals(name.get("dev"))
            || !opened.get("ino").equals(name.get("ino"))) {
          throw refuse(box, null, "it was replaced while being opened");
        }
        if ((Integer) opened.get("nlink") != 1)
          throw refuse(box, null, "it has " + opened.get("nlink") + " hard links");
        if (((Integer) opened.get("mode") & 0170000) != 0100000)
          throw refuse(box, null, "it is not a regular file");
      }
    } catch (IOException e) {
      return; // /proc unreadable: the lstat checks stand
    }
    if (!found) throw refuse(box, null, "it was renamed or removed while being opened");
  }

  private static CannotCreateException refuse(Path box, String recipient, String why) {
    return new CannotCreateException(
        box
            + ": refusing to deliver: "
            + why
            + " (a mail spool file must be a regular file with one link"
            + (recipient == null ? "" : ", owned by " + recipient)
            + ")");
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null)
      return f.getReason();
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
