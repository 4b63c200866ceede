package dev.jmail.store.mbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Byte ranges read, written and copied at explicit offsets of file channels. */
final class ChannelBytes {
  private ChannelBytes() {}

  static byte[] read(FileChannel src, long at, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (src.read(b, at + b.position()) < 0) throw new IOException("mailbox shrank while locked");
    }
    return b.array();
  }

  static void write(FileChannel out, long at, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) out.write(b, at + b.position());
  }

  /**
   * Copies {@code src[from, to)} to {@code dst} at {@code at}, ascending in chunks: safe within one
   * file when {@code at <= from} (a move towards the start).
   */
  static void copy(FileChannel src, long from, long to, FileChannel dst, long at)
      throws IOException {
    if (src != dst) {
      long pos = from;
      while (pos < to) {
        dst.position(at + (pos - from));
        long n = src.transferTo(pos, Math.min(to - pos, 1L << 26), dst);
        if (n <= 0) throw new IOException("file shrank while locked");
        pos += n;
      }
      return;
    }
    ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
    long pos = from;
    while (pos < to) {
      b.clear().limit((int) Math.min(b.capacity(), to - pos));
      int n = src.read(b, pos);
      if (n < 0) throw new IOException("file shrank while locked");
      b.flip();
      long w = at + (pos - from);
      while (b.hasRemaining()) w += dst.write(b, w);
      pos += n;
    }
  }

  /** Writes {@code count} NUL bytes at {@code at} (allocates the blocks, unlike ftruncate). */
  static void zeros(FileChannel ch, long at, long count) throws IOException {
    ByteBuffer z = ByteBuffer.allocateDirect((int) Math.min(count, 1 << 16));
    long pos = at;
    while (pos < at + count) {
      z.clear().limit((int) Math.min(z.capacity(), at + count - pos));
      while (z.hasRemaining()) pos += ch.write(z, pos);
    }
  }
}
