package dev.jmail.store.mbox;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
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
 * <p>A failure before the rename (full disk, read-only file system) removes the temporary file and
 * leaves the original untouched: exit 74 (I/O, full disk) or 73 (read-only), with a message that
 * names the cause. An emptied mailbox is removed, or truncated when {@code keep}.
 *
 * <p>When the directory takes no new files (Debian's {@code /var/mail} is {@code root:mail 2775}:
 * a user owns {@code /var/mail/USER} but cannot create {@code /var/mail/.USER.jmail-…}), the
 * mailbox is rewritten in place instead, as mailx and mutt do: see {@link InPlace}.
 */
public final class MboxRewriter {
  private MboxRewriter() {}

  /**
   * A message found by the locked scan: its entry, header length (for flag rewrites) and raw
   * {@code Message-ID} value (null when absent).
   */
  public record Scanned(MessageEntry entry, int headerLength, boolean headerTruncated, String messageId) {
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
              (start, cs, ce, end, lines, header, hl, truncated, lineStarts, headerLines, fromLine, fll) -> {
                block.set(header, hl, truncated, lineStarts, headerLines);
                MessageEntry e =
                    new MessageEntry(
                        out.size() + 1,
                        new MessageLocation.Mbox(start, cs, ce, end),
                        ce - cs,
                        lines,
                        MboxFolder.flags(block));
                String id = block.field("message-id");
                out.add(new Scanned(e, hl, truncated, id == null ? null : id.strip()));
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
   * @param removeIfEmpty remove the file when no message is left (mailx without {@code keep}); in a
   *     directory that takes no changes the file is truncated instead
   * @param spareDir where the in-place fallback keeps its copy (see the class comment)
   */
  public static Outcome rewrite(
      MailboxLock lock, List<Scanned> scanned, Map<Integer, MessageEdit> edits, boolean removeIfEmpty, Path spareDir) {
    Path mbox = lock.mailbox().toAbsolutePath();
    FileChannel src = lock.channel();
    int deleted = 0, flagged = 0, kept = 0;
    long firstChange = -1;
    for (Scanned s : scanned) {
      MessageEdit e = edits.get(s.entry().number());
      if (e != null && e.delete()) {
        deleted++;
        if (firstChange < 0) firstChange = s.location().start();
        continue;
      }
      kept++;
      if (changesFlags(s, e) || (e != null && e.replaces())) {
        flagged++;
        if (firstChange < 0) firstChange = s.location().start();
      }
    }
    if (deleted == 0 && flagged == 0) return new Outcome(0, 0, kept, false);
    cleanStaleTemporaries(mbox);
    try {
      long size = src.size();
      long scannedEnd = scanned.isEmpty() ? 0 : scanned.get(scanned.size() - 1).location().end();
      if (size != scannedEnd) throw changed(mbox, "it was written to while locked");
      if (kept == 0 && removeIfEmpty) {
        try {
          if (denySiblingFiles) throw new AccessDeniedException(mbox.toString());
          Files.delete(mbox);
          fsyncDir(mbox.getParent());
          return new Outcome(deleted, flagged, 0, true);
        } catch (AccessDeniedException e) {
          // the directory takes no changes (a Debian /var/mail): empty the file, as mailx does
          src.truncate(0);
          src.force(true);
          return new Outcome(deleted, flagged, 0, false);
        }
      }
      Path tmp = temporaryFor(mbox);
      FileChannel out;
      try {
        if (denySiblingFiles) throw new AccessDeniedException(tmp.toString());
        out = createPrivate(tmp);
      } catch (AccessDeniedException e) {
        InPlace.rewrite(lock, scanned, edits, firstChange, spareDir);
        return new Outcome(deleted, flagged, kept, false);
      }
      try {
        PosixFileAttributes attrs = Files.readAttributes(mbox, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        try (out) {
          writeNew(lock, scanned, edits, out);
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
          mbox + ": cannot rewrite: permission denied on " + e.getFile() + " (mailbox left as it was)", e);
    } catch (FileSystemException e) {
      throw failure(mbox, e);
    } catch (IOException e) {
      throw failure(mbox, e);
    }
    return new Outcome(deleted, flagged, kept, false);
  }

  /** Full disk, read-only file system, I/O error: one line that says which, and that nothing changed. */
  static RuntimeException failure(Path mbox, IOException e) {
    String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
    if (why.contains("Read-only")) {
      return new CannotCreateException(mbox + ": cannot rewrite: read-only file system (mailbox left as it was)", e);
    }
    if (why.contains("No space") || why.contains("Disk quota")) {
      return new IoFailureException(mbox + ": cannot rewrite: no space left on the disk (mailbox left as it was)", e);
    }
    return new IoFailureException(mbox + ": cannot rewrite: " + why + " (mailbox left as it was)", e);
  }

  static boolean changesFlags(Scanned s, MessageEdit e) {
    return e != null && !e.delete() && e.flags() != null && !s.headerTruncated() && !sameStoredFlags(s.entry().flags(), e.flags());
  }

  /** The complete new mailbox: kept messages byte for byte, flag headers replaced where edited. */
  static void writeNew(MailboxLock lock, List<Scanned> scanned, Map<Integer, MessageEdit> edits, FileChannel out)
      throws IOException {
    FileChannel src = lock.channel();
    long n = 0;
    for (Scanned s : scanned) {
      MessageEdit e = edits.get(s.entry().number());
      if (e != null && e.delete()) continue;
      MessageLocation.Mbox loc = s.location();
      if (e != null && e.replaces()) {
        copy(src, loc.start(), loc.contentStart(), out);
        write(out, quoted(withFlags(e.replacement(), e.flags())));
      } else if (changesFlags(s, e)) {
        copy(src, loc.start(), loc.contentStart(), out);
        byte[] header = read(src, loc.contentStart(), s.headerLength());
        write(out, StatusHeaders.replace(header, e.flags()));
        copy(src, loc.contentStart() + s.headerLength(), loc.end(), out);
      } else {
        copy(src, loc.start(), loc.end(), out);
      }
      if ((++n & 1023) == 0) lock.touch();
    }
  }

  /**
   * A replacement text with its flag headers set to {@code flags} (null: as the text has them),
   * ending with LF.
   */
  public static byte[] withFlags(byte[] message, Set<Flag> flags) {
    int end = headerEnd(message);
    byte[] header = java.util.Arrays.copyOf(message, end);
    byte[] h = flags == null ? header : StatusHeaders.replace(header, flags);
    ByteArrayOutputStream b = new ByteArrayOutputStream(message.length + 40);
    b.writeBytes(h);
    if (end == message.length) b.write('\n'); // no body: the blank line that ends the header
    b.write(message, end, message.length - end);
    if (message.length > 0 && message[message.length - 1] != '\n') b.write('\n');
    return b.toByteArray();
  }

  /** Where the header section ends: the offset of the blank line's LF (or the length). */
  private static int headerEnd(byte[] m) {
    if (m.length > 0 && m[0] == '\n') return 0;
    for (int i = 0; i + 1 < m.length; i++) {
      if (m[i] == '\n' && m[i + 1] == '\n') return i + 1;
      if (m[i] == '\n' && m[i + 1] == '\r' && i + 2 < m.length && m[i + 2] == '\n') return i + 1;
    }
    return m.length;
  }

  /** mboxrd-quoted text, CRLF to LF, followed by the blank separator line. */
  static byte[] quoted(byte[] m) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(m.length + 64);
    int i = 0;
    int n = m.length;
    while (i < n) {
      int eol = i;
      while (eol < n && m[eol] != '\n') eol++;
      int lineEnd = eol;
      if (lineEnd > i && m[lineEnd - 1] == '\r' && eol < n) lineEnd--;
      if (MboxAppender.isQuotableFrom(m, i, lineEnd)) b.write('>');
      b.write(m, i, lineEnd - i);
      b.write('\n');
      i = eol + 1;
    }
    b.write('\n');
    return b.toByteArray();
  }

  static FileChannel createPrivate(Path file) throws IOException {
    return FileChannel.open(
        file,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
  }

  /**
   * Test hooks (set only by tests in this package): pretend the mailbox's directory refuses new
   * files, as a Debian {@code /var/mail} does for a normal user; make the in-place write fail
   * after {@code failInPlaceAfter} bytes, {@code failInPlaceTimes} times.
   */
  static volatile boolean denySiblingFiles;

  static volatile long failInPlaceAfter = -1;
  static volatile int failInPlaceTimes;

  /**
   * The fallback when no file can be created beside the mailbox (mailx and mutt do the same). Under
   * the same locks (the fcntl lock; no dotlock can exist in such a directory):
   *
   * <ol>
   *   <li>the complete new mailbox is written to a private copy in the spare directory ({@code
   *       ~/.local/state/jmail}, mode 0600) and fsync'ed;
   *   <li>when the new mailbox is longer (flag headers added), its bytes past the old end are
   *       written first, so a full disk shows before anything is overwritten (the file is then
   *       truncated back: untouched);
   *   <li>the original is overwritten from the first changed message onward, truncated to the new
   *       length and fsync'ed; owner, group, mode and inode stay as they were;
   *   <li>the copy is removed.
   * </ol>
   *
   * A write error in step 3 is retried once from the copy; if that fails too the copy is kept and
   * the error names it. Unlike the rename, this is not atomic: a crash during step 3 leaves a mixed
   * file, and the copy (left in the spare directory) holds the complete new mailbox.
   */
  static final class InPlace {
    private InPlace() {}

    static void rewrite(
        MailboxLock lock, List<Scanned> scanned, Map<Integer, MessageEdit> edits, long firstChange, Path spareDir)
        throws IOException {
      Path mbox = lock.mailbox().toAbsolutePath();
      FileChannel src = lock.channel();
      long oldLen = src.size();
      Path copy;
      try {
        Files.createDirectories(
            spareDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        copy = spareDir.resolve(mbox.getFileName() + ".jmail-" + ProcessHandle.current().pid() + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".mbox");
      } catch (IOException e) {
        throw new CannotCreateException(
            mbox + ": cannot rewrite: directory " + mbox.getParent() + " is not writable and neither is " + spareDir
                + " (mailbox left as it was)", e);
      }
      try (FileChannel c = createPrivate(copy)) {
        long newLen;
        try {
          writeNew(lock, scanned, edits, c);
          c.force(true);
          newLen = c.size();
          if (newLen > oldLen) {
            try {
              overwrite(c, src, oldLen, newLen, false);
              src.force(true);
            } catch (IOException e) {
              src.truncate(oldLen);
              src.force(true);
              throw e;
            }
          }
        } catch (IOException e) {
          Files.deleteIfExists(copy);
          throw e;
        }
        try {
          overwrite(c, src, firstChange, newLen, true);
          src.truncate(newLen);
          src.force(true);
        } catch (IOException first) {
          try {
            overwrite(c, src, firstChange, newLen, true);
            src.truncate(newLen);
            src.force(true);
          } catch (IOException again) {
            again.addSuppressed(first);
            String why = again instanceof FileSystemException f && f.getReason() != null ? f.getReason() : again.getMessage();
            throw new IoFailureException(
                mbox + ": rewriting in place failed half-way (" + why + "); the complete new mailbox is in " + copy
                    + ": copy it over the mailbox with cat COPY > MAILBOX",
                again);
          }
        }
      }
      Files.deleteIfExists(copy);
    }

    /** Copies {@code copy[from, to)} to the same offsets of the mailbox. */
    private static void overwrite(FileChannel copy, FileChannel mbox, long from, long to, boolean hooked)
        throws IOException {
      long pos = from;
      while (pos < to) {
        if (hooked && failInPlaceAfter >= 0 && pos - from >= failInPlaceAfter && failInPlaceTimes > 0) {
          failInPlaceTimes--;
          throw new IOException("simulated write failure");
        }
        long chunk = Math.min(to - pos, hooked && failInPlaceAfter >= 0 ? 4096 : 1 << 20);
        mbox.position(pos);
        long n = copy.transferTo(pos, chunk, mbox);
        if (n <= 0) throw new IOException("copy shrank");
        pos += n;
      }
    }
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

  /**
   * A locked message's RFC 5322 bytes as stored (without the From_ line, mboxrd {@code >From }
   * un-quoted), read through the lock's channel: what a Maildir copy of it holds.
   */
  public static byte[] storedMessage(MailboxLock lock, Scanned s) {
    MessageLocation.Mbox loc = s.location();
    try (var in = new FromUnquotingInputStream(
        new java.io.ByteArrayInputStream(read(lock.channel(), loc.contentStart(), Math.toIntExact(loc.contentLength()))))) {
      return in.readAllBytes();
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
        throw new CannotCreateException(
            tmp.resolveSibling(tmp.getFileName().toString()) + ": cannot keep the mailbox owner " + owner.getName()
                + " (mailbox left as it was)", e);
      }
    }
    if (!mine.group().equals(group)) {
      try {
        view.setGroup(group);
      } catch (IOException e) {
        throw new CannotCreateException("cannot keep the mailbox group " + group.getName() + " (mailbox left as it was)", e);
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
     * with the new ones appended, keeping the section's line ending style. The section ends at
     * the first line that is not a header line ({@link HeaderBlock#isHeaderLine}), where readers
     * stop looking for flags: the new fields go before it and the lines from there on (text, to
     * every reader) are kept as they are.
     */
    static byte[] replace(byte[] header, Set<Flag> flags) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + 40);
      boolean crlf = false;
      boolean skipping = false;
      int i = 0;
      while (i < header.length) {
        if (!HeaderBlock.isHeaderLine(header, i, header.length)) break;
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
      if (i < header.length) {
        out.write(header, i, header.length - i); // the body's first lines, as stored
        if (header[header.length - 1] != '\n') out.write('\n');
      }
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
