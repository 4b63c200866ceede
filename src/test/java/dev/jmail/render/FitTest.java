package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A listing's sender column ({@link DisplayWidth#fit}, one pass) is exactly the text cut to the
 * columns and padded with spaces, whatever the mix of wide, zero-width and surrogate-pair
 * characters.
 */
class FitTest {
  private static String reference(String s, int cols) {
    String t = DisplayWidth.truncate(s, cols);
    int w = DisplayWidth.of(t);
    return w >= cols ? t : t + " ".repeat(cols - w);
  }

  @Test
  void fitting_is_truncating_then_padding_for_every_width_and_mix_of_characters() {
    String[] parts = {
      "a",
      "Z",
      " ",
      "é",
      "\u0301",
      "\u200b",
      "会",
      "議",
      "\uD83D\uDE00",
      "\uFE0F",
      "\u1160",
      "\u0000",
      "\uD83D",
      "ж"
    };
    Random r = new Random(18);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      int k = r.nextInt(30);
      for (int i = 0; i < k; i++) b.append(parts[r.nextInt(parts.length)]);
      String s = b.toString();
      int cols = r.nextInt(22);
      assertEquals(reference(s, cols), DisplayWidth.fit(s, cols), () -> s + " in " + cols);
    }
  }

  @Test
  void a_sender_of_exactly_the_columns_is_given_back_as_it_is() {
    String s = "Jennifer Harris Ab";
    assertEquals(18, s.length());
    assertEquals(s, DisplayWidth.fit(s, 18));
    assertEquals("会議の議事録会議の", DisplayWidth.fit("会議の議事録会議の議事録", 18));
    assertEquals("会議の議事録会議の ", DisplayWidth.fit("会議の議事録会議の議事録", 19));
  }
}
