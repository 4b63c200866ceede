package dev.jmail.store.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirDeliveryTest {
  @TempDir Path dir;

  @Test
  void a_message_lands_in_new_with_a_unique_sized_name_and_tmp_is_left_empty() throws Exception {
    Path md = dir.resolve("Mail");
    Path a = MaildirDelivery.deliver(md, "S: a\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
    Path b = MaildirDelivery.deliver(md, "S: b\n\ny\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(md.resolve("new"), a.getParent());
    assertTrue(!a.equals(b));
    assertTrue(
        a.getFileName().toString().matches("\\d+\\.M\\d+P\\d+Q\\d+\\.[^/:]+,S=8"), a.toString());
    assertArrayEquals("S: a\n\nx\n".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(a));
    try (var s = Files.list(md.resolve("tmp"))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void a_message_with_flags_goes_to_cur_with_sorted_info() throws Exception {
    Path p =
        MaildirDelivery.deliver(
            dir.resolve("M"), "S: a\n\n".getBytes(StandardCharsets.US_ASCII), "SF");
    assertTrue(p.toString().endsWith(":2,FS"), p.toString());
    assertEquals("cur", p.getParent().getFileName().toString());
  }
}
