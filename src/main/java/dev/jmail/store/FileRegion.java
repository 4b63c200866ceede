package dev.jmail.store;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A message's stored bytes as they lie in a file: bytes [start, end) of an open, read-only channel.
 * Whoever receives it closes the channel.
 */
public record FileRegion(FileChannel channel, long start, long end) implements AutoCloseable {
  public long length() {
    return end - start;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
