package dev.jmail.testing;

import java.time.Duration;

/**
 * Wall-clock bounds in tests, scaled by one system property: {@code -Djmail.test.timescale=3} gives
 * every bound three times as long, for a loaded or slow machine (CI runners, 2 shared cores).
 * Default 1.
 */
public final class Bounds {
  private Bounds() {}

  /** The scale factor, at least 1. */
  public static double scale() {
    String s = System.getProperty("jmail.test.timescale", "1");
    try {
      return Math.max(1.0, Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return 1.0;
    }
  }

  public static long millis(long base) {
    return Math.round(base * scale());
  }

  public static long seconds(long base) {
    return Math.round(base * scale());
  }

  public static Duration of(Duration base) {
    return Duration.ofMillis(millis(base.toMillis()));
  }
}
