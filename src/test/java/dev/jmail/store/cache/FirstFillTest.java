package dev.jmail.store.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first fill's table, built while its messages are decoded ({@link SummaryCache#fill}), is saved
 * byte for byte as the table built from the messages at the end; and whenever the messages stop
 * being exactly those filled (a flag changed, one removed, one out of order), the table is built
 * from the messages again.
 */
class FirstFillTest {
  @TempDir Path tmp;

  private static final String KEY = "imap bob@h:143 INBOX";

  private static List<SummaryCache.Message> decoded(int n, long firstUid) {
    List<SummaryCache.Message> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OffsetDateTime date = OffsetDateTime.of(2024, 3, 1 + i % 28, 9, i % 60, 0, 0, ZoneOffset.UTC);
      MessageSummary s =
          new MessageSummary(null, "Älice " + i, "a" + i + "@x", "subject " + i, date, true, null);
      // display columns exactly when the process has them configured, as the decoders make them
      byte[] columns = SummaryCache.displayColumns() == null ? null : new byte[] {0, 0, 0, 1, 'x'};
      out.add(SummaryCache.Message.decoded(firstUid + 2L * i, i % 4, 100 + i, s, columns));
    }
    return out;
  }

  /** The file of these messages saved by a cache that built its table at the end. */
  private byte[] built(Path file, List<SummaryCache.Message> messages) throws Exception {
    SummaryCache c = SummaryCache.load(file, KEY);
    c.reset(7);
    c.putAscending(messages);
    c.setState(1000, 99);
    assertNull(c.save());
    return Files.readAllBytes(file);
  }

  private SummaryCache filled(Path file, List<SummaryCache.Message> messages) {
    SummaryCache c = SummaryCache.load(file, KEY);
    c.reset(7);
    c.startFill(messages.size());
    for (SummaryCache.Message m : messages) c.fill(m);
    c.putAscending(messages);
    c.setState(1000, 99);
    return c;
  }

  @Test
  void the_filled_table_is_saved_as_the_table_built_from_the_messages() throws Exception {
    LocalIndex.Config before = LocalIndex.config();
    try {
      for (boolean columns : new boolean[] {false, true}) {
        // without display columns, and with them (as a listing writes the file)
        LocalIndex.configure(
            columns
                ? new LocalIndex.Config(
                    tmp, null, null, s -> s.subject().getBytes(StandardCharsets.UTF_8))
                : null);
        List<SummaryCache.Message> messages = decoded(700, 3);
        byte[] expected = built(tmp.resolve(columns + "a.summaries"), messages);
        SummaryCache c = filled(tmp.resolve(columns + "b.summaries"), messages);
        assertTrue(c.savesFilledTable());
        assertNull(c.save());
        assertFalse(c.savesFilledTable()); // used once
        assertArrayEquals(expected, Files.readAllBytes(tmp.resolve(columns + "b.summaries")));
        SummaryCache back = SummaryCache.load(tmp.resolve(columns + "b.summaries"), KEY);
        assertEquals(700, back.size());
        assertEquals(columns, back.hasDisplay());
        assertEquals(messages.get(699).summary(), back.find(3 + 2 * 699).summary());
      }
    } finally {
      LocalIndex.configure(before);
    }
  }

  @Test
  void a_flag_changed_or_a_message_removed_after_the_fill_is_saved_as_it_is_now() throws Exception {
    List<SummaryCache.Message> messages = decoded(50, 1);
    SummaryCache c = filled(tmp.resolve("c.summaries"), messages);
    SummaryCache.Message tenth = c.find(messages.get(9).uid());
    assertTrue(c.savesFilledTable());
    c.put(tenth.withFlags(EnumSet.of(Flag.DELETED)));
    assertFalse(c.savesFilledTable());
    assertNull(c.save());
    List<SummaryCache.Message> now = new ArrayList<>(messages);
    now.set(9, tenth.withFlags(EnumSet.of(Flag.DELETED)));
    assertArrayEquals(
        built(tmp.resolve("d.summaries"), now), Files.readAllBytes(tmp.resolve("c.summaries")));

    SummaryCache r = filled(tmp.resolve("e.summaries"), messages);
    r.remove(messages.get(0).uid());
    assertFalse(r.savesFilledTable());
    assertNull(r.save());
    assertArrayEquals(
        built(tmp.resolve("f.summaries"), messages.subList(1, 50)),
        Files.readAllBytes(tmp.resolve("e.summaries")));
  }

  @Test
  void messages_filled_out_of_order_or_not_all_added_leave_the_table_to_the_save()
      throws Exception {
    List<SummaryCache.Message> messages = decoded(30, 1);
    List<SummaryCache.Message> shuffled = new ArrayList<>(messages);
    java.util.Collections.swap(shuffled, 3, 4);
    SummaryCache c = SummaryCache.load(tmp.resolve("g.summaries"), KEY);
    c.reset(7);
    c.startFill(30);
    for (SummaryCache.Message m : shuffled) c.fill(m);
    c.putAscending(shuffled); // out of order: put one at a time, in UID order
    c.setState(1000, 99);
    assertFalse(c.savesFilledTable());
    assertNull(c.save());
    assertArrayEquals(
        built(tmp.resolve("h.summaries"), messages),
        Files.readAllBytes(tmp.resolve("g.summaries")));

    SummaryCache p = SummaryCache.load(tmp.resolve("i.summaries"), KEY);
    p.reset(7);
    p.startFill(30);
    for (SummaryCache.Message m : messages) p.fill(m);
    p.putAscending(messages.subList(0, 20)); // fewer held than filled
    p.setState(1000, 99);
    assertFalse(p.savesFilledTable());
    assertNull(p.save());
    assertArrayEquals(
        built(tmp.resolve("j.summaries"), messages.subList(0, 20)),
        Files.readAllBytes(tmp.resolve("i.summaries")));
  }
}
