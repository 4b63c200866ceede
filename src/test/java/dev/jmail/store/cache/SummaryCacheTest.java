package dev.jmail.store.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageSummary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote folder summary cache's file: what is saved loads back, and a file of another version,
 * of another folder, truncated or with a changed byte is an empty cache (the server has it all).
 */
class SummaryCacheTest {
  @TempDir Path tmp;

  private static final String KEY = "imap bob@h:143 INBOX";

  private Path file() {
    return tmp.resolve("cache/jmail/imap/bob@h:143/INBOX.summaries");
  }

  private static MessageSummary summary(String subject) {
    OffsetDateTime date = OffsetDateTime.of(2024, 3, 1, 9, 30, 0, 0, ZoneOffset.ofHours(2));
    return new MessageSummary(null, "Alice", "alice@example.org", subject, date, true, "<x@y>");
  }

  /** A cache of three messages, UIDVALIDITY 7, UIDNEXT 12, HIGHESTMODSEQ 99, saved. */
  private void saveThree() {
    SummaryCache c = SummaryCache.load(file(), KEY);
    c.reset(7);
    c.put(new SummaryCache.Message(3, EnumSet.of(Flag.SEEN), 100, summary("first")));
    c.put(new SummaryCache.Message(5, EnumSet.noneOf(Flag.class), 200, summary("second")));
    c.put(
        new SummaryCache.Message(
            11, EnumSet.of(Flag.FLAGGED, Flag.ANSWERED), 300, summary("third ünïcode")));
    c.setState(12, 99);
    assertNull(c.save(), "saved");
  }

  @Test
  void a_saved_cache_loads_back_with_its_state_flags_sizes_and_summaries() {
    saveThree();
    SummaryCache c = SummaryCache.load(file(), KEY);
    assertTrue(c.loaded().startsWith("used"), c.loaded());
    assertEquals(7, c.uidValidity());
    assertEquals(12, c.uidNext());
    assertEquals(99, c.highestModSeq());
    assertEquals(List.of(3L, 5L, 11L), List.copyOf(c.messages().keySet()));
    SummaryCache.Message third = c.messages().get(11L);
    assertEquals(EnumSet.of(Flag.FLAGGED, Flag.ANSWERED), third.flags());
    assertEquals(300, third.size());
    assertEquals(summary("third ünïcode"), third.summary());
    assertEquals(summary("first"), c.messages().get(3L).summary());
    assertEquals(EnumSet.noneOf(Flag.class), c.messages().get(5L).flags());
  }

  @Test
  void the_head_names_the_state_a_qresync_select_needs_before_the_messages_are_read() {
    saveThree();
    SummaryCache.Head h = SummaryCache.head(file(), KEY);
    assertEquals(7, h.uidValidity());
    assertEquals(99, h.highestModSeq());
    assertEquals(3, h.size());
    assertEquals(11, h.lastUid());
    SummaryCache c = h.load();
    assertEquals(List.of(3L, 5L, 11L), List.copyOf(c.messages().keySet()));
    assertEquals(12, c.uidNext());
  }

  @Test
  void the_head_of_a_missing_damaged_or_other_folders_file_is_all_zero_and_loads_empty()
      throws Exception {
    assertEquals(0, SummaryCache.head(file(), KEY).size());
    saveThree();
    SummaryCache.Head other = SummaryCache.head(file(), "imap bob@h:143 Other");
    assertEquals(0, other.uidValidity());
    assertEquals(0, other.highestModSeq());
    assertTrue(other.load().isEmpty(), other.load().loaded());
    byte[] b = Files.readAllBytes(file());
    b[b.length / 2] ^= 1;
    Files.write(file(), b);
    SummaryCache.Head damaged = SummaryCache.head(file(), KEY);
    assertEquals(0, damaged.size());
    assertEquals(0, damaged.lastUid());
    assertTrue(damaged.load().isEmpty(), damaged.load().loaded());
  }

  @Test
  void new_messages_after_a_loaded_file_are_saved_with_the_loaded_ones_and_their_flag_changes() {
    // the loaded messages' records are copied from the file read, the decoded ones' made when
    // decoded; the map is rebuilt in one pass for many new messages
    saveThree();
    SummaryCache c = SummaryCache.load(file(), KEY);
    List<SummaryCache.Message> added = new java.util.ArrayList<>();
    for (int uid = 20; uid < 120; uid++) {
      added.add(SummaryCache.Message.decoded(uid, 0, uid * 10L, summary("new " + uid), null));
    }
    c.putAscending(added);
    c.put(c.messages().get(5L).withFlags(EnumSet.of(Flag.DELETED)));
    c.setState(120, 100);
    assertNull(c.save(), "saved");

    SummaryCache back = SummaryCache.load(file(), KEY);
    assertEquals(103, back.messages().size());
    assertEquals(List.of(3L, 5L, 11L, 20L), List.copyOf(back.messages().keySet()).subList(0, 4));
    assertEquals(119L, back.messages().lastKey());
    assertEquals(summary("first"), back.messages().get(3L).summary());
    assertEquals(EnumSet.of(Flag.DELETED), back.messages().get(5L).flags());
    assertEquals(summary("second"), back.messages().get(5L).summary());
    assertEquals(summary("third ünïcode"), back.messages().get(11L).summary());
    assertEquals(summary("new 77"), back.messages().get(77L).summary());
    assertEquals(770, back.messages().get(77L).size());
    assertEquals(120, back.uidNext());
  }

  @Test
  void messages_not_after_the_last_one_are_put_one_at_a_time_in_their_place() {
    saveThree();
    SummaryCache c = SummaryCache.load(file(), KEY);
    List<SummaryCache.Message> added = new java.util.ArrayList<>();
    for (int uid : new int[] {4, 100}) {
      added.add(SummaryCache.Message.decoded(uid, 0, 1, summary("x" + uid), null));
    }
    c.putAscending(added);
    assertEquals(List.of(3L, 4L, 5L, 11L, 100L), List.copyOf(c.messages().keySet()));
  }

  @Test
  void a_file_whose_uids_are_not_ascending_is_an_empty_cache() throws Exception {
    // the map is built from the rows in one pass, trusting their order: a file that breaks it
    // (never written so) must not give a map that finds the wrong message
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    SummaryTable.str(out, KEY);
    out.writeLong(7);
    out.writeLong(12);
    out.writeLong(99);
    SummaryTable.Builder t = new SummaryTable.Builder(2, 2);
    t.add(new long[] {5, 200}, EnumSet.noneOf(Flag.class), null, summary("second"));
    t.add(new long[] {3, 100}, EnumSet.of(Flag.SEEN), null, summary("first"));
    t.writeTo(out);
    out.flush();
    CacheFiles.write(
        file(), SummaryCache.MAGIC, SummaryCache.VERSION, ByteBuffer.wrap(bytes.toByteArray()));
    SummaryCache c = SummaryCache.load(file(), KEY);
    assertTrue(c.messages().isEmpty() && c.uidValidity() == 0, c.loaded());
    assertTrue(c.loaded().contains("out of order"), c.loaded());
  }

  @Test
  void a_file_of_an_older_version_is_ignored_and_the_next_save_rebuilds_it() throws Exception {
    // version 2 had the same frame: only the version number tells it apart
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(bytes);
    SummaryTable.str(o, KEY);
    o.writeLong(7);
    o.writeLong(12);
    o.writeLong(0);
    o.writeInt(0);
    CacheFiles.write(file(), SummaryCache.MAGIC, 2, ByteBuffer.wrap(bytes.toByteArray()));

    SummaryCache old = SummaryCache.load(file(), KEY);
    assertTrue(old.isEmpty() && old.uidValidity() == 0, "nothing taken from version 2");
    assertTrue(old.loaded().contains("another version"), old.loaded());

    saveThree();
    SummaryCache rebuilt = SummaryCache.load(file(), KEY);
    assertEquals(3, rebuilt.messages().size());
    assertTrue(
        CacheFiles.read(file(), SummaryCache.MAGIC, SummaryCache.VERSION).isPresent(),
        "written in the current version");
  }

  @Test
  void a_truncated_file_is_an_empty_cache() throws Exception {
    saveThree();
    long size = Files.size(file());
    for (long keep : new long[] {size - 1, size / 2, 10, 0}) {
      try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
        ch.truncate(keep);
      }
      SummaryCache c = SummaryCache.load(file(), KEY);
      assertTrue(c.isEmpty() && c.uidValidity() == 0, "truncated to " + keep);
      saveThree();
    }
  }

  @Test
  void a_file_with_any_byte_changed_is_an_empty_cache() throws Exception {
    saveThree();
    byte[] good = Files.readAllBytes(file());
    for (int i = 0; i < good.length; i += 7) {
      byte[] bad = good.clone();
      bad[i] ^= 0x20;
      Files.write(file(), bad);
      SummaryCache c = SummaryCache.load(file(), KEY);
      assertTrue(c.isEmpty() && c.uidValidity() == 0, "byte " + i + " of " + good.length);
    }
  }

  @Test
  void the_file_of_another_folder_is_not_used() {
    saveThree();
    SummaryCache c = SummaryCache.load(file(), "imap bob@h:143 Archive");
    assertTrue(c.isEmpty(), "another folder's summaries");
    assertTrue(c.loaded().contains("another folder"), c.loaded());
  }

  @Test
  void a_new_uidvalidity_forgets_every_message_and_the_state() {
    saveThree();
    SummaryCache c = SummaryCache.load(file(), KEY);
    c.reset(8);
    assertTrue(c.messages().isEmpty());
    assertEquals(0, c.uidNext());
    assertEquals(0, c.highestModSeq());
    assertNull(c.save());
    SummaryCache again = SummaryCache.load(file(), KEY);
    assertEquals(8, again.uidValidity());
    assertTrue(again.messages().isEmpty());
  }

  @Test
  void folder_and_account_names_become_file_names_that_stay_apart_and_inside_the_cache() {
    assertEquals("azAZ09@.:_-", SummaryCache.safe("azAZ09@.:_-"));
    assertEquals("%60%7B%5B%2F%20%25%2C", SummaryCache.safe("`{[/ %,"));
    assertEquals("Entw%C3%BCrfe", SummaryCache.safe("Entwürfe"));
    assertEquals("..%2F..%2Fetc", SummaryCache.safe("../../etc"));
    assertTrue(!SummaryCache.safe("a/b").equals(SummaryCache.safe("a%2Fb")), "one name each");
    dev.jmail.config.Env env =
        dev.jmail.config.Env.of(java.util.Map.of("HOME", "/h", "XDG_CACHE_HOME", "/c"));
    assertEquals(
        Path.of("/c/jmail/imap/bob@h:143/INBOX%2F..%2F..%2Fx.summaries"),
        SummaryCache.fileFor(env, "imap", "bob@h:143", "INBOX/../../x"));
  }

  @Test
  void a_removed_message_is_gone_and_a_reflagged_one_keeps_its_summary_after_a_reload() {
    saveThree();
    SummaryCache c = SummaryCache.load(file(), KEY);
    c.remove(5);
    c.put(c.get(11).orElseThrow().withFlags(EnumSet.of(Flag.SEEN)));
    assertNull(c.save());
    SummaryCache again = SummaryCache.load(file(), KEY);
    assertEquals(List.of(3L, 11L), List.copyOf(again.messages().keySet()));
    assertTrue(again.get(5).isEmpty());
    SummaryCache.Message m = again.get(11).orElseThrow();
    assertEquals(EnumSet.of(Flag.SEEN), m.flags());
    assertEquals(300, m.size());
    assertEquals("third ünïcode", m.summary().subject());
    assertEquals(99, again.highestModSeq());
  }

  @Test
  void an_empty_folder_once_seen_is_not_an_empty_cache() {
    SummaryCache c = SummaryCache.load(file(), KEY);
    assertTrue(c.isEmpty());
    c.reset(42);
    assertTrue(!c.isEmpty(), "its UIDVALIDITY is known");
    assertNull(c.save());
    SummaryCache again = SummaryCache.load(file(), KEY);
    assertTrue(!again.isEmpty());
    assertEquals(42, again.uidValidity());
    assertTrue(again.loaded().startsWith("used (0 messages)"), again.loaded());
  }

  @Test
  void a_cache_that_cannot_be_written_is_said_not_thrown() throws Exception {
    Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "x");
    SummaryCache c = SummaryCache.load(blocker.resolve("INBOX.summaries"), KEY);
    assertEquals("no cache file yet", c.loaded());
    c.reset(1);
    String why = c.save();
    assertTrue(why != null && why.contains("cannot write the cache"), why);
  }

  @Test
  void
      with_display_columns_configured_each_message_keeps_its_columns_through_reflagging_and_reload() {
    LocalIndex.Config before = LocalIndex.config();
    try {
      LocalIndex.configure(
          new LocalIndex.Config(
              tmp, null, null, s -> ("cols:" + s.subject()).getBytes(StandardCharsets.UTF_8)));
      SummaryCache c = SummaryCache.load(file(), KEY);
      c.reset(7);
      c.put(new SummaryCache.Message(3, EnumSet.of(Flag.SEEN), 100, summary("first")));
      c.put(
          new SummaryCache.Message(
              5, EnumSet.noneOf(Flag.class), 200, summary("second"), bytes("given")));
      c.setState(6, 1);
      assertNull(c.save(), "saved");
      SummaryCache loaded = SummaryCache.load(file(), KEY);
      assertTrue(loaded.hasDisplay());
      assertEquals("cols:first", text(loaded.get(3).orElseThrow().display()));
      assertEquals("given", text(loaded.get(5).orElseThrow().display()));
      SummaryCache.Message m = loaded.get(3).orElseThrow().withFlags(EnumSet.of(Flag.FLAGGED));
      assertEquals("cols:first", text(m.display()));
      assertEquals(1 << Flag.FLAGGED.ordinal(), m.flagBits());
      // without display columns configured the file is written without them
      LocalIndex.configure(null);
      loaded.put(m);
      assertNull(loaded.save(), "saved");
      SummaryCache plain = SummaryCache.load(file(), KEY);
      assertFalse(plain.hasDisplay());
      assertNull(plain.get(3).orElseThrow().display());
      assertEquals("first", plain.get(3).orElseThrow().summary().subject());
    } finally {
      LocalIndex.configure(before);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return new String(a, StandardCharsets.UTF_8);
  }
}
