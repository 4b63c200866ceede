package dev.jmail.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The raw header section of one message, as stored (bytes, folded lines, CRLF or LF), without the
 * blank line that ends it. A scan hands out one instance per message and reuses its buffer: it is
 * valid only during the visitor call; {@link #copy()} keeps it.
 */
public final class RawHeaders {
  private byte[] bytes;
  private int length;
  private boolean truncated;
  private int[] lineStarts; // offsets of the header lines when the store knows them, else null
  private int lineCount;
  private byte[] fromLine; // the mbox From_ line (no line end), else null
  private int fromLineLength;

  public RawHeaders(byte[] bytes, int length, boolean truncated) {
    set(bytes, length, truncated);
  }

  /** For stores: points this block at a new header section (reused between messages). */
  public void set(byte[] bytes, int length, boolean truncated) {
    set(bytes, length, truncated, null, 0);
  }

  /**
   * For stores that found the line starts while reading: lets field lookups jump from line to line
   * instead of scanning every byte again.
   */
  public void set(byte[] bytes, int length, boolean truncated, int[] lineStarts, int lineCount) {
    set(bytes, length, truncated, lineStarts, lineCount, null, 0);
  }

  /**
   * For mbox stores: also the message's From_ line (without its line end), for {@link
   * #envelopeSender}.
   */
  public void set(
      byte[] bytes,
      int length,
      boolean truncated,
      int[] lineStarts,
      int lineCount,
      byte[] fromLine,
      int fromLineLength) {
    this.bytes = bytes;
    this.length = length;
    this.truncated = truncated;
    this.lineStarts = lineStarts;
    this.lineCount = lineCount;
    this.fromLine = fromLine;
    this.fromLineLength = fromLine == null ? 0 : fromLineLength;
  }

  /**
   * The sender of the mbox From_ line, as ISO-8859-1 so every byte survives; null when the store
   * has no From_ line (Maildir) or it names none. mailx shows it when a message has no From.
   *
   * <pre>
   * From_ line (mbox(5)) = "From " envelope-sender SP asctime-date ...
   * </pre>
   *
   * The sender is the first word: writers (Postfix, procmail, s-nail, Python's mailbox, jmail) put
   * no blank in it; a quoted local part ({@code "a b"@host}) is kept whole.
   */
  public String envelopeSender() {
    if (fromLine == null) return null;
    int start = senderStart();
    int end = senderEnd(start);
    return end > start
        ? new String(fromLine, start, end - start, StandardCharsets.ISO_8859_1)
        : null;
  }

  /**
   * The date of the mbox From_ line as written (ISO-8859-1), without the sender: usually asctime
   * ({@code Mon Jan 1 09:08:07 2024}), which some writers give a zone ({@code CET}, {@code +0100})
   * or a {@code remote from host} tail; null when the store has no From_ line or it has no date.
   * mailx, s-nail and mutt show it for a message whose Date field is missing or unparseable.
   */
  public String envelopeDate() {
    if (fromLine == null) return null;
    int i = senderEnd(senderStart());
    int end = fromLineLength;
    while (end > i && (fromLine[end - 1] == '\r' || fromLine[end - 1] == '\n')) end--;
    while (i < end && (fromLine[i] == ' ' || fromLine[i] == '\t')) i++;
    return i < end ? new String(fromLine, i, end - i, StandardCharsets.ISO_8859_1) : null;
  }

  private int senderStart() {
    int i = 5; // "From "
    while (i < fromLineLength && (fromLine[i] == ' ' || fromLine[i] == '\t')) i++;
    return i;
  }

  private int senderEnd(int i) {
    boolean quoted = false;
    for (; i < fromLineLength; i++) {
      byte c = fromLine[i];
      if (c == '"') quoted = !quoted;
      else if (!quoted && (c == ' ' || c == '\t' || c == '\r')) break;
      else if (c == '\r' || c == '\n') break;
    }
    return i;
  }

  /** Offsets of the lines, copied (null when unknown). */
  public int[] lineStartsCopy() {
    return lineStarts == null ? null : Arrays.copyOf(lineStarts, lineCount);
  }

  /** The mbox From_ line (without its line end), copied; null when there is none. */
  public byte[] fromLineCopy() {
    return fromLine == null ? null : Arrays.copyOf(fromLine, fromLineLength);
  }

  /** The backing array; only the first {@link #length()} bytes are the header. */
  public byte[] bytes() {
    return bytes;
  }

  public int length() {
    return length;
  }

  /** True when the header section was longer than the scan keeps (1 MiB) and was cut. */
  public boolean truncated() {
    return truncated;
  }

  public RawHeaders copy() {
    RawHeaders h = new RawHeaders(Arrays.copyOf(bytes, length), length, truncated);
    int[] ls = lineStartsCopy();
    byte[] fl = fromLineCopy();
    h.set(h.bytes, length, truncated, ls, ls == null ? 0 : ls.length, fl, fromLineLength);
    return h;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  /**
   * The raw value of the first field called {@code name} (case-insensitive), unfolded (CR/LF of
   * continuation lines removed, RFC 5322 2.2.3), as ISO-8859-1 so every byte survives; null when
   * absent. Decoding (RFC 2047, UTF-8 headers) is the renderer's job.
   */
  public String field(String name) {
    int n = name.length();
    int i = 0;
    while (i < length) {
      // i is at a line start
      int value = i + n < length ? valueStart(i + n) : -1;
      if (value >= 0 && matches(i, name)) {
        return unfold(value);
      }
      if (!isHeaderLine(bytes, i, length)) return null; // the header section ends here
      i = nextLine(i);
    }
    return null;
  }

  private static final int MAX_NAME = 998; // RFC 5322 2.1.1: no line, so no field name, is longer

  /**
   * Whether the line at {@code at} (bytes up to {@code end}) belongs to the header section: the one
   * rule of {@code list} and {@code read}, as mutt and Python's {@code email} read headers.
   *
   * <pre>
   * RFC 5322 2.2:  header-field = field-name ":" unstructured CRLF ; continuation lines start with WSP
   *                field-name   = 1*ftext  (printable US-ASCII except ":")
   * RFC 5322 4.5:  obsolete fields allow WSP before the ":"
   * </pre>
   *
   * Also kept as header: {@code From } and {@code >From } lines (an envelope line some stores keep
   * on top). Any other line (no colon, a blank before the name, 8-bit bytes in the name) ends the
   * section: it is the first line of the body.
   */
  public static boolean isHeaderLine(byte[] b, int at, int end) {
    if (at >= end) return false;
    byte c = b[at];
    if (c == ' ' || c == '\t') return true; // continuation
    int limit = Math.min(end, at + MAX_NAME + 2);
    int i = at;
    while (i < limit && b[i] > ' ' && b[i] < 0x7f && b[i] != ':') i++; // 8-bit bytes are negative
    if (i > at) {
      while (i < limit && (b[i] == ' ' || b[i] == '\t')) i++;
      if (i < limit && b[i] == ':') return true;
    }
    int f = c == '>' ? at + 1 : at;
    return f + 5 <= end
        && b[f] == 'F'
        && b[f + 1] == 'r'
        && b[f + 2] == 'o'
        && b[f + 3] == 'm'
        && b[f + 4] == ' ';
  }

  /** Field names prepared once for {@link #fields(Names)}: lookups run once per listed message. */
  public static final class Names {
    private final byte[][] lower;

    private Names(String... names) {
      lower = new byte[names.length][];
      for (int k = 0; k < names.length; k++) {
        lower[k] =
            names[k].toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
      }
    }
  }

  public static Names names(String... names) {
    return new Names(names);
  }

  /**
   * The raw values of several fields in one pass over the header: {@code values[i]} is the first
   * field called {@code names[i]} (case-insensitive), unfolded as in {@link #field}, or null.
   * Lookups stop where {@link #isHeaderLine} ends the section, as {@code read} does.
   */
  public String[] fields(Names names) {
    final byte[][] lower = names.lower;
    String[] values = new String[lower.length];
    final byte[] b = bytes;
    int found = 0;
    int i = 0;
    int line = 0;
    while (i < length && found < lower.length) {
      int first = b[i] | 0x20; // ASCII lower case; continuation lines start with a blank
      if (b[i] != ' ' && b[i] != '\t') {
        boolean matched = false;
        for (int k = 0; k < lower.length; k++) {
          byte[] name = lower[k];
          if (name[0] != first || values[k] != null) continue;
          int n = name.length;
          int value = i + n < length ? valueStart(i + n) : -1;
          if (value >= 0 && matchesLower(i, name)) {
            values[k] = unfold(value);
            found++;
            matched = true;
            break;
          }
        }
        // a field we looked for is a header line; any other line is checked (its name only)
        if (!matched && !isHeaderLine(b, i, length)) break;
      }
      if (lineStarts != null) {
        line++;
        i = line < lineCount ? lineStarts[line] : length;
      } else {
        i = nextLine(i);
      }
    }
    return values;
  }

  /**
   * Where the value starts when a field name ends at {@code at}: after the colon, which RFC 5322
   * 4.5 (obs-optional, obs-from, ...) lets follow blanks ({@code "Subject :"}); -1 when there is
   * none.
   */
  private int valueStart(int at) {
    if (bytes[at] == ':') return at + 1;
    int i = at;
    while (i < length && (bytes[i] == ' ' || bytes[i] == '\t')) i++;
    return i > at && i < length && bytes[i] == ':' ? i + 1 : -1;
  }

  private boolean matchesLower(int at, byte[] lowerName) {
    for (int k = 1; k < lowerName.length; k++) {
      int c = bytes[at + k];
      if (c >= 'A' && c <= 'Z') c |= 0x20;
      if (c != lowerName[k]) return false;
    }
    return true;
  }

  private boolean matches(int at, String name) {
    for (int k = 0; k < name.length(); k++) {
      int b = bytes[at + k] & 0xff;
      int c = name.charAt(k);
      if (b != c && Character.toLowerCase(b) != Character.toLowerCase(c)) return false;
    }
    return true;
  }

  /**
   * The start of the line after the one at {@code i}. Summaries look up a few fields in every
   * message's header, so LFs are found eight bytes at a time (SWAR, as in MboxScanner).
   */
  private int nextLine(int i) {
    final byte[] b = bytes;
    final int end = length;
    for (; i + 8 <= end; i += 8) {
      long lfs = Swar.matches(Swar.word(b, i), LFS);
      if (lfs != 0) return i + Swar.firstByte(lfs) + 1;
    }
    while (i < end && b[i] != '\n') i++;
    return i + 1;
  }

  private static final long LFS = Swar.pattern('\n');

  private String unfold(int from) {
    int e = from;
    while (e < length && bytes[e] != '\n' && bytes[e] != '\r') e++;
    boolean continued =
        e + 1 < length && bytes[e] == '\n' && (bytes[e + 1] == ' ' || bytes[e + 1] == '\t');
    boolean crContinued =
        e + 2 < length
            && bytes[e] == '\r'
            && bytes[e + 1] == '\n'
            && (bytes[e + 2] == ' ' || bytes[e + 2] == '\t');
    if (!continued && !crContinued) {
      // one line, the common case: stripped as String.strip() would, before the one copy
      int s = from;
      while (s < e && latin1Space(bytes[s])) s++;
      while (e > s && latin1Space(bytes[e - 1])) e--;
      return new String(bytes, s, e - s, StandardCharsets.ISO_8859_1);
    }
    StringBuilder b = new StringBuilder();
    int i = from;
    while (i < length) {
      byte c = bytes[i];
      if (c == '\n') {
        if (i + 1 < length && (bytes[i + 1] == ' ' || bytes[i + 1] == '\t')) {
          i++;
          continue;
        }
        break;
      }
      if (c != '\r') b.append((char) (c & 0xff));
      i++;
    }
    return b.toString().strip();
  }

  /**
   * {@link Character#isWhitespace} of a byte read as ISO-8859-1 (what {@link String#strip} strips
   * of such a string): TAB to CR, the four separators U+001C to U+001F, and SPACE; not NBSP.
   */
  static boolean latin1Space(byte c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }
}
