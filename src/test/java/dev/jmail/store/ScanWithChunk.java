package dev.jmail.store;

import dev.jmail.message.MessageEntry;
import java.nio.file.Path;
import java.util.List;

/** Test hook: an mbox scan with a tiny buffer, to hit every chunk-boundary case. */
final class ScanWithChunk {
  private ScanWithChunk() {}

  static List<MessageEntry> entries(Path p, int chunk) {
    return dev.jmail.store.mbox.MboxTestAccess.entries(p, chunk);
  }
}
