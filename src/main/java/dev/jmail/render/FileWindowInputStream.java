package dev.jmail.render;

import jakarta.mail.internet.SharedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Bytes [start, end) of a file as a {@link SharedInputStream}: {@code MimeMessage} and {@link
 * Rfc2046Multipart} then keep every part as a window of the file ({@link #newStream}) instead of a
 * copy in the heap. Unlike {@code jakarta.mail.util.SharedFileInputStream}, the windows do not own
 * the file: its one channel belongs to the {@link MessageBytes} and is closed with it,
 * deterministically (a descriptor left to a finalizer could drop an fcntl lock on an mbox at a
 * random time). Mark/reset is a position, so any read-ahead limit is free.
 */
final class FileWindowInputStream extends InputStream implements SharedInputStream {
  private static final int BUFFER = 1 << 16;

  private final FileChannel channel;
  private final long start;
  private final long end;
  private long position;
  private long mark;
  private byte[] buf; // allocated on first read: most windows are never read
  private long bufStart;
  private int bufLength;

  FileWindowInputStream(FileChannel channel, long start, long end) {
    this.channel = channel;
    this.start = start;
    this.end = end;
    this.position = start;
    this.mark = start;
  }

  @Override
  public int read() throws IOException {
    int i = (int) (position - bufStart);
    if (buf == null || position < bufStart || i >= bufLength) {
      if (!fill()) return -1;
      i = 0;
    }
    position++;
    return buf[i] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (position >= end) return -1;
    long inBuffer = buf == null || position < bufStart ? 0 : bufStart + bufLength - position;
    if (inBuffer <= 0) {
      if (len >= BUFFER) { // large reads go straight to the caller's array
        int n = (int) Math.min(len, end - position);
        int r = channel.read(ByteBuffer.wrap(b, off, n), position);
        if (r <= 0) return -1; // the file shrank under us: stop at what is there
        position += r;
        return r;
      }
      if (!fill()) return -1;
      inBuffer = bufLength;
    }
    int n = (int) Math.min(len, inBuffer);
    System.arraycopy(buf, (int) (position - bufStart), b, off, n);
    position += n;
    return n;
  }

  /** Fills the buffer from {@code position}; false at the end of the window (or the file). */
  private boolean fill() throws IOException {
    if (position >= end) return false;
    if (buf == null) buf = new byte[(int) Math.min(BUFFER, Math.max(1, end - start))];
    int n = (int) Math.min(buf.length, end - position);
    int r = channel.read(ByteBuffer.wrap(buf, 0, n), position);
    bufStart = position;
    bufLength = Math.max(r, 0);
    return r > 0;
  }

  @Override
  public long skip(long n) {
    long k = Math.max(0, Math.min(n, end - position));
    position += k;
    return k;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  @Override
  public void mark(int readLimit) {
    mark = position;
  }

  @Override
  public void reset() {
    position = mark;
  }

  /** Nothing to release: the channel belongs to the {@link MessageBytes}. */
  @Override
  public void close() {
    buf = null;
  }

  @Override
  public long getPosition() {
    return position - start;
  }

  @Override
  public InputStream newStream(long from, long to) {
    if (from < 0) throw new IllegalArgumentException("start < 0");
    long s = Math.min(start + from, end);
    long e = to == -1 ? end : Math.min(start + to, end);
    return new FileWindowInputStream(channel, s, Math.max(s, e));
  }
}
