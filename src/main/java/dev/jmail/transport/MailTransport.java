package dev.jmail.transport;

import dev.jmail.compose.Outgoing;

/**
 * One way to hand a message on. A failure is thrown as a {@code dev.jmail.error} type whose class
 * tells the exit status: temporary (retry), unavailable (permanent), permission (auth), config.
 */
public interface MailTransport {
  /** How the user sees this transport: {@code smtp://host:587}, {@code sendmail:/usr/sbin/sendmail}. */
  String describe();

  Delivered send(Outgoing message);
}
