package dev.jmail.compose;

import dev.jmail.error.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -t}: the header section at the top of stdin, and the body after it.
 *
 * <p>RFC 5322 2.2: {@code field = field-name ":" unstructured CRLF}; a line starting with space or
 * tab continues the previous field (2.2.3, unfolding removes the line break). The header section
 * ends at the first empty line.
 */
record HeaderBlock(List<String[]> fields, String body) {

  static HeaderBlock parse(String text) {
    List<String[]> fields = new ArrayList<>();
    int pos = 0;
    while (pos < text.length()) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? text.length() : nl;
      String line = text.substring(pos, end);
      if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
      int next = nl < 0 ? text.length() : nl + 1;
      if (line.isEmpty()) return new HeaderBlock(fields, text.substring(next));
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
          return new HeaderBlock(fields, text.substring(pos));
        }
        fields.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
      }
      pos = next;
    }
    return new HeaderBlock(fields, "");
  }
}
