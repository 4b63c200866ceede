package dev.jmail.queue;

import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import java.time.Duration;
import java.util.Locale;

/**
 * The queue's variables: {@code queue} (on, or the directory), {@code queue-lifetime} (how long an
 * entry is tried before it goes to dead.letter, default 5 days as Postfix's {@code
 * maximal_queue_lifetime}), {@code queue-flush-time} (how long a send spends on the queue first)
 * and {@code queue-tempfail} (exit 75 instead of 0 when a message is queued).
 */
record QueuePolicy(boolean enabled, Duration lifetime, Duration flushTime, boolean tempfail) {

  static QueuePolicy of(Settings s) {
    return new QueuePolicy(
        s.isSet("queue"),
        duration(s, "queue-lifetime", "5d", 'd'),
        duration(s, "queue-flush-time", "10s", 's'),
        s.isSet("queue-tempfail"));
  }

  /** {@code 5d}, {@code 12h}, {@code 30m}, {@code 90s}; a bare number is in {@code unit}. */
  static Duration duration(Settings s, String name, String fallback, char unit) {
    String v =
        s.get(name).filter(x -> !x.isBlank()).orElse(fallback).strip().toLowerCase(Locale.ROOT);
    char u = Character.isDigit(v.charAt(v.length() - 1)) ? unit : v.charAt(v.length() - 1);
    String digits =
        Character.isDigit(v.charAt(v.length() - 1)) ? v : v.substring(0, v.length() - 1);
    long n;
    try {
      n = Long.parseLong(digits.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + ": not a duration: " + v + " (use e.g. 5d, 12h, 30m, 90s)");
    }
    if (n < 0) throw new ConfigException(name + ": must not be negative");
    return switch (u) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new ConfigException(name + ": unknown unit '" + u + "' (use d, h, m or s)");
    };
  }
}
