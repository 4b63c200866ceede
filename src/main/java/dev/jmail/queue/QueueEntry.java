package dev.jmail.queue;

import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.error.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One queued message and its envelope, as one file: a few {@code name: value} lines (UTF-8, one
 * line each), an empty line, then the message exactly as it goes out (CRLF):
 *
 * <pre>
 * jmail-queue: 1
 * sender: bot@example.org
 * recipient: ops@example.com          one line per envelope recipient, Bcc included
 * transport: smtp+starttls://mail.example.org:587
 * message-id: &lt;…&gt;
 * created: 2026-12-07T03:48:25Z
 * attempts: 2
 * next-try: 2026-12-07T03:58:25Z
 * last-error: smtp://…: cannot connect: Connection refused
 *
 * Date: …                             the message
 * </pre>
 */
public record QueueEntry(
    String id,
    String sender,
    List<String> recipients,
    String transport,
    String messageId,
    Instant created,
    int attempts,
    Instant nextTry,
    String lastError,
    byte[] message) {

  private static final String MAGIC = "jmail-queue: 1";

  /** Postfix's minimal_backoff_time and maximal_backoff_time are 300 s and 4000 s. */
  static final Duration FIRST_BACKOFF = Duration.ofMinutes(5);

  static final Duration LAST_BACKOFF = Duration.ofHours(1);

  public QueueEntry {
    recipients = List.copyOf(recipients);
    lastError = lastError == null ? "" : oneLine(lastError);
  }

  /** A new entry for a message that could not be sent to {@code recipients}. */
  static QueueEntry of(
      String id, Outgoing m, List<String> recipients, String transport, Instant now) {
    return new QueueEntry(
        id,
        m.envelope().sender(),
        recipients,
        transport,
        m.messageId(),
        now,
        0,
        now,
        "",
        m.crlfBytes());
  }

  /** The message for the recipients still to be sent to. */
  public Outgoing outgoing() {
    return new Outgoing(new SmtpEnvelope(sender, recipients), messageId, message);
  }

  /**
   * After a failed try: one more attempt and its error. A server that answered but deferred the
   * message (4xx) is left alone for a while, 5 minutes doubling up to an hour; when the server
   * could not be reached at all the entry stays due: the next send contacts the server anyway.
   */
  QueueEntry failed(String error, List<String> stillDue, boolean serverAnswered, Instant now) {
    int n = attempts + 1;
    Instant next = now;
    if (serverAnswered) {
      long secs = FIRST_BACKOFF.getSeconds() << Math.min(n - 1, 10);
      next = now.plusSeconds(Math.min(secs, LAST_BACKOFF.getSeconds()));
    }
    return new QueueEntry(
        id, sender, stillDue, transport, messageId, created, n, next, error, message);
  }

  boolean dueAt(Instant now) {
    return !nextTry.isAfter(now);
  }

  /** The Subject field as written (encoded words and all), for the listing. */
  public String subjectField() {
    int end = Math.min(message.length, 64 * 1024);
    String head = new String(message, 0, end, StandardCharsets.ISO_8859_1);
    int stop = head.indexOf("\r\n\r\n");
    if (stop >= 0) head = head.substring(0, stop);
    StringBuilder value = null;
    for (String line : head.split("\r\n")) {
      if (value != null) {
        if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
          value.append(line);
          continue;
        }
        break;
      }
      if (line.regionMatches(true, 0, "Subject:", 0, 8))
        value = new StringBuilder(line.substring(8));
    }
    return value == null ? "" : value.toString().strip();
  }

  byte[] toBytes() {
    StringBuilder h = new StringBuilder(MAGIC).append('\n');
    h.append("sender: ").append(oneLine(sender)).append('\n');
    for (String r : recipients) h.append("recipient: ").append(oneLine(r)).append('\n');
    h.append("transport: ").append(oneLine(transport)).append('\n');
    h.append("message-id: ").append(oneLine(messageId)).append('\n');
    h.append("created: ").append(created).append('\n');
    h.append("attempts: ").append(attempts).append('\n');
    h.append("next-try: ").append(nextTry).append('\n');
    h.append("last-error: ").append(lastError).append("\n\n");
    byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + message.length);
    out.writeBytes(head);
    out.writeBytes(message);
    return out.toByteArray();
  }

  static QueueEntry parse(String id, byte[] bytes) {
    int split = indexOf(bytes, new byte[] {'\n', '\n'});
    if (split < 0) throw new DataFormatException("queue entry " + id + ": no envelope");
    String head = new String(bytes, 0, split, StandardCharsets.UTF_8);
    String[] lines = head.split("\n");
    if (!lines[0].equals(MAGIC))
      throw new DataFormatException("queue entry " + id + ": not a jmail queue file");
    String sender = "";
    String transport = "";
    String messageId = "";
    String lastError = "";
    Instant created = null;
    Instant next = null;
    int attempts = 0;
    List<String> rcpts = new ArrayList<>();
    try {
      for (String line : Arrays.asList(lines).subList(1, lines.length)) {
        int colon = line.indexOf(": ");
        String name = colon < 0 ? line.replace(":", "") : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 2);
        switch (name) {
          case "sender" -> sender = value;
          case "recipient" -> rcpts.add(value);
          case "transport" -> transport = value;
          case "message-id" -> messageId = value;
          case "created" -> created = Instant.parse(value);
          case "attempts" -> attempts = Integer.parseInt(value);
          case "next-try" -> next = Instant.parse(value);
          case "last-error" -> lastError = value;
          default -> {
            // a field from a newer jmail: kept out of the way
          }
        }
      }
    } catch (RuntimeException e) {
      throw new DataFormatException("queue entry " + id + ": bad envelope: " + e.getMessage(), e);
    }
    if (created == null || rcpts.isEmpty()) {
      throw new DataFormatException("queue entry " + id + ": envelope without recipients or date");
    }
    byte[] message = Arrays.copyOfRange(bytes, split + 2, bytes.length);
    return new QueueEntry(
        id,
        sender,
        rcpts,
        transport,
        messageId,
        created,
        attempts,
        next == null ? created : next,
        lastError,
        message);
  }

  private static int indexOf(byte[] a, byte[] pat) {
    outer:
    for (int i = 0; i + pat.length <= a.length; i++) {
      for (int j = 0; j < pat.length; j++) if (a[i + j] != pat[j]) continue outer;
      return i;
    }
    return -1;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
  }
}
