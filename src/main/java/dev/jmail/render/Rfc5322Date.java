package dev.jmail.render;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * Lenient parsing of the Date header.
 *
 * <pre>
 * RFC 5322 3.3:  date-time = [ day-of-week "," ] date time [CFWS]
 *                date      = day month year
 *                time      = hour ":" minute [ ":" second ] FWS zone
 *                zone      = ( "+" / "-" ) 4DIGIT
 * RFC 5322 4.3:  obs-zone  = "UT" / "GMT" / "EST" / "EDT" / "CST" / "CDT" / "MST" / "MDT"
 *                            / "PST" / "PDT" / military letters (meaning -0000)
 *                obs-year  = 2*DIGIT  (00-49 → 20xx, 50-99 → 19xx; 3 digits → + 1900)
 * </pre>
 *
 * Tolerated: fields in any order (asctime {@code Mon Jan 1 10:00:00 2024}), comments, missing
 * seconds, {@code +05:30} zones, a zone glued to the time ({@code 00:01+0000}), {@code 10.00.00}
 * times, full month and day names, ISO-8601. Anything without a day, a month and a year is
 * unparseable: null.
 *
 * <p>RFC 5322 4.3: {@code -0000}, a missing zone, military letters and zones whose meaning is not
 * known ({@code MET DST}, {@code CEST}, an out-of-range {@code +2400}) mean "UTC, the writer's
 * offset unknown": the time is kept as written, at offset 0, and {@link Stamp#offsetKnown()} is
 * false (RFC 3339 4.3 writes such a time with {@code -00:00}).
 */
public final class Rfc5322Date {
  private Rfc5322Date() {}

  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final Map<String, Integer> ZONES =
      Map.ofEntries(
          Map.entry("ut", 0),
          Map.entry("utc", 0),
          Map.entry("gmt", 0),
          Map.entry("ast", -4),
          Map.entry("adt", -3), // not in obs-zone; Python and mutt read them
          Map.entry("est", -5),
          Map.entry("edt", -4),
          Map.entry("cst", -6),
          Map.entry("cdt", -5),
          Map.entry("mst", -7),
          Map.entry("mdt", -6),
          Map.entry("pst", -8),
          Map.entry("pdt", -7));

  /**
   * A parsed date.
   *
   * @param time the date and time as written, at the written offset (0 when it is unknown)
   * @param offsetKnown false when the zone was {@code -0000}, missing or unknown (RFC 5322 4.3)
   */
  public record Stamp(OffsetDateTime time, boolean offsetKnown) {}

  public static OffsetDateTime parse(String raw) {
    Stamp s = stamp(raw);
    return s == null ? null : s.time();
  }

  /** The date of a Date field (or an mbox From_ line), or null when it has none. */
  public static Stamp stamp(String raw) {
    return stamp(raw, true);
  }

  /** {@link #stamp(String)}, or without the fast path of {@link #canonical} (for tests). */
  static Stamp stamp(String raw, boolean fastPath) {
    if (raw == null) return null;
    String s = stripComments(raw).trim();
    if (s.isEmpty()) return null;
    if (s.length() > 10 && s.charAt(4) == '-' && s.indexOf('T') == 10) {
      try {
        return new Stamp(OffsetDateTime.parse(s), !s.endsWith("-00:00"));
      } catch (DateTimeException ignored) {
        // not ISO-8601 after all: the RFC 5322 forms below
      }
    }
    OffsetDateTime fast = fastPath ? canonical(s) : null;
    if (fast != null) {
      // only "-0000" says the offset is unknown here: the common case is one comparison
      return new Stamp(fast, fast.getOffset().getTotalSeconds() != 0 || s.indexOf("-0000") < 0);
    }
    int day = -1, month = -1, year = -1, hour = 0, minute = 0, second = 0;
    Integer offsetSeconds = null;
    boolean numericZone = false; // a +HHMM or -HHMM was seen: a zone name after it is ignored
    for (String tok : tokens(s)) {
      if (tok.isEmpty()) continue;
      char c0 = tok.charAt(0);
      if ((c0 == '+' || c0 == '-')
          && tok.length() == 6
          && tok.charAt(3) == ':'
          && day >= 0
          && allDigits(tok, 1, 3)
          && allDigits(tok, 4, 6)) {
        tok = tok.substring(0, 3) + tok.substring(4); // +05:30, as ISO 8601 writes it
      }
      if (isDottedTime(tok)) tok = tok.replace('.', ':'); // 10.00.00
      if ((c0 == '+' || c0 == '-') && tok.length() >= 5 && allDigits(tok, 1, 5) && day >= 0) {
        int hh = Integer.parseInt(tok.substring(1, 3)), mm = Integer.parseInt(tok.substring(3, 5));
        numericZone = true;
        if (hh > 18 || mm > 59) continue; // not an offset: unknown (RFC 5322 4.3)
        if (c0 == '-' && hh == 0 && mm == 0) continue; // -0000: the offset is unknown
        offsetSeconds = (hh * 3600 + mm * 60) * (c0 == '-' ? -1 : 1);
      } else if (tok.indexOf(':') > 0 && Character.isDigit(c0)) {
        String[] t = tok.split(":");
        try {
          hour = Integer.parseInt(t[0]);
          minute = t.length > 1 ? Integer.parseInt(t[1]) : 0;
          second =
              t.length > 2
                  ? Integer.parseInt(
                      t[2].indexOf('.') >= 0 ? t[2].substring(0, t[2].indexOf('.')) : t[2])
                  : 0;
        } catch (NumberFormatException e) {
          return null;
        }
      } else if (Character.isDigit(c0)) {
        if (!allDigits(tok, 0, tok.length()) || tok.length() > 4) {
          // "1-Jan-2024" style
          String[] parts = tok.split("-");
          if (parts.length == 3
              && parts[0].length() <= 2
              && allDigits(parts[0], 0, parts[0].length())) { // a day: no overflow
            day = Integer.parseInt(parts[0]);
            month = month(parts[1]);
            year = parseYear(parts[2]);
          }
          continue;
        }
        int n = Integer.parseInt(tok);
        if (day < 0 && tok.length() <= 2 && n >= 1 && n <= 31) day = n;
        else if (year < 0) year = yearOf(tok, n);
      } else if (Character.isLetter(c0)) {
        String l = tok.toLowerCase(Locale.ROOT).replace(".", "");
        int m = month(l);
        if (m > 0 && month < 0) month = m;
        else if (ZONES.containsKey(l) && !numericZone && offsetSeconds == null)
          offsetSeconds = ZONES.get(l) * 3600;
      }
    }
    if (day < 0 || month < 0 || year < 0) return null;
    try {
      // 24:00:00 (ISO 8601's end of day) is midnight of the next day.
      boolean endOfDay = hour == 24 && minute == 0 && second == 0;
      if (endOfDay) hour = 0;
      if (second == 60) second = 59; // leap second
      LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second);
      if (endOfDay) t = t.plusDays(1);
      return new Stamp(
          t.atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds == null ? 0 : offsetSeconds)),
          offsetSeconds != null);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The form nearly every mail uses, {@code [Day, ]D Mon YYYY HH:MM[:SS] +HHMM}, read by position
   * (this runs once per listed message); null for anything else, which the general parser takes.
   */
  static OffsetDateTime canonical(String s) {
    int i = 0, n = s.length();
    if (n > 5 && Character.isLetter(s.charAt(0)) && s.charAt(3) == ',') {
      i = 4;
      while (i < n && s.charAt(i) == ' ') i++;
    }
    int day = digits(s, i, 2);
    if (day < 0) return null;
    i += day >= 10 || (i + 1 < n && Character.isDigit(s.charAt(i + 1))) ? 2 : 1;
    if (i + 5 > n || s.charAt(i) != ' ' || s.charAt(i + 4) != ' ') return null;
    int month = monthAt(s, i + 1);
    if (month < 0) return null;
    i += 5;
    if (i + 4 >= n || s.charAt(i + 4) != ' ') return null;
    int year = digits(s, i, 4);
    if (year < 1000) return null;
    i += 5;
    if (i + 5 > n || s.charAt(i + 2) != ':') return null;
    int hour = digits(s, i, 2), minute = digits(s, i + 3, 2), second = 0;
    // both digits of each field: "1x:00" is not one o'clock
    if (hour < 0 || minute < 0 || !twoDigits(s, i) || !twoDigits(s, i + 3)) return null;
    i += 5;
    if (i < n && s.charAt(i) == ':') {
      second = digits(s, i + 1, 2);
      if (second < 0 || !twoDigits(s, i + 1)) return null;
      i += 3;
    }
    if (i + 6 > n || s.charAt(i) != ' ') return null;
    char sign = s.charAt(i + 1);
    int hh = digits(s, i + 2, 2), mm = digits(s, i + 4, 2);
    if ((sign != '+' && sign != '-') || hh < 0 || mm < 0 || hh > 18 || mm > 59) return null;
    if (i + 6 < n && s.charAt(i + 6) != ' ') return null;
    try {
      int offset = (hh * 3600 + mm * 60) * (sign == '-' ? -1 : 1);
      return OffsetDateTime.of(
          year,
          month,
          day,
          hour,
          minute,
          second == 60 ? 59 : second,
          0,
          ZoneOffset.ofTotalSeconds(offset));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * {@code count} digits at {@code at} as a number (a single digit when count is 2 and only one is
   * there), else -1.
   */
  private static int digits(String s, int at, int count) {
    if (at >= s.length() || !Character.isDigit(s.charAt(at))) return -1;
    int v = 0, k = 0;
    while (k < count && at + k < s.length() && Character.isDigit(s.charAt(at + k))) {
      v = v * 10 + (s.charAt(at + k) - '0');
      k++;
    }
    if (k < count && count != 2) return -1;
    if (count == 2 && k == 1 && at + 1 < s.length() && Character.isDigit(s.charAt(at + 1)))
      return -1;
    return v;
  }

  private static boolean twoDigits(String s, int at) {
    return at + 1 < s.length()
        && Character.isDigit(s.charAt(at))
        && Character.isDigit(s.charAt(at + 1));
  }

  /** Splits at blanks and commas (no regular expression: this runs once per listed message). */
  private static java.util.List<String> tokens(String s) {
    java.util.List<String> out = new java.util.ArrayList<>(8);
    int start = -1;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : ' ';
      boolean sep = c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n';
      if (sep) {
        if (start >= 0) addToken(out, s.substring(start, i));
        start = -1;
      } else if (start < 0) start = i;
    }
    return out;
  }

  /**
   * Adds a token, a time with its zone glued on ({@code 00:01+0000}: RFC 5322 3.3 wants FWS between
   * them, which Python's {@code email}, mutt and s-nail do without) as two.
   */
  private static void addToken(java.util.List<String> out, String tok) {
    int colon = tok.indexOf(':');
    if (colon > 0 && Character.isDigit(tok.charAt(0))) {
      for (int k = colon + 1; k < tok.length(); k++) {
        char c = tok.charAt(k);
        if (c == '+' || c == '-') {
          out.add(tok.substring(0, k));
          out.add(tok.substring(k));
          return;
        }
      }
    }
    out.add(tok);
  }

  private static int parseYear(String t) {
    if (!allDigits(t, 0, t.length()) || t.isEmpty() || t.length() > 4) return -1;
    return yearOf(t, Integer.parseInt(t));
  }

  private static int yearOf(String tok, int n) {
    if (tok.length() == 2) return n < 50 ? 2000 + n : 1900 + n;
    if (tok.length() == 3) return 1900 + n;
    return n;
  }

  /**
   * {@link #month} of the three characters at {@code at}, without a substring or a lower-case copy
   * (only ASCII letters lower-case to the letters of a month's name).
   */
  private static int monthAt(String s, int at) {
    char a = lower(s.charAt(at)), b = lower(s.charAt(at + 1)), c = lower(s.charAt(at + 2));
    for (int i = 0; i < 12; i++) {
      String m = MONTHS[i];
      if (m.charAt(0) == a && m.charAt(1) == b && m.charAt(2) == c) return i + 1;
    }
    return -1;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static int month(String tok) {
    if (tok.length() < 3) return -1;
    String p = tok.substring(0, 3).toLowerCase(Locale.ROOT);
    for (int i = 0; i < 12; i++) if (MONTHS[i].equals(p)) return i + 1;
    return -1;
  }

  /** {@code HH.MM} or {@code HH.MM.SS} (never a dotted date: every field has at most 2 digits). */
  private static boolean isDottedTime(String t) {
    String[] f = t.split("\\.", -1);
    if (f.length < 2 || f.length > 3) return false;
    for (String x : f)
      if (x.isEmpty() || x.length() > 2 || !allDigits(x, 0, x.length())) return false;
    return true;
  }

  private static boolean allDigits(String s, int from, int to) {
    if (to > s.length() || from >= to) return false;
    for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
    return true;
  }

  private static String stripComments(String s) {
    if (s.indexOf('(') < 0) return s;
    StringBuilder b = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') depth++;
      else if (c == ')' && depth > 0) depth--;
      else if (depth == 0) b.append(c);
    }
    return b.toString();
  }
}
