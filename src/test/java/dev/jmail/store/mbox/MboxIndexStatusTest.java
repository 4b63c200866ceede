package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.MessageSummary;
import dev.jmail.render.Summaries;
import dev.jmail.store.cache.IndexInfo;
import dev.jmail.store.cache.LocalIndex;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code jmail index} says of an mbox's summary index after each kind of change another
 * program can make to the folder: the state and the reason a user reads there.
 */
class MboxIndexStatusTest {
  @TempDir Path dir;
  Path mbox;

  /** Longer than the 64 KiB the index checks at the start, so the last message lies past it. */
  static final String ONE =
      "From a@example.org Mon Jan  1 10:00:00 2024\nSubject: one\n\nbody one\n"
          + "a line of the first message\n".repeat(2600)
          + "\n";

  static final String TWO =
      "From b@example.org Mon Jan  1 11:00:00 2024\nSubject: two\n\nbody two\n\n";

  Path cache() {
    return dir.resolve("cache");
  }

  @BeforeEach
  void indexed() throws IOException {
    mbox = dir.resolve("box");
    Files.writeString(mbox, ONE + TWO);
    settle();
    LocalIndex.configure(new LocalIndex.Config(cache(), s -> {}, Summaries::detached));
    List<MessageSummary> out = new ArrayList<>();
    new MboxFolder(mbox, false).summaries(Summaries::detached, out::add);
    assertEquals(2, out.size());
  }

  @AfterEach
  void off() {
    LocalIndex.configure(null);
  }

  /** Lets the clock pass the time-stamp granularity window, so that the index is written. */
  void settle() throws IOException {
    long window = TimeUnit.MILLISECONDS.toNanos(Long.getLong("jmail.index.racy.ms", 20) + 2);
    MboxIndex.State s = MboxIndex.State.of(mbox);
    long last = Math.max(s.mtimeNs(), s.ctimeNs());
    while (TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - last < window) {
      Thread.onSpinWait();
    }
  }

  IndexInfo info() throws IOException {
    assertTrue(ONE.length() > MboxIndex.CHECKED);
    return MboxIndex.describe(cache(), mbox);
  }

  void overwriteAt(long at, String text) throws IOException {
    try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), at);
    }
  }

  @Test
  void an_untouched_folder_has_a_current_index_of_its_two_messages() throws IOException {
    IndexInfo i = info();
    assertEquals("current", i.state());
    assertEquals("", i.why());
    assertEquals(2, i.messages());
    assertEquals(Files.size(mbox), i.folderBytes());
    assertTrue(i.bytes() > 0 && i.bytes() == Files.size(i.file()), "the index file's size");
  }

  @Test
  void mail_appended_is_stale_saying_by_how_much_and_that_only_it_will_be_scanned()
      throws IOException {
    Files.writeString(mbox, TWO, StandardOpenOption.APPEND);
    IndexInfo i = info();
    assertEquals("stale", i.state());
    assertEquals(
        "the folder grew by " + TWO.length() + " bytes (the next look scans only what was added)",
        i.why());
  }

  @Test
  void a_folder_cut_short_shrank() throws IOException {
    try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.WRITE)) {
      ch.truncate(ONE.length());
    }
    assertEquals("the folder shrank", info().why());
  }

  @Test
  void a_first_message_edited_in_place_changed_the_first_bytes() throws IOException {
    overwriteAt(ONE.indexOf("one"), "ONE");
    assertEquals("the folder's first bytes changed", info().why());
  }

  @Test
  void the_last_message_edited_in_place_changed_the_last_indexed_message() throws IOException {
    overwriteAt(ONE.length() + TWO.indexOf("two"), "TWO");
    assertEquals("the last indexed message's bytes changed", info().why());
  }

  @Test
  void a_folder_replaced_by_another_file_is_another_file() throws IOException {
    Path copy = dir.resolve("copy");
    Files.copy(mbox, copy);
    Files.move(copy, mbox, StandardCopyOption.REPLACE_EXISTING);
    assertEquals("the folder is another file (device/inode)", info().why());
  }

  @Test
  void a_folder_only_touched_has_changed_times_and_is_stale() throws IOException {
    Files.setLastModifiedTime(mbox, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    IndexInfo i = info();
    assertEquals("stale", i.state());
    assertEquals("the folder's mtime/ctime changed", i.why());
  }

  @Test
  void a_removed_folder_is_gone_and_its_size_unknown() throws IOException {
    Files.delete(mbox);
    IndexInfo i = info();
    assertEquals("stale", i.state());
    assertEquals("the folder is gone", i.why());
    assertEquals(-1, i.folderBytes());
    assertEquals(2, i.messages());
  }

  @Test
  void an_emptied_folder_shrank_and_its_index_does_not_say_it_grows() throws IOException {
    try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    assertEquals("the folder shrank", info().why());
  }
}
