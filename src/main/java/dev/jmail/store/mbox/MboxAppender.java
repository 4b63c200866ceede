package dev.jmail.store.mbox;

import dev.jmail.error.IoFailureException;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.lock.MailboxLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Appends messages to an mbox the way local delivery does, shared by local delivery, {@code
 * dead.letter}, {@code record}, {@code save}/{@code move} and the quit-time move to {@code MBOX}.
 *
 * <p>Each message is written as
 *
 * <pre>
 * From SENDER ASCTIME-DATE        e.g. "From alice@example.org Thu Jan  4 09:05:02 2024"
 * header and body lines, CRLF → LF, every line matching ^&gt;*From  gets one more '&gt;' (mboxrd)
 * one empty line                  the separator; a message not ending in LF gets one first
 * </pre>
 *
 * If the file's existing content does not end with an empty line, one (or two) LF are added first
 * so that the new {@code From } line always starts a message. The whole append runs under a {@link
 * MailboxLock}; on any failure the file is truncated back to its original length and the error
 * rethrown, so the mbox never keeps half a message; on success it is fsync'ed. A missing file is
 * created with mode 0600, and removed again when the append fails.
 */
public final class MboxAppender {
  // asctime(3): "Thu Jan  4 09:05:02 2024" — day of month space-padded to two characters.
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  private MboxAppender() {}

  /** One message to append: its {@code From } line (without LF) and its RFC 5322 bytes. */
  public record Entry(byte[] fromLine, byte[] message, boolean alreadyQuoted) {
    public Entry(byte[] fromLine, byte[] message) {
      this(fromLine, message, false);
    }

    /**
     * A message copied verbatim from another mbox: {@code body} is the stored, already
     * mboxrd-quoted text (no re-quoting, so the copy is byte-identical).
     */
    public static Entry quoted(byte[] fromLine, byte[] body) {
      return new Entry(fromLine, body, true);
    }

    /** The From_ line is built from the envelope sender and the delivery time. */
    public static Entry of(String sender, Instant date, byte[] message) {
      return new Entry(MboxAppender.fromLine(sender, date), message);
    }

    /**
     * Keeps an existing {@code From } line (when copying from another mbox); a missing or malformed
     * one is replaced by one from the sender and date.
     */
    public static Entry withFromLine(byte[] fromLine, String sender, Instant date, byte[] message) {
      if (fromLine != null && fromLine.length > 5 && startsWithFrom(fromLine, 0)) {
        int n = fromLine.length;
        while (n > 0 && (fromLine[n - 1] == '\n' || fromLine[n - 1] == '\r')) n--;
        byte[] clean = java.util.Arrays.copyOf(fromLine, n);
        for (byte b : clean) if (b == '\n' || b == '\r') return of(sender, date, message);
        return new Entry(clean, message);
      }
      return of(sender, date, message);
    }
  }

  // mbox(5): From_ line = "From " sender SP asctime-date [SP zone] [" remote from " host];
  // asctime = day SP month SP (SP DIGIT / 2DIGIT) SP hh:mm[:ss] SP yyyy; some writers put a zone
  // name or offset before the year, or an offset after it
  private static final java.util.regex.Pattern ASCTIME_IN_LINE =
      java.util.regex.Pattern.compile(
          " ([A-Z][a-z]{2}) +([A-Z][a-z]{2}) +(\\d{1,2}) +(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
              + " +(?:([A-Z]{1,5}|[+-]\\d{4}) +)?(\\d{4})(?: +([+-]\\d{4}))?");

  private static final List<String> MONTHS =
      List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

  /**
   * The date of a From_ line (its asctime date, local time unless an offset is written), or null
   * when it has none that parses: the internal date an mbox message keeps when copied to IMAP.
   */
  public static Instant dateOf(byte[] fromLine) {
    if (fromLine == null) return null;
    java.util.regex.Matcher m =
        ASCTIME_IN_LINE.matcher(new String(fromLine, StandardCharsets.ISO_8859_1));
    if (!m.find()) return null;
    int month = MONTHS.indexOf(m.group(2)) + 1;
    if (month == 0) return null;
    try {
      java.time.LocalDateTime t =
          java.time.LocalDateTime.of(
              Integer.parseInt(m.group(8)),
              month,
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
      String offset = m.group(9) != null ? m.group(9) : m.group(7);
      if (offset != null && (offset.startsWith("+") || offset.startsWith("-"))) {
        return t.atOffset(java.time.ZoneOffset.of(offset)).toInstant();
      }
      return t.atZone(ZoneId.systemDefault()).toInstant();
    } catch (java.time.DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  /** {@code From SENDER DATE}: sender without spaces or controls, MAILER-DAEMON when empty. */
  public static byte[] fromLine(String sender, Instant date) {
    String s = sender == null ? "" : sender.strip();
    StringBuilder clean = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      clean.append(c <= ' ' || c == 0x7f ? '_' : c);
    }
    if (clean.length() == 0 || s.equals("<>")) clean = new StringBuilder("MAILER-DAEMON");
    String d = ASCTIME.format(ZonedDateTime.ofInstant(date, ZoneId.systemDefault()));
    return ("From " + clean + " " + d).getBytes(StandardCharsets.UTF_8);
  }

  /** Appends one message under the mbox locks. */
  public static void append(
      Path mbox, LockPolicy policy, String sender, Instant date, byte[] message) {
    appendAll(mbox, policy, List.of(Entry.of(sender, date, message)));
  }

  /**
   * Appends messages under one lock: all of them, or (on failure) none. A target this call created
   * is removed again when nothing could be written to it (full disk); an existing one is cut back
   * to its length before.
   */
  public static void appendAll(Path mbox, LockPolicy policy, Iterable<Entry> entries) {
    boolean existed = Files.exists(mbox, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(mbox);
    try (MailboxLock lock = MailboxLock.exclusive(mbox, policy)) {
      try {
        appendLocked(lock, entries);
      } catch (RuntimeException e) {
        if (!existed) removeIfEmpty(lock);
        throw e;
      }
    }
  }

  /** Our own new, still empty target: unlinked while still locked. */
  private static void removeIfEmpty(MailboxLock lock) {
    try {
      if (lock.channel().size() == 0) Files.deleteIfExists(lock.mailbox());
    } catch (IOException e) {
      // the error being reported is the one that matters
    }
  }

  /** Appends while the caller already holds the mailbox's lock. */
  public static void appendLocked(MailboxLock lock, Iterable<Entry> entries) {
    JournalRecovery.recover(lock); // a change killed half-way is completed first
    FileChannel ch = lock.channel();
    Path mbox = lock.mailbox();
    long original;
    try {
      original = ch.size();
    } catch (IOException e) {
      throw new IoFailureException(mbox + ": " + e.getMessage(), e);
    }
    try {
      long pos = original;
      ChannelWriter out = new ChannelWriter(ch, pos);
      out.write(separatorNeeded(ch, original));
      for (Entry e : entries) {
        writeEntry(out, e);
        lock.touch();
      }
      out.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      try {
        ch.truncate(original);
        ch.force(true);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException r && !(e instanceof java.io.UncheckedIOException)) throw r;
      throw new IoFailureException(
          mbox + ": cannot append: " + reason(e) + " (mailbox left as it was)", e);
    }
  }

  static String reason(Exception e) {
    Throwable t = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** What must precede a new From_ line so that the old content ends with an empty line. */
  static byte[] separatorNeeded(FileChannel ch, long size) throws IOException {
    if (size == 0) return new byte[0];
    ByteBuffer tail = ByteBuffer.allocate((int) Math.min(2, size));
    long at = size - tail.capacity();
    while (tail.hasRemaining()) {
      int n = ch.read(tail, at + tail.position());
      if (n < 0) break;
    }
    byte[] t = tail.array();
    if (t.length == 1) return t[0] == '\n' ? new byte[] {'\n'} : new byte[] {'\n', '\n'};
    if (t[1] != '\n') return new byte[] {'\n', '\n'};
    return t[0] == '\n' ? new byte[0] : new byte[] {'\n'};
  }

  /** Writes the From_ line, the quoted message, and the blank separator line. */
  static void writeEntry(ChannelWriter out, Entry e) throws IOException {
    out.write(e.fromLine());
    out.write('\n');
    byte[] m = e.message();
    int i = 0;
    int n = m.length;
    while (i < n) {
      int eol = i;
      while (eol < n && m[eol] != '\n') eol++;
      int lineEnd = eol; // exclusive, without LF
      if (lineEnd > i && m[lineEnd - 1] == '\r' && eol < n) lineEnd--; // CRLF → LF
      if (!e.alreadyQuoted() && isQuotableFrom(m, i, lineEnd)) out.write('>');
      out.write(m, i, lineEnd - i);
      out.write('\n');
      i = eol + 1;
    }
    out.write('\n');
  }

  /** mboxrd: {@code ^>*From } (any number of '>' then "From ") is quoted with one more '>'. */
  static boolean isQuotableFrom(byte[] m, int start, int end) {
    int i = start;
    while (i < end && m[i] == '>') i++;
    return end - i >= 5 && startsWithFrom(m, i);
  }

  private static boolean startsWithFrom(byte[] m, int i) {
    return i + 5 <= m.length
        && m[i] == 'F'
        && m[i + 1] == 'r'
        && m[i + 2] == 'o'
        && m[i + 3] == 'm'
        && m[i + 4] == ' ';
  }

  /** A small buffered writer onto a channel at an explicit position. */
  static final class ChannelWriter {
    private final FileChannel ch;
    private long pos;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);

    ChannelWriter(FileChannel ch, long pos) {
      this.ch = ch;
      this.pos = pos;
    }

    void write(int b) throws IOException {
      if (!buf.hasRemaining()) flush();
      buf.put((byte) b);
    }

    void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (!buf.hasRemaining()) flush();
        int k = Math.min(len, buf.remaining());
        buf.put(b, off, k);
        off += k;
        len -= k;
      }
    }

    void flush() throws IOException {
      buf.flip();
      while (buf.hasRemaining()) pos += ch.write(buf, pos);
      buf.clear();
    }

    long position() {
      return pos;
    }
  }
}
