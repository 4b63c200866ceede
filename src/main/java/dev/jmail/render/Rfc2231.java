package dev.jmail.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * MIME parameter values (file names) as mail really writes them, decoded leniently.
 *
 * <pre>
 * RFC 2045 5.1:  parameter := attribute "=" value ; value := token / quoted-string
 * RFC 2231 3-4:  attribute "*" = charset "'" [language] "'" %-encoded-octets   ; extended
 *                attribute "*" N "=" value  /  attribute "*" N "*=" %-encoded   ; continued
 *                (the charset is on segment 0 only; plain and encoded segments may mix)
 * </pre>
 *
 * Tolerated (VIOLATIONS.md): RFC 2047 encoded words inside a quoted value (Outlook, Gmail), raw
 * 8-bit bytes (UTF-8 when valid), unquoted values with blanks or tspecials up to the next {@code
 * ;}, segments out of order, a missing segment 0 charset (then the bytes are guessed).
 */
public final class Rfc2231 {
  private Rfc2231() {}

  /**
   * The decoded value of parameter {@code name} in a raw (possibly folded, undecoded) header value
   * such as {@code attachment; filename*0*=UTF-8''%E6%97%A5; filename*1=".txt"}; null when the
   * parameter is absent. Extended and continued forms win over the plain one.
   */
  public static String parameter(String headerValue, String name) {
    if (headerValue == null) return null;
    String want = name.toLowerCase(Locale.ROOT);
    String plain = null, extended = null;
    TreeMap<Integer, String[]> segments = new TreeMap<>(); // n -> {value, "*" if encoded}
    for (String[] av : parameters(headerValue)) {
      String attr = av[0], value = av[1];
      if (attr.equals(want)) {
        if (plain == null) plain = value;
      } else if (attr.equals(want + "*")) {
        if (extended == null) extended = value;
      } else if (attr.startsWith(want + "*")) {
        String rest = attr.substring(want.length() + 1);
        boolean encoded = rest.endsWith("*");
        if (encoded) rest = rest.substring(0, rest.length() - 1);
        if (!rest.isEmpty() && rest.length() < 4 && rest.chars().allMatch(Character::isDigit)) {
          segments.putIfAbsent(Integer.parseInt(rest), new String[] {value, encoded ? "*" : ""});
        }
      }
    }
    if (!segments.isEmpty()) return continued(segments);
    if (extended != null) return extendedValue(extended);
    return plain == null ? null : Rfc2047.decodeHeader(plain);
  }

  /**
   * The parameters after the first {@code ;} of a raw header value, in order, as {attribute in
   * lower case, value with quotes and quoted-pairs undone}; lenient: an unquoted value runs to the
   * next {@code ;}, blanks and tspecials included.
   */
  public static List<String[]> parameters(String headerValue) {
    String s = headerValue.replace("\r", "").replace("\n", "");
    List<String[]> out = new ArrayList<>();
    int i = s.indexOf(';');
    int eq = -1; // the next '=', found once for a run of "; junk ;" (a scan per ';' was quadratic)
    while (i >= 0 && i < s.length()) {
      i++; // past ';'
      if (eq < i) eq = s.indexOf('=', i);
      if (eq < 0) break;
      int semiBefore = s.indexOf(';', i);
      if (semiBefore >= 0 && semiBefore < eq) { // "; junk ;" without '='
        i = semiBefore;
        continue;
      }
      String attr = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      int j = eq + 1;
      while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
      String value;
      if (j < s.length() && s.charAt(j) == '"') {
        StringBuilder v = new StringBuilder();
        j++;
        while (j < s.length() && s.charAt(j) != '"') {
          char c = s.charAt(j);
          if (c == '\\' && j + 1 < s.length()) c = s.charAt(++j);
          v.append(c);
          j++;
        }
        value = v.toString();
        i = s.indexOf(';', j);
      } else {
        int semi = s.indexOf(';', j);
        value = (semi < 0 ? s.substring(j) : s.substring(j, semi)).strip();
        i = semi;
      }
      if (!attr.isEmpty()) out.add(new String[] {attr, value});
      if (i < 0) break;
    }
    return out;
  }

  /** {@code charset'lang'%XX..}: the octets decoded with that charset. */
  private static String extendedValue(String v) {
    int q1 = v.indexOf('\'');
    int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
    if (q2 < 0) return Rfc2047.decodeHeader(v); // not in the extended form after all
    byte[] b = percentDecode(v.substring(q2 + 1));
    return Charsets.decode(b, v.substring(0, q1));
  }

  private static String continued(TreeMap<Integer, String[]> segments) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String charset = null;
    boolean first = true;
    for (String[] seg : segments.values()) {
      String v = seg[0];
      boolean encoded = !seg[1].isEmpty();
      if (first && encoded) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 >= 0) {
          charset = v.substring(0, q1);
          v = v.substring(q2 + 1);
        }
      }
      first = false;
      byte[] b = encoded ? percentDecode(v) : v.getBytes(StandardCharsets.ISO_8859_1);
      bytes.write(b, 0, b.length);
    }
    byte[] all = bytes.toByteArray();
    String text = Charsets.decode(all, charset);
    return charset == null ? Rfc2047.decode(text) : text;
  }

  /** %XX escapes to octets; a bad escape is kept as written. */
  static byte[] percentDecode(String v) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%'
          && i + 2 < v.length()
          && Character.digit(v.charAt(i + 1), 16) >= 0
          && Character.digit(v.charAt(i + 2), 16) >= 0) {
        b.write(Character.digit(v.charAt(i + 1), 16) * 16 + Character.digit(v.charAt(i + 2), 16));
        i += 2;
      } else {
        b.write(c & 0xff);
      }
    }
    return b.toByteArray();
  }
}
