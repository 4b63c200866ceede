package dev.jmail.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SwarTest {
  @Test
  void masks_mark_exactly_the_matching_bytes_and_are_counted_and_located_correctly() {
    Random random = new Random(7);
    long lf = Swar.pattern('\n');
    byte[] b = new byte[8];
    for (int n = 0; n < 200_000; n++) {
      // bytes near the pattern value (0x09, 0x0a, 0x0b, 0x8a) and anything else
      for (int i = 0; i < 8; i++) {
        int r = random.nextInt(6);
        b[i] =
            (byte)
                (r == 0
                    ? '\n'
                    : r == 1 ? 0x0b : r == 2 ? 0x8a : r == 3 ? 0x09 : random.nextInt(256));
      }
      long mask = Swar.matches(Swar.word(b, 0), lf);
      int count = 0, first = -1;
      for (int i = 0; i < 8; i++) {
        boolean hit = b[i] == '\n';
        assertEquals(hit, (mask >>> (8 * i + 7) & 1) == 1, "byte " + i);
        if (hit) {
          count++;
          if (first < 0) first = i;
        }
      }
      assertEquals(count, Swar.count(mask));
      if (mask != 0) assertEquals(first, Swar.firstByte(mask));
    }
  }
}
