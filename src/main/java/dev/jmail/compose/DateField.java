package dev.jmail.compose;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * The Date field jmail writes (RFC 5322 3.3: {@code date-time = [ day-of-week "," ] date time},
 * {@code zone = (FWS ( "+" / "-" ) 4DIGIT)}): {@code Mon, 7 Dec 2026 06:50:00 +0100}, in the local
 * time zone, as mutt and s-nail write it. Written by hand: a locale-aware formatter (Jakarta Mail's
 * {@code MailDateFormat}, {@code DateTimeFormatter} with day names) sets up the locale data first,
 * which cost a send 20-30 ms of start-up ({@code src/bench/startup.sh}).
 */
final class DateField {
  private DateField() {}

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /** The instant in the JVM's default time zone. */
  static String of(Instant t) {
    return of(t, TimeZone.getDefault().getOffset(t.toEpochMilli()) / 1000);
  }

  /** The instant at this offset from UTC (seconds). */
  static String of(Instant t, int offsetSeconds) {
    LocalDateTime d =
        LocalDateTime.ofEpochSecond(
            t.getEpochSecond(), 0, ZoneOffset.ofTotalSeconds(offsetSeconds));
    int off = Math.abs(offsetSeconds) / 60;
    StringBuilder b = new StringBuilder(31);
    b.append(DAYS[d.getDayOfWeek().ordinal()]).append(", ").append(d.getDayOfMonth()).append(' ');
    b.append(MONTHS[d.getMonthValue() - 1]).append(' ').append(d.getYear()).append(' ');
    two(b, d.getHour()).append(':');
    two(b, d.getMinute()).append(':');
    two(b, d.getSecond()).append(' ').append(offsetSeconds < 0 ? '-' : '+');
    two(b, off / 60);
    two(b, off % 60);
    return b.toString();
  }

  private static StringBuilder two(StringBuilder b, int n) {
    return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }
}
