package dev.jmail.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time (SWAR): finding line ends is the inner loop of every folder scan. {@code
 * ~(((x & 0x7f..) + 0x7f..) | x | 0x7f..)} has the high bit set in exactly the bytes of {@code x}
 * that are zero (no false positives, so masks can be counted), i.e. the bytes equal to {@code c} in
 * {@code word ^ c * 0x01..}. Byte 0 is the lowest-addressed byte (little-endian reads). The
 * launcher runs C1 only, which does not intrinsify {@code Long.numberOfTrailingZeros} or {@code
 * Long.bitCount}: both are done here with one multiplication.
 */
public final class Swar {
  private Swar() {}

  private static final VarHandle WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long ONES = 0x0101010101010101L;

  /** The eight bytes at {@code i}, byte {@code i} lowest. */
  public static long word(byte[] b, int i) {
    return (long) WORD.get(b, i);
  }

  /**
   * High bit of each byte of {@code word} equal to {@code c}; {@code pattern} is {@code c *
   * 0x01..}.
   */
  public static long matches(long word, long pattern) {
    long x = word ^ pattern;
    return ~(((x & LOW7) + LOW7) | x | LOW7);
  }

  /** {@code c * 0x0101010101010101}: the pattern for {@link #matches}. */
  public static long pattern(char c) {
    return (c & 0xFF) * ONES;
  }

  /** Index (0-7) of the lowest byte marked in a non-zero mask from {@link #matches}. */
  public static int firstByte(long mask) {
    return (int) ((((mask & -mask) >>> 7) * 0x0001020304050607L) >>> 56);
  }

  /** How many bytes a mask from {@link #matches} marks. */
  public static int count(long mask) {
    return (int) (((mask >>> 7) * ONES) >>> 56);
  }
}
