package dev.jmail.store.cache;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

/**
 * The decoded fields of a summary as a cache file stores them, so that a listing from the cache
 * prints without decoding a header again:
 *
 * <pre>
 * fields = hasDate:int8 [epochSecond:int64 nano:int32 offsetSeconds:int32 offsetKnown:int8]
 *          fromName fromAddress subject messageId:str
 * str    = length:int32 (-1: null) UTF-8 bytes
 * flags  = int32, bit n = Flag ordinal n
 * </pre>
 */
public final class SummaryFields {
  private SummaryFields() {}

  /** Writes the decoded fields of {@code s} (not its entry). */
  public static void write(DataOutputStream o, MessageSummary s) throws IOException {
    if (s.date() == null) {
      o.writeByte(0);
    } else {
      o.writeByte(1);
      o.writeLong(s.date().toEpochSecond());
      o.writeInt(s.date().getNano());
      o.writeInt(s.date().getOffset().getTotalSeconds());
      o.writeByte(s.dateOffsetKnown() ? 1 : 0);
    }
    str(o, s.fromName());
    str(o, s.fromAddress());
    str(o, s.subject());
    str(o, s.messageId());
  }

  /**
   * Reads what {@link #write} wrote, as a summary of {@code entry}; a damaged record throws a
   * RuntimeException (the caller drops the whole cache).
   */
  public static MessageSummary read(ByteBuffer b, MessageEntry entry) {
    OffsetDateTime date = null;
    boolean known = false;
    if (b.get() != 0) {
      long sec = b.getLong();
      int nano = b.getInt();
      int off = b.getInt();
      known = b.get() != 0;
      date =
          OffsetDateTime.ofInstant(
              Instant.ofEpochSecond(sec, nano), ZoneOffset.ofTotalSeconds(off));
    }
    String fromName = str(b);
    String fromAddress = str(b);
    String subject = str(b);
    String id = str(b);
    return new MessageSummary(
        entry,
        fromName == null ? "" : fromName,
        fromAddress == null ? "" : fromAddress,
        subject == null ? "" : subject,
        date,
        known,
        id);
  }

  /** Moves past one record of fields (checking its lengths) without decoding it. */
  public static void skip(ByteBuffer b) {
    if (b.get() != 0) b.position(b.position() + 17);
    for (int i = 0; i < 4; i++) {
      int n = b.getInt();
      if (n > b.remaining()) throw new IllegalStateException("string past the end");
      if (n > 0) b.position(b.position() + n);
    }
  }

  public static int flagBits(Set<Flag> flags) {
    int bits = 0;
    for (Flag f : flags) bits |= 1 << f.ordinal();
    return bits;
  }

  private static final Flag[] ALL = Flag.values();

  public static EnumSet<Flag> flags(int bits) {
    EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
    for (int k = 0; k < ALL.length; k++) if ((bits & (1 << k)) != 0) flags.add(ALL[k]);
    return flags;
  }

  public static void str(DataOutputStream o, String s) throws IOException {
    if (s == null) {
      o.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.writeInt(b.length);
    o.write(b);
  }

  public static String str(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) return null;
    if (n > b.remaining()) throw new IllegalStateException("string past the end");
    if (n == 0) return "";
    if (b.hasArray()) {
      int at = b.position();
      b.position(at + n);
      return new String(b.array(), b.arrayOffset() + at, n, StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
