package dev.jmail.render;

import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * The stored bytes of one message, for {@link MimeWalker}, in bounded heap whatever the message's
 * size: a message up to {@link #IN_MEMORY} bytes is held as an array (parsing it is faster than
 * going back to the file); a larger one stays in a file (a region of the mbox or the Maildir file,
 * or a private spool file for bytes that exist only as a stream, e.g. an mbox message whose {@code
 * >From } lines had to be un-quoted) and every MIME part is a window of it. Close it after the last
 * use of the view's parts: the file, and a spool file, go with it.
 */
public final class MessageBytes implements AutoCloseable {
  /** Messages up to this size are read into the heap. */
  public static final int IN_MEMORY = 1 << 20;

  private final byte[] bytes; // or:
  private final FileChannel channel;
  private final long start;
  private final long end;
  private final Path spool; // deleted on close (if it could not be deleted at once)

  private MessageBytes(byte[] bytes, FileChannel channel, long start, long end, Path spool) {
    this.bytes = bytes;
    this.channel = channel;
    this.start = start;
    this.end = end;
    this.spool = spool;
  }

  /** A message already in memory. */
  public static MessageBytes of(byte[] message) {
    return new MessageBytes(message, null, 0, message.length, null);
  }

  /**
   * Bytes [start, end) of an open file, stored unaltered; the source owns the channel and closes it
   * (also when this throws).
   */
  public static MessageBytes window(FileChannel channel, long start, long end) throws IOException {
    try {
      if (end - start <= IN_MEMORY) {
        byte[] b = new byte[(int) (end - start)];
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
          if (channel.read(bb, start + bb.position()) <= 0) break; // the file shrank: what is there
        }
        channel.close();
        return of(bb.position() == b.length ? b : Arrays.copyOf(b, bb.position()));
      }
      return new MessageBytes(null, channel, start, end, null);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The message from a stream (closed by the caller); spooled to the temp directory when large. */
  public static MessageBytes read(InputStream in) throws IOException {
    return read(in, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * The message from a stream: up to {@link #IN_MEMORY} bytes in the heap, more spooled to a
   * private file (mode 0600) under {@code spoolDir}, which is unlinked as soon as it is written
   * (the open channel keeps the bytes readable) or, where the system refuses that, on close; on any
   * error it is removed before this throws.
   */
  static MessageBytes read(InputStream in, Path spoolDir) throws IOException {
    byte[] head = in.readNBytes(IN_MEMORY + 1);
    if (head.length <= IN_MEMORY) return of(head);
    Path file = createPrivate(spoolDir);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      ch.write(ByteBuffer.wrap(head));
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) ch.write(bb);
      }
      long size = ch.position();
      boolean unlinked = unlink(file);
      return new MessageBytes(null, ch, 0, size, unlinked ? null : file);
    } catch (IOException | RuntimeException e) {
      if (ch != null) ch.close();
      Files.deleteIfExists(file);
      throw e;
    }
  }

  static Path createPrivate(Path dir) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(
          dir,
          "jmail-read-",
          ".eml",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createTempFile(dir, "jmail-read-", ".eml");
  }

  private static boolean unlink(Path file) {
    try {
      Files.delete(file);
      return true;
    } catch (IOException e) {
      return false; // e.g. Windows: an open file cannot be deleted; close() does it
    }
  }

  /** Size of the message in bytes. */
  public long length() {
    return bytes != null ? bytes.length : end - start;
  }

  /** True when the message is read from a file rather than held in the heap. */
  public boolean inFile() {
    return bytes == null;
  }

  /**
   * A new stream over the whole message; a {@code jakarta.mail.internet.SharedInputStream}, so the
   * MIME parser keeps parts as windows.
   */
  public InputStream stream() {
    if (bytes != null) return new SharedByteArrayInputStream(bytes);
    return new FileWindowInputStream(channel, start, end);
  }

  @Override
  public void close() throws IOException {
    try {
      if (channel != null) channel.close();
    } finally {
      if (spool != null) Files.deleteIfExists(spool);
    }
  }
}
