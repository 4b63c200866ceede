package dev.jmail.queue;

import dev.jmail.compose.HostName;
import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.config.Settings;
import dev.jmail.error.JmailException;
import dev.jmail.transport.Diagnostics;
import dev.jmail.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The short notice an MTA would bounce: a queued message was given up (expired, or refused for good
 * on a later try) and saved in dead.letter. It is delivered locally to the sender when the sender
 * is a local address, else to the user running jmail (RFC 3834: {@code Auto-Submitted}).
 */
final class Bounce {
  private static final DateTimeFormatter RFC5322 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

  private Bounce() {}

  static void deliver(
      Settings s, Diagnostics diag, QueueEntry e, String reason, String fate, Instant now) {
    String to = Transports.isLocalAddress(s, e.sender()) ? e.sender() : s.env().user();
    try {
      Transports.local(s).send(notice(s, e, to, reason, fate, now));
    } catch (JmailException failure) {
      diag.warn(
          "warning: cannot deliver the notice about queue entry "
              + e.id()
              + " to "
              + to
              + ": "
              + failure.getMessage());
    }
  }

  static Outgoing notice(
      Settings s, QueueEntry e, String to, String reason, String fate, Instant now) {
    String host = HostName.of(s.env());
    String id =
        "<"
            + now.toEpochMilli()
            + "."
            + Integer.toHexString(ThreadLocalRandom.current().nextInt())
            + ".queue@"
            + host
            + ">";
    String subject = e.subjectField();
    String text =
        String.join(
            "\r\n",
            List.of(
                "Date: " + RFC5322.format(now.atZone(ZoneId.systemDefault())),
                "From: Mail Delivery System <MAILER-DAEMON@" + host + ">",
                "To: " + to,
                "Subject: Undelivered mail" + (subject.isEmpty() ? "" : ": " + subject),
                "Message-ID: " + id,
                "Auto-Submitted: auto-replied",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                "jmail on " + host + " gave up a message it had queued:",
                "",
                "  Queued:      " + e.created(),
                "  Recipients:  " + String.join(", ", e.recipients()),
                "  Message-ID:  " + e.messageId(),
                "  Attempts:    " + e.attempts(),
                "  Reason:      " + reason,
                "",
                fate,
                ""));
    return new Outgoing(
        new SmtpEnvelope("MAILER-DAEMON", List.of(to)), id, text.getBytes(StandardCharsets.UTF_8));
  }
}
