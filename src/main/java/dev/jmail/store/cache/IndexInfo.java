package dev.jmail.store.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code jmail index} shows of one folder's summary index.
 *
 * @param file the index file (it may not exist)
 * @param bytes its size, 0 when absent
 * @param folderBytes the folder's size (mbox: the file; Maildir: the message files), -1 unknown
 * @param messages the messages it holds, -1 when absent or unreadable
 * @param state {@code current}, {@code stale} (it will be brought up to date at the next look),
 *     {@code damaged} or {@code none}
 * @param why what makes it stale or damaged; empty when current or none
 */
public record IndexInfo(
    Path file, long bytes, long folderBytes, int messages, String state, String why) {

  /** Removes the index file (and its tail, {@link CacheFiles#tailOf}); true when there was one. */
  public boolean clear() throws IOException {
    boolean tail = Files.deleteIfExists(CacheFiles.tailOf(file));
    return Files.deleteIfExists(file) || tail;
  }

  /** The record of a missing or unreadable index file. */
  public static IndexInfo absent(Path file, long folderBytes) {
    if (Files.exists(file)) {
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        size = 0;
      }
      return new IndexInfo(
          file, size, folderBytes, -1, "damaged", "foreign, truncated or of another version");
    }
    return new IndexInfo(file, 0, folderBytes, -1, "none", "");
  }
}
