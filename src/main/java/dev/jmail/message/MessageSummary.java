package dev.jmail.message;

import java.time.OffsetDateTime;

/**
 * What a listing shows of one message: its entry plus decoded header strings (never the body).
 *
 * @param fromName decoded display name of the first From mailbox, "" if none
 * @param fromAddress its address, "" if none
 * @param subject decoded, unfolded subject, "" if absent
 * @param date the parsed Date header, null when missing or unparseable
 * @param messageId the Message-ID as written (with angle brackets), null when absent
 */
public record MessageSummary(
    MessageEntry entry,
    String fromName,
    String fromAddress,
    String subject,
    OffsetDateTime date,
    String messageId) {

  /** {@code Name <addr>}, {@code addr}, or the name alone. */
  public String from() {
    if (fromName.isEmpty()) return fromAddress;
    if (fromAddress.isEmpty()) return fromName;
    return fromName + " <" + fromAddress + ">";
  }
}
