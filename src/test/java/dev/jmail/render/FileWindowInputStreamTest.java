package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.SharedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWindowInputStreamTest {
  private static final int SIZE = 200_000;
  private static final int START = 1000;
  private static final int END = 150_000;

  @TempDir Path dir;
  private byte[] file;
  private FileChannel channel;

  @BeforeEach
  void writeFile() throws IOException {
    file = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) file[i] = (byte) (i * 31 + (i >> 8));
    Path p = dir.resolve("mbox");
    Files.write(p, file);
    channel = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  @AfterEach
  void closeFile() throws IOException {
    channel.close();
  }

  private FileWindowInputStream window() {
    return new FileWindowInputStream(channel, START, END);
  }

  private byte[] slice(int from, int to) {
    return Arrays.copyOfRange(file, from, to);
  }

  private static byte[] readAllByteByByte(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) out.write(b);
    return out.toByteArray();
  }

  @Test
  void reading_byte_by_byte_gives_exactly_the_window_and_then_end_of_stream() throws IOException {
    FileWindowInputStream in = window();
    assertArrayEquals(slice(START, END), readAllByteByByte(in));
    assertEquals(-1, in.read());
    assertEquals(-1, in.read(new byte[10], 0, 10));
  }

  @Test
  void reading_in_chunks_of_any_size_gives_exactly_the_window() throws IOException {
    for (int chunk : new int[] {1, 7, 4096, 65535, 65536, 100_000, 300_000}) {
      FileWindowInputStream in = window();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] b = new byte[chunk + 3];
      for (int n; (n = in.read(b, 3, chunk)) > 0; ) out.write(b, 3, n);
      assertArrayEquals(slice(START, END), out.toByteArray(), "chunk " + chunk);
    }
  }

  @Test
  void mixing_single_bytes_and_chunks_keeps_the_position() throws IOException {
    FileWindowInputStream in = window();
    assertEquals(file[START] & 0xff, in.read());
    byte[] b = new byte[70_000];
    int n = in.read(b, 0, b.length);
    assertTrue(n > 0);
    assertArrayEquals(slice(START + 1, START + 1 + n), Arrays.copyOf(b, n));
    assertEquals(1 + n, in.getPosition());
    assertEquals(file[START + 1 + n] & 0xff, in.read());
    assertEquals(0, in.read(b, 0, 0));
  }

  @Test
  void skip_available_and_position_count_within_the_window() throws IOException {
    FileWindowInputStream in = window();
    assertEquals(END - START, in.available());
    assertEquals(0, in.getPosition());
    assertEquals(0, in.skip(-5));
    assertEquals(100, in.skip(100));
    assertEquals(100, in.getPosition());
    assertEquals(END - START - 100, in.available());
    assertEquals(file[START + 100] & 0xff, in.read());
    assertEquals(END - START - 101, in.skip(Long.MAX_VALUE));
    assertEquals(0, in.available());
    assertEquals(0, in.skip(10));
    assertEquals(-1, in.read());
  }

  @Test
  void reset_goes_back_to_the_mark_even_after_a_large_read() throws IOException {
    FileWindowInputStream in = window();
    assertTrue(in.markSupported());
    in.skip(10);
    in.mark(1);
    byte[] first = in.readNBytes(100_000);
    in.reset();
    assertEquals(10, in.getPosition());
    assertArrayEquals(first, in.readNBytes(100_000));
    in.reset();
    assertEquals(file[START + 10] & 0xff, in.read());
    // a stream reset before its buffer reads the right bytes, not the buffer's
    FileWindowInputStream again = window();
    again.mark(0);
    again.skip(70_000);
    assertEquals(file[START + 70_000] & 0xff, again.read());
    again.reset();
    assertEquals(file[START] & 0xff, again.read());
    byte[] b = new byte[5];
    again.reset();
    assertEquals(5, again.read(b, 0, 5));
    assertArrayEquals(slice(START, START + 5), b);
  }

  @Test
  void a_part_window_is_relative_to_its_parent_and_cut_at_its_end() throws IOException {
    FileWindowInputStream in = window();
    InputStream part = in.newStream(10, 20);
    assertArrayEquals(slice(START + 10, START + 20), part.readAllBytes());
    assertArrayEquals(slice(START + 5, END), in.newStream(5, -1).readAllBytes());
    assertArrayEquals(slice(END - 3, END), in.newStream(END - START - 3, 1_000_000).readAllBytes());
    assertEquals(0, in.newStream(END - START + 50, -1).readAllBytes().length);
    assertEquals(0, in.newStream(30, 20).readAllBytes().length);
    SharedInputStream nested = (SharedInputStream) in.newStream(100, 200);
    assertArrayEquals(slice(START + 150, START + 160), nested.newStream(50, 60).readAllBytes());
    assertEquals(0, nested.getPosition());
    assertThrows(IllegalArgumentException.class, () -> in.newStream(-1, 5));
  }

  @Test
  void a_file_that_shrank_under_the_window_ends_the_stream_at_what_is_there() throws IOException {
    channel.truncate(START + 10);
    assertArrayEquals(slice(START, START + 10), readAllByteByByte(window()));
    FileWindowInputStream big = window();
    byte[] b = new byte[100_000];
    assertEquals(10, big.read(b, 0, b.length));
    assertEquals(-1, big.read(b, 0, b.length));
    channel.truncate(START);
    FileWindowInputStream none = window();
    assertEquals(-1, none.read(b, 0, 100_000));
    assertEquals(-1, none.read(b, 0, 10));
  }

  @Test
  void a_tiny_window_reads_whole_and_closing_keeps_the_file_open() throws IOException {
    FileWindowInputStream one = new FileWindowInputStream(channel, 5, 6);
    assertEquals(file[5] & 0xff, one.read());
    assertEquals(-1, one.read());
    one.close();
    assertTrue(channel.isOpen());
    assertEquals(-1, new FileWindowInputStream(channel, 5, 5).read());
  }
}
