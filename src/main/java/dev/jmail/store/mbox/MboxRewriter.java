package dev.jmail.store.mbox;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.PermissionException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.HeaderBlock;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.lock.MailboxLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Changes an mbox (expunge, {@code Status:}/{@code X-Status:} flag updates) so that a crash at any
 * instant leaves either the old or the new mailbox, never a partial one.
 *
 * <p>Protocol, all while holding the {@link MailboxLock} (dotlock + fcntl):
 *
 * <ol>
 *   <li>scan the mailbox through the lock's own channel (never a second descriptor: closing one
 *       would drop our fcntl lock); the scan covers everything in the file, so mail delivered
 *       after the caller listed the folder is part of it and is kept;
 *   <li>check the caller's view still matches (same messages at the same offsets) — else {@link
 *       DataFormatException} (exit 65), nothing written;
 *   <li>write the complete new version to {@code .NAME.jmail-PID-RANDOM} in the same directory
 *       (unchanged messages are copied with {@code transferTo}, byte for byte), fsync it, give it
 *       the original's mode, group and owner;
 *   <li>{@code rename(2)} it over the original (atomic), fsync the directory; then release.
 * </ol>
 *
 * Writers that take the dotlock before opening the mailbox (Postfix {@code local}, procmail,
 * liblockfile, mutt, s-nail, jmail) always open the new file. As with Python's own {@code
 * mailbox.flush()}, which also renames, a writer that opened the mailbox before locking it should
 * check after locking that the path still names its descriptor's file.
 *
 * <p>A failure before the rename (full disk, read-only directory) removes the temporary file and
 * leaves the original untouched. An emptied mailbox is removed, or truncated when {@code keep}.
 */
public final class MboxRewriter {
  private MboxRewriter() {}

  /** A message found by the locked scan: its entry and header length (for flag rewrites). */
  public record Scanned(MessageEntry entry, int headerLength, boolean headerTruncated) {
    public MessageLocation.Mbox location() {
      return (MessageLocation.Mbox) entry.location();
    }
  }

  /** How a rewrite ended. */
  public record Outcome(int deleted, int flagged, int kept, boolean removed) {}

  /** Scans the locked mailbox through the lock's channel. */
  public static List<Scanned> scan(MailboxLock lock) {
    List<Scanned> out = new ArrayList<>();
    HeaderBlock block = new HeaderBlock(new byte[0], 0, false);
    try {
      new MboxScanner(lock.channel())
          .scan(
              (start, cs, ce, end, lines, header, hl, truncated, lineStarts, headerLines) -> {
                block.set(header, hl, truncated, lineStarts, headerLines);
                MessageEntry e =
                    new MessageEntry(
                        out.size() + 1,
                        new MessageLocation.Mbox(start, cs, ce, end),
                        ce - cs,
                        lines,
                        MboxFolder.flags(block));
                out.add(new Scanned(e, hl, truncated));
              });
    } catch (MboxScanner.NotMboxException e) {
      throw new DataFormatException(lock.mailbox() + ": not an mbox folder (the first line is not a \"From \" line)");
    } catch (IOException e) {
      throw new IoFailureException(lock.mailbox() + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Checks that the messages a caller saw (e.g. an interactive session's listing) are still the
   * first messages of the locked scan, at the same offsets; new mail may follow them.
   */
  public static void checkUnchanged(Path mbox, List<MessageEntry> seen, List<Scanned> now) {
    if (now.size() < seen.size()) throw changed(mbox, "it has fewer messages than when it was opened");
    for (int i = 0; i < seen.size(); i++) {
      MessageLocation.Mbox a = (MessageLocation.Mbox) seen.get(i).location();
      MessageLocation.Mbox b = now.get(i).location();
      boolean last = i == seen.size() - 1;
      boolean same =
          a.start() == b.start()
              && a.contentStart() == b.contentStart()
              && (last
                  ? b.contentEnd() >= a.contentEnd() && b.end() >= a.end() && b.contentEnd() - a.contentEnd() <= 2
                  : a.contentEnd() == b.contentEnd() && a.end() == b.end());
      if (!same) throw changed(mbox, "message " + (i + 1) + " is no longer where it was");
    }
  }

  static DataFormatException changed(Path mbox, String why) {
    return new DataFormatException(
        mbox + ": folder changed since it was opened (" + why + "); nothing was changed: list it again");
  }

  /**
   * Applies edits (keyed by 1-based message number of {@code scanned}) to the locked mailbox.
   * Messages without an edit, including any beyond the caller's view, are copied unchanged.
   *
   * @param removeIfEmpty remove the file when no message is left (mailx without {@code keep})
   */
  public static Outcome rewrite(
      MailboxLock lock, List<Scanned> scanned, Map<Integer, MessageEdit> edits, boolean removeIfEmpty) {
    Path mbox = lock.mailbox().toAbsolutePath();
    FileChannel src = lock.channel();
    int deleted = 0, flagged = 0, kept = 0;
    for (Scanned s : scanned) {
      MessageEdit e = edits.get(s.entry().number());
      if (e != null && e.delete()) {
        deleted++;
        continue;
      }
      kept++;
      if (e != null && e.flags() != null && !s.headerTruncated() && !sameStoredFlags(s.entry().flags(), e.flags())) {
        flagged++;
      }
    }
    if (deleted == 0 && flagged == 0) return new Outcome(0, 0, kept, false);
    cleanStaleTemporaries(mbox);
    try {
      long size = src.size();
      long scannedEnd = scanned.isEmpty() ? 0 : scanned.get(scanned.size() - 1).location().end();
      if (size != scannedEnd) throw changed(mbox, "it was written to while locked");
      if (kept == 0 && removeIfEmpty) {
        Files.delete(mbox);
        fsyncDir(mbox.getParent());
        return new Outcome(deleted, flagged, 0, true);
      }
      Path tmp = temporaryFor(mbox);
      try {
        PosixFileAttributes attrs = Files.readAttributes(mbox, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel out =
            FileChannel.open(
                tmp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
          long n = 0;
          for (Scanned s : scanned) {
            MessageEdit e = edits.get(s.entry().number());
            if (e != null && e.delete()) continue;
            MessageLocation.Mbox loc = s.location();
            if (e != null && e.flags() != null && !s.headerTruncated() && !sameStoredFlags(s.entry().flags(), e.flags())) {
              copy(src, loc.start(), loc.contentStart(), out);
              byte[] header = read(src, loc.contentStart(), s.headerLength());
              byte[] replaced = StatusHeaders.replace(header, e.flags());
              write(out, replaced);
              copy(src, loc.contentStart() + s.headerLength(), loc.end(), out);
            } else {
              copy(src, loc.start(), loc.end(), out);
            }
            if ((++n & 1023) == 0) lock.touch();
          }
          out.force(true);
        }
        preserveAttributes(tmp, attrs);
        Files.move(tmp, mbox, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(mbox.getParent());
      } catch (IOException | RuntimeException e) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } catch (AccessDeniedException e) {
      throw new CannotCreateException(
          mbox + ": cannot rewrite: directory " + mbox.getParent() + " is not writable (mailbox left as it was)", e);
    } catch (FileSystemException e) {
      String why = e.getReason() == null ? String.valueOf(e.getMessage()) : e.getReason();
      if (why.contains("Read-only")) throw new CannotCreateException(mbox + ": read-only file system (mailbox left as it was)", e);
      throw new IoFailureException(mbox + ": cannot rewrite: " + why + " (mailbox left as it was)", e);
    } catch (IOException e) {
      throw new IoFailureException(mbox + ": cannot rewrite: " + e.getMessage() + " (mailbox left as it was)", e);
    }
    return new Outcome(deleted, flagged, kept, false);
  }

  /**
   * A locked message as an entry for {@link MboxAppender}: its From_ line and stored (quoted) text
   * verbatim, with the flag headers set to {@code flags} (null: unchanged). Read through the lock's
   * channel.
   */
  public static MboxAppender.Entry entryFor(MailboxLock lock, Scanned s, Set<Flag> flags) {
    MessageLocation.Mbox loc = s.location();
    FileChannel ch = lock.channel();
    try {
      byte[] from = read(ch, loc.start(), (int) (loc.contentStart() - loc.start()));
      int n = from.length;
      while (n > 0 && (from[n - 1] == '\n' || from[n - 1] == '\r')) n--;
      byte[] fromLine = java.util.Arrays.copyOf(from, n);
      if (flags == null || s.headerTruncated()) {
        return MboxAppender.Entry.quoted(fromLine, read(ch, loc.contentStart(), Math.toIntExact(loc.contentLength())));
      }
      byte[] header = StatusHeaders.replace(read(ch, loc.contentStart(), s.headerLength()), flags);
      byte[] rest = read(ch, loc.contentStart() + s.headerLength(), Math.toIntExact(loc.contentEnd() - loc.contentStart() - s.headerLength()));
      byte[] body = new byte[header.length + rest.length];
      System.arraycopy(header, 0, body, 0, header.length);
      System.arraycopy(rest, 0, body, header.length, rest.length);
      return MboxAppender.Entry.quoted(fromLine, body);
    } catch (IOException e) {
      throw new IoFailureException(lock.mailbox() + ": " + e.getMessage(), e);
    }
  }

  /** True when {@code want} would be stored exactly as {@code have} is (mbox knows no more). */
  static boolean sameStoredFlags(Set<Flag> have, Set<Flag> want) {
    return StatusHeaders.status(have).equals(StatusHeaders.status(want))
        && StatusHeaders.xStatus(have).equals(StatusHeaders.xStatus(want));
  }

  static Path temporaryFor(Path mbox) {
    return mbox.resolveSibling(
        "." + mbox.getFileName() + ".jmail-" + ProcessHandle.current().pid() + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
  }

  /** Removes temporaries left by a killed jmail (its pid no longer runs). */
  static void cleanStaleTemporaries(Path mbox) {
    String prefix = "." + mbox.getFileName() + ".jmail-";
    try (var files = Files.newDirectoryStream(mbox.getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : files) {
        String rest = p.getFileName().toString().substring(prefix.length());
        int dash = rest.indexOf('-');
        try {
          long pid = Long.parseLong(rest.substring(0, dash));
          if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) Files.deleteIfExists(p);
        } catch (RuntimeException | IOException e) {
          // not ours or already gone
        }
      }
    } catch (IOException e) {
      // directory unreadable: the rewrite itself will report
    }
  }

  private static void preserveAttributes(Path tmp, PosixFileAttributes attrs) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
    Set<PosixFilePermission> perms = attrs.permissions();
    GroupPrincipal group = attrs.group();
    UserPrincipal owner = attrs.owner();
    PosixFileAttributes mine = view.readAttributes();
    if (!mine.owner().equals(owner)) {
      try {
        view.setOwner(owner);
      } catch (IOException e) {
        throw new PermissionException(
            tmp.resolveSibling(tmp.getFileName().toString()) + ": cannot keep the mailbox owner " + owner.getName()
                + " (mailbox left as it was)", e);
      }
    }
    if (!mine.group().equals(group)) {
      try {
        view.setGroup(group);
      } catch (IOException e) {
        throw new PermissionException("cannot keep the mailbox group " + group.getName() + " (mailbox left as it was)", e);
      }
    }
    view.setPermissions(perms);
  }

  private static void copy(FileChannel src, long from, long to, FileChannel out) throws IOException {
    long pos = from;
    while (pos < to) {
      long n = src.transferTo(pos, to - pos, out);
      if (n <= 0) throw new IOException("mailbox shrank while locked");
      pos += n;
    }
  }

  private static byte[] read(FileChannel src, long at, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (src.read(b, at + b.position()) < 0) throw new IOException("mailbox shrank while locked");
    }
    return b.array();
  }

  private static void write(FileChannel out, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) out.write(b);
  }

  static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // best effort: the rename is atomic regardless
    }
  }

  /** The mbox flag headers (mutt, s-nail and Python's mailbox read the same letters). */
  static final class StatusHeaders {
    private StatusHeaders() {}

    /** {@code Status:}: R = seen, O = old (no longer new); "" = new (no header). */
    static String status(Set<Flag> f) {
      StringBuilder s = new StringBuilder();
      if (f.contains(Flag.SEEN)) s.append('R');
      if (f.contains(Flag.SEEN) || !f.contains(Flag.NEW)) s.append('O');
      return s.toString();
    }

    /** {@code X-Status:}: A answered, F flagged, T draft, D deleted. */
    static String xStatus(Set<Flag> f) {
      StringBuilder s = new StringBuilder();
      if (f.contains(Flag.ANSWERED)) s.append('A');
      if (f.contains(Flag.FLAGGED)) s.append('F');
      if (f.contains(Flag.DRAFT)) s.append('T');
      if (f.contains(Flag.DELETED)) s.append('D');
      return s.toString();
    }

    /**
     * The header section without its Status and X-Status fields (continuation lines included),
     * with the new ones appended, keeping the section's line ending style.
     */
    static byte[] replace(byte[] header, Set<Flag> flags) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + 40);
      boolean crlf = false;
      boolean skipping = false;
      int i = 0;
      while (i < header.length) {
        int eol = i;
        while (eol < header.length && header[eol] != '\n') eol++;
        int next = Math.min(header.length, eol + 1);
        boolean continuation = header[i] == ' ' || header[i] == '\t';
        if (!continuation) skipping = isField(header, i, eol, "status") || isField(header, i, eol, "x-status");
        if (eol > i && header[eol - 1] == '\r') crlf = true;
        if (!skipping) {
          out.write(header, i, next - i);
          if (next == header.length && eol == header.length) out.write('\n'); // header without final LF
        }
        i = next;
      }
      String nl = crlf ? "\r\n" : "\n";
      String st = status(flags);
      String xs = xStatus(flags);
      if (!st.isEmpty()) out.writeBytes(("Status: " + st + nl).getBytes(StandardCharsets.US_ASCII));
      if (!xs.isEmpty()) out.writeBytes(("X-Status: " + xs + nl).getBytes(StandardCharsets.US_ASCII));
      return out.toByteArray();
    }

    private static boolean isField(byte[] h, int from, int to, String lowerName) {
      int n = lowerName.length();
      if (to - from <= n) return false;
      for (int k = 0; k < n; k++) {
        int c = h[from + k];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != lowerName.charAt(k)) return false;
      }
      int j = from + n;
      while (j < to && (h[j] == ' ' || h[j] == '\t')) j++;
      return j < to && h[j] == ':';
    }
  }
}
