package dev.jmail.render;

import dev.jmail.message.RawHeaders;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.SharedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multipart body into its parts, in one pass, keeping each part a window of the shared
 * source (nothing is copied). Written here rather than left to Jakarta Mail's {@code
 * MimeMultipart}, which drops text of broken mail silently: a part whose header section never ends
 * before the file does is left out, and a part whose header section holds a line that is not a
 * field swallows everything up to the next blank line, boundaries included.
 *
 * <pre>
 * RFC 2046 5.1.1:  multipart-body := [preamble CRLF]
 *                                    dash-boundary transport-padding CRLF
 *                                    body-part *encapsulation
 *                                    close-delimiter transport-padding
 *                                    [CRLF epilogue]
 *                  dash-boundary  := "--" boundary
 *                  encapsulation  := delimiter transport-padding CRLF body-part
 *                  delimiter      := CRLF dash-boundary      ; the line end before it belongs to it
 *                  close-delimiter := delimiter "--"
 *                  transport-padding := *LWSP-char
 *                  body-part := MIME-part-headers [CRLF *OCTET]
 * </pre>
 *
 * A delimiter line is the boundary and blanks only, as Python's {@code email} and mutt match it
 * (RFC 2046 5.1.1 also counts a line that only starts with it). Tolerated as they read them: LF
 * line ends, a part whose header section holds a line that is not a field (the section ends there
 * and the line is text, as at the top of a message: {@link HeaderSectionEnd}), and a missing
 * close-delimiter (the last part runs to the end: {@link #closed()} is false so the reader can say
 * so).
 */
final class Rfc2046Multipart {
  private static final int LINE_PREFIX = 1024; // a field name is at most 998 bytes (RFC 5322 2.1.1)

  private final List<MimeBodyPart> parts;
  private final boolean started;
  private final boolean closed;
  private final long skipped;

  private Rfc2046Multipart(
      List<MimeBodyPart> parts, boolean started, boolean closed, long skipped) {
    this.parts = parts;
    this.started = started;
    this.closed = closed;
    this.skipped = skipped;
  }

  /** How many parts after the first {@code limit} were counted but not kept. */
  long skipped() {
    return skipped;
  }

  /** The body parts, in order. */
  List<MimeBodyPart> parts() {
    return parts;
  }

  /**
   * False when no line of the body is the dash-boundary before the close-delimiter: there are no
   * parts, only text.
   */
  boolean started() {
    return started;
  }

  /** False when the close-delimiter is missing (the last part ran to the end of the body). */
  boolean closed() {
    return closed;
  }

  /** Splits {@code body} (a multipart's raw content) at the lines of {@code boundary}. */
  static Rfc2046Multipart split(InputStream body, String boundary)
      throws IOException, MessagingException {
    return split(body, boundary, Integer.MAX_VALUE);
  }

  /**
   * Splits {@code body} at the lines of {@code boundary}, keeping the first {@code limit} parts and
   * only counting the others ({@link #skipped()}).
   */
  static Rfc2046Multipart split(InputStream body, String boundary, int limit)
      throws IOException, MessagingException {
    SharedInputStream shared =
        body instanceof SharedInputStream s
            ? s
            : new jakarta.mail.util.SharedByteArrayInputStream(body.readAllBytes());
    byte[] dash = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] line = new byte[Math.max(LINE_PREFIX, dash.length + 64)];
    List<MimeBodyPart> parts = new ArrayList<>();
    boolean started = false;
    long partStart = -1; // the open part's first byte, -1 before the first delimiter
    long misplaced = -1; // the open part's first line that is not a header field
    boolean inHeaders = false;
    int previousEnd = 0; // length of the line end before this line (it belongs to a delimiter)
    long skipped = 0;
    try (InputStream in = shared.newStream(0, -1);
        LineReader lines = new LineReader(in, line)) {
      long offset = 0;
      while (true) {
        long total = lines.next();
        if (total < 0) break;
        int kept = lines.kept();
        int delimiter = delimiter(line, kept, total, dash);
        if (delimiter == 2 && partStart < 0) {
          break; // closed before it started: no parts, as Python and mutt read it
        } else if (delimiter > 0) {
          if (partStart >= 0 && parts.size() >= limit) {
            skipped++;
          } else if (partStart >= 0) {
            parts.add(
                part(shared, partStart, Math.max(partStart, offset - previousEnd), misplaced));
          }
          started = true;
          if (delimiter == 2) {
            return new Rfc2046Multipart(parts, true, true, skipped);
          }
          partStart = offset + total;
          misplaced = -1;
          inHeaders = true;
        } else if (inHeaders) {
          if (isBlank(line, kept)) {
            inHeaders = false;
          } else if (!RawHeaders.isHeaderLine(line, 0, kept)) {
            misplaced = offset;
            inHeaders = false;
          }
        }
        previousEnd = lines.ending();
        offset += total;
      }
      if (partStart >= 0 && parts.size() >= limit) skipped++;
      else if (partStart >= 0) parts.add(part(shared, partStart, offset, misplaced));
    }
    return new Rfc2046Multipart(parts, started, false, skipped);
  }

  /**
   * 1 when the line is a delimiter, 2 when it is the close-delimiter, else 0: {@code dash}, an
   * optional {@code --}, then only blanks up to the line end (transport-padding).
   */
  private static int delimiter(byte[] line, int kept, long total, byte[] dash) {
    if (kept < dash.length || kept < total) return 0; // a longer line than a delimiter can be
    for (int i = 0; i < dash.length; i++) if (line[i] != dash[i]) return 0;
    int i = dash.length;
    boolean close = i + 1 < kept && line[i] == '-' && line[i + 1] == '-';
    if (close) i += 2;
    while (i < kept && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i < kept && line[i] == '\r') i++;
    if (i < kept && line[i] == '\n') i++;
    return i == kept ? (close ? 2 : 1) : 0;
  }

  private static boolean isBlank(byte[] line, int kept) {
    return kept > 0 && (line[0] == '\n' || (line[0] == '\r' && kept > 1 && line[1] == '\n'));
  }

  /** Bytes [start, end) as a body part; its header section ends at {@code misplaced} when set. */
  private static MimeBodyPart part(SharedInputStream shared, long start, long end, long misplaced)
      throws MessagingException, IOException {
    if (misplaced < 0) return new MimeBodyPart(shared.newStream(start, end));
    try (InputStream headers = shared.newStream(start, misplaced)) {
      return new SplitPart(new InternetHeaders(headers), shared.newStream(misplaced, end));
    }
  }

  /** A part whose header section ended at a line that is not a field; that line starts its body. */
  private static final class SplitPart extends MimeBodyPart {
    SplitPart(InternetHeaders headers, InputStream content) {
      this.headers = headers;
      this.contentStream = content;
    }
  }

  /**
   * Lines of a stream: each one's first bytes copied into the caller's array (enough to tell a
   * delimiter or a field), the rest only counted, so a 1 MB line costs no more than a short one.
   */
  private static final class LineReader implements AutoCloseable {
    private final InputStream in;
    private final byte[] line;
    private final byte[] buf;
    private int pos;
    private int length;
    private int kept;
    private int ending;

    LineReader(InputStream in, byte[] line) throws IOException {
      this.in = in;
      this.line = line;
      // no larger than the body: a message of many small multiparts allocates little
      this.buf = new byte[Math.max(1, Math.min(1 << 16, in.available()))];
    }

    /** Reads the next line (with its end); its length, or -1 at the end of the stream. */
    long next() throws IOException {
      kept = 0;
      ending = 0;
      long total = 0;
      byte last = 0; // the line's last byte read so far
      while (true) {
        if (pos == length) {
          length = in.read(buf, 0, buf.length);
          pos = 0;
          if (length <= 0) {
            length = 0;
            return total == 0 ? -1 : total;
          }
        }
        int from = pos;
        int lf = pos;
        while (lf < length && buf[lf] != '\n') lf++;
        int n = (lf < length ? lf + 1 : length) - pos;
        int copy = Math.min(n, line.length - kept);
        System.arraycopy(buf, pos, line, kept, copy);
        kept += copy;
        total += n;
        pos += n;
        if (lf < length) {
          // the line end, also of a line longer than the caller's array or split across reads
          ending = (lf > from ? buf[lf - 1] : last) == '\r' ? 2 : 1;
          return total;
        }
        last = buf[length - 1];
      }
    }

    /**
     * The length of the last line's end: 2 for CRLF, 1 for LF, 0 when it ran to the end of the
     * stream; the line end before a delimiter belongs to the delimiter, not to the part.
     */
    int ending() {
      return ending;
    }

    /** How many bytes of the last line are in the caller's array. */
    int kept() {
      return kept;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
