package dev.jmail.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.message.MessageEntry;
import dev.jmail.render.MessageBytes;
import dev.jmail.render.MessageView;
import dev.jmail.render.MimeWalker;
import dev.jmail.store.FileRegion;
import dev.jmail.store.Folder;
import dev.jmail.store.maildir.MaildirFolder;
import dev.jmail.store.mbox.MboxFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages over the in-memory threshold are read as windows of the folder's file, or spooled. */
class MessageOpenerTest {
  @TempDir Path dir;

  static final byte[] ATTACHMENT = new byte[2 << 20];

  static {
    new Random(5).nextBytes(ATTACHMENT);
  }

  /** A message over 1 MiB whose text part holds {@code text} (as stored). */
  static byte[] message(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("From: a@example.com\nSubject: big\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
                + text
                + "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"a.bin\"\n"
                + "Content-Transfer-Encoding: base64\n\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(Base64.getMimeEncoder(76, new byte[] {'\n'}).encode(ATTACHMENT));
    out.writeBytes("\n--b--\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private Path mbox(String... texts) throws IOException {
    Path p = dir.resolve("in.mbox");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String t : texts) {
      out.writeBytes(
          "From a@example.com Mon Jan  1 10:00:00 2024\n".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(message(t));
      out.write('\n');
    }
    Files.write(p, out.toByteArray());
    return p;
  }

  private static MessageView view(Folder f, MessageEntry e) throws IOException {
    try (MessageBytes s = MessageOpener.open(f, e)) {
      assertTrue(s.inFile());
      MessageView v = MimeWalker.view(e.number(), s, false);
      try (InputStream in = v.attachments().get(0).content().open()) {
        assertArrayEquals(ATTACHMENT, in.readAllBytes());
      }
      return v;
    }
  }

  @Test
  void a_from_line_in_a_large_mbox_message_is_unquoted_on_read() throws IOException {
    Folder f = new MboxFolder(mbox("plain\n", "text\n>From the archive\n>>From deeper\n"), false);
    List<MessageEntry> entries = f.entries();
    assertEquals(2, entries.size());
    assertTrue(entries.get(1).size() > MessageBytes.IN_MEMORY);
    assertTrue(f.openRegion(entries.get(1)).isEmpty(), "quoted lines: no window of the file");
    MessageView v = view(f, entries.get(1));
    assertEquals("text\nFrom the archive\n>From deeper\n", v.body());
    assertEquals(ATTACHMENT.length, v.attachments().get(0).size());
  }

  @Test
  void a_large_mbox_message_without_quoting_is_a_window_of_the_file() throws IOException {
    Folder f = new MboxFolder(mbox("plain\nnot >From at a line start\n", "x\n"), false);
    MessageEntry e = f.entries().get(0);
    try (FileRegion r = f.openRegion(e).orElseThrow()) {
      assertEquals(e.size(), r.length());
    }
    assertEquals("plain\nnot >From at a line start\n", view(f, e).body());
  }

  @Test
  void a_large_maildir_message_is_a_window_of_its_file() throws IOException {
    Path md = dir.resolve("Maildir");
    for (String d : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(d));
    Files.write(
        md.resolve("new/1700000000.M1P1.host"), message(">From stays quoted in a Maildir\n"));
    Folder f = new MaildirFolder(md, false);
    MessageEntry e = f.entries().get(0);
    Optional<FileRegion> r = f.openRegion(e);
    assertTrue(r.isPresent());
    r.get().close();
    assertEquals(">From stays quoted in a Maildir\n", view(f, e).body());
  }

  @Test
  void a_quoted_from_line_is_found_across_read_buffers() throws IOException {
    // the 64 KiB scan buffer ends at every byte of "\n>>From ": still a quoted line
    int h = new String(message("MARK"), StandardCharsets.US_ASCII).indexOf("MARK");
    for (int pad = 65536 - h - 8; pad <= 65536 - h; pad++) {
      String text = "y".repeat(pad) + "\n>>From here\n";
      Folder f = new MboxFolder(mbox(text), false);
      MessageEntry e = f.entries().get(0);
      assertFalse(f.openRegion(e).isPresent(), "pad " + pad);
    }
  }
}
