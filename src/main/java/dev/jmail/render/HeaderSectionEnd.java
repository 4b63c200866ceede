package dev.jmail.render;

import dev.jmail.message.RawHeaders;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.SharedInputStream;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Ends a message's header section at the first line that is not a header field, as mutt and
 * Python's {@code email} do: the fields before it are the headers, and that line and everything
 * after it the body, byte for byte. Jakarta Mail would take such a line (and everything up to the
 * next blank line) as headers, and the text would vanish from the view.
 *
 * <p>Which lines are header lines is {@link RawHeaders#isHeaderLine}, the rule {@code list} uses
 * too (continuation lines, {@code name *WSP ":"}, {@code From }/{@code >From } lines). A message
 * that starts with a non-header line is all body.
 *
 * <p>{@link #parse} is the way in: a message read from a shared stream (a window of the mailbox
 * file) must stay one, or Jakarta Mail would copy its whole content into the heap; so the header
 * section is checked first and, only when a line is out of place, split there by offsets. (Every
 * caller passes a shared stream; any other stream is read into the heap first.)
 *
 * <p>A message is parsed as a {@link MimeBodyPart}, which reads the header section and keeps the
 * content exactly as {@code MimeMessage(Session, InputStream)} does, without what a {@code
 * MimeMessage} costs every {@code read} before its first byte: a {@code Session} (the provider
 * files of every jar on the class path, java.util.logging) and the {@code SimpleDateFormat} of its
 * class initialiser (the locale data).
 */
final class HeaderSectionEnd {
  private static final int MAX_NAME = 998; // RFC 5322 2.1.1

  private HeaderSectionEnd() {}

  /**
   * The header section handed to Jakarta Mail at most (the text limit of a view, {@link
   * MimeWalker#TEXT_LIMIT}); the fields from the one that crosses it on are dropped whole, so a 2
   * GB header line or a million folded encoded words cost no more heap than this.
   */
  static final int MAX_HEADER = MimeWalker.TEXT_LIMIT;

  /** The message in {@code in}, its header section ended at the first non-field line. */
  static MimeBodyPart parse(InputStream in) throws MessagingException, IOException {
    return parse(in, null);
  }

  /**
   * The message in {@code in}, its header section ended at the first non-field line and cut at
   * {@link #MAX_HEADER} bytes (said in {@code problems}, when not null).
   */
  static MimeBodyPart parse(InputStream in, List<String> problems)
      throws MessagingException, IOException {
    if (!(in instanceof SharedInputStream)) in = new SharedByteArrayInputStream(in.readAllBytes());
    SharedInputStream shared = (SharedInputStream) in;
    long start = shared.getPosition();
    Cut cut;
    try (InputStream head = shared.newStream(start, -1)) {
      cut = cut(head);
    }
    if (cut == null) return new MimeBodyPart(in);
    if (cut.tooLong() && problems != null) {
      problems.add(
          "header section over "
              + MessageView.humanSize(MAX_HEADER)
              + ": the fields after the first "
              + MessageView.humanSize(cut.headersEnd())
              + " not shown");
    }
    try (InputStream headers = shared.newStream(start, start + cut.headersEnd())) {
      return new Split(new InternetHeaders(headers), shared.newStream(start + cut.bodyStart(), -1));
    }
  }

  /**
   * Where the headers given to Jakarta Mail end and the body starts, when that is not simply at the
   * blank line: {@code tooLong} when the section is over {@link #MAX_HEADER} (the body starts after
   * its blank line, or at its first non-field line), else the body starts at a line of the section
   * that is not a field.
   */
  record Cut(long headersEnd, long bodyStart, boolean tooLong) {}

  /** The cut the header section in {@code in} needs, or null when it ends properly and is short. */
  static Cut cut(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    int pos = 0, limit = 0;
    byte[] line = new byte[MAX_NAME + 2]; // a line's start: enough to tell a field
    long offset = 0; // where the current line starts
    long headersEnd = -1; // set once the section is over MAX_HEADER
    while (true) {
      int kept = 0;
      long length = 0;
      boolean ended = false;
      while (!ended) {
        if (pos == limit) {
          limit = in.read(buf, 0, buf.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            break;
          }
        }
        int lf = pos;
        while (lf < limit && buf[lf] != '\n') lf++;
        ended = lf < limit;
        int n = (ended ? lf + 1 : limit) - pos;
        int copy = Math.min(n, line.length - kept);
        System.arraycopy(buf, pos, line, kept, copy);
        kept += copy;
        length += n;
        pos += n;
      }
      if (length == 0 || isBlank(line, kept)) {
        return headersEnd < 0 ? null : new Cut(headersEnd, offset + length, true);
      }
      if (!RawHeaders.isHeaderLine(line, 0, kept)) {
        return headersEnd < 0 ? new Cut(offset, offset, false) : new Cut(headersEnd, offset, true);
      }
      if (headersEnd < 0 && offset + length > MAX_HEADER) headersEnd = offset;
      offset += length;
    }
  }

  /** A message whose headers and content were parsed apart; the content stays a shared window. */
  private static final class Split extends MimeBodyPart {
    Split(InternetHeaders headers, InputStream content) {
      this.headers = headers;
      this.contentStream = content;
    }
  }

  private static boolean isBlank(byte[] line, int lineLength) {
    return line[0] == '\n' || (line[0] == '\r' && lineLength > 1 && line[1] == '\n');
  }
}
