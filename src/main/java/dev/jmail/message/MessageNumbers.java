package dev.jmail.message;

import dev.jmail.error.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

  /** What a full mailx message list ({@link #select}) needs to know about the open folder. */
  public interface Selection {
    int count();

    /** The current message ({@code .}), 0 when none. */
    int current();

    boolean deleted(int n);

    boolean has(int n, Flag flag);

    /** Decoded subject of message n. */
    String subject(int n);

    /** Decoded From of message n ({@code Name <addr>}). */
    String from(int n);
  }

  /**
   * A range with {@code .} for an end ({@code .-$}, {@code 3-.}) with the current message's number
   * there (1 when there is none); a dot anywhere else stays, and is refused as no number.
   */
  private static String current(String item, int current) {
    String dot = String.valueOf(Math.max(1, current));
    int dash = item.indexOf('-', 1);
    if (dash < 0) return item.equals(".") ? dot : item;
    String from = item.substring(0, dash);
    String to = item.substring(dash + 1);
    return (from.equals(".") ? dot : from) + "-" + (to.equals(".") ? dot : to);
  }

  /**
   * A POSIX mailx message list, as the interactive commands take it:
   *
   * <pre>
   * n        message n              n-m    messages n through m
   * .        the current message    ^      the first undeleted    $   the last
   * *        every message          /text  messages whose subject contains text
   * :n :o :u :r :d   new, old, unread, read, deleted messages
   * address  messages from address (any other word)
   * </pre>
   *
   * Items combine (union, in folder order). Deleted messages are left out unless {@code deleted}
   * asks for them (undelete: only deleted messages; {@code :d} selects them for any command).
   *
   * @param deleted true to select deleted messages instead of undeleted ones
   * @return message numbers, ascending; never empty (a UsageException says why)
   */
  public static List<Integer> select(List<String> items, Selection s, boolean deleted) {
    int count = s.count();
    if (count == 0) throw new UsageException("no messages");
    java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
    boolean explicit = false;
    for (String raw : items) {
      for (String item : raw.trim().split("[\\s,]+")) {
        if (item.isEmpty()) continue;
        if (item.startsWith("/")) {
          String needle = item.substring(1).toLowerCase(Locale.ROOT);
          for (int i = 1; i <= count; i++) {
            if (s.subject(i).toLowerCase(Locale.ROOT).contains(needle)) out.add(i);
          }
        } else if (item.startsWith(":") && item.length() == 2) {
          char c = item.charAt(1);
          for (int i = 1; i <= count; i++) {
            boolean hit =
                switch (c) {
                  case 'n' -> s.has(i, Flag.NEW);
                  case 'o' -> !s.has(i, Flag.NEW);
                  case 'u' -> !s.has(i, Flag.SEEN);
                  case 'r' -> s.has(i, Flag.SEEN);
                  case 'd' -> s.deleted(i);
                  default ->
                      throw new UsageException(
                          "unknown message type :" + c + " (use :n :o :u :r :d)");
                };
            if (hit) out.add(i);
          }
          if (c == 'd') deleted = true;
        } else if (item.equals(".")) {
          if (s.current() < 1) throw new UsageException("no current message");
          out.add(s.current());
          explicit = true;
        } else if (item.equals("^")) {
          int first = 0;
          for (int i = 1; i <= count && first == 0; i++) if (s.deleted(i) == deleted) first = i;
          if (first == 0) throw new UsageException("no applicable messages");
          out.add(first);
        } else if (item.equals("*") || item.equals("$") || item.matches("[0-9$^.]+(-[0-9$^.]+)?")) {
          for (int n : parse(List.of(current(item, s.current())), count)) out.add(n);
          explicit = !item.equals("*");
        } else {
          String needle = item.toLowerCase(Locale.ROOT);
          for (int i = 1; i <= count; i++) {
            if (s.from(i).toLowerCase(Locale.ROOT).contains(needle)) out.add(i);
          }
        }
      }
    }
    List<Integer> kept = new ArrayList<>();
    for (int n : out) if (s.deleted(n) == deleted) kept.add(n);
    if (kept.isEmpty()) {
      if (explicit && out.size() == 1) {
        int n = out.first();
        throw new UsageException(deleted ? n + ": not deleted" : n + ": deleted message");
      }
      throw new UsageException("no applicable messages");
    }
    return kept;
  }
}
