package dev.jmail.render;

/**
 * Makes text safe for a terminal. Mail text may hold escape sequences (ESC [ … that recolour,
 * retitle or rewrite the screen), C1 controls, and bidirectional overrides that make text read
 * differently from what it is. Nothing of that reaches a terminal.
 */
public final class Sanitizer {
  private Sanitizer() {}

  /**
   * One header line: tab, CR and LF become spaces, other C0 controls {@code ^X}, C1 controls, bidi
   * controls and Unicode line breaks U+FFFD.
   */
  public static String line(String s) {
    if (s == null) return "";
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = null;
      if (c == '\t' || c == '\n' || c == '\r') rep = " ";
      else if (c < 0x20 || c == 0x7f) rep = caret(c);
      else if (isC1(c) || isBidiControl(c) || isLineSeparator(c)) rep = "\uFFFD";
      if (rep != null && b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
      if (b != null) {
        if (rep != null) b.append(rep);
        else b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * Body text: keeps LF and TAB, drops CR before LF, shows other C0 controls as {@code ^X}, C1 and
   * bidi controls and the Unicode line breaks as U+FFFD.
   */
  public static String text(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\t') b.append(c);
      else if (c == '\r') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '\n') continue;
        b.append("^M");
      } else if (c < 0x20 || c == 0x7f) b.append(caret(c));
      else if (isC1(c) || isBidiControl(c) || isLineSeparator(c)) b.append('\uFFFD');
      else b.append(c);
    }
    return b.toString();
  }

  private static String caret(char c) {
    return c == 0x7f ? "^?" : "^" + (char) (c + 64);
  }

  private static boolean isC1(char c) {
    return c >= 0x80 && c < 0xa0;
  }

  /**
   * Unicode's bidi controls (UAX #9 2): U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates,
   * the marks U+200E (LRM), U+200F (RLM) and U+061C (ALM). Each reorders what is shown
   * (CVE-2021-42574), so none reaches a terminal.
   */
  static boolean isBidiControl(char c) {
    return (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c;
  }

  /**
   * U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (U+0085 NEXT LINE is a C1 control): line
   * breaks a terminal does not obey but a copy and paste may, so text shows them as U+FFFD.
   */
  static boolean isLineSeparator(char c) {
    return c == 0x2028 || c == 0x2029;
  }
}
