package dev.jmail.store.mbox;

import dev.jmail.message.RawHeaders;
import dev.jmail.store.ReaderThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A large mbox split into segments at message boundaries (a From_ line after a blank line, the
 * scanner's own rule) and scanned on two threads; results are handed over in file order. Memory
 * stays bounded: at most {@link #IN_FLIGHT} segments of header copies exist at once.
 */
final class ParallelScan {
  static final long SEGMENT = 16L << 20;
  static final long MIN_SIZE = 48L << 20;
  private static final int THREADS = 2;
  private static final int IN_FLIGHT = 3;

  private ParallelScan() {}

  static boolean worthIt(long size) {
    return size >= MIN_SIZE && Runtime.getRuntime().availableProcessors() >= 2;
  }

  /** What one segment's scan found, message by message. */
  static final class Segment {
    final List<long[]> spans = new ArrayList<>(); // start, contentStart, contentEnd, end, lines
    final List<byte[]> headers = new ArrayList<>();
    final List<int[]> lineStarts = new ArrayList<>();
    final List<Boolean> truncated = new ArrayList<>();
    final List<byte[]> fromLines = new ArrayList<>();
    final List<java.util.Set<dev.jmail.message.Flag>> flags = new ArrayList<>();
    final List<Object> mapped =
        new ArrayList<>(); // when a mapper is given: instead of header copies
  }

  /** The next message boundary at or after {@code target}, or -1 when there is none. */
  static long nextBoundary(FileChannel ch, long target, long size) throws IOException {
    final int window = 1 << 18;
    byte[] b = new byte[window];
    long at = Math.max(0, target - 3);
    while (at < size) {
      int n = 0;
      ByteBuffer bb = ByteBuffer.wrap(b);
      while (bb.hasRemaining()) {
        int r = ch.read(bb, at + bb.position());
        if (r < 0) break;
        n += r;
      }
      for (int i = 3; i + 5 <= n; i++) {
        if (b[i] == 'F'
            && b[i + 1] == 'r'
            && b[i + 2] == 'o'
            && b[i + 3] == 'm'
            && b[i + 4] == ' '
            && b[i - 1] == '\n'
            && (b[i - 2] == '\n' || (b[i - 2] == '\r' && b[i - 3] == '\n'))
            && at + i >= target) {
          return at + i;
        }
      }
      if (n < window) return -1;
      at += n - 8; // overlap: a pattern across windows is seen whole
    }
    return -1;
  }

  interface Consumer {
    void segment(Segment s) throws IOException, MboxScanner.NotMboxException;
  }

  static void scan(FileChannel ch, long size, Consumer consumer)
      throws IOException, MboxScanner.NotMboxException {
    scan(ch, size, SEGMENT, null, consumer);
  }

  /**
   * @param mapper when not null, applied to each header section on the worker threads; the segment
   *     then holds its results instead of header copies
   */
  static void scan(
      FileChannel ch,
      long size,
      long segmentSize,
      java.util.function.Function<RawHeaders, ?> mapper,
      Consumer consumer)
      throws IOException, MboxScanner.NotMboxException {
    List<Long> starts = new ArrayList<>();
    starts.add(0L);
    for (long target = segmentSize; target < size; target += segmentSize) {
      long last = starts.get(starts.size() - 1);
      if (target <= last) continue;
      long b = nextBoundary(ch, target, size);
      if (b < 0) break;
      if (b > last) starts.add(b);
    }
    starts.add(size);
    ExecutorService pool = ReaderThreads.pool(THREADS, "mbox-segment");
    ArrayDeque<Future<Segment>> queue = new ArrayDeque<>();
    try {
      int next = 0;
      int segments = starts.size() - 1;
      for (int k = 0; k < segments; k++) {
        while (next < segments && queue.size() < IN_FLIGHT) {
          long from = starts.get(next), to = starts.get(next + 1);
          queue.add(pool.submit(() -> scanSegment(ch, from, to, mapper)));
          next++;
        }
        consumer.segment(get(queue.poll()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Segment scanSegment(
      FileChannel ch, long from, long to, java.util.function.Function<RawHeaders, ?> mapper)
      throws IOException, MboxScanner.NotMboxException {
    Segment seg = new Segment();
    RawHeaders block = new RawHeaders(new byte[0], 0, false);
    new MboxScanner(ch, MboxScanner.CHUNK, from, to)
        .scan(
            MboxScanner.into(
                block,
                (start, contentStart, contentEnd, end, lines, b) -> {
                  seg.spans.add(new long[] {start, contentStart, contentEnd, end, lines});
                  seg.flags.add(StatusHeaders.decode(block));
                  if (mapper != null) {
                    seg.mapped.add(mapper.apply(block));
                  } else {
                    seg.headers.add(block.toByteArray());
                    seg.lineStarts.add(block.lineStartsCopy());
                    seg.truncated.add(block.truncated());
                    seg.fromLines.add(block.fromLineCopy());
                  }
                }));
    return seg;
  }

  private static Segment get(Future<Segment> f) throws IOException, MboxScanner.NotMboxException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) throw io;
      if (c instanceof MboxScanner.NotMboxException nm) throw nm;
      if (c instanceof RuntimeException re) throw re;
      if (c instanceof Error err) throw err;
      throw new IOException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }
}
