package dev.jmail.store.mbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Finds whether a stretch of an mbox holds a line that {@link FromUnquotingInputStream} changes.
 */
final class FromQuoting {
  private FromQuoting() {}

  private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};
  private static final int LINE_START = -2, MID_LINE = -1, QUOTES = 0; // >0: "From " matched so far

  /**
   * True when bytes [from, to) of the channel hold a line starting {@code >+From } (mboxrd quoting,
   * any depth); {@code from} is a line start. One pass, a 64 KiB buffer.
   */
  static boolean hasQuotedLine(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    byte[] b = buf.array();
    int state = LINE_START;
    long pos = from;
    while (pos < to) {
      buf.clear();
      buf.limit((int) Math.min(b.length, to - pos));
      int n = ch.read(buf, pos);
      if (n <= 0) return false; // the file shrank: nothing more to un-quote
      pos += n;
      for (int i = 0; i < n; i++) {
        byte c = b[i];
        if (state == MID_LINE) {
          // the common case: skip to the next line
          while (i < n && b[i] != '\n') i++;
          if (i < n) state = LINE_START;
          continue;
        }
        if (c == '\n') {
          state = LINE_START;
        } else if (state == LINE_START) {
          state = c == '>' ? QUOTES : MID_LINE;
        } else if (state == QUOTES) {
          state = c == '>' ? QUOTES : c == 'F' ? 1 : MID_LINE;
        } else if (c == FROM[state]) {
          if (++state == FROM.length) return true;
        } else {
          state = MID_LINE;
        }
      }
    }
    return false;
  }
}
