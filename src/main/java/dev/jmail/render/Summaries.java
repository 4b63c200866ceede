package dev.jmail.render;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import dev.jmail.store.HeaderBlock;
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

  private static final DateTimeFormatter LIST_DATE =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm", Locale.ROOT);

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

  public static MessageSummary of(MessageEntry entry, HeaderBlock headers) {
    String[] v = headers.fields("From", "Subject", "Date", "Message-ID");
    Mailbox from = Mailbox.parseFirst(v[0]);
    String subject = v[1] == null ? "" : Rfc2047.decodeHeader(v[1]);
    OffsetDateTime date = Rfc5322Date.parse(v[2]);
    String id = v[3];
    if (id != null) id = Charsets.rawHeader(id).trim();
    return new MessageSummary(
        entry,
        clean(from.name()),
        clean(from.address()),
        clean(subject),
        date,
        id == null || id.isEmpty() ? null : clean(id));
  }

  /** Header text on one line: controls become spaces or visible, runs of blanks one space. */
  private static String clean(String s) {
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
    m.put("date", s.date() == null ? null : ISO.format(s.date()));
    m.put("message_id", s.messageId());
    m.put("size", s.entry().size());
    List<String> flags = new ArrayList<>();
    for (Flag f : Flag.values()) if (s.entry().has(f)) flags.add(f.jsonName());
    m.put("flags", flags);
    return m;
  }

  /** The mailx status letter: D deleted, N new, U unread, A answered, F flagged, else blank. */
  public static char statusLetter(MessageEntry e) {
    if (e.has(Flag.DELETED)) return 'D';
    if (e.has(Flag.NEW)) return 'N';
    if (!e.has(Flag.SEEN)) return 'U';
    if (e.has(Flag.ANSWERED)) return 'A';
    if (e.has(Flag.FLAGGED)) return 'F';
    return ' ';
  }

  private static StringBuilder pad(StringBuilder b, String s, int width, boolean right) {
    int gap = Math.max(0, width - s.length());
    if (!right) b.append(s);
    for (int i = 0; i < gap; i++) b.append(' ');
    if (right) b.append(s);
    return b;
  }

  /**
   * One header-summary line fitted to {@code columns}:
   * {@code >N   1 Sender             Mon Jan  1 10:00   12/345   Subject}.
   */
  public static String line(MessageSummary s, boolean current, int columns) {
    MessageEntry e = s.entry();
    StringBuilder b = new StringBuilder(columns + 16);
    b.append(current ? '>' : ' ').append(statusLetter(e)).append(' ');
    pad(b, String.valueOf(e.number()), 3, true).append(' ');
    String from = s.fromName().isEmpty() ? s.fromAddress() : s.fromName();
    b.append(DisplayWidth.fit(from, 18)).append(' ');
    b.append(s.date() == null ? " ".repeat(16) : LIST_DATE.format(s.date())).append(' ');
    String size = e.lines() >= 0 ? e.lines() + "/" + e.size() : String.valueOf(e.size());
    pad(b, size, 9, true).append("  ");
    int used = DisplayWidth.of(b.toString());
    String subject = DisplayWidth.truncate(s.subject(), Math.max(0, columns - used - 1));
    b.append(subject);
    String line = b.toString().stripTrailing();
    return DisplayWidth.of(line) > columns - 1 ? DisplayWidth.truncate(line, columns - 1) : line;
  }
}
