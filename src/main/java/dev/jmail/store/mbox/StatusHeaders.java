package dev.jmail.store.mbox;

import dev.jmail.message.Flag;
import dev.jmail.message.RawHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The mbox flag headers, read and written in this one place (mutt, s-nail, Python's {@code mailbox}
 * and Dovecot read the same letters):
 *
 * <pre>
 * Status:   R = seen, O = old (no longer new); no header = new
 * X-Status: A = answered, F = flagged, T = draft, D = deleted
 * </pre>
 */
public final class StatusHeaders {
  private StatusHeaders() {}

  private static final RawHeaders.Names FIELDS = RawHeaders.names("Status", "X-Status");

  /** The flags a message's header block stores. */
  public static Set<Flag> decode(RawHeaders h) {
    EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
    String[] v = h.fields(FIELDS);
    String status = v[0];
    if (status == null) {
      f.add(Flag.NEW);
    } else {
      if (status.indexOf('R') >= 0) f.add(Flag.SEEN);
      if (status.indexOf('O') < 0 && status.indexOf('R') < 0) f.add(Flag.NEW);
    }
    String x = v[1];
    if (x != null) {
      if (x.indexOf('A') >= 0) f.add(Flag.ANSWERED);
      if (x.indexOf('F') >= 0) f.add(Flag.FLAGGED);
      if (x.indexOf('D') >= 0) f.add(Flag.DELETED);
      if (x.indexOf('T') >= 0) f.add(Flag.DRAFT);
    }
    return f;
  }

  /** {@code Status:} value for {@code f}; "" = new (no header). */
  static String status(Set<Flag> f) {
    StringBuilder s = new StringBuilder();
    if (f.contains(Flag.SEEN)) s.append('R');
    if (f.contains(Flag.SEEN) || !f.contains(Flag.NEW)) s.append('O');
    return s.toString();
  }

  /** {@code X-Status:} value for {@code f}. */
  static String xStatus(Set<Flag> f) {
    StringBuilder s = new StringBuilder();
    if (f.contains(Flag.ANSWERED)) s.append('A');
    if (f.contains(Flag.FLAGGED)) s.append('F');
    if (f.contains(Flag.DRAFT)) s.append('T');
    if (f.contains(Flag.DELETED)) s.append('D');
    return s.toString();
  }

  /** True when {@code want} would be stored exactly as {@code have} is (mbox knows no more). */
  static boolean sameStored(Set<Flag> have, Set<Flag> want) {
    return status(have).equals(status(want)) && xStatus(have).equals(xStatus(want));
  }

  /**
   * The header section without its Status and X-Status fields (continuation lines included), with
   * the new ones appended, keeping the section's line ending style. The section ends at the first
   * line that is not a header line ({@link RawHeaders#isHeaderLine}), where readers stop looking
   * for flags: the new fields go before it and the lines from there on (text, to every reader) are
   * kept as they are.
   */
  static byte[] replace(byte[] header, Set<Flag> flags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + 40);
    boolean crlf = false;
    boolean skipping = false;
    int i = 0;
    while (i < header.length) {
      if (!RawHeaders.isHeaderLine(header, i, header.length)) break;
      int eol = i;
      while (eol < header.length && header[eol] != '\n') eol++;
      int next = Math.min(header.length, eol + 1);
      boolean continuation = header[i] == ' ' || header[i] == '\t';
      if (!continuation)
        skipping = isField(header, i, eol, "status") || isField(header, i, eol, "x-status");
      if (eol > i && header[eol - 1] == '\r') crlf = true;
      if (!skipping) {
        out.write(header, i, next - i);
        if (next == header.length && eol == header.length)
          out.write('\n'); // header without final LF
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
