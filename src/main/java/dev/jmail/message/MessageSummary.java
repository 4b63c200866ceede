package dev.jmail.message;

import java.time.OffsetDateTime;

/**
 * What a listing shows of one message: its entry plus decoded header strings (never the body), as
 * exact text: controls and all, for JSON and searching. A terminal gets them through {@code
 * render.Summaries.forTerminal}.
 *
 * @param fromName decoded display name of the first From mailbox, "" if none
 * @param fromAddress its address, "" if none
 * @param subject decoded, unfolded subject, "" if absent
 * @param date the parsed Date header (an mbox message without a usable one: its From_ line's date),
 *     at the writer's offset; null when there is none
 * @param dateOffsetKnown false when the date's zone was {@code -0000}, missing or unknown (RFC 5322
 *     4.3): the time is as written, at offset 0
 * @param messageId the Message-ID as written (with angle brackets), null when absent
 */
public record MessageSummary(
    MessageEntry entry,
    String fromName,
    String fromAddress,
    String subject,
    OffsetDateTime date,
    boolean dateOffsetKnown,
    String messageId) {

  /** The same summary for another entry (the same message with other flags, another number). */
  public MessageSummary withEntry(MessageEntry other) {
    return new MessageSummary(
        other, fromName, fromAddress, subject, date, dateOffsetKnown, messageId);
  }

  /** {@code Name <addr>} (a name with specials quoted), {@code addr}, or the name alone. */
  public String from() {
    return AddressList.format(fromName, fromAddress);
  }
}
