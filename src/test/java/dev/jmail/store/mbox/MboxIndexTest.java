package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import dev.jmail.render.Summaries;
import dev.jmail.store.cache.CacheFiles;
import dev.jmail.store.cache.LocalIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxIndexTest {
  @TempDir Path dir;
  private final List<String> debug = new ArrayList<>();

  @AfterEach
  void off() {
    LocalIndex.configure(null);
  }

  private Path cache() {
    return dir.resolve("cache");
  }

  private List<MessageSummary> indexed(Path mbox) {
    debug.clear();
    LocalIndex.configure(new LocalIndex.Config(cache(), debug::add, Summaries::detached));
    List<MessageSummary> out = new ArrayList<>();
    new MboxFolder(mbox, false).summaries(Summaries::detached, out::add);
    return out;
  }

  private List<MessageEntry> indexedEntries(Path mbox) {
    LocalIndex.configure(new LocalIndex.Config(cache(), debug::add, Summaries::detached));
    return new MboxFolder(mbox, false).entries();
  }

  private static List<MessageSummary> fresh(Path mbox) {
    LocalIndex.configure(null);
    List<MessageSummary> out = new ArrayList<>();
    new MboxFolder(mbox, false).summaries(Summaries::detached, out::add);
    return out;
  }

  private static List<MessageEntry> entries(List<MessageSummary> s) {
    return s.stream().map(MessageSummary::entry).toList();
  }

  /** Lets the clock pass the time-stamp granularity window, so that the index may be written. */
  private static void settle(Path mbox) throws IOException {
    long window = TimeUnit.MILLISECONDS.toNanos(Long.getLong("jmail.index.racy.ms", 20) + 2);
    MboxIndex.State s = MboxIndex.State.of(mbox);
    long last = Math.max(s.mtimeNs(), s.ctimeNs());
    if (last > TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) + window)
      return; // touched into the future
    while (TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - last < window) {
      Thread.onSpinWait();
    }
  }

  private String said() {
    return String.join("\n", debug);
  }

  @Test
  void every_fixture_mbox_summarises_the_same_with_the_index_off_cold_warm_and_extended()
      throws IOException {
    List<Path> fixtures;
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/fixtures/mbox"))) {
      fixtures = s.filter(p -> p.toString().endsWith(".mbox")).sorted().toList();
    }
    assertTrue(fixtures.size() >= 10);
    for (Path f : fixtures) {
      Path mbox = dir.resolve(f.getFileName());
      Files.copy(f, mbox);
      List<MessageSummary> want;
      try {
        want = fresh(mbox);
      } catch (dev.jmail.error.DataFormatException e) {
        assertThrows(dev.jmail.error.DataFormatException.class, () -> indexed(mbox), f.toString());
        continue;
      }
      settle(mbox);
      assertEquals(want, indexed(mbox), f + " cold");
      assertTrue(said().contains("rebuilt"), f + ": " + said());
      assertEquals(want, indexed(mbox), f + " warm");
      assertEquals(entries(want), indexedEntries(mbox), f + " numbering");
      if (!want.isEmpty()) assertTrue(said().contains("used"), f + ": " + said());
      Files.write(
          mbox,
          ((Files.size(mbox) == 0 ? "" : "\n")
                  + "From new@example.org Sat Jan 11 10:00:00 2025\nSubject: appended\nStatus: RO\n\nbody\n")
              .getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.APPEND);
      List<MessageSummary> grown = fresh(mbox);
      settle(mbox);
      assertEquals(grown, indexed(mbox), f + " extended");
      if (!want.isEmpty()) assertTrue(said().contains("extended"), f + ": " + said());
      assertEquals(grown, indexed(mbox), f + " warm after the extension");
    }
  }

  /** A plain listing through the index's display columns ({@code list}'s fast path). */
  private String listedRows(Path mbox) {
    debug.clear();
    LocalIndex.configure(
        new LocalIndex.Config(cache(), debug::add, Summaries::detached, Summaries::display));
    Summaries.LineBytes lines = new Summaries.LineBytes();
    int n =
        new MboxFolder(mbox, false)
            .listingRows(
                (number, flags, count, size, display) ->
                    lines.add(flags, number, count, size, display, 80));
    assertEquals(n, lines.size() == 0 ? 0 : n);
    return new String(lines.bytes(), 0, lines.size(), StandardCharsets.UTF_8);
  }

  /** The same listing from summaries of a fresh scan. */
  private static String listedFresh(Path mbox) {
    StringBuilder b = new StringBuilder();
    for (MessageSummary s : fresh(mbox)) b.append(Summaries.line(s, false, 80)).append('\n');
    return new String(b.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  @Test
  void every_fixture_mbox_lists_the_same_lines_from_the_index_cold_warm_and_extended()
      throws IOException {
    List<Path> fixtures;
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/fixtures/mbox"))) {
      fixtures = s.filter(p -> p.toString().endsWith(".mbox")).sorted().toList();
    }
    for (Path f : fixtures) {
      Path mbox = dir.resolve("rows-" + f.getFileName());
      Files.copy(f, mbox);
      String want;
      try {
        want = listedFresh(mbox);
      } catch (dev.jmail.error.DataFormatException e) {
        continue;
      }
      settle(mbox);
      assertEquals(want, listedRows(mbox), f + " cold");
      assertTrue(said().contains("rebuilt"), f + ": " + said());
      assertEquals(want, listedRows(mbox), f + " warm");
      if (!want.isEmpty()) assertTrue(said().contains("used"), f + ": " + said());
      Files.write(
          mbox,
          ((Files.size(mbox) == 0 ? "" : "\n")
                  + "From new@example.org Sat Jan 11 10:00:00 2025\nSubject: =?utf-8?q?appended_=E4=B8=AD?=\n\nbody\n")
              .getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.APPEND);
      String grown = listedFresh(mbox);
      settle(mbox);
      assertEquals(grown, listedRows(mbox), f + " extended");
      if (!want.isEmpty()) assertTrue(said().contains("extended"), f + ": " + said());
      assertEquals(grown, listedRows(mbox), f + " warm after the extension");
      // and the summaries of the extended index are a fresh scan's
      assertEquals(fresh(mbox), indexed(mbox), f + " summaries after the extension");
    }
  }

  @Test
  void an_index_without_display_columns_is_rebuilt_for_a_listing() throws IOException {
    Path mbox = dir.resolve("m.mbox");
    Files.copy(Path.of("src/test/resources/fixtures/mbox/session.mbox"), mbox);
    settle(mbox);
    indexed(mbox); // written by a configuration that makes no display columns
    assertTrue(said().contains("rebuilt"), said());
    assertEquals(listedFresh(mbox), listedRows(mbox));
    assertTrue(said().contains("rebuilt: the index holds no display columns"), said());
    assertEquals(listedFresh(mbox), listedRows(mbox));
    assertTrue(said().contains("used"), said());
  }

  @Test
  void a_damaged_truncated_or_foreign_version_index_is_ignored_and_rebuilt() throws IOException {
    Path mbox = dir.resolve("m.mbox");
    Files.write(mbox, messages(5, new Random(3)));
    List<MessageSummary> want = fresh(mbox);
    settle(mbox);
    indexed(mbox);
    Path file = MboxIndex.fileFor(cache(), mbox);
    byte[] good = Files.readAllBytes(file);
    Random r = new Random(7);
    List<byte[]> bad = new ArrayList<>();
    byte[] noise = new byte[good.length];
    r.nextBytes(noise);
    bad.add(noise);
    bad.add(java.util.Arrays.copyOf(good, good.length / 2));
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x40;
    bad.add(flipped);
    bad.add(new byte[0]);
    for (byte[] b : bad) {
      Files.write(file, b);
      assertEquals(want, indexed(mbox));
      assertTrue(said().contains("rebuilt: the index file is damaged"), said());
      assertEquals(want, indexed(mbox));
      assertTrue(said().contains("used"), said());
    }
    // a well-formed file of another version
    CacheFiles.write(
        file, MboxIndex.MAGIC, MboxIndex.VERSION + 1, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertEquals(want, indexed(mbox));
    assertTrue(said().contains("rebuilt"), said());
    // an index of another mbox copied over this one's
    Path other = dir.resolve("other.mbox");
    Files.write(other, messages(2, new Random(4)));
    settle(other);
    indexed(other);
    Files.copy(MboxIndex.fileFor(cache(), other), file, StandardCopyOption.REPLACE_EXISTING);
    assertEquals(want, indexed(mbox));
    assertTrue(said().contains("rebuilt"), said());
  }

  private static void append(Path mbox, String subject) throws IOException {
    Files.write(
        mbox,
        ("\nFrom new@example.org Sat Jan 11 10:00:00 2025\nSubject: "
                + subject
                + "\nStatus: RO\n\nbody\n")
            .getBytes(StandardCharsets.US_ASCII),
        StandardOpenOption.APPEND);
  }

  @Test
  void an_append_is_indexed_in_a_small_tail_and_the_index_file_is_left_as_it_is()
      throws IOException {
    Path mbox = dir.resolve("m.mbox");
    Files.write(mbox, messages(200, new Random(11)));
    settle(mbox);
    indexed(mbox);
    Path file = MboxIndex.fileFor(cache(), mbox);
    Path tail = MboxIndex.tailFor(file);
    byte[] written = Files.readAllBytes(file);
    Object inode = Files.readAttributes(file, "unix:ino").get("ino");
    for (int k = 1; k <= 3; k++) {
      append(mbox, "appended " + k);
      settle(mbox);
      List<MessageSummary> want = fresh(mbox);
      assertEquals(want, indexed(mbox), "extension " + k);
      assertTrue(said().contains("extended"), said());
      assertTrue(Files.exists(tail), "a tail");
      assertTrue(Files.size(tail) < written.length / 10, "a small tail");
      assertEquals(
          inode, Files.readAttributes(file, "unix:ino").get("ino"), "the file not replaced");
      assertTrue(java.util.Arrays.equals(written, Files.readAllBytes(file)), "nor changed");
      assertEquals(want, indexed(mbox), "warm after extension " + k);
      assertTrue(said().contains("used (" + want.size() + " messages)"), said());
      assertEquals(entries(want), indexedEntries(mbox), "numbering after extension " + k);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tail)));
    }
    // jmail's own change writes the whole index again, without a tail
    jmailChanges(mbox, new Random(12));
    settle(mbox);
    assertTrue(!Files.exists(tail) || said().contains("forgotten"), said());
    assertEquals(fresh(mbox), indexed(mbox));
    assertEquals(entries(fresh(mbox)), indexedEntries(mbox));
  }

  @Test
  void a_tail_of_an_index_file_written_since_is_ignored() throws IOException {
    Path mbox = dir.resolve("m.mbox");
    Files.write(mbox, messages(40, new Random(13)));
    settle(mbox);
    indexed(mbox);
    Path file = MboxIndex.fileFor(cache(), mbox);
    Path tail = MboxIndex.tailFor(file);
    append(mbox, "one");
    settle(mbox);
    indexed(mbox);
    byte[] oldTail = Files.readAllBytes(tail);
    // the same mbox written again with other messages of the same size: rebuilt, a new file
    byte[] again = Files.readAllBytes(mbox);
    again[again.length - 3] = (byte) 'X';
    rewriteInPlace(mbox, again);
    settle(mbox);
    List<MessageSummary> want = fresh(mbox);
    assertEquals(want, indexed(mbox));
    assertTrue(said().contains("rebuilt"), said());
    assertTrue(!Files.exists(tail), "the tail of the replaced file is removed");
    Files.write(tail, oldTail); // a tail of the earlier file, as a late writer would leave it
    assertEquals(want, indexed(mbox));
    assertTrue(said().contains("used (" + want.size() + " messages)"), said());
    assertEquals(entries(want), indexedEntries(mbox));
  }

  @Test
  void a_damaged_tail_is_ignored_and_the_index_file_extended_again() throws IOException {
    Path mbox = dir.resolve("m.mbox");
    Files.write(mbox, messages(40, new Random(14)));
    settle(mbox);
    indexed(mbox);
    Path tail = MboxIndex.tailFor(MboxIndex.fileFor(cache(), mbox));
    append(mbox, "one");
    settle(mbox);
    indexed(mbox);
    byte[] t = Files.readAllBytes(tail);
    for (int at : new int[] {t.length / 2, 30, t.length - 1}) {
      byte[] bad = t.clone();
      bad[at] ^= 0x20;
      Files.write(tail, bad);
      List<MessageSummary> want = fresh(mbox);
      assertEquals(want, indexed(mbox), "damaged at " + at);
      assertTrue(said().contains("extended"), said());
      assertEquals(want, indexed(mbox));
      assertTrue(said().contains("used"), said());
    }
  }

  @Test
  void read_n_checks_only_the_blocks_it_uses_and_never_uses_a_damaged_one() throws IOException {
    Path mbox = dir.resolve("m.mbox");
    Files.write(mbox, messages(600, new Random(15)));
    settle(mbox);
    List<MessageEntry> want = entries(fresh(mbox));
    indexed(mbox);
    Path file = MboxIndex.fileFor(cache(), mbox);
    byte[] good = Files.readAllBytes(file);
    assertTrue(good.length > 4 * CacheFiles.BLOCK, "an index of several blocks");
    // a byte of the last payload block (records of the last messages) damaged
    byte[] bad = good.clone();
    int last = (int) (20 + ByteBuffer.wrap(good, 12, 8).getLong() - 40); // head 20, payload
    bad[last] ^= 0x01;
    Files.write(file, bad);
    debug.clear();
    List<MessageEntry> view = indexedEntries(mbox);
    assertEquals(want.get(0), view.get(0), "message 1 from an undamaged block");
    assertEquals(want.get(1), view.get(1));
    assertTrue(said().contains("used for the numbering"), said());
    // a row in the second block (the first holds the head, checked at every load): a damaged
    // one is not used, the entries are a scan's
    bad = good.clone();
    bad[20 + CacheFiles.BLOCK + 100] ^= 0x01;
    Files.write(file, bad);
    debug.clear();
    view = indexedEntries(mbox);
    List<MessageEntry> all = new ArrayList<>();
    for (int i = 0; i < view.size(); i++) all.add(view.get(i));
    assertEquals(want, all);
    assertTrue(said().contains("damaged"), said());
    // a listing uses every block: rebuilt
    assertEquals(fresh(mbox), indexed(mbox));
    assertTrue(said().contains("rebuilt: the index file is damaged"), said());
  }

  @Test
  void the_index_is_a_private_file_in_a_private_directory_and_no_temporary_is_left()
      throws IOException {
    Path mbox = dir.resolve("m.mbox");
    Files.write(mbox, messages(3, new Random(5)));
    settle(mbox);
    indexed(mbox);
    Path file = MboxIndex.fileFor(cache(), mbox);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertEquals(List.of(file), s.toList());
    }
  }

  @Test
  void an_index_of_a_folder_changed_within_the_time_stamp_granularity_is_not_written()
      throws IOException {
    Path mbox = dir.resolve("m.mbox");
    Files.write(mbox, messages(3, new Random(6)));
    System.setProperty("jmail.index.racy.ms", "60000");
    try {
      indexed(mbox);
    } finally {
      System.clearProperty("jmail.index.racy.ms");
    }
    assertTrue(said().contains("not written"), said());
    assertTrue(Files.notExists(MboxIndex.fileFor(cache(), mbox)));
  }

  /**
   * Other programs change the folder between jmail's looks (appends, removals rewriting the file in
   * place, a same-size rewrite of one header, truncations, touch, a replacement by rename, a
   * temporary file a killed writer left) and jmail changes it (flags, deletions): after every step
   * the indexed answer is a fresh scan's. {@link #FOLDERS} folders are stepped together, so that
   * one wait past the time-stamp granularity serves them all: {@code jmail.index.rounds} steps in
   * all (default 2,000, a few seconds), {@code jmail.index.seed} the seed.
   */
  @Test
  void after_any_sequence_of_external_changes_the_indexed_answer_is_a_fresh_scans()
      throws IOException {
    long seed = Long.getLong("jmail.index.seed", 20261207L);
    int rounds = Integer.getInteger("jmail.index.rounds", 2000);
    Random r = new Random(seed);
    List<Path> folders = new ArrayList<>();
    for (int k = 0; k < FOLDERS; k++) {
      Path mbox = dir.resolve("model" + k + ".mbox");
      Files.write(mbox, messages(8, r));
      folders.add(mbox);
    }
    Map<String, Integer> seen = new java.util.TreeMap<>();
    int[] actions = new int[12];
    for (int round = 0; round < rounds; round += FOLDERS) {
      for (Path mbox : folders) actions[step(mbox, r)]++;
      if (r.nextInt(3) > 0) {
        for (Path mbox : folders) settle(mbox);
      }
      for (Path mbox : folders) {
        List<MessageSummary> want;
        try {
          want = fresh(mbox);
        } catch (dev.jmail.error.DataFormatException e) {
          Files.write(mbox, messages(3, r)); // truncated into something that is no mbox: again
          continue;
        }
        String where = "round " + round + " " + mbox.getFileName() + " seed " + seed;
        assertEquals(want, indexed(mbox), where);
        String how = said().replaceAll("(?s)^index: (\\w+).*", "$1");
        seen.merge(how, 1, Integer::sum);
        assertEquals(entries(want), indexedEntries(mbox), where + " numbering");
      }
    }
    System.out.printf(
        "mbox model: %d steps, seed %d, actions %s, index %s, jmail updates %d%n",
        rounds, seed, java.util.Arrays.toString(actions), seen, updated);
    assertTrue(seen.keySet().stream().anyMatch(k -> k.contains("used")), seen.toString());
    assertTrue(seen.keySet().stream().anyMatch(k -> k.contains("extended")), seen.toString());
    assertTrue(seen.keySet().stream().anyMatch(k -> k.contains("rebuilt")), seen.toString());
    assertTrue(updated > 0, "jmail's own changes never updated the index");
  }

  private static final int FOLDERS = 8;

  /** One change to {@code mbox}, by another program or by jmail; answers which. */
  private int step(Path mbox, Random r) throws IOException {
    int action = r.nextInt(12);
    byte[] now = Files.readAllBytes(mbox);
    switch (action) {
      case 0, 1 -> Files.write(mbox, messages(1 + r.nextInt(3), r), StandardOpenOption.APPEND);
      case 2 -> rewriteInPlace(mbox, removeOne(now, r));
      case 3 -> rewriteInPlace(mbox, sameSizeSubjectChange(now, r));
      case 4 -> {
        try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.WRITE)) {
          ch.truncate(now.length == 0 ? 0 : r.nextInt(now.length));
        }
      }
      case 5 ->
          Files.setLastModifiedTime(
              mbox, FileTime.fromMillis(System.currentTimeMillis() - r.nextInt(100_000_000)));
      case 6 -> {
        Path tmp = dir.resolve("replacement");
        Files.write(tmp, r.nextBoolean() ? now : sameSizeSubjectChange(now, r));
        Files.move(tmp, mbox, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      case 7 -> {
        Path idx = MboxIndex.fileFor(cache(), mbox);
        if (Files.exists(idx))
          Files.write(idx.resolveSibling(idx.getFileName() + ".new.1.dead"), new byte[] {1, 2});
      }
      case 8 -> rewriteInPlace(mbox, sameSizeStatusChange(now, r));
      case 9 -> jmailChanges(mbox, r);
      default -> {} // nothing changed
    }
    return action;
  }

  private int updated;

  /**
   * jmail flags and deletes a few messages through its store (under the lock): the index, when it
   * was current, is updated in the same operation, not dropped.
   */
  private void jmailChanges(Path mbox, Random r) {
    LocalIndex.configure(new LocalIndex.Config(cache(), debug::add, Summaries::detached));
    debug.clear();
    try {
      dev.jmail.store.FolderStore store =
          new dev.jmail.store.FolderLocator.Ref(
                  mbox, java.util.Optional.of(dev.jmail.store.FolderType.MBOX), false)
              .store();
      store.apply(
          null,
          (now, ids) -> {
            Map<Integer, dev.jmail.store.MessageEdit> edits = new java.util.HashMap<>();
            for (dev.jmail.message.MessageEntry e : now) {
              int k = r.nextInt(6);
              if (k == 0) edits.put(e.number(), dev.jmail.store.MessageEdit.deleteIt());
              else if (k == 1)
                edits.put(
                    e.number(),
                    dev.jmail.store.MessageEdit.flags(
                        java.util.EnumSet.of(
                            dev.jmail.message.Flag.SEEN, dev.jmail.message.Flag.FLAGGED)));
              else if (k == 2)
                edits.put(
                    e.number(),
                    dev.jmail.store.MessageEdit.flags(
                        java.util.EnumSet.of(dev.jmail.message.Flag.NEW)));
            }
            return edits;
          },
          false,
          false,
          dev.jmail.store.lock.LockPolicy.DEFAULT);
    } catch (dev.jmail.error.DataFormatException e) {
      return; // not an mbox at the moment
    }
    if (said().contains("index: updated")) updated++;
  }

  private static byte[] messages(int n, Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int id = r.nextInt(1_000_000);
      b.append("From sender")
          .append(id)
          .append("@example.org Mon Jan  6 10:00:00 2025\n")
          .append("From: Sender ")
          .append(id)
          .append(" <s")
          .append(id)
          .append("@example.org>\n")
          .append("Subject: message ")
          .append(String.format("%06d", id))
          .append('\n')
          .append("Date: Mon, 6 Jan 2025 10:00:00 +0100\n")
          .append("Message-ID: <")
          .append(id)
          .append("@example.org>\n");
      if (r.nextBoolean()) b.append("Status: RO\n");
      b.append('\n');
      for (int l = r.nextInt(5); l >= 0; l--) b.append("line ").append(l).append('\n');
      b.append('\n');
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** As Python's mailbox and mutt do: the same file (inode), written over from the start. */
  private static void rewriteInPlace(Path mbox, byte[] content) throws IOException {
    try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.WRITE)) {
      ch.truncate(content.length);
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) ch.write(b, b.position());
    }
  }

  private static byte[] removeOne(byte[] mbox, Random r) {
    String s = new String(mbox, StandardCharsets.ISO_8859_1);
    List<Integer> starts = new ArrayList<>();
    for (int i = s.indexOf("From "); i >= 0; i = s.indexOf("\nFrom ", i + 1))
      starts.add(i == 0 || s.charAt(i) != '\n' ? i : i + 1);
    if (starts.isEmpty()) return mbox;
    int k = r.nextInt(starts.size());
    int from = starts.get(k);
    int to = k + 1 < starts.size() ? starts.get(k + 1) : s.length();
    return (s.substring(0, from) + s.substring(to)).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] sameSizeSubjectChange(byte[] mbox, Random r) {
    String s = new String(mbox, StandardCharsets.ISO_8859_1);
    List<Integer> at = new ArrayList<>();
    for (int i = s.indexOf("Subject: message "); i >= 0; i = s.indexOf("Subject: message ", i + 1))
      at.add(i);
    if (at.isEmpty()) return mbox;
    byte[] out = mbox.clone();
    int p = at.get(r.nextInt(at.size())) + "Subject: message ".length() + r.nextInt(6);
    out[p] = (byte) ('0' + (out[p] - '0' + 1 + r.nextInt(8)) % 10);
    return out;
  }

  /** A mutt-style rewrite of one Status header to other flags of the same length (RO <-> OR...). */
  private static byte[] sameSizeStatusChange(byte[] mbox, Random r) {
    String s = new String(mbox, StandardCharsets.ISO_8859_1);
    List<Integer> at = new ArrayList<>();
    for (int i = s.indexOf("\nStatus: "); i >= 0; i = s.indexOf("\nStatus: ", i + 1)) at.add(i);
    if (at.isEmpty()) return mbox;
    byte[] out = mbox.clone();
    int p = at.get(r.nextInt(at.size())) + "\nStatus: ".length();
    if (out[p] == 'R' && out[p + 1] == 'O') {
      out[p] = 'O';
      out[p + 1] = ' ';
    } else if (out[p] == 'O' && out[p + 1] == ' ') {
      out[p] = 'R';
      out[p + 1] = 'O';
    }
    return out;
  }
}
