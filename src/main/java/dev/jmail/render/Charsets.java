package dev.jmail.render;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Charset names as mail uses them, and best-effort decoding. Labels that mean a smaller charset
 * than senders actually use are widened as browsers do (WHATWG Encoding): ISO-8859-1 and US-ASCII
 * decode as windows-1252, GB2312 as GB18030. Unknown or missing labels: UTF-8 when the bytes are
 * valid UTF-8, else windows-1252 (every byte shows as something).
 */
public final class Charsets {
  private Charsets() {}

  public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("utf8", "UTF-8"),
          Map.entry("us-ascii", "windows-1252"),
          Map.entry("ascii", "windows-1252"),
          Map.entry("iso-8859-1", "windows-1252"),
          Map.entry("latin1", "windows-1252"),
          Map.entry("gb2312", "GB18030"),
          Map.entry("gbk", "GB18030"),
          Map.entry("ks_c_5601-1987", "x-windows-949"),
          Map.entry("euc-kr", "x-windows-949"),
          Map.entry("tis-620", "x-windows-874"),
          Map.entry("iso-8859-11", "x-windows-874"),
          Map.entry("shift_jis", "windows-31j"),
          Map.entry("x-sjis", "windows-31j"),
          Map.entry("ansi_x3.4-1968", "windows-1252"),
          Map.entry("gb_2312-80", "GB18030"),
          Map.entry("gb_2312", "GB18030"),
          Map.entry("csgb2312", "GB18030"),
          Map.entry("chinese", "GB18030"),
          Map.entry("cp936", "GB18030"),
          Map.entry("ks_c_5601", "x-windows-949"),
          Map.entry("ks_c_5601-1989", "x-windows-949"),
          Map.entry("ksc5601", "x-windows-949"),
          Map.entry("ksc_5601", "x-windows-949"),
          Map.entry("macintosh", "x-MacRoman"),
          Map.entry("mac", "x-MacRoman"),
          Map.entry("macroman", "x-MacRoman"),
          Map.entry("mac-roman", "x-MacRoman"),
          Map.entry("mac-cyrillic", "x-MacCyrillic"),
          Map.entry("maccyrillic", "x-MacCyrillic"),
          Map.entry("mac-ce", "x-MacCentralEurope"),
          Map.entry("mac-centraleurroman", "x-MacCentralEurope"),
          Map.entry("mac-greek", "x-MacGreek"),
          Map.entry("mac-turkish", "x-MacTurkish"),
          Map.entry("mac-ukrainian", "x-MacUkraine"));

  /** The charset for a MIME label, or null when unknown (or absent). */
  public static Charset lookup(String label) {
    if (label == null) return null;
    String l = label.trim();
    if (l.length() >= 2 && l.startsWith("\"") && l.endsWith("\""))
      l = l.substring(1, l.length() - 1);
    int star = l.indexOf('*'); // RFC 2231 language suffix
    if (star >= 0) l = l.substring(0, star);
    l = l.toLowerCase(Locale.ROOT);
    if (l.isEmpty()) return null;
    String mapped = ALIASES.get(l);
    if (mapped == null) mapped = ALIASES.getOrDefault(variant(l), variant(l));
    try {
      return Charset.forName(mapped);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Spellings of known charsets seen in real mail (VIOLATIONS.md): {@code cp-850} and {@code
   * win-1251} for cp850 and windows-1251, {@code latin-2} for latin2, {@code iso-8859-8-i} (the
   * bidi-ordering suffixes of RFC 1556) for iso-8859-8, an {@code x-} prefix on a known name
   * ({@code x-gbk}, {@code x-mac-cyrillic}).
   */
  private static String variant(String l) {
    if (l.startsWith("x-") && l.length() > 2) l = l.substring(2);
    int n = l.length();
    if (l.startsWith("cp-") && n > 3 && allDigits(l, 3)) return "cp" + l.substring(3);
    if (l.startsWith("win-") && n > 4 && allDigits(l, 4)) return "windows-" + l.substring(4);
    if (l.startsWith("win") && n > 3 && allDigits(l, 3)) return "windows-" + l.substring(3);
    if (l.startsWith("windows") && n > 7 && allDigits(l, 7)) return "windows-" + l.substring(7);
    if (l.startsWith("latin-") && n > 6 && allDigits(l, 6)) return "latin" + l.substring(6);
    if (l.startsWith("iso-8859-") && (l.endsWith("-i") || l.endsWith("-e")) && n > 11)
      return l.substring(0, n - 2);
    return l;
  }

  private static boolean allDigits(String s, int from) {
    for (int i = from; i < s.length(); i++)
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  /** Decodes with the labelled charset if known, else guesses; never throws. */
  public static String decode(byte[] bytes, int off, int len, String label) {
    Charset cs = lookup(label);
    if (cs != null) {
      if (cs.equals(StandardCharsets.UTF_8) || cs.equals(WINDOWS_1252)) {
        // mislabelled UTF-8 as Latin-1 is common; the reverse happens too
        return guess(bytes, off, len, cs);
      }
      return new String(bytes, off, len, cs);
    }
    return guess(bytes, off, len, null);
  }

  public static String decode(byte[] bytes, String label) {
    return decode(bytes, 0, bytes.length, label);
  }

  /** Valid UTF-8 → UTF-8; otherwise the preferred charset, or windows-1252. */
  static String guess(byte[] bytes, int off, int len, Charset preferred) {
    boolean ascii = true;
    for (int i = off; i < off + len; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    if (preferred == null
        || preferred.equals(StandardCharsets.UTF_8)
        || preferred.equals(WINDOWS_1252)) {
      String utf8 = strictUtf8(bytes, off, len);
      if (utf8 != null) return utf8;
    }
    if (preferred != null && preferred.equals(StandardCharsets.UTF_8)) {
      return new String(bytes, off, len, StandardCharsets.UTF_8); // with U+FFFD for bad bytes
    }
    return new String(bytes, off, len, preferred != null ? preferred : WINDOWS_1252);
  }

  static String strictUtf8(byte[] bytes, int off, int len) {
    // checked here, decoded by String (no decoder or char buffer per header value)
    return wellFormedUtf8(bytes, off, len)
        ? new String(bytes, off, len, StandardCharsets.UTF_8)
        : null;
  }

  /**
   * Whether the bytes are well-formed UTF-8, as the JDK's decoder reporting malformed input judges
   * them (Unicode 3.2 table 3-7: no overlong form, no surrogate, nothing past U+10FFFF, no sequence
   * cut at the end).
   *
   * <pre>
   * UTF8-char = %x00-7F / %xC2-DF UTF8-tail / %xE0 %xA0-BF UTF8-tail / %xE1-EC 2UTF8-tail
   *           / %xED %x80-9F UTF8-tail / %xEE-EF 2UTF8-tail / %xF0 %x90-BF 2UTF8-tail
   *           / %xF1-F3 3UTF8-tail / %xF4 %x80-8F 2UTF8-tail          (RFC 3629 4)
   * </pre>
   */
  static boolean wellFormedUtf8(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int lo = 0x80, hi = 0xbf; // the second byte's range
      if (c >= 0xc2 && c <= 0xdf) n = 1;
      else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        if (c == 0xe0) lo = 0xa0;
        else if (c == 0xed) hi = 0x9f;
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        if (c == 0xf0) lo = 0x90;
        else if (c == 0xf4) hi = 0x8f;
      } else return false;
      if (i + n >= end) return false;
      int c2 = b[i + 1] & 0xff;
      if (c2 < lo || c2 > hi) return false;
      for (int k = 2; k <= n; k++) if ((b[i + k] & 0xc0) != 0x80) return false;
      i += n + 1;
    }
    return true;
  }

  /** A raw header value (bytes carried as ISO-8859-1 chars) with 8-bit bytes decoded. */
  public static String rawHeader(String latin1) {
    boolean eight = false;
    for (int i = 0; i < latin1.length(); i++) {
      if (latin1.charAt(i) >= 0x80) {
        eight = true;
        break;
      }
    }
    if (!eight) return latin1;
    byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
    return guess(b, 0, b.length, null);
  }
}
