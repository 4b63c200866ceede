package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte moves an mbox rewrite is made of: after deleting a message, the ones behind it move
 * towards the start of the same file, possibly over more than one buffer's worth.
 */
class ChannelBytesTest {
  @TempDir Path dir;

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void messages_moved_towards_the_start_of_the_same_file_arrive_byte_for_byte() throws Exception {
    int size = (5 << 20) / 2 + 12345; // two and a half buffers
    byte[] before = random(size);
    Path p = Files.write(dir.resolve("mbox"), before);
    long from = 70_000, at = 1_000;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ChannelBytes.copy(ch, from, size, ch, at);
      ch.truncate(at + size - from);
    }
    byte[] expected = new byte[(int) (at + size - from)];
    System.arraycopy(before, 0, expected, 0, (int) at);
    System.arraycopy(before, (int) from, expected, (int) at, (int) (size - from));
    assertArrayEquals(expected, Files.readAllBytes(p));
  }

  @Test
  void a_range_copied_into_another_file_lands_at_its_offset() throws Exception {
    byte[] src = random(300_000);
    Path a = Files.write(dir.resolve("a"), src);
    Path b = Files.write(dir.resolve("b"), new byte[10]);
    try (FileChannel in = FileChannel.open(a);
        FileChannel out = FileChannel.open(b, StandardOpenOption.WRITE)) {
      ChannelBytes.copy(in, 1000, 250_000, out, 10);
    }
    byte[] got = Files.readAllBytes(b);
    assertEquals(10 + 249_000, got.length);
    assertArrayEquals(
        Arrays.copyOfRange(src, 1000, 250_000), Arrays.copyOfRange(got, 10, got.length));
  }

  @Test
  void zeros_fill_exactly_the_range_asked_for_over_several_blocks() throws Exception {
    byte[] ones = new byte[200_000];
    Arrays.fill(ones, (byte) 1);
    Path p = Files.write(dir.resolve("z"), ones);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ChannelBytes.zeros(ch, 5, 150_000);
    }
    byte[] expected = ones.clone();
    Arrays.fill(expected, 5, 150_005, (byte) 0);
    assertArrayEquals(expected, Files.readAllBytes(p));
  }

  @Test
  void reading_past_the_end_of_a_shrunk_file_is_an_io_error() throws Exception {
    Path p = Files.write(dir.resolve("s"), random(100));
    try (FileChannel ch = FileChannel.open(p)) {
      assertArrayEquals(
          Arrays.copyOfRange(Files.readAllBytes(p), 40, 100), ChannelBytes.read(ch, 40, 60));
      IOException e = assertThrows(IOException.class, () -> ChannelBytes.read(ch, 40, 61));
      assertEquals("mailbox shrank while locked", e.getMessage());
    }
  }
}
