package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A text message without attachments is written without a MimeMessage (start-up time of a send);
 * its bytes must stay exactly those MimeMessage wrote: same fields, order, folding, encodings and
 * body.
 */
class PlainTextWithoutMimeMessageTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T06:50:03Z"), ZoneOffset.UTC);

  private static String composed(Draft d, boolean viaMimeMessage) {
    Env env =
        Env.of(
            Map.of(
                "HOME",
                "/nonexistent",
                "USER",
                "tester",
                "HOSTNAME",
                "box.example",
                "JMAIL_SYSTEM_RC",
                "/dev/null",
                "MAILRC",
                "/dev/null"));
    Settings s = Settings.load(env, true, List.of());
    Outgoing o = new Composer(s, CLOCK, viaMimeMessage).compose(d).orElseThrow();
    // the Message-ID's random part differs between two compositions
    return new String(o.crlfBytes(), StandardCharsets.ISO_8859_1)
        .replaceAll("Message-ID: <[^>]*>", "Message-ID: <id>");
  }

  private static Draft draft(String subject, List<String> headers, String body, String... to) {
    return new Draft(
        null,
        List.of(to),
        List.of("Cc Person <cc@example.org>"),
        List.of("hidden@example.org"),
        subject,
        headers,
        List.of(),
        body.getBytes(StandardCharsets.UTF_8),
        false,
        false);
  }

  @Test
  void a_text_message_is_byte_for_byte_what_mime_message_wrote() {
    String[] subjects = {
      null, "plain", "Grüße aus Köln", "a very long subject ".repeat(8), "=?UTF-8?Q?x?= literal"
    };
    List<List<String>> headers =
        List.of(
            List.of(),
            List.of("X-Mailer-Note: cron job", "Reply-To: Zoë <z@example.org>"),
            List.of("Organization: Ünïcode Ltd", "In-Reply-To: <a@b>", "X-A: 1", "X-A: 2"));
    List<String> bodies = new java.util.ArrayList<>(List.of(TextPartTest.TEXTS));
    bodies.add("From here\nand a bare\rCR\n");
    for (String body : bodies) {
      for (String subject : subjects) {
        for (List<String> h : headers) {
          Draft d =
              draft(subject, h, body, "Ann <a@example.org>", "b@example.org, Bé <c@example.org>");
          assertEquals(composed(d, true), composed(d, false), subject + " " + h + " " + body);
        }
      }
    }
  }

  @Test
  void the_date_is_written_without_locale_data_in_rfc_5322_form() {
    Instant t = Instant.parse("2026-01-04T23:05:09Z");
    assertEquals("Sun, 4 Jan 2026 23:05:09 +0000", DateField.of(t, 0));
    assertEquals("Mon, 5 Jan 2026 00:35:09 +0130", DateField.of(t, 5400));
    assertEquals("Sun, 4 Jan 2026 18:05:09 -0500", DateField.of(t, -5 * 3600));
    String m = composed(draft("s", List.of(), "x\n", "a@example.org"), false);
    assertTrue(m.startsWith("Date: " + DateField.of(CLOCK.instant()) + "\r\n"), m);
    assertFalse(m.contains("(UTC)"), m);
  }
}
