package dev.jmail.render;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import dev.jmail.message.RawHeaders;
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
