package dev.jmail.compose;

import dev.jmail.error.UsageException;

/**
 * Guards every piece of text that ends up in a header. Jakarta Mail's {@code setHeader} and {@code
 * addHeader} let CR and LF through, so a subject {@code "x\nBcc: y"} would become a second header
 * (GNU mail 3.15 did exactly that). jmail refuses such input before a message exists.
 */
public final class HeaderText {
  private HeaderText() {}

  /** Throws a usage error (exit 64) when {@code value} holds CR, LF or NUL. */
  public static String requireSingleLine(String what, String value) {
    if (value == null) return null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        String name = c == 0 ? "NUL" : c == '\r' ? "CR" : "LF";
        throw new UsageException(
            what + ": contains a " + name + " character; refused (it could inject a header)");
      }
    }
    return value;
  }

  // RFC 5322 3.6.8: field-name = 1*ftext; ftext = %d33-57 / %d59-126 (printable ASCII but ":")
  static boolean isFieldName(String name) {
    if (name.isEmpty()) return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126 || c == ':') return false;
    }
    return true;
  }
}
