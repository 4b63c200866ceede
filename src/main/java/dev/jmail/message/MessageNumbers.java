package dev.jmail.message;

import dev.jmail.error.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * mailx message lists over numbers: {@code 3}, {@code 2 5-7}, {@code 4,9}, {@code ^} (first),
 * {@code $} (last), {@code *} (all), {@code 7-$}. Numbers are 1-based and checked against the
 * folder's count; the result keeps the order given, without duplicates.
 */
public final class MessageNumbers {
  private MessageNumbers() {}

  /** Parses every argument (each may hold several space- or comma-separated items). */
  public static List<Integer> parse(List<String> args, int count) {
    Set<Integer> out = new LinkedHashSet<>();
    for (String arg : args) {
      for (String item : arg.trim().split("[\\s,]+")) {
        if (!item.isEmpty()) addItem(item, count, out);
      }
    }
    if (out.isEmpty()) throw new UsageException("no message number given");
    return new ArrayList<>(out);
  }

  public static List<Integer> parse(String spec, int count) {
    return parse(List.of(spec), count);
  }

  private static void addItem(String item, int count, Set<Integer> out) {
    if (item.equals("*")) {
      if (count == 0) throw new UsageException("no messages");
      for (int i = 1; i <= count; i++) out.add(i);
      return;
    }
    int dash = item.indexOf('-', 1);
    if (dash > 0) {
      int from = number(item.substring(0, dash), count);
      int to = number(item.substring(dash + 1), count);
      if (from > to) throw new UsageException("message range backwards: " + item);
      for (int i = from; i <= to; i++) out.add(i);
    } else {
      out.add(number(item, count));
    }
  }

  private static int number(String s, int count) {
    int n;
    if (s.equals("$")) n = count;
    else if (s.equals("^")) n = count == 0 ? 0 : 1;
    else {
      try {
        n = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new UsageException("not a message number: " + s);
      }
    }
    if (n < 1 || n > count) {
      throw new UsageException(
          count == 0 ? "no messages" : "no message " + s + " (the folder has " + count + ")");
    }
    return n;
  }
}
