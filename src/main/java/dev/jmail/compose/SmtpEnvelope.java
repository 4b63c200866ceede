package dev.jmail.compose;

import java.util.List;

/**
 * RFC 5321 envelope: the reverse-path ({@code MAIL FROM}) and every forward-path ({@code RCPT TO}),
 * Bcc recipients included. Addresses are bare ({@code local@domain} or a local name).
 */
public record SmtpEnvelope(String sender, List<String> recipients) {
  public SmtpEnvelope {
    recipients = List.copyOf(recipients);
  }
}
