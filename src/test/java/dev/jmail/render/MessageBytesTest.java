package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large messages are read as file windows or a private spool file, and nothing is left behind. */
class MessageBytesTest {
  @TempDir Path dir;

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A message with a short text part and an attachment of {@code attachment} bytes. */
  static byte[] message(byte[] attachment, String text) {
    String head =
        "From: a@example.com\nSubject: big\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
            + text
            + "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"a.bin\"\n"
            + "Content-Transfer-Encoding: base64\n\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(Base64.getMimeEncoder(76, new byte[] {'\n'}).encode(attachment));
    out.writeBytes("\n--b--\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void a_large_message_is_spooled_to_a_file_that_is_gone_once_written_and_read_exactly()
      throws IOException {
    byte[] msg = message(random(3 << 20, 1), "hello\n");
    try (MessageBytes s = MessageBytes.read(new ByteArrayInputStream(msg), dir)) {
      assertTrue(s.inFile());
      assertEquals(msg.length, s.length());
      assertEquals(0, filesIn(dir), "the spool file is unlinked as soon as it is written");
      try (InputStream in = s.stream()) {
        assertArrayEquals(msg, in.readAllBytes());
      }
    }
    assertEquals(0, filesIn(dir));
  }

  @Test
  void a_stream_failing_while_spooled_leaves_no_file() {
    InputStream failing =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (++n > (2 << 20)) throw new IOException("disk on fire");
            return 'x';
          }
        };
    IOException e = assertThrows(IOException.class, () -> MessageBytes.read(failing, dir));
    assertEquals("disk on fire", e.getMessage());
    assertEquals(0, dir.toFile().list().length);
  }

  @Test
  void the_spool_file_is_private() throws IOException {
    Path p = MessageBytes.createPrivate(dir);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
  }

  @Test
  void a_small_message_stays_in_memory() throws IOException {
    try (MessageBytes s =
        MessageBytes.read(new ByteArrayInputStream(message(random(1000, 2), "hi\n")), dir)) {
      assertFalse(s.inFile());
    }
    assertEquals(0, filesIn(dir));
  }

  @Test
  void a_spooled_message_shows_and_saves_as_the_same_message_in_memory() throws IOException {
    byte[] attachment = random(3 << 20, 3);
    byte[] msg = message(attachment, "see attached\n");
    MessageView inMemory = MimeWalker.view(1, MessageBytes.of(msg), false);
    try (MessageBytes s = MessageBytes.read(new ByteArrayInputStream(msg), dir)) {
      MessageView spooled = MimeWalker.view(1, s, false);
      assertEquals(inMemory.toText(), spooled.toText());
      assertEquals(Json.write(inMemory.toJson()), Json.write(spooled.toJson()));
      MessageView.Part p = spooled.attachments().get(0);
      assertEquals(attachment.length, p.size());
      try (InputStream in = p.content().open()) {
        assertArrayEquals(attachment, in.readAllBytes());
      }
    }
  }

  @Test
  void a_spooled_message_with_a_stray_line_in_its_header_shows_that_line_as_body()
      throws IOException {
    String text = "This line has no colon\n" + "more text\n".repeat((2 << 20) / 10);
    byte[] msg =
        ("From: a@example.com\nSubject: stray\n" + text).getBytes(StandardCharsets.US_ASCII);
    try (MessageBytes s = MessageBytes.read(new ByteArrayInputStream(msg), dir)) {
      assertTrue(s.inFile());
      MessageView v = MimeWalker.view(1, s, false);
      assertEquals(
          List.of(
              new MessageView.Header("From", "a@example.com"),
              new MessageView.Header("Subject", "stray")),
          v.headers());
      assertTrue(
          v.body().startsWith("This line has no colon\nmore text\n"), v.body().substring(0, 40));
      assertEquals(text.length(), v.body().length());
    }
  }

  @Test
  void
      a_spooled_message_with_a_stray_line_in_a_part_header_shows_that_line_and_keeps_the_attachment()
          throws IOException {
    byte[] attachment = random(2 << 20, 4);
    byte[] msg = message(attachment, "");
    String original = new String(msg, StandardCharsets.ISO_8859_1);
    byte[] stray =
        original
            .replaceFirst("Content-Type: text/plain\n\n", "Content-Type: text/plain\nstray line\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    try (MessageBytes s = MessageBytes.read(new ByteArrayInputStream(stray), dir)) {
      assertTrue(s.inFile());
      MessageView v = MimeWalker.view(1, s, false);
      assertEquals("stray line\n", v.body());
      assertEquals(List.of(), v.problems());
      try (InputStream in = v.attachments().get(0).content().open()) {
        assertArrayEquals(attachment, in.readAllBytes());
      }
    }
  }

  @Test
  void a_huge_text_part_is_shown_cut_short_with_a_note_and_can_be_saved_whole() throws IOException {
    String line = "all work and no play makes jack a dull boy\n";
    String text = line.repeat((MimeWalker.TEXT_LIMIT / line.length()) * 2);
    byte[] msg =
        ("From: a@example.com\nSubject: long\n\n" + text).getBytes(StandardCharsets.US_ASCII);
    try (MessageBytes s = MessageBytes.read(new ByteArrayInputStream(msg), dir)) {
      MessageView v = MimeWalker.view(1, s, false);
      assertTrue(v.body().length() <= MimeWalker.TEXT_LIMIT + 1, "one LF may be added");
      assertTrue(v.body().length() >= MimeWalker.TEXT_LIMIT);
      assertTrue(v.body().startsWith(line));
      List<String> problems = v.problems();
      assertEquals(1, problems.size(), problems.toString());
      assertTrue(
          problems
              .get(0)
              .contains(
                  "too long to show: the first 4.0 MiB shown; all of it: --save-attachments DIR, or --raw"),
          problems.get(0));
      MessageView.Part p = v.saveable().get(0);
      assertTrue(p.inline() && p.truncated());
      assertEquals(text.length(), p.size());
      try (InputStream in = p.content().open()) {
        assertArrayEquals(text.getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
      }
    }
  }

  @Test
  void quoted_printable_escapes_and_soft_breaks_across_read_chunks_decode_as_a_whole()
      throws IOException {
    // "=" escapes and "=  \n" soft breaks at every offset around the 16 KiB chunk boundary
    StringBuilder enc = new StringBuilder(), dec = new StringBuilder();
    for (int i = 0; enc.length() < 40_000; i++) {
      switch (i % 4) {
        case 0 -> {
          enc.append("ab=3D");
          dec.append("ab=");
        }
        case 1 -> {
          enc.append("c=  \n");
          dec.append("c");
        }
        case 2 -> {
          enc.append("d=\r\n");
          dec.append("d");
        }
        default -> {
          enc.append("e=ZZ");
          dec.append("e=ZZ");
        }
      }
    }
    enc.append("end= \t");
    dec.append("end");
    byte[] encoded = enc.toString().getBytes(StandardCharsets.US_ASCII);
    for (int step : new int[] {1, 2, 3, 5, 7, 1 << 20}) {
      try (InputStream in = new TransferDecoding.QuotedPrintable(trickle(encoded, step))) {
        assertEquals(
            dec.toString(),
            new String(in.readAllBytes(), StandardCharsets.US_ASCII),
            "reads of " + step);
      }
    }
  }

  /** A stream that returns at most {@code step} bytes per read. */
  static InputStream trickle(byte[] data, int step) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  @Test
  void a_window_of_an_mbox_is_the_same_bytes_in_memory_when_small_and_in_the_file_when_large()
      throws IOException {
    byte[] content = random(MessageBytes.IN_MEMORY + 5000, 7);
    Path mbox = dir.resolve("mbox");
    Files.write(mbox, content);
    java.nio.channels.FileChannel small =
        java.nio.channels.FileChannel.open(mbox, java.nio.file.StandardOpenOption.READ);
    try (MessageBytes s = MessageBytes.window(small, 100, 100 + MessageBytes.IN_MEMORY)) {
      assertFalse(s.inFile());
      assertFalse(small.isOpen(), "a message read into memory lets go of the file at once");
      assertEquals(MessageBytes.IN_MEMORY, s.length());
      assertArrayEquals(
          java.util.Arrays.copyOfRange(content, 100, 100 + MessageBytes.IN_MEMORY),
          s.stream().readAllBytes());
    }
    java.nio.channels.FileChannel large =
        java.nio.channels.FileChannel.open(mbox, java.nio.file.StandardOpenOption.READ);
    try (MessageBytes s = MessageBytes.window(large, 99, 100 + MessageBytes.IN_MEMORY)) {
      assertTrue(s.inFile());
      assertEquals(MessageBytes.IN_MEMORY + 1, s.length());
      assertArrayEquals(
          java.util.Arrays.copyOfRange(content, 99, 100 + MessageBytes.IN_MEMORY),
          s.stream().readAllBytes());
      assertTrue(large.isOpen());
    }
    assertFalse(large.isOpen(), "closing the source closes the file");
  }

  @Test
  void a_window_past_the_end_of_a_shrunk_file_holds_what_is_there() throws IOException {
    Path mbox = dir.resolve("mbox");
    Files.write(mbox, "From a\nbody\n".getBytes(StandardCharsets.US_ASCII));
    java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(mbox, java.nio.file.StandardOpenOption.READ);
    try (MessageBytes s = MessageBytes.window(ch, 7, 500)) {
      assertEquals("body\n", new String(s.stream().readAllBytes(), StandardCharsets.US_ASCII));
      assertEquals(5, s.length());
    }
  }

  @Test
  void a_message_of_exactly_the_in_memory_size_stays_in_memory_and_one_byte_more_is_spooled()
      throws IOException {
    byte[] exact = random(MessageBytes.IN_MEMORY, 3);
    try (MessageBytes s = MessageBytes.read(new ByteArrayInputStream(exact), dir)) {
      assertFalse(s.inFile());
      assertArrayEquals(exact, s.stream().readAllBytes());
    }
    byte[] more = random(MessageBytes.IN_MEMORY + 1, 4);
    try (MessageBytes s = MessageBytes.read(new ByteArrayInputStream(more), dir)) {
      assertTrue(s.inFile());
      assertEquals(more.length, s.length());
      assertArrayEquals(more, s.stream().readAllBytes());
    }
    assertEquals(0, filesIn(dir));
  }
}
