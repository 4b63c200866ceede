package dev.jmail.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import dev.jmail.render.Summaries;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.FolderStore;
import dev.jmail.store.FolderType;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.cache.CacheFiles;
import dev.jmail.store.cache.LocalIndex;
import dev.jmail.store.lock.LockPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirIndexTest {
  @TempDir Path dir;
  private final List<String> debug = new ArrayList<>();

  @AfterEach
  void off() {
    LocalIndex.configure(null);
  }

  private Path cache() {
    return dir.resolve("cache");
  }

  private void on() {
    debug.clear();
    LocalIndex.configure(new LocalIndex.Config(cache(), debug::add, Summaries::detached));
  }

  private List<MessageSummary> indexed(Path md) {
    on();
    List<MessageSummary> out = new ArrayList<>();
    new MaildirFolder(md, false).summaries(Summaries::detached, out::add);
    return out;
  }

  private static List<MessageSummary> fresh(Path md) {
    LocalIndex.configure(null);
    List<MessageSummary> out = new ArrayList<>();
    new MaildirFolder(md, false).summaries(Summaries::detached, out::add);
    return out;
  }

  /** read N's way: count, then one entry; and the numbering's: every entry. */
  private void sameNumbering(Path md, List<MessageSummary> want, String where) {
    List<MessageEntry> entries = want.stream().map(MessageSummary::entry).toList();
    on();
    assertEquals(entries, new MaildirFolder(md, false).entries(), where + " entries");
    MaildirFolder f = new MaildirFolder(md, false);
    assertEquals(entries.size(), f.count(), where + " count");
    if (!entries.isEmpty()) {
      int n = 1 + new Random(entries.size()).nextInt(entries.size());
      assertEquals(entries.get(n - 1), f.entry(n), where + " entry " + n);
    }
  }

  private String said() {
    return String.join("\n", debug);
  }

  /** Lets the clock pass the time-stamp granularity window of the directories. */
  private static void settle(Path md) throws IOException {
    long window = TimeUnit.MILLISECONDS.toNanos(Long.getLong("jmail.index.racy.ms", 20) + 2);
    long last = 0;
    for (String d : List.of("new", "cur")) {
      Path p = md.resolve(d);
      if (!Files.isDirectory(p)) continue;
      last = Math.max(last, Files.getLastModifiedTime(p).to(TimeUnit.NANOSECONDS));
    }
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    if (last > now + window) return; // touched into the future
    while (TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - last < window) {
      Thread.onSpinWait();
    }
  }

  @Test
  void every_fixture_maildir_summarises_the_same_with_the_index_off_cold_and_warm()
      throws IOException {
    List<Path> fixtures;
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/fixtures/maildir"))) {
      fixtures = s.sorted().toList();
    }
    assertTrue(fixtures.size() >= 2);
    for (Path f : fixtures) {
      Path md = dir.resolve(f.getFileName());
      copyTree(f, md);
      List<MessageSummary> want = fresh(md);
      settle(md);
      assertEquals(want, indexed(md), f + " cold");
      assertTrue(said().contains("rebuilt"), said());
      assertEquals(want, indexed(md), f + " warm");
      assertTrue(said().contains("used"), said());
      sameNumbering(md, want, f.toString());
    }
  }

  @Test
  void a_flag_rename_or_a_move_to_cur_rereads_only_that_message_and_then_the_index_is_used()
      throws IOException {
    Path md = maildir("m");
    Random r = new Random(1);
    for (int i = 0; i < 70; i++) add(md, r);
    settle(md);
    indexed(md);
    Path one;
    try (Stream<Path> s = Files.list(md.resolve("new"))) {
      one = s.sorted().findFirst().orElseThrow();
    }
    Files.move(one, md.resolve("cur").resolve(one.getFileName() + ":2,S"));
    settle(md);
    List<MessageSummary> want = fresh(md);
    assertEquals(want, indexed(md));
    assertTrue(said().contains("updated: a directory changed (0 of 70 messages read)"), said());
    assertEquals(want, indexed(md));
    assertTrue(said().contains("used (70 messages)"), said());
  }

  /**
   * {@code list}'s way: the lines from the index's display columns when it is current, else (-1)
   * the summaries, which write it again.
   */
  private String listed(Path md) {
    debug.clear();
    LocalIndex.configure(
        new LocalIndex.Config(cache(), debug::add, Summaries::detached, Summaries::display));
    Summaries.LineBytes lines = new Summaries.LineBytes();
    int n =
        new MaildirFolder(md, false)
            .listingRows(
                (number, flags, count, size, display) ->
                    lines.add(flags, number, count, size, display, 80));
    if (n < 0) {
      StringBuilder b = new StringBuilder();
      new MaildirFolder(md, false)
          .summaries(Summaries::detached, s -> b.append(Summaries.line(s, false, 80)).append('\n'));
      return "summaries:" + b;
    }
    return "rows:" + new String(lines.bytes(), 0, lines.size(), StandardCharsets.UTF_8);
  }

  private static String listedFresh(Path md) {
    StringBuilder b = new StringBuilder();
    for (MessageSummary s : fresh(md)) b.append(Summaries.line(s, false, 80)).append('\n');
    return b.toString();
  }

  @Test
  void a_listing_from_the_display_columns_follows_flag_renames_and_moves() throws IOException {
    Path md = maildir("m");
    Random r = new Random(4);
    for (int i = 0; i < 30; i++) add(md, r);
    settle(md);
    assertEquals("rows:" + listedFresh(md), listed(md));
    assertTrue(said().contains("rebuilt: no index yet (30 of 30 messages read)"), said());
    assertEquals("rows:" + listedFresh(md), listed(md));
    assertTrue(said().contains("used (30 messages)"), said());
    Path one;
    try (Stream<Path> s = Files.list(md.resolve("new"))) {
      one = s.sorted().findFirst().orElseThrow();
    }
    Files.move(one, md.resolve("cur").resolve(one.getFileName() + ":2,FS"));
    settle(md);
    assertEquals("rows:" + listedFresh(md), listed(md));
    assertTrue(said().contains("(0 of 30 messages read)"), said());
    assertEquals("rows:" + listedFresh(md), listed(md));
    assertTrue(listedFresh(md).contains(" F "), listedFresh(md));
  }

  @Test
  void a_message_replaced_under_the_same_name_is_read_again() throws IOException {
    Path md = maildir("m");
    Random r = new Random(2);
    for (int i = 0; i < 5; i++) add(md, r);
    settle(md);
    indexed(md);
    pythonSetItem(md, r);
    settle(md);
    List<MessageSummary> want = fresh(md);
    assertEquals(want, indexed(md));
    assertTrue(said().contains("(1 of 5 messages read)"), said());
  }

  @Test
  void jmails_own_flag_changes_and_deletions_update_the_index_without_rereading()
      throws IOException {
    Path md = maildir("m");
    Random r = new Random(3);
    for (int i = 0; i < 10; i++) add(md, r);
    settle(md);
    indexed(md);
    on();
    store(md)
        .apply(
            null,
            (now, ids) ->
                Map.of(
                    2, MessageEdit.deleteIt(),
                    5, MessageEdit.flags(EnumSet.of(Flag.SEEN, Flag.ANSWERED))),
            false,
            false,
            LockPolicy.DEFAULT);
    assertTrue(said().contains("index: updated: jmail changed 2 messages"), said());
    settle(md);
    List<MessageSummary> want = fresh(md);
    assertEquals(want, indexed(md));
    assertTrue(said().contains("(0 of 9 messages read)"), said());
  }

  @Test
  void a_damaged_truncated_or_foreign_version_index_is_ignored_and_rebuilt() throws IOException {
    Path md = maildir("m");
    Random r = new Random(4);
    for (int i = 0; i < 4; i++) add(md, r);
    settle(md);
    List<MessageSummary> want = fresh(md);
    indexed(md);
    Path file = MaildirIndex.fileFor(cache(), md);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    byte[] good = Files.readAllBytes(file);
    byte[] noise = new byte[good.length];
    r.nextBytes(noise);
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x40;
    for (byte[] b : List.of(noise, java.util.Arrays.copyOf(good, good.length / 2), flipped)) {
      Files.write(file, b);
      assertEquals(want, indexed(md));
      assertTrue(said().contains("rebuilt: the index file is damaged"), said());
      sameNumbering(md, want, "after a damaged index");
    }
    CacheFiles.write(
        file, MaildirIndex.MAGIC, MaildirIndex.VERSION + 1, ByteBuffer.wrap(new byte[] {1}));
    assertEquals(want, indexed(md));
    assertTrue(said().contains("rebuilt"), said());
  }

  /**
   * Other programs change the Maildir between jmail's looks (Python mailbox's add, remove and
   * same-name replacement, flag renames, moves from new/ to cur/, touch) and jmail changes it too
   * (flags, deletions, marking seen): after every step the indexed answer is a fresh scan's.
   */
  @Test
  void after_any_sequence_of_changes_the_indexed_answer_is_a_fresh_scans() throws IOException {
    long seed = Long.getLong("jmail.index.seed", 20261207L);
    int rounds = Integer.getInteger("jmail.index.rounds", 2000);
    Random r = new Random(seed);
    List<Path> folders = new ArrayList<>();
    for (int k = 0; k < FOLDERS; k++) {
      Path md = maildir("model" + k);
      for (int i = 0; i < 6; i++) add(md, r);
      folders.add(md);
    }
    Map<String, Integer> seen = new TreeMap<>();
    int[] actions = new int[12];
    for (int round = 0; round < rounds; round += FOLDERS) {
      for (Path md : folders) actions[step(md, r)]++;
      if (r.nextInt(3) > 0) {
        for (Path md : folders) settle(md);
      }
      for (Path md : folders) {
        List<MessageSummary> want = fresh(md);
        String where = "round " + round + " " + md.getFileName() + " seed " + seed;
        if (r.nextInt(4) == 0) { // list's way, from the display columns (kept, copied or made)
          assertEquals("rows:" + listedFresh(md), listed(md), where + " listed");
          sameNumbering(md, want, where);
          continue;
        }
        assertEquals(want, indexed(md), where);
        String how = said().replaceAll("(?s)^index: (\\w+).*", "$1");
        seen.merge(how, 1, Integer::sum);
        sameNumbering(md, want, where);
      }
    }
    System.out.printf(
        "Maildir model: %d steps, seed %d, actions %s, index %s%n",
        rounds, seed, java.util.Arrays.toString(actions), seen);
    assertTrue(seen.containsKey("used"), seen.toString());
    assertTrue(seen.containsKey("updated"), seen.toString());
  }

  /** Folders stepped together, so that one wait past the time-stamp granularity serves them all. */
  private static final int FOLDERS = 8;

  /** One change to {@code md}, by another program or by jmail; answers which. */
  private int step(Path md, Random r) throws IOException {
    int action = r.nextInt(12);
    List<Path> files = files(md);
    Path any = files.isEmpty() ? null : files.get(r.nextInt(files.size()));
    switch (action) {
      case 0, 1 -> add(md, r);
      case 2 -> {
        if (any != null) Files.delete(any);
      }
      case 3 -> {
        if (any != null) {
          String u = MaildirIndex.unique(any.getFileName().toString());
          String flags = List.of("", "S", "FS", "RS", "T", "DS").get(r.nextInt(6));
          Files.move(any, md.resolve("cur").resolve(u + ":2," + flags));
        }
      }
      case 4 -> {
        if (any != null && any.getParent().getFileName().toString().equals("new"))
          Files.move(any, md.resolve("cur").resolve(any.getFileName()));
      }
      case 5 -> {
        Path t = r.nextBoolean() || any == null ? md.resolve(r.nextBoolean() ? "new" : "cur") : any;
        Files.setLastModifiedTime(
            t, FileTime.fromMillis(System.currentTimeMillis() - r.nextInt(100_000_000)));
      }
      case 6 -> pythonSetItem(md, r);
      case 7 -> jmailChanges(md, r);
      case 8 -> {
        if (!files.isEmpty()) {
          on();
          MaildirFolder f = new MaildirFolder(md, false);
          List<MessageEntry> e = f.entries();
          store(md).markSeen(List.of(e.get(r.nextInt(e.size()))), LockPolicy.DEFAULT);
        }
      }
      case 9 -> { // a file moved back from cur/ to new/ (as some tools undo a read)
        if (any != null && any.getParent().getFileName().toString().equals("cur"))
          Files.move(
              any, md.resolve("new").resolve(MaildirIndex.unique(any.getFileName().toString())));
      }
      default -> {} // nothing changed
    }
    return action;
  }

  private static FolderStore store(Path md) {
    return new FolderLocator.Ref(md, Optional.of(FolderType.MAILDIR), false).store();
  }

  private void jmailChanges(Path md, Random r) {
    on();
    store(md)
        .apply(
            null,
            (now, ids) -> {
              Map<Integer, MessageEdit> edits = new HashMap<>();
              for (MessageEntry e : now) {
                int k = r.nextInt(6);
                if (k == 0) edits.put(e.number(), MessageEdit.deleteIt());
                else if (k == 1)
                  edits.put(e.number(), MessageEdit.flags(EnumSet.of(Flag.SEEN, Flag.FLAGGED)));
                else if (k == 2)
                  edits.put(
                      e.number(),
                      MessageEdit.replace(
                          ("Subject: edited " + r.nextInt(1000) + "\n\nnew text\n")
                              .getBytes(StandardCharsets.US_ASCII),
                          null));
              }
              return edits;
            },
            false,
            false,
            LockPolicy.DEFAULT);
  }

  @Test
  void read_n_uses_the_blocks_of_its_message_and_lists_the_directories_when_one_is_damaged()
      throws IOException {
    Path md = maildir("blocks");
    Random r = new Random(31);
    for (int i = 0; i < 400; i++) add(md, r);
    settle(md);
    List<MessageSummary> want = fresh(md);
    indexed(md);
    Path file = MaildirIndex.fileFor(cache(), md);
    byte[] good = Files.readAllBytes(file);
    assertTrue(good.length > 3 * dev.jmail.store.cache.CacheFiles.BLOCK, "several blocks");
    // the payload's last bytes (the last messages' records) damaged: message 1 is still indexed
    byte[] bad = good.clone();
    bad[(int) (20 + java.nio.ByteBuffer.wrap(good, 12, 8).getLong() - 30)] ^= 0x01;
    Files.write(file, bad);
    on();
    MaildirFolder f = new MaildirFolder(md, false);
    assertEquals(want.size(), f.count());
    assertEquals(want.get(0).entry(), f.entry(1));
    assertTrue(said().contains("used for the numbering"), said());
    assertTrue(!said().contains("damaged"), said());
    assertEquals(want.get(want.size() - 1).entry(), f.entry(want.size()), "from the listing");
    assertTrue(said().contains("not used for the numbering: the index file is damaged"), said());
    // every entry, and a listing, check every block: not used
    sameNumbering(md, want, "damaged");
    assertEquals(want, indexed(md));
    assertTrue(said().contains("rebuilt"), said());
  }

  private Path maildir(String name) throws IOException {
    Path md = dir.resolve(name);
    for (String d : List.of("new", "cur", "tmp")) Files.createDirectories(md.resolve(d));
    return md;
  }

  private int counter;

  /** As Python's mailbox.Maildir.add: written in tmp/, renamed into new/. */
  private void add(Path md, Random r) throws IOException {
    long t = 1_700_000_000L + r.nextInt(1000);
    String unique = t + ".M" + r.nextInt(1_000_000) + "P42Q" + (++counter) + ".host";
    Path tmp = md.resolve("tmp").resolve(unique);
    Files.write(tmp, message(r));
    Files.move(tmp, md.resolve("new").resolve(unique));
  }

  /** As Python's mailbox.Maildir.__setitem__: a new file renamed over the same unique name. */
  private void pythonSetItem(Path md, Random r) throws IOException {
    List<Path> files = files(md);
    if (files.isEmpty()) return;
    Path old = files.get(r.nextInt(files.size()));
    Path tmp = md.resolve("tmp").resolve("replacement");
    Files.write(tmp, message(r));
    Files.delete(old);
    Files.move(tmp, old, StandardCopyOption.ATOMIC_MOVE);
  }

  private static byte[] message(Random r) {
    int id = r.nextInt(1_000_000);
    return ("From: Sender "
            + id
            + " <s"
            + id
            + "@example.org>\nSubject: message "
            + id
            + "\nDate: Mon, 6 Jan 2025 10:00:00 +0100\nMessage-ID: <"
            + id
            + "@example.org>\n\nbody "
            + "x".repeat(r.nextInt(40))
            + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static List<Path> files(Path md) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String d : List.of("new", "cur")) {
      try (Stream<Path> s = Files.list(md.resolve(d))) {
        s.sorted().forEach(out::add);
      }
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }
}
