package dev.jmail.render;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a message's header section at the first line that is not a header field, as mutt and
 * Python's {@code email} do, by putting the missing blank line in front of it; the bytes are
 * otherwise passed through unchanged. Jakarta Mail would take such a line (and everything up to
 * the next blank line) as headers, and the text would vanish from the view.
 *
 * <pre>
 * RFC 5322 2.2:  header-field = field-name ":" unstructured CRLF ; continuation lines start with WSP
 *                field-name   = 1*ftext  (printable US-ASCII except ":")
 * RFC 5322 4.5:  obsolete fields allow WSP before the ":"
 * </pre>
 *
 * Kept as headers: continuation lines, {@code From } and {@code >From } lines (an envelope line
 * some stores keep on top). A message that starts with a non-header line is all body.
 */
final class HeaderSectionEnd extends FilterInputStream {
  private static final int MAX_NAME = 998; // RFC 5322 2.1.1

  private boolean inHeader = true;
  private boolean atLineStart = true;
  private final byte[] line = new byte[MAX_NAME + 2];
  private int lineLength;
  private byte[] pending; // bytes to hand out before reading on
  private int pendingPos;

  HeaderSectionEnd(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (pending != null) {
      int n = Math.min(len, pending.length - pendingPos);
      System.arraycopy(pending, pendingPos, b, off, n);
      pendingPos += n;
      if (pendingPos == pending.length) pending = null;
      return n;
    }
    if (!inHeader) return in.read(b, off, len);
    // in the header: look at each line's start before handing it out
    lineLength = 0;
    int c;
    while (lineLength < line.length && (c = in.read()) >= 0) {
      line[lineLength++] = (byte) c;
      if (c == '\n') break;
    }
    if (lineLength == 0) return -1;
    boolean complete = line[lineLength - 1] == '\n';
    if (atLineStart) {
      if (isBlank()) {
        inHeader = false;
      } else if (!isContinuation() && !isField() && !isFromLine()) {
        inHeader = false;
        boolean crlf = lineLength >= 2 && complete && line[lineLength - 2] == '\r';
        byte[] sep = crlf ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
        pending = concat(sep, line, lineLength);
        pendingPos = 0;
        return read(b, off, len);
      }
    }
    atLineStart = complete;
    pending = java.util.Arrays.copyOf(line, lineLength);
    pendingPos = 0;
    return read(b, off, len);
  }

  private static byte[] concat(byte[] a, byte[] b, int bLength) {
    byte[] out = new byte[a.length + bLength];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, bLength);
    return out;
  }

  private boolean isBlank() {
    return line[0] == '\n' || (line[0] == '\r' && lineLength > 1 && line[1] == '\n');
  }

  private boolean isContinuation() {
    return line[0] == ' ' || line[0] == '\t';
  }

  private boolean isFromLine() {
    int at = line[0] == '>' ? 1 : 0;
    return lineLength >= at + 5 && line[at] == 'F' && line[at + 1] == 'r' && line[at + 2] == 'o'
        && line[at + 3] == 'm' && line[at + 4] == ' ';
  }

  /** {@code field-name *WSP ":"} at the start of the line. */
  private boolean isField() {
    int i = 0;
    while (i < lineLength && line[i] > ' ' && line[i] < 0x7f && line[i] != ':') i++;
    if (i == 0) return false;
    while (i < lineLength && (line[i] == ' ' || line[i] == '\t')) i++;
    return i < lineLength && line[i] == ':';
  }

  @Override
  public long skip(long n) throws IOException {
    long done = 0;
    byte[] buf = new byte[8192];
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) break;
      done += r;
    }
    return done;
  }

  @Override
  public int available() throws IOException {
    return pending != null ? pending.length - pendingPos : inHeader ? 0 : in.available();
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
