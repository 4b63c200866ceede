package dev.jmail.render;

/**
 * Terminal columns taken by text: wide (East Asian Wide/Fullwidth, emoji) = 2, combining marks and
 * zero-width characters = 0, others 1 (after the Unicode East Asian Width property, as wcwidth).
 *
 * <p>Why not JLine's {@code org.jline.utils.WCWidth}, which does the same: {@code render} sits
 * below the front ends and may not use JLine (ARCHITECTURE.md, LayersTest), so {@code list} and
 * {@code read} never put a terminal library on their path. Start-up is not the reason: the first
 * use of either class measured about 2 ms on a loaded 2-core machine (5 fresh JVMs each, C1 only;
 * the spread, 1.6–38 ms, was all noise).
 */
public final class DisplayWidth {
  private DisplayWidth() {}

  public static int of(int cp) {
    if (cp == 0) return 0;
    if (cp < 0x300) return 1;
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT
        || (cp >= 0x1160 && cp <= 0x11ff)
        || cp == 0x200b
        || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
    if (isWide(cp)) return 2;
    return 1;
  }

  public static int of(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += of(cp);
      i += Character.charCount(cp);
    }
    return w;
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115f)
        || (cp >= 0x231a && cp <= 0x231b)
        || (cp >= 0x2329 && cp <= 0x232a)
        || (cp >= 0x23e9 && cp <= 0x23ec)
        || (cp >= 0x25fd && cp <= 0x25fe)
        || (cp >= 0x2614 && cp <= 0x2615)
        || (cp >= 0x2648 && cp <= 0x2653)
        || (cp >= 0x26a1 && cp <= 0x26a1)
        || (cp >= 0x26aa && cp <= 0x26ab)
        || (cp >= 0x26bd && cp <= 0x26be)
        || (cp >= 0x26c4 && cp <= 0x26c5)
        || (cp >= 0x26f2 && cp <= 0x26fa)
        || cp == 0x2705
        || cp == 0x270a
        || cp == 0x270b
        || cp == 0x2728
        || cp == 0x274c
        || (cp >= 0x2753 && cp <= 0x2755)
        || cp == 0x2757
        || (cp >= 0x2795 && cp <= 0x2797)
        || cp == 0x27b0
        || cp == 0x27bf
        || (cp >= 0x2b1b && cp <= 0x2b1c)
        || cp == 0x2b50
        || cp == 0x2b55
        || (cp >= 0x2e80 && cp <= 0x303e)
        || (cp >= 0x3041 && cp <= 0x33ff)
        || (cp >= 0x3400 && cp <= 0x4dbf)
        || (cp >= 0x4e00 && cp <= 0x9fff)
        || (cp >= 0xa000 && cp <= 0xa4cf)
        || (cp >= 0xa960 && cp <= 0xa97f)
        || (cp >= 0xac00 && cp <= 0xd7a3)
        || (cp >= 0xf900 && cp <= 0xfaff)
        || (cp >= 0xfe10 && cp <= 0xfe19)
        || (cp >= 0xfe30 && cp <= 0xfe6f)
        || (cp >= 0xff00 && cp <= 0xff60)
        || (cp >= 0xffe0 && cp <= 0xffe6)
        || (cp >= 0x16fe0 && cp <= 0x18aff)
        || (cp >= 0x1b000 && cp <= 0x1b2ff)
        || (cp >= 0x1f004 && cp <= 0x1f004)
        || cp == 0x1f0cf
        || cp == 0x1f18e
        || (cp >= 0x1f191 && cp <= 0x1f19a)
        || (cp >= 0x1f200 && cp <= 0x1f251)
        || (cp >= 0x1f300 && cp <= 0x1f64f)
        || (cp >= 0x1f680 && cp <= 0x1f6ff)
        || (cp >= 0x1f7e0 && cp <= 0x1f7eb)
        || (cp >= 0x1f90c && cp <= 0x1f9ff)
        || (cp >= 0x1fa70 && cp <= 0x1faff)
        || (cp >= 0x20000 && cp <= 0x3fffd);
  }

  /** Cuts {@code s} to at most {@code cols} columns (never splitting a wide character). */
  public static String truncate(String s, int cols) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int cw = of(cp);
      if (w + cw > cols) return s.substring(0, i);
      w += cw;
      i += Character.charCount(cp);
    }
    return s;
  }

  /** Cuts or pads with spaces to exactly {@code cols} columns. */
  public static String fit(String s, int cols) {
    // truncate(s, cols) padded to cols, in one pass (a listing fits every sender)
    int w = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      int cp = s.codePointAt(i);
      int cw = of(cp);
      if (w + cw > cols) break;
      w += cw;
      i += Character.charCount(cp);
    }
    if (w >= cols) return i == n ? s : s.substring(0, i);
    StringBuilder b = new StringBuilder(i + cols - w).append(s, 0, i);
    for (int k = w; k < cols; k++) b.append(' ');
    return b.toString();
  }

  /**
   * Whether text takes more than {@code rows} screen rows on a terminal {@code columns} wide: each
   * line takes its display width divided by the width, rounded up (at least one row), so one very
   * long line counts as the many rows the terminal wraps it into. Stops counting at the limit.
   */
  public static boolean moreRowsThan(String text, int columns, int rows) {
    int cols = Math.max(1, columns);
    long used = 0;
    int width = 0;
    int n = text.length();
    for (int i = 0; i < n; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        used += width == 0 ? 1 : (width + cols - 1) / cols;
        width = 0;
        if (used > rows) return true;
        continue;
      }
      width += cp == '\t' ? 8 - width % 8 : of(cp);
      if (width > (long) cols * (rows + 1)) return true;
    }
    if (width > 0) used += (width + cols - 1) / cols;
    return used > rows;
  }
}
