package dev.jmail.compose;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A finished message ready for a transport: its envelope, its Message-ID and its bytes exactly as
 * they go out ({@code CRLF} line ends, 7-bit: every transport and every copy sends the same bytes).
 */
public record Outgoing(SmtpEnvelope envelope, String messageId, byte[] crlfBytes) {

  /** The message with {@code LF} line ends, as sendmail, mbox files and dead.letter want it. */
  public byte[] lfBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(crlfBytes.length);
    for (int i = 0; i < crlfBytes.length; i++) {
      byte b = crlfBytes[i];
      if (b == '\r' && i + 1 < crlfBytes.length && crlfBytes[i + 1] == '\n') continue;
      out.write(b);
    }
    return out.toByteArray();
  }

  /** The message as text (it is 7-bit ASCII). */
  public String text() {
    return new String(lfBytes(), StandardCharsets.US_ASCII);
  }
}
