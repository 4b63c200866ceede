package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large mbox is cut into segments at message boundaries (a From_ line after a blank line, LF or
 * CRLF) and the segments are scanned on two threads: the cuts must fall exactly on those lines.
 */
class ParallelScanTest {
  @TempDir Path dir;

  private static byte[] fixture(String name) throws Exception {
    try (InputStream in = ParallelScanTest.class.getResourceAsStream("/fixtures/mbox/" + name)) {
      return in.readAllBytes();
    }
  }

  /** The boundaries by the rule, found the slow way: offsets of "From " after a blank line. */
  private static List<Long> boundaries(byte[] b) {
    String s = new String(b, StandardCharsets.ISO_8859_1);
    List<Long> out = new ArrayList<>();
    for (int i = s.indexOf("From ", 1); i >= 0; i = s.indexOf("From ", i + 1)) {
      if (s.startsWith("\n\n", i - 2) || (i >= 3 && s.startsWith("\n\r\n", i - 3)))
        out.add((long) i);
    }
    return out;
  }

  private static long expectedNext(List<Long> boundaries, long target) {
    for (long b : boundaries) if (b >= target) return b;
    return -1;
  }

  @Test
  void the_next_boundary_from_any_offset_is_the_first_from_line_after_a_blank_line_at_or_after_it()
      throws Exception {
    byte[] mbox = fixture("boundaries.mbox");
    Path p = Files.write(dir.resolve("m"), mbox);
    List<Long> boundaries = boundaries(mbox);
    assertEquals(4, boundaries.size(), "LF and CRLF separators; the others are not");
    try (FileChannel ch = FileChannel.open(p)) {
      for (long target = 0; target <= mbox.length; target++) {
        assertEquals(
            expectedNext(boundaries, target),
            ParallelScan.nextBoundary(ch, target, mbox.length),
            "from offset " + target);
      }
    }
  }

  @Test
  void a_from_line_across_the_edge_of_a_read_window_is_still_a_boundary() throws Exception {
    int window = 1 << 18;
    for (int at :
        new int[] {window - 5, window - 3, window - 1, window, window + 2, 2 * window - 9}) {
      StringBuilder s = new StringBuilder("From a@example.org Mon Jan  1 10:00:00 2024\n\n");
      while (s.length() < at - 1)
        s.append("x".repeat(Math.min(70, at - 2 - s.length()))).append('\n');
      s.append('\n');
      assertEquals(at, s.length());
      s.append("From b@example.org Mon Jan  1 10:00:00 2024\n\nbody\n");
      s.append("y".repeat(70).concat("\n").repeat(5000));
      byte[] b = s.toString().getBytes(StandardCharsets.US_ASCII);
      Path p = Files.write(dir.resolve("w" + at), b);
      try (FileChannel ch = FileChannel.open(p)) {
        assertEquals(at, ParallelScan.nextBoundary(ch, 1, b.length), "boundary at " + at);
        assertEquals(at, ParallelScan.nextBoundary(ch, at, b.length), "boundary at " + at);
        assertEquals(-1, ParallelScan.nextBoundary(ch, at + 1, b.length), "boundary at " + at);
      }
    }
  }

  @Test
  void with_tiny_segments_each_message_is_a_segment_and_together_they_are_the_whole_file()
      throws Exception {
    byte[] mbox = fixture("boundaries.mbox");
    Path p = Files.write(dir.resolve("m"), mbox);
    List<long[]> segments = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(p)) {
      ParallelScan.scan(
          ch,
          mbox.length,
          1,
          null,
          seg -> {
            assertFalse(seg.spans.isEmpty());
            segments.add(new long[] {seg.spans.get(0)[0], seg.spans.get(seg.spans.size() - 1)[3]});
          });
    }
    List<Long> starts = new ArrayList<>(List.of(0L));
    starts.addAll(boundaries(mbox));
    assertEquals(starts.size(), segments.size());
    for (int i = 0; i < segments.size(); i++) {
      assertEquals(starts.get(i), segments.get(i)[0]);
      assertEquals(i + 1 < starts.size() ? starts.get(i + 1) : mbox.length, segments.get(i)[1]);
    }
  }

  @Test
  void only_files_of_48_mib_or_more_are_worth_two_threads() {
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two processors");
    assertFalse(ParallelScan.worthIt((48L << 20) - 1));
    assertTrue(ParallelScan.worthIt(48L << 20));
  }
}
