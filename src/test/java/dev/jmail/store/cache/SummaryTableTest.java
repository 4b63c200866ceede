package dev.jmail.store.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jmail.message.MessageSummary;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The table an index is written as: one extended after another table's first messages (kept where
 * they are, not copied) and one whose records are copied under new slots and keys are, byte for
 * byte, the table built message by message.
 */
class SummaryTableTest {
  private static final int SLOTS = 2;

  private static MessageSummary summary(Random r, int i) {
    OffsetDateTime date =
        r.nextInt(5) == 0
            ? null
            : OffsetDateTime.of(
                2024,
                1 + r.nextInt(12),
                1 + r.nextInt(28),
                9,
                i % 60,
                0,
                0,
                ZoneOffset.ofHours(r.nextInt(5)));
    return new MessageSummary(
        null,
        r.nextBoolean() ? "Alice " + i : "",
        "a" + i + "@example.org",
        "subject ünï " + "x".repeat(r.nextInt(40)),
        date,
        date != null && r.nextBoolean(), // an undated summary has no offset to know
        r.nextInt(4) == 0 ? null : "<" + i + "@example.org>");
  }

  private static byte[] display(Random r) {
    byte[] d = new byte[r.nextInt(60)];
    r.nextBytes(d);
    return d;
  }

  /** The bytes of the parts a table is written in, one after the other. */
  private static byte[] bytes(SummaryTable.Builder b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer part : b.buffers()) {
      byte[] a = new byte[part.remaining()];
      part.duplicate().get(a);
      out.writeBytes(a);
    }
    assertEquals(out.size(), b.byteSize());
    return out.toByteArray();
  }

  private static SummaryTable reread(byte[] bytes) {
    return SummaryTable.read(ByteBuffer.wrap(bytes), SLOTS);
  }

  @Test
  void a_table_extended_after_the_first_messages_of_another_is_the_table_built_whole() {
    Random r = new Random(14);
    int n = 300;
    MessageSummary[] s = new MessageSummary[n];
    byte[][] d = new byte[n][];
    for (int i = 0; i < n; i++) {
      s[i] = summary(r, i);
      d[i] = display(r);
    }
    SummaryTable.Builder whole = new SummaryTable.Builder(SLOTS, 4, true);
    for (int i = 0; i < n; i++) whole.add(new long[] {i, 2L * i}, i % 64, "k" + i, s[i], d[i]);
    byte[] want = bytes(whole);
    for (int k : new int[] {0, 1, 150, n - 1, n}) {
      // the old table also holds a message past k, as an index whose last message is rescanned
      SummaryTable.Builder first = new SummaryTable.Builder(SLOTS, 4, true);
      for (int i = 0; i < Math.min(n, k + 1); i++)
        first.add(new long[] {i, 2L * i}, i % 64, "k" + i, s[i], d[i]);
      SummaryTable old = reread(bytes(first));
      SummaryTable.Builder extended = SummaryTable.Builder.from(old, k);
      for (int i = k; i < n; i++) extended.add(new long[] {i, 2L * i}, i % 64, "k" + i, s[i], d[i]);
      assertArrayEquals(want, bytes(extended), "extended after " + k);
      SummaryTable t = extended.table();
      assertEquals(n, t.size());
      for (int i = 0; i < n; i++) {
        assertEquals(2L * i, t.slot(i, 1), "slot " + i);
        assertEquals(i % 64, t.flagBits(i));
        assertEquals("k" + i, t.key(i));
        assertEquals(s[i], t.summary(i, null), "summary " + i + " after " + k);
        assertEquals(ByteBuffer.wrap(d[i]), t.display(i), "display " + i);
      }
    }
  }

  @Test
  void a_record_copied_under_new_slots_flags_and_key_is_the_record_added_with_them() {
    Random r = new Random(7);
    for (boolean columns : new boolean[] {true, false}) {
      SummaryTable.Builder old = new SummaryTable.Builder(SLOTS, 4, columns);
      SummaryTable.Builder added = new SummaryTable.Builder(SLOTS, 4, columns);
      MessageSummary[] s = new MessageSummary[50];
      byte[][] d = new byte[50][];
      for (int i = 0; i < 50; i++) {
        s[i] = summary(r, i);
        d[i] = columns ? display(r) : null;
        old.add(new long[] {i, i}, 0, "old" + i, s[i], d[i]);
      }
      SummaryTable t = reread(bytes(old));
      SummaryTable.Builder copied = new SummaryTable.Builder(SLOTS, 4, columns);
      for (int i = 49; i >= 0; i -= 3) {
        String key = "new:2," + "é".repeat(i % 3);
        copied.copy(new long[] {7, i}, i, key, t, i);
        added.add(new long[] {7, i}, i, key, s[i], d[i]);
      }
      assertArrayEquals(bytes(added), bytes(copied), "display columns " + columns);
    }
  }
}
