package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Launcher;
import dev.jmail.testing.Result;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message far larger than the heap ({@code -Xmx48m}; a 90 MiB attachment, 120 MB as base64) is
 * read in bounded memory from a Maildir file and from an mbox (windows of the file). The spool file
 * for an mbox message with {@code >From } lines to un-quote is tested in-process ({@code
 * MessageOpenerTest}), with a smaller message: it takes the same code path.
 */
class LargeMessageIT {
  private static final int MIB = 1 << 20;
  private static final long DECODED = 90L * MIB;

  @TempDir static Path home;
  static byte[] digest;
  static Path maildir;
  static Path mbox;

  @BeforeAll
  static void writeFolders() throws Exception {
    Path body = home.resolve("attachment.b64");
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(body), 1 << 16);
        OutputStream b64 = Base64.getMimeEncoder(76, new byte[] {'\n'}).wrap(file);
        OutputStream out = new DigestOutputStream(b64, md)) {
      SplittableRandom random = new SplittableRandom(42);
      byte[] block = new byte[MIB];
      for (long done = 0; done < DECODED; done += block.length) {
        for (int i = 0; i < block.length; i += 8) {
          long r = random.nextLong();
          for (int k = 0; k < 8; k++) block[i + k] = (byte) (r >>> (8 * k));
        }
        out.write(block);
      }
    }
    digest = md.digest();
    maildir = home.resolve("Maildir");
    for (String d : List.of("cur", "new", "tmp")) Files.createDirectories(maildir.resolve(d));
    writeMessage(maildir.resolve("cur/1700000000.M1P1.host:2,S"), body, "");
    mbox = home.resolve("big.mbox");
    writeMessage(mbox, body, "From a@example.com Mon Jan  1 10:00:00 2024\n");
    Files.delete(body);
  }

  private static void writeMessage(Path file, Path attachment, String fromLine) throws IOException {
    String head =
        fromLine
            + "From: Big Sender <big@example.com>\nTo: me@example.com\nSubject: a large attachment\n"
            + "Date: Mon, 1 Jan 2024 10:00:00 +0100\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n"
            + "See the attachment.\n"
            + "--b1\nContent-Type: application/octet-stream; name=\"big.bin\"\n"
            + "Content-Disposition: attachment; filename=\"big.bin\"\nContent-Transfer-Encoding: base64\n\n";
    try (OutputStream out =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.write(head.getBytes(StandardCharsets.UTF_8));
      Files.copy(attachment, out);
      out.write("\n--b1--\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Result read(Path tmp, String... args) {
    return new Launcher(home)
        .env("JMAIL_JAVA_OPTS", "-Xmx48m -Djava.io.tmpdir=" + tmp)
        .timeout(120)
        .run(args);
  }

  private static void assertSaved(Path file) throws Exception {
    assertEquals(DECODED, Files.size(file));
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (var in = new java.security.DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    assertArrayEquals(digest, md.digest(), file + " differs from the attachment sent");
  }

  private static void assertShown(String out) {
    assertTrue(out.contains("From: Big Sender <big@example.com>\n"), out);
    assertTrue(out.contains("Subject: a large attachment\n"), out);
    assertTrue(out.contains("See the attachment.\n"), out);
    assertTrue(out.contains("[attachment 2] big.bin (application/octet-stream, 90.0 MiB)"), out);
  }

  private static long filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void a_maildir_message_larger_than_the_heap_is_read_and_its_attachment_saved_exactly()
      throws Exception {
    Path tmp = Files.createDirectories(home.resolve("tmp-maildir"));
    Path saved = Files.createDirectories(home.resolve("saved-maildir"));
    Result r =
        read(
                tmp,
                "read",
                "-f",
                maildir.toString(),
                "--peek",
                "1",
                "--save-attachments",
                saved.toString())
            .succeeded();
    assertShown(r.out());
    assertSaved(saved.resolve("big.bin"));
    assertEquals(0, filesIn(tmp));
  }

  @Test
  void an_mbox_message_larger_than_the_heap_is_read_and_its_attachment_saved_exactly()
      throws Exception {
    Path tmp = Files.createDirectories(home.resolve("tmp-mbox"));
    Path saved = Files.createDirectories(home.resolve("saved-mbox"));
    Result r =
        read(
                tmp,
                "read",
                "-f",
                mbox.toString(),
                "--peek",
                "1",
                "--save-attachments",
                saved.toString())
            .succeeded();
    assertShown(r.out());
    assertSaved(saved.resolve("big.bin"));
    assertEquals(0, filesIn(tmp));
  }
}
