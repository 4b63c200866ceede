package dev.jmail.store.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.CannotCreateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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

  @Test
  void the_maildir_is_created_private_and_messages_list_in_delivery_order() throws Exception {
    Path md = dir.resolve("deep/Mail");
    long before = System.currentTimeMillis() / 1000;
    for (int i = 0; i < 20; i++)
      MaildirDelivery.deliver(
          md, ("Subject: m" + i + "\n\nx\n").getBytes(StandardCharsets.US_ASCII));
    long after = System.currentTimeMillis() / 1000;
    for (String sub : new String[] {"cur", "new", "tmp"})
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(md.resolve(sub))),
          sub);
    List<String> subjects = new ArrayList<>();
    new MaildirFolder(md, false).scan((e, h) -> subjects.add(h.field("Subject")));
    for (int i = 0; i < 20; i++) assertEquals("m" + i, subjects.get(i));
    try (Stream<Path> s = Files.list(md.resolve("new"))) {
      for (Path p : s.toList()) {
        long secs = MaildirFolder.leadingNumber(p.getFileName().toString());
        assertTrue(secs >= before && secs <= after, p + " not stamped with the delivery second");
        assertEquals(
            "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), "" + p);
      }
    }
  }

  @Test
  void crlf_becomes_lf_and_a_lone_carriage_return_is_kept() {
    assertArrayEquals(
        "a\rb\nc\n\r".getBytes(StandardCharsets.US_ASCII),
        MaildirDelivery.toLf("a\rb\r\nc\r\n\r".getBytes(StandardCharsets.US_ASCII)));
    assertArrayEquals(
        "x\r\n".getBytes(StandardCharsets.US_ASCII),
        MaildirDelivery.toLf("x\r\r\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void flag_letters_are_sorted_once_each_and_nothing_can_leave_the_info_field() throws Exception {
    assertEquals("DFRS", MaildirDelivery.sortedFlags("SRFDSF"));
    assertEquals("ST~", MaildirDelivery.sortedFlags("S,T/ \t\u007f~"));
    Path p =
        MaildirDelivery.deliver(
            dir.resolve("M"), "S: a\n\n".getBytes(StandardCharsets.US_ASCII), "S/../x,");
    assertEquals(dir.resolve("M/cur"), p.getParent());
    assertTrue(p.getFileName().toString().endsWith(":2,.Sx"), p.toString());
  }

  @Test
  void a_maildir_that_cannot_be_created_is_exit_73_and_nothing_is_written() throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "a file, not a directory\n");
    CannotCreateException e =
        assertThrows(
            CannotCreateException.class,
            () ->
                MaildirDelivery.deliver(
                    blocker.resolve("Mail"), "S: a\n\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(73, e.status().code());
    assertTrue(e.getMessage().contains("cannot create Maildir"), e.getMessage());
    assertEquals("a file, not a directory\n", Files.readString(blocker));
  }

  @Test
  void names_made_in_one_run_list_in_the_order_they_were_made() throws Exception {
    // a copy of many messages into a Maildir makes names faster than one per millisecond
    Path md = dir.resolve("Copied");
    Files.createDirectories(md.resolve("cur"));
    Files.createDirectories(md.resolve("new"));
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String name = MaildirDelivery.uniqueName(10);
      made.add(name);
      Files.writeString(md.resolve("new").resolve(name), "Subject: " + i + "\n\n");
    }
    List<String> listed = new ArrayList<>();
    for (var e : new MaildirFolder(md, false).entries())
      listed.add(((dev.jmail.message.MessageLocation.Maildir) e.location()).fileName());
    assertEquals(made, listed);
  }
}
