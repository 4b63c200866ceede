package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.MessageSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A listing line made from an index's display columns ({@link Summaries#display}, {@link
 * Summaries.LineBytes}) is byte for byte the line {@link Summaries#line} makes of the summary.
 */
class ListingLineBytesTest {
  private static final String[] PIECES = {
    "a",
    "Bob",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\u0001",
    "\u007f",
    "\u0085",
    "\u00e9",
    "e\u0301",
    "\u4e2d\u6587",
    "\u3000",
    "\u2003",
    "\ud83d\ude00",
    "\ud83d",
    "\ude00",
    "\u202e",
    "\u2028",
    "\u200b",
    "\ufe0f",
    "=?utf-8?q?x?=",
    "\"Q\"",
    "<a@b>",
    "x".repeat(90),
    "\u0000",
    "\u00a0"
  };

  private static String text(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) b.append(PIECES[r.nextInt(PIECES.length)]);
    return b.toString();
  }

  private static String line(
      MessageSummary s, int columns, int flags, int number, long lines, long size) {
    Summaries.LineBytes out = new Summaries.LineBytes();
    out.add(flags, number, lines, size, ByteBuffer.wrap(Summaries.display(s)), columns);
    return new String(out.bytes(), 0, out.size(), StandardCharsets.UTF_8);
  }

  private static String expected(MessageSummary s, int columns) {
    // as the listing prints it: UTF-8 (a lone surrogate is '?'), one line each
    return new String(
        (Summaries.line(s, false, columns) + "\n").getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8);
  }

  @Test
  void random_summaries_make_the_same_line_from_display_columns_as_from_the_summary() {
    Random r = new Random(20261207);
    int[] widths = {0, 1, 5, 20, 39, 40, 41, 47, 48, 60, 80, 81, 132, 400};
    Flag[] all = Flag.values();
    for (int round = 0; round < 20_000; round++) {
      Set<Flag> flags = EnumSet.noneOf(Flag.class);
      for (Flag f : all) if (r.nextInt(3) == 0) flags.add(f);
      int number = r.nextInt(4) == 0 ? 1 + r.nextInt(2_000_000) : 1 + r.nextInt(120);
      long lines = r.nextInt(5) == 0 ? -1 : r.nextInt(4) == 0 ? r.nextInt(1 << 30) : r.nextInt(300);
      long size = r.nextInt(4) == 0 ? (long) r.nextInt(1 << 30) * 16 : r.nextInt(100_000);
      MessageEntry e =
          new MessageEntry(number, new MessageLocation.Mbox(0, 0, size, size), size, lines, flags);
      OffsetDateTime date =
          r.nextInt(6) == 0
              ? null
              : OffsetDateTime.of(
                  1970 + r.nextInt(100),
                  1 + r.nextInt(12),
                  1 + r.nextInt(28),
                  r.nextInt(24),
                  r.nextInt(60),
                  0,
                  0,
                  ZoneOffset.ofHours(r.nextInt(25) - 12));
      MessageSummary s =
          new MessageSummary(e, text(r), text(r), text(r), date, r.nextBoolean(), null);
      int bits = 0;
      for (Flag f : flags) bits |= 1 << f.ordinal();
      int columns = widths[r.nextInt(widths.length)];
      assertEquals(
          expected(s, columns),
          line(s, columns, bits, number, lines, size),
          "round " + round + ": " + s + " at " + columns + " columns");
    }
  }

  @Test
  void a_sender_of_many_zero_width_characters_is_kept_whole() {
    MessageEntry e = new MessageEntry(7, new MessageLocation.Mbox(0, 0, 9, 9), 9, 1, Set.of());
    MessageSummary s =
        new MessageSummary(e, "a" + "\u0301".repeat(70_000), "", "hi", null, false, null);
    assertEquals(expected(s, 80), line(s, 80, 0, 7, 1, 9));
  }
}
