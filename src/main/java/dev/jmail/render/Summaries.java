package dev.jmail.render;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import dev.jmail.message.RawHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds {@link MessageSummary} values from raw headers, and renders them as text or JSON. */
public final class Summaries {
  private Summaries() {}

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

  /**
   * The decoded header fields a summary shows, without the entry (thread-safe, no state). {@code
   * dateOffsetKnown} is false when the date's zone was -0000, missing or unknown.
   */
  public record Fields(
      String fromName,
      String fromAddress,
      String subject,
      OffsetDateTime date,
      boolean dateOffsetKnown,
      String messageId) {}

  private static final RawHeaders.Names SHOWN =
      RawHeaders.names("From", "Subject", "Date", "Message-ID");

  /**
   * The fields of one message's header section; runs once per listed message. A message without a
   * usable Date (missing, or unparseable) is dated by its mbox From_ line, as mailx, s-nail and
   * mutt date it; a Maildir message then has no date: mutt (the epoch) and s-nail (the time of
   * listing) do not date it by its file name's delivery time either.
   */
  public static Fields fields(RawHeaders headers) {
    try {
      return decode(headers);
    } catch (RuntimeException e) {
      // A decoder bug on one stranger's header costs that message its decoding, not the listing
      // of the whole folder (fuzzing found such bugs; they are fixed, this is the net under them).
      String[] v = headers.fields(SHOWN);
      return new Fields(
          "",
          v[0] == null ? "" : v[0].strip(),
          v[1] == null ? "" : v[1].strip(),
          null,
          false,
          null);
    }
  }

  private static Fields decode(RawHeaders headers) {
    String[] v = headers.fields(SHOWN);
    Mailbox from = Mailbox.parseFirst(v[0]);
    if (from.name().isBlank() && from.address().isBlank()) from = fallbackSender(headers);
    String subject = v[1] == null ? "" : Rfc2047.decodeHeader(v[1]);
    Rfc5322Date.Stamp date = Rfc5322Date.stamp(v[2]);
    if (date == null) date = Rfc5322Date.stamp(headers.envelopeDate());
    String id = v[3];
    if (id != null) id = Charsets.rawHeader(id).trim();
    return new Fields(
        from.name(),
        from.address(),
        subject.strip(),
        date == null ? null : date.time(),
        date != null && date.offsetKnown(),
        id == null || id.isEmpty() ? null : id);
  }

  /**
   * Who sent a message without a usable From (absent, empty, or no mailbox in it), as mailx and
   * s-nail show it: the Sender field, else the envelope sender (the mbox From_ line's, or for
   * Maildir the Return-Path); an empty mailbox when none of them names one.
   */
  private static final RawHeaders.Names SENDERS = RawHeaders.names("Sender", "Return-Path");

  static Mailbox fallbackSender(RawHeaders headers) {
    String[] v = headers.fields(SENDERS);
    Mailbox sender = Mailbox.parseFirst(v[0]);
    if (!sender.address().isBlank() || !sender.name().isBlank()) return sender;
    String envelope = headers.envelopeSender();
    if (envelope != null) return new Mailbox("", Charsets.rawHeader(envelope));
    Mailbox returnPath = Mailbox.parseFirst(v[1]); // "<>" (a bounce) names no one
    return new Mailbox("", returnPath.address());
  }

  public static MessageSummary of(MessageEntry entry, Fields f) {
    return new MessageSummary(
        entry,
        f.fromName(),
        f.fromAddress(),
        f.subject(),
        f.date(),
        f.dateOffsetKnown(),
        f.messageId());
  }

  /** The summary of a header section without its entry, for {@code Folder.summaries}. */
  public static MessageSummary detached(RawHeaders headers) {
    return of(null, fields(headers));
  }

  public static MessageSummary of(MessageEntry entry, RawHeaders headers) {
    return of(entry, fields(headers));
  }

  /**
   * Header text for a terminal, on one line: controls become spaces or visible, runs of blanks one
   * space (what {@code read} shows of the same field, {@link Sanitizer#line}). Summaries hold the
   * exact decoded text, for JSON and searching; only this shows it.
   */
  public static String forTerminal(String s) {
    String t = Sanitizer.line(s);
    if (t.indexOf("  ") < 0) return t.strip();
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ' ' && b.length() > 0 && b.charAt(b.length() - 1) == ' ') continue;
      b.append(c);
    }
    return b.toString().strip();
  }

  /** The JSON object of {@code list --json}: exactly these keys. */
  public static Map<String, Object> toJson(MessageSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", s.entry().number());
    m.put("from", s.from());
    m.put("subject", s.subject());
    m.put("date", isoDate(s));
    m.put("message_id", s.messageId());
    m.put("size", s.entry().size());
    List<String> flags = new ArrayList<>();
    for (Flag f : Flag.values()) if (s.entry().has(f)) flags.add(f.jsonName());
    m.put("flags", flags);
    return m;
  }

  /**
   * ISO 8601 with the writer's offset; a time whose offset is unknown (RFC 5322 4.3: {@code -0000},
   * no zone, an unknown zone, an mbox From_ line's local time) ends in {@code -00:00}, as RFC 3339
   * 4.3 writes "UTC, local offset unknown"; null without a date.
   */
  static String isoDate(MessageSummary s) {
    if (s.date() == null) return null;
    String iso = ISO.format(s.date());
    return s.dateOffsetKnown() ? iso : iso.substring(0, iso.length() - 6) + "-00:00";
  }

  /** The mailx status letter: D deleted, F flagged, N new, U unread, A answered, else blank. */
  public static char statusLetter(MessageEntry e) {
    if (e.has(Flag.DELETED)) return 'D';
    if (e.has(Flag.FLAGGED)) return 'F'; // before N, U and A, as s-nail shows it
    if (e.has(Flag.NEW)) return 'N';
    if (!e.has(Flag.SEEN)) return 'U';
    if (e.has(Flag.ANSWERED)) return 'A';
    return ' ';
  }

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTH_NAMES = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /** {@code Mon Jan 1 10:00} (16 columns) in the sender's own offset, or 16 blanks. */
  static void appendListDate(StringBuilder b, OffsetDateTime d) {
    if (d == null) {
      b.append("                ");
      return;
    }
    b.append(DAYS[d.getDayOfWeek().ordinal()])
        .append(' ')
        .append(MONTH_NAMES[d.getMonthValue() - 1])
        .append(' ');
    int day = d.getDayOfMonth();
    if (day < 10) b.append(' ');
    b.append(day).append(' ');
    int h = d.getHour(), m = d.getMinute();
    if (h < 10) b.append('0');
    b.append(h).append(':');
    if (m < 10) b.append('0');
    b.append(m);
  }

  private static StringBuilder pad(StringBuilder b, String s, int width, boolean right) {
    int gap = Math.max(0, width - s.length());
    if (!right) b.append(s);
    for (int i = 0; i < gap; i++) b.append(' ');
    if (right) b.append(s);
    return b;
  }

  /**
   * What a listing line shows of a summary whatever its entry and the terminal's width, for an
   * index to keep ({@code LocalIndex.Config.display}): the sender fitted to its 18 columns, the
   * 16-column date and the subject for a terminal, as {@link #line} makes them.
   *
   * <pre>
   * display = fromLength:int32 from:UTF-8 date:16 ASCII subjectAscii:int8 subject:UTF-8
   * </pre>
   */
  public static byte[] display(MessageSummary s) {
    byte[] from =
        DisplayWidth.fit(forTerminal(s.fromName().isEmpty() ? s.fromAddress() : s.fromName()), 18)
            .getBytes(StandardCharsets.UTF_8);
    StringBuilder date = new StringBuilder(16);
    appendListDate(date, s.date());
    byte[] subject = forTerminal(s.subject()).getBytes(StandardCharsets.UTF_8);
    boolean ascii = true;
    for (byte b : subject) ascii &= b >= 0;
    byte[] out = new byte[4 + from.length + 16 + 1 + subject.length];
    out[0] = (byte) (from.length >>> 24); // big-endian, as ByteBuffer.getInt reads it
    out[1] = (byte) (from.length >>> 16);
    out[2] = (byte) (from.length >>> 8);
    out[3] = (byte) from.length;
    System.arraycopy(from, 0, out, 4, from.length);
    for (int i = 0; i < 16; i++) out[4 + from.length + i] = (byte) date.charAt(i);
    out[4 + from.length + 16] = (byte) (ascii ? 1 : 0);
    System.arraycopy(subject, 0, out, 4 + from.length + 17, subject.length);
    return out;
  }

  /**
   * Lines of a listing as UTF-8 bytes, to be written in large blocks: {@link #add} appends what
   * {@link #line} gives for a message (and a newline) from its {@link #display} columns, with no
   * string made unless the subject is not ASCII and must be cut.
   */
  public static final class LineBytes {
    private byte[] buf = new byte[1 << 17];
    private int size;

    /** The bytes so far. */
    public byte[] bytes() {
      return buf;
    }

    public int size() {
      return size;
    }

    public void clear() {
      size = 0;
    }

    private void room(int n) {
      if (buf.length - size < n)
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }

    private void ascii(char c) {
      buf[size++] = (byte) c;
    }

    private void digits(long v) {
      int at = size;
      do {
        buf[size++] = (byte) ('0' + v % 10);
        v /= 10;
      } while (v > 0);
      for (int i = at, j = size - 1; i < j; i++, j--) {
        byte t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
      }
    }

    private static int digitCount(long v) {
      int n = 1;
      while (v >= 10) {
        v /= 10;
        n++;
      }
      return n;
    }

    /**
     * Appends the line of message {@code number} (its status from {@code flags}, bit n for {@link
     * Flag} ordinal n) and a newline.
     */
    public void add(int flags, int number, long lines, long size, ByteBuffer display, int columns) {
      int fromLength = display.getInt(0);
      int subjectAt = 4 + fromLength + 17;
      int subjectLength = display.limit() - subjectAt;
      if (fromLength < 0 || subjectLength < 0) throw new IllegalStateException("bad columns");
      room(128 + fromLength + subjectLength);
      int start = this.size;
      ascii(' ');
      ascii(statusLetter(flags));
      ascii(' ');
      int nd = digitCount(number);
      for (int i = nd; i < 3; i++) ascii(' ');
      digits(number);
      ascii(' ');
      // One copy out of the columns (sender, date, the subject's ASCII mark, subject), each then
      // moved to its place in the line: a copy out of a mapped index is a call into the VM.
      int from = this.size;
      int date = from + fromLength;
      display.get(4, buf, from, display.limit() - 4);
      boolean asciiSubject = buf[date + 16] != 0;
      int sd = lines >= 0 ? digitCount(lines) + 1 + digitCount(size) : digitCount(size);
      int subject = date + 1 + 16 + 1 + Math.max(9, sd) + 2;
      System.arraycopy(buf, date + 17, buf, subject, subjectLength);
      System.arraycopy(buf, date, buf, date + 1, 16);
      buf[date] = ' ';
      this.size = date + 17;
      ascii(' ');
      for (int i = sd; i < 9; i++) ascii(' ');
      if (lines >= 0) {
        digits(lines);
        ascii('/');
      }
      digits(size);
      ascii(' ');
      ascii(' ');
      // as line(): every field but the sender is ASCII, and the sender takes 18 columns
      int used = 3 + Math.max(3, nd) + 1 + 18 + 1 + 16 + 1 + Math.max(9, sd) + 2;
      int room = columns - used - 1;
      if (room < 0) {
        // rare (a terminal too narrow for the fields): as line() does it
        String head = new String(buf, start, this.size - start, StandardCharsets.UTF_8);
        String text = DisplayWidth.truncate(head, Math.max(0, columns - 1)).stripTrailing();
        this.size = start;
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        room(b.length + 1);
        System.arraycopy(b, 0, buf, this.size, b.length);
        this.size += b.length;
        ascii('\n');
        return;
      }
      if (asciiSubject) {
        this.size += Math.min(room, subjectLength);
      } else {
        // cut by display width, code point by code point as DisplayWidth.truncate does
        int at = this.size, end = this.size + subjectLength, w = 0;
        while (at < end) {
          int length = utf8Length(buf[at]);
          int cw = DisplayWidth.of(codePoint(buf, at, length));
          if (w + cw > room) break;
          w += cw;
          at += length;
        }
        this.size = at;
      }
      // stripTrailing(): whitespace code points at the end (the size field ends the strip)
      while (this.size > start) {
        int last = this.size - 1;
        while (last > start && (buf[last] & 0xc0) == 0x80) last--;
        if (!Character.isWhitespace(codePoint(buf, last, this.size - last))) break;
        this.size = last;
      }
      ascii('\n');
    }

    private static int utf8Length(byte lead) {
      if (lead >= 0) return 1;
      if ((lead & 0xe0) == 0xc0) return 2;
      if ((lead & 0xf0) == 0xe0) return 3;
      return 4;
    }

    /** The code point of well-formed UTF-8 (as String.getBytes writes it) at {@code at}. */
    private static int codePoint(byte[] b, int at, int length) {
      switch (length) {
        case 1:
          return b[at];
        case 2:
          return (b[at] & 0x1f) << 6 | b[at + 1] & 0x3f;
        case 3:
          return (b[at] & 0x0f) << 12 | (b[at + 1] & 0x3f) << 6 | b[at + 2] & 0x3f;
        default:
          return (b[at] & 0x07) << 18
              | (b[at + 1] & 0x3f) << 12
              | (b[at + 2] & 0x3f) << 6
              | b[at + 3] & 0x3f;
      }
    }
  }

  /** {@link #statusLetter(MessageEntry)} of flags as bits (bit n for {@link Flag} ordinal n). */
  static char statusLetter(int flags) {
    if ((flags & 1 << Flag.DELETED.ordinal()) != 0) return 'D';
    if ((flags & 1 << Flag.FLAGGED.ordinal()) != 0) return 'F';
    if ((flags & 1 << Flag.NEW.ordinal()) != 0) return 'N';
    if ((flags & 1 << Flag.SEEN.ordinal()) == 0) return 'U';
    if ((flags & 1 << Flag.ANSWERED.ordinal()) != 0) return 'A';
    return ' ';
  }

  /**
   * One header-summary line fitted to {@code columns}: {@code >N 1 Sender Mon Jan 1 10:00 12/345
   * Subject}.
   */
  public static String line(MessageSummary s, boolean current, int columns) {
    MessageEntry e = s.entry();
    StringBuilder b = new StringBuilder(columns + 16);
    b.append(current ? '>' : ' ').append(statusLetter(e)).append(' ');
    pad(b, String.valueOf(e.number()), 3, true).append(' ');
    String from = forTerminal(s.fromName().isEmpty() ? s.fromAddress() : s.fromName());
    String fitted = DisplayWidth.fit(from, 18);
    b.append(fitted).append(' ');
    appendListDate(b, s.date());
    b.append(' ');
    String size = e.lines() >= 0 ? e.lines() + "/" + e.size() : String.valueOf(e.size());
    pad(b, size, 9, true).append("  ");
    // every field so far is ASCII except the sender, fitted to exactly 18 columns
    int used = b.length() - fitted.length() + 18;
    int room = columns - used - 1;
    if (room < 0)
      return DisplayWidth.truncate(b.toString(), Math.max(0, columns - 1)).stripTrailing();
    b.append(DisplayWidth.truncate(forTerminal(s.subject()), room));
    return b.toString().stripTrailing();
  }
}
