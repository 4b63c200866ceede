package dev.jmail.store.mbox;

import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.RawHeaders;
import dev.jmail.message.Swar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Splits an mbox into messages in one streaming pass over large chunks, keeping only the header
 * section of the current message.
 *
 * <p>Boundary rule (mboxo/mboxrd, as mutt, s-nail and Python's {@code mailbox}): a message starts
 * at a line beginning with {@code "From "} that is at the start of the file or follows an empty
 * line ({@code LF} or {@code CRLF}). The empty line before a From_ line is the separator, not part
 * of the message. A file whose first line is not a From_ line is not an mbox.
 */
final class MboxScanner {
  static final int CHUNK = 1 << 20;

  /** Header sections longer than this are cut (the rest of the message is still scanned). */
  static final int MAX_HEADER = 1 << 20;

  /** Receives each message's offsets, line count and header bytes. */
  interface Sink {
    void message(
        long start,
        long contentStart,
        long contentEnd,
        long end,
        long lines,
        byte[] header,
        int headerLength,
        boolean headerTruncated,
        int[] headerLineStarts,
        int headerLines,
        byte[] fromLine,
        int fromLineLength);
  }

  /** A message as {@link #into} hands it over: its offsets and its header block, loaded. */
  interface BlockSink {
    void message(
        long start, long contentStart, long contentEnd, long end, long lines, RawHeaders block);
  }

  /**
   * A sink that loads each message's header lines and From_ line into {@code block} (one object,
   * reused: copy what must outlive the call) and then hands it to {@code then}.
   */
  static Sink into(RawHeaders block, BlockSink then) {
    return (start,
        contentStart,
        contentEnd,
        end,
        lines,
        header,
        headerLength,
        truncated,
        lineStarts,
        headerLines,
        fromLine,
        fromLineLength) -> {
      block.set(header, headerLength, truncated, lineStarts, headerLines, fromLine, fromLineLength);
      then.message(start, contentStart, contentEnd, end, lines, block);
    };
  }

  /** A message as {@link #entries} hands it over: numbered and located, with its header block. */
  interface EntrySink {
    void message(MessageEntry entry, RawHeaders block);
  }

  /**
   * A sink that numbers the messages from {@code first} on and hands each one's entry and header
   * block (one object, reused: copy what must outlive the call) to {@code then}.
   */
  static Sink entries(int first, EntrySink then) {
    int[] number = {first};
    return into(
        new RawHeaders(new byte[0], 0, false),
        (start, contentStart, contentEnd, end, lines, block) ->
            then.message(
                new MessageEntry(
                    number[0]++,
                    new MessageLocation.Mbox(start, contentStart, contentEnd, end),
                    contentEnd - contentStart,
                    lines,
                    StatusHeaders.decode(block)),
                block));
  }

  /** Thrown when the first line is not a From_ line. */
  static final class NotMboxException extends Exception {
    NotMboxException() {
      super("not an mbox", null, false, false);
    }
  }

  private static final int FROM_LINE = 0, HEADER = 1, BODY = 2;

  private final FileChannel channel;
  private final byte[] buf;
  private final ByteBuffer bb;
  private long base; // file offset of buf[0]
  private int pos;
  private int lim;
  private boolean eof;

  private byte[] header = new byte[8192];
  private int[] lineStarts = new int[64];
  private int headerLines;
  private int headerLength;
  private boolean headerTruncated;

  /** The current message's From_ line (without its line end), cut at {@link #MAX_FROM_LINE}. */
  private final byte[] fromLine = new byte[MAX_FROM_LINE];

  private int fromLineLength;
  static final int MAX_FROM_LINE = 1024;

  private final long end; // scan stops here (treated as the end of the file)

  MboxScanner(FileChannel channel, int chunkSize) {
    this(channel, chunkSize, 0, Long.MAX_VALUE);
  }

  /** Scans [from, to) only; {@code from} must be the start of a From_ line (or 0). */
  MboxScanner(FileChannel channel, int chunkSize, long from, long to) {
    this.channel = channel;
    this.buf = new byte[Math.max(chunkSize, 12)]; // 3 bytes of look-back + a From_ check
    this.bb = ByteBuffer.wrap(buf);
    this.base = from;
    this.end = to;
  }

  MboxScanner(FileChannel channel) {
    this(channel, CHUNK);
  }

  void scan(Sink sink) throws IOException, NotMboxException {
    fill();
    if (lim == 0) return;
    if (!isFrom(pos)) throw new NotMboxException();

    int state = FROM_LINE;
    long start = base, contentStart = base, lines = 0;
    boolean prevBlank = false;
    long prevLineStart = 0;

    while (true) {
      if (lim - pos < 6 && !eof) fill();
      if (pos >= lim) break;
      long lineStart = base + pos;
      if (prevBlank && state != FROM_LINE && isFrom(pos)) {
        // the blank line before this one is the separator
        sink.message(
            start,
            contentStart,
            prevLineStart,
            lineStart,
            lines - 1,
            header,
            headerLength,
            headerTruncated,
            lineStarts,
            headerLines,
            fromLine,
            fromLineLength);
        start = lineStart;
        fromLineLength = 0;
        state = FROM_LINE;
        lines = 0;
        headerLength = 0;
        headerLines = 0;
        headerTruncated = false;
      }
      if (state == BODY && !eof && lim - pos > 64) {
        // fast path through the body: count LFs, stop at a From_ line after a blank line
        int to = lim - 8;
        int hit = skipBody(pos, to);
        if (hit >= 0) {
          lines += skipCount;
          prevBlank = true;
          prevLineStart = base + (hit >= 2 && buf[hit - 2] == '\r' ? hit - 2 : hit - 1);
          pos = hit;
          continue;
        }
        int lastNl = to - 1;
        while (lastNl >= pos && buf[lastNl] != '\n') lastNl--;
        if (lastNl >= pos) {
          lines += countTo(skipCount, lastNl + 1, to);
          prevBlank = blankLineEndingAt(lastNl, pos);
          prevLineStart =
              base + (prevBlank && lastNl > pos && buf[lastNl - 1] == '\r' ? lastNl - 1 : lastNl);
          if (!prevBlank) prevLineStart = -1; // only used when blank
          pos = lastNl + 1;
          continue;
        }
        // no LF in the whole buffer: a very long line, consumed below
      }
      if (state == HEADER && !headerTruncated) {
        if (headerLines == lineStarts.length)
          lineStarts = Arrays.copyOf(lineStarts, headerLines * 2);
        lineStarts[headerLines++] = headerLength;
      }
      // consume one line
      long lineLength = 0;
      byte last = 0;
      int seg = pos;
      while (true) {
        final byte[] b = buf;
        final int l = lim;
        int nl = indexOfLf(b, seg, l);
        if (nl >= 0) {
          if (state == HEADER) appendHeader(seg, nl + 1 - seg);
          else if (state == FROM_LINE) appendFromLine(seg, nl - seg);
          lineLength += nl - seg;
          if (nl > seg) last = b[nl - 1];
          pos = nl + 1;
          break;
        }
        if (state == HEADER) appendHeader(seg, l - seg);
        else if (state == FROM_LINE) appendFromLine(seg, l - seg);
        lineLength += l - seg;
        if (l > seg) last = b[l - 1];
        pos = l;
        if (eof) break;
        fill();
        seg = pos;
        if (pos >= lim) break;
      }
      boolean blank = lineLength == 0 || (lineLength == 1 && last == '\r');
      if (state == FROM_LINE) {
        contentStart = base + pos;
        state = HEADER;
        blank = false; // a From_ line is never a separator
      } else {
        lines++;
        if (state == HEADER && blank) {
          headerLength -= (int) Math.min(headerLength, lineLength + 1);
          if (headerLines > 0 && !headerTruncated) headerLines--; // the blank line is not a header
          state = BODY;
        }
      }
      prevBlank = blank;
      prevLineStart = lineStart;
    }
    long fileEnd = base + lim;
    if (state == FROM_LINE) contentStart = fileEnd; // a lone From_ line at the end of the file
    long contentEnd = prevBlank ? prevLineStart : fileEnd;
    sink.message(
        start,
        contentStart,
        Math.max(contentStart, contentEnd),
        fileEnd,
        prevBlank ? lines - 1 : lines,
        header,
        headerLength,
        headerTruncated,
        lineStarts,
        headerLines,
        fromLine,
        fromLineLength);
  }

  /** The first LF in [from, to), or -1 (header lines are scanned here). */
  private static int indexOfLf(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long lfs = Swar.matches(Swar.word(b, i), LFS);
      if (lfs != 0) return i + Swar.firstByte(lfs);
    }
    for (; i < to; i++) if (b[i] == '\n') return i;
    return -1;
  }

  private long skipCount;

  /**
   * Scans [from, to) counting LFs into {@link #skipCount}; returns the index of a line start after
   * {@code from} that begins with "From " and follows a blank line, or -1. Most bytes of an mbox
   * are body text and this loop is the cost of listing a large one, so it looks at eight bytes at a
   * time ({@link Swar}), and visits the LFs of a word one by one only when one of them is followed
   * by an 'F'.
   */
  private int skipBody(int from, int to) {
    final byte[] b = buf;
    long count = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = Swar.word(b, i);
      long lfs = Swar.matches(w, LFS);
      if (lfs == 0) continue;
      // an LF followed by 'F', in this word or (LF last) at the first byte of the next: rare
      // outside From_ lines, so most words just add their LFs to the count
      long lfF = (lfs << 8) & Swar.matches(w, FS);
      if (lfF == 0 && (lfs >= 0 || b[i + 8] != 'F')) {
        count += Swar.count(lfs);
        continue;
      }
      while (lfs != 0) {
        int j = i + Swar.firstByte(lfs);
        count++;
        if (b[j + 1] == 'F' && isFrom(j + 1) && blankLineEndingAt(j, from)) {
          skipCount = count;
          return j + 1;
        }
        lfs &= lfs - 1;
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        count++;
        if (b[i + 1] == 'F' && isFrom(i + 1) && blankLineEndingAt(i, from)) {
          skipCount = count;
          return i + 1;
        }
      }
    }
    skipCount = count;
    return -1;
  }

  private static final long LFS = Swar.pattern('\n');
  private static final long FS = Swar.pattern('F');

  /** The LFs counted in [.., to) minus those in [end, to): the count up to {@code end}. */
  private long countTo(long countToLimit, int end, int to) {
    long extra = 0;
    for (int i = end; i < to; i++) if (buf[i] == '\n') extra++;
    return countToLimit - extra;
  }

  /**
   * Is the line ending at the LF at {@code nl} empty (or a lone CR)? {@code lineStartMin} is a line
   * start.
   */
  private boolean blankLineEndingAt(int nl, int lineStartMin) {
    if (nl == lineStartMin) return true;
    if (nl < 1) return false;
    if (buf[nl - 1] == '\n') return true;
    return buf[nl - 1] == '\r' && (nl - 1 == lineStartMin || (nl >= 2 && buf[nl - 2] == '\n'));
  }

  private boolean isFrom(int p) {
    return lim - p >= 5
        && buf[p] == 'F'
        && buf[p + 1] == 'r'
        && buf[p + 2] == 'o'
        && buf[p + 3] == 'm'
        && buf[p + 4] == ' ';
  }

  private void appendHeader(int from, int len) {
    if (headerTruncated || len == 0) return;
    int room = MAX_HEADER - headerLength;
    if (len > room) {
      len = room;
      headerTruncated = true;
    }
    if (headerLength + len > header.length) {
      header =
          Arrays.copyOf(
              header, Math.min(MAX_HEADER, Math.max(header.length * 2, headerLength + len)));
    }
    System.arraycopy(buf, from, header, headerLength, len);
    headerLength += len;
  }

  private void appendFromLine(int from, int len) {
    int n = Math.min(len, MAX_FROM_LINE - fromLineLength);
    if (n <= 0) return;
    System.arraycopy(buf, from, fromLine, fromLineLength, n);
    fromLineLength += n;
  }

  /** Moves the unconsumed bytes to the front and reads more. */
  private void fill() throws IOException {
    int keep = Math.min(pos, 3); // bytes before pos stay: blank-line checks look back
    int from = pos - keep;
    if (from > 0) {
      System.arraycopy(buf, from, buf, 0, lim - from);
      base += from;
      lim -= from;
      pos = keep;
    }
    while (lim < buf.length && !eof) {
      long room = end - (base + lim);
      if (room <= 0) {
        eof = true;
        break;
      }
      bb.limit((int) Math.min(buf.length, lim + room)).position(lim);
      int n = channel.read(bb, base + lim);
      if (n < 0) eof = true;
      else lim += n;
    }
  }
}
