package dev.jmail.store.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jmail.message.MessageSummary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A message's record made on a decoding thread ({@link SummaryTable#record}, made at its size) is
 * byte for byte the layout the file has always had, unpaired surrogates (a '?') and characters of
 * every UTF-8 length included, so files written before read the same.
 */
class SummaryRecordTest {
  /** The record as it was written before: each string encoded by String, then copied. */
  private static byte[] reference(String key, boolean display, MessageSummary s, byte[] columns)
      throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(b);
    SummaryTable.str(o, key);
    if (display) {
      if (columns == null) o.writeInt(-1);
      else {
        o.writeInt(columns.length);
        o.write(columns);
      }
    }
    if (s.date() == null) o.writeByte(0);
    else {
      o.writeByte(1);
      o.writeLong(s.date().toEpochSecond());
      o.writeInt(s.date().getNano());
      o.writeInt(s.date().getOffset().getTotalSeconds());
      o.writeByte(s.dateOffsetKnown() ? 1 : 0);
    }
    SummaryTable.str(o, s.fromName());
    SummaryTable.str(o, s.fromAddress());
    SummaryTable.str(o, s.subject());
    SummaryTable.str(o, s.messageId());
    return b.toByteArray();
  }

  private static final String[] PIECES = {
    "a",
    " ",
    "é",
    "ÿ",
    "\u07ff",
    "\u0800",
    "ж",
    "会",
    "\uffff",
    "\uD83D\uDE00",
    "\uD83D",
    "\uDE00",
    "\uDBFF\uDFFF",
    "\u0000",
    "\u007f",
    "\u0080"
  };

  private static String text(Random r) {
    if (r.nextInt(8) == 0) return null;
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) b.append(PIECES[r.nextInt(PIECES.length)]);
    return b.toString();
  }

  @Test
  void records_are_byte_for_byte_those_of_strings_encoded_by_string() throws IOException {
    Random r = new Random(3629);
    for (int n = 0; n < 20_000; n++) {
      OffsetDateTime date =
          r.nextInt(4) == 0
              ? null
              : OffsetDateTime.of(2020, 2, 29, 23, 59, 59, r.nextInt(3), ZoneOffset.ofHours(-3));
      String subject = text(r);
      MessageSummary s =
          new MessageSummary(
              null,
              text(r) == null ? "" : text(r),
              text(r) == null ? "" : text(r),
              subject == null ? "" : subject,
              date,
              r.nextBoolean(),
              text(r));
      String key = text(r);
      boolean display = r.nextBoolean();
      byte[] columns = r.nextInt(5) == 0 ? null : new byte[r.nextInt(30)];
      if (columns != null) r.nextBytes(columns);
      assertArrayEquals(
          reference(key, display, s, columns), SummaryTable.record(key, display, s, columns));
    }
  }
}
