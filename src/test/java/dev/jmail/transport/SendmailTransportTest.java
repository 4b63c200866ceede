package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.compose.Envelope;
import dev.jmail.compose.Outgoing;
import dev.jmail.error.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sendmail pipe: a program's exit status alone does not prove it took the message. */
class SendmailTransportTest {
  @TempDir Path dir;

  private Path script(String body) throws Exception {
    Path p = dir.resolve("sendmail");
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private static Outgoing message(int bodyBytes) {
    String text = "Subject: big\r\n\r\n" + ("x".repeat(70) + "\r\n").repeat(bodyBytes / 72 + 1);
    return new Outgoing(new Envelope("me@example.com", List.of("you@example.com")), "<id@example.com>",
        text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void a_program_that_exits_0_without_reading_the_message_is_a_failure_not_a_delivery() throws Exception {
    Path sm = script("exec 0<&-\nsleep 0.2\nexit 0");
    UnavailableException e = assertThrows(UnavailableException.class,
        () -> new SendmailTransport(sm.toString()).send(message(1 << 20)));
    assertTrue(e.getMessage().contains("before reading the whole message"), e.getMessage());
  }

  @Test
  void a_program_that_reads_everything_and_exits_0_delivers() throws Exception {
    Path out = dir.resolve("got");
    Path sm = script("cat > '" + out + "'");
    Outgoing m = message(1 << 20);
    new SendmailTransport(sm.toString()).send(m);
    assertEquals(m.lfBytes().length, Files.size(out));
  }
}
