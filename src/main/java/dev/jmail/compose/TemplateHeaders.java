package dev.jmail.compose;

import dev.jmail.error.UsageException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code -t}: the header section at the top of stdin, and the body after it, still as bytes (its
 * charset and transfer encoding may be declared by the header section itself).
 *
 * <p>RFC 5322 2.2: {@code field = field-name ":" unstructured CRLF}; a line starting with space or
 * tab continues the previous field (2.2.3, unfolding removes the line break). The header section
 * ends at the first empty line. Header lines are text in the input charset. A leading mbox From_
 * line is skipped.
 */
record TemplateHeaders(List<String[]> fields, byte[] body) {

  static TemplateHeaders parse(byte[] in, Charset charset) {
    List<String[]> fields = new ArrayList<>();
    int pos = fromLineEnd(in);
    while (pos < in.length) {
      int nl = indexOf(in, (byte) '\n', pos);
      int end = nl < 0 ? in.length : nl;
      int next = nl < 0 ? in.length : nl + 1;
      if (end > pos && in[end - 1] == '\r') end--;
      if (end == pos) return new TemplateHeaders(fields, Arrays.copyOfRange(in, next, in.length));
      String line = BodyText.decode(Arrays.copyOfRange(in, pos, end), charset, "stdin header");
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
        String[] last = fields.get(fields.size() - 1);
        last[1] = last[1] + line; // RFC 5322 2.2.3 unfolding: drop the CRLF only
      } else {
        int colon = line.indexOf(':');
        if (colon <= 0 || !HeaderText.isFieldName(line.substring(0, colon))) {
          if (fields.isEmpty()) {
            throw new UsageException("-t: stdin must start with header lines (To:, Subject:, …)");
          }
          // No blank line between headers and body: the body starts here.
          return new TemplateHeaders(fields, Arrays.copyOfRange(in, pos, in.length));
        }
        fields.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
      }
      pos = next;
    }
    return new TemplateHeaders(fields, new byte[0]);
  }

  /**
   * A message saved from an mbox starts with its From_ line ({@code From sender date}), which is
   * not a header field: it is skipped, as sendmail, exim and Postfix skip it on {@code -t} input.
   * The offset after it, or 0.
   */
  private static int fromLineEnd(byte[] in) {
    byte[] from = {'F', 'r', 'o', 'm', ' '};
    if (in.length < from.length || !Arrays.equals(in, 0, from.length, from, 0, from.length))
      return 0;
    int nl = indexOf(in, (byte) '\n', 0);
    return nl < 0 ? in.length : nl + 1;
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) if (a[i] == b) return i;
    return -1;
  }
}
