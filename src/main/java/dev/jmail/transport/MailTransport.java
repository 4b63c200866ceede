package dev.jmail.transport;

import dev.jmail.compose.Outgoing;

/**
 * One way to hand a message on. A failure is thrown as a {@code dev.jmail.error} type whose class
 * tells the exit status: temporary (retry), unavailable (permanent), permission (auth), config.
 */
public interface MailTransport {
  /**
   * How the user sees this transport: {@code smtp://host:587}, {@code sendmail:/usr/sbin/sendmail}.
   */
  String describe();

  Delivered send(Outgoing message);

  /**
   * Sends to whom it can now: recipients refused temporarily (4xx) while others were accepted come
   * back as {@link Delivered#deferred()} instead of failing the whole message (the outgoing queue
   * keeps the message for them). Transports that cannot tell recipients apart send as {@link
   * #send}.
   */
  default Delivered sendPartly(Outgoing message) {
    return send(message);
  }
}
