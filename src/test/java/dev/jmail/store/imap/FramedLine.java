package dev.jmail.store.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A response line as {@code ImapClient} frames it: each "{L}" literal replaced by a marker. */
final class FramedLine {
  private FramedLine() {}

  /**
   * The line's bytes; the i-th literal's value ({@code values[i]}) is added to {@code literals}.
   */
  static byte[] of(String line, List<Object> literals, byte[]... values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    String[] parts = line.split("\\{L\\}", -1);
    for (int i = 0; i < parts.length; i++) {
      b.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
      if (i < parts.length - 1) {
        b.write(ImapResponse.LITERAL);
        b.write(i >> 8);
        b.write(i & 0xff);
        literals.add(values[i]);
      }
    }
    return b.toByteArray();
  }
}
