package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.NoInputException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.store.maildir.MaildirFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirFolderTest {
  @TempDir Path tmp;

  static Path maildir(Path dir) throws IOException {
    for (String s : List.of("cur", "new", "tmp")) Files.createDirectories(dir.resolve(s));
    return dir;
  }

  static void put(Path dir, String sub, String name, String subject) throws IOException {
    Files.writeString(
        dir.resolve(sub).resolve(name),
        "From: a@example.com\nSubject: " + subject + "\n\nbody of " + subject + "\n",
        StandardCharsets.UTF_8);
  }

  private static List<String> subjects(Folder f) {
    List<String> out = new ArrayList<>();
    f.scan((e, h) -> out.add(h.field("Subject")));
    return out;
  }

  @Test
  void the_header_section_ends_at_the_first_empty_line_wherever_it_falls() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    int n = 0;
    // every alignment of the empty line within an 8-byte word, LF and CRLF, and header
    // sections longer than the first read (4 KiB) and than the buffer (16 KiB)
    for (String eol : List.of("\n", "\r\n")) {
      for (int pad : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5000, 20000}) {
        String header =
            "Subject: m" + n + eol + "X-Pad: " + "p".repeat(pad) + eol + "X-Last: yes" + eol;
        String body = "X-Body: leaked" + eol + eol + "X-Body2: leaked" + eol;
        Files.writeString(
            md.resolve("new").resolve((1700000000L + n) + ".M1P1.host"), header + eol + body);
        n++;
      }
    }
    List<String> seen = new ArrayList<>();
    new MaildirFolder(md, false)
        .scan(
            (e, h) -> {
              seen.add(
                  h.field("Subject")
                      + " "
                      + h.field("X-Last")
                      + " "
                      + h.field("X-Body")
                      + " "
                      + h.field("X-Body2"));
            });
    assertEquals(n, seen.size());
    for (int i = 0; i < n; i++) assertEquals("m" + i + " yes null null", seen.get(i));
  }

  @Test
  void messages_are_ordered_by_delivery_time_across_new_and_cur() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "cur", "1700000300.M1P1.host:2,S", "third");
    put(md, "new", "1700000100.M1P1.host", "first");
    put(md, "cur", "1700000200.M1P1.host:2,", "second");
    put(md, "new", "999.M1P1.host", "oldest");
    assertEquals(
        List.of("oldest", "first", "second", "third"), subjects(new MaildirFolder(md, false)));
  }

  @Test
  void microseconds_and_counters_in_names_compare_as_numbers() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "new", "1700000000.M99999P7Q2.host", "second");
    put(md, "new", "1700000000.M100000P7Q3.host", "third");
    put(md, "cur", "1700000000.M99999P7Q10.host:2,S", "fourth");
    put(md, "new", "1700000000.M5P7Q1.host", "first");
    assertEquals(
        List.of("first", "second", "fourth", "third"), subjects(new MaildirFolder(md, false)));
  }

  @Test
  void tmp_and_dot_files_are_ignored() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "new", "1.a.host", "real");
    put(md, "tmp", "2.b.host", "in delivery");
    put(md, "cur", ".hidden", "dot file");
    assertEquals(List.of("real"), subjects(new MaildirFolder(md, false)));
  }

  @Test
  void flags_come_from_the_info_and_new_means_in_new() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "new", "1.a.host", "n");
    put(md, "cur", "2.a.host:2,PRSTDF", "all");
    put(md, "cur", "3.a.host:2,", "none");
    List<MessageEntry> e = new MaildirFolder(md, false).entries();
    assertEquals(Set.of(Flag.NEW), e.get(0).flags());
    assertEquals(
        Set.of(Flag.ANSWERED, Flag.SEEN, Flag.DELETED, Flag.DRAFT, Flag.FLAGGED), e.get(1).flags());
    assertEquals(Set.of(), e.get(2).flags());
  }

  @Test
  void the_size_is_the_file_size_and_many_files_scan_in_order() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    for (int i = 0; i < 300; i++)
      put(
          md,
          i % 2 == 0 ? "new" : "cur",
          (1000 + i) + ".x.host" + (i % 2 == 0 ? "" : ":2,S"),
          "m" + i);
    List<String> s = subjects(new MaildirFolder(md, false));
    assertEquals(300, s.size());
    for (int i = 0; i < 300; i++) assertEquals("m" + i, s.get(i));
    List<String> mapped = new ArrayList<>();
    new MaildirFolder(md, false)
        .scanMapped(h -> h.field("Subject"), (e, v) -> mapped.add(e.number() + v));
    for (int i = 0; i < 300; i++) assertEquals((i + 1) + "m" + i, mapped.get(i));
    MessageEntry first = new MaildirFolder(md, false).entries().get(0);
    assertEquals(Files.size(md.resolve("new/1000.x.host")), first.size());
  }

  @Test
  void reading_renames_nothing() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "new", "1.a.host", "n");
    put(md, "cur", "2.a.host:2,", "c");
    List<String> before = names(md);
    MaildirFolder f = new MaildirFolder(md, false);
    subjects(f);
    for (MessageEntry e : f.entries()) Fixtures.bytes(f.open(e));
    assertEquals(before, names(md));
  }

  @Test
  void a_message_moved_to_cur_by_another_client_still_opens() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "new", "1.a.host", "moved");
    MaildirFolder f = new MaildirFolder(md, false);
    MessageEntry e = f.entries().get(0);
    Files.move(md.resolve("new/1.a.host"), md.resolve("cur/1.a.host:2,S"));
    assertEquals(
        "From: a@example.com\nSubject: moved\n\nbody of moved\n",
        new String(Fixtures.bytes(f.open(e)), StandardCharsets.UTF_8));
  }

  @Test
  void maildirplusplus_subfolders_are_listed_and_open_as_folders() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    maildir(md.resolve(".Sent"));
    maildir(md.resolve(".Lists.jmail"));
    Files.createDirectories(md.resolve(".not-a-maildir"));
    put(md.resolve(".Sent"), "cur", "1.a.host:2,S", "sent one");
    assertEquals(List.of(".Lists.jmail", ".Sent"), new MaildirFolder(md, false).subfolders());
    assertEquals(List.of("sent one"), subjects(new MaildirFolder(md.resolve(".Sent"), false)));
  }

  @Test
  void a_directory_without_cur_or_new_is_not_a_maildir() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("plain"));
    assertThrows(DataFormatException.class, () -> new MaildirFolder(d, false).entries());
  }

  @Test
  void a_missing_folder_is_no_input_a_missing_system_maildir_is_empty_and_a_file_is_no_maildir()
      throws IOException {
    Path missing = tmp.resolve("nowhere");
    assertEquals(List.of(), new MaildirFolder(missing, true).entries());
    assertEquals(0, new MaildirFolder(missing, true).count());
    NoInputException e =
        assertThrows(NoInputException.class, () -> new MaildirFolder(missing, false).count());
    assertEquals(66, e.status().code());
    Path file = Files.writeString(tmp.resolve("file"), "not a directory\n");
    DataFormatException f =
        assertThrows(DataFormatException.class, () -> new MaildirFolder(file, true).entries());
    assertTrue(f.getMessage().endsWith("not a Maildir"), f.getMessage());
    assertEquals(List.of(), new MaildirFolder(missing, false).subfolders());
  }

  @Test
  void a_maildir_with_only_new_or_only_cur_is_read() throws IOException {
    Path onlyNew = Files.createDirectories(tmp.resolve("a/new"));
    put(onlyNew.getParent(), "new", "1.a.host", "in new");
    Path onlyCur = Files.createDirectories(tmp.resolve("b/cur"));
    put(onlyCur.getParent(), "cur", "1.a.host:2,S", "in cur");
    assertEquals(List.of("in new"), subjects(new MaildirFolder(onlyNew.getParent(), false)));
    assertEquals(List.of("in cur"), subjects(new MaildirFolder(onlyCur.getParent(), false)));
    assertTrue(MaildirFolder.isMaildir(onlyCur.getParent()));
  }

  @Test
  void the_size_in_a_dovecot_name_is_the_listed_size_however_the_folder_is_read()
      throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "cur", "1700000000.M1P1.host,S=1234,W=1260:2,S", "sized");
    put(md, "cur", "1700000001.M1P1.host,S=:2,S", "no digits");
    long real = Files.size(md.resolve("cur/1700000001.M1P1.host,S=:2,S"));
    MaildirFolder f = new MaildirFolder(md, false);
    assertEquals(List.of(1234L, real), f.entries().stream().map(MessageEntry::size).toList());
    MaildirFolder counted = new MaildirFolder(md, false);
    assertEquals(2, counted.count());
    assertEquals(1234L, counted.entry(1).size());
    assertEquals(real, counted.entry(2).size());
    List<Long> scanned = new ArrayList<>();
    new MaildirFolder(md, false).scan((e, h) -> scanned.add(e.size()));
    assertEquals(List.of(1234L, real), scanned);
  }

  @Test
  void a_message_number_outside_the_folder_is_refused() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "new", "1.a.host", "one");
    MaildirFolder f = new MaildirFolder(md, false);
    assertThrows(IndexOutOfBoundsException.class, () -> f.entry(0));
    assertThrows(IndexOutOfBoundsException.class, () -> f.entry(2));
    assertTrue(
        new String(Fixtures.bytes(f.open(f.entry(1))), StandardCharsets.UTF_8)
            .contains("Subject: one\n"));
  }

  /** Files "sub/name" (each with its name as subject) put in a fresh Maildir, in folder order. */
  private List<String> listedOrder(String... files) throws IOException {
    Path md = maildir(Files.createTempDirectory(tmp, "order"));
    for (String f : files) put(md, f.substring(0, 3), f.substring(4), f.substring(4));
    return subjects(new MaildirFolder(md, false));
  }

  @Test
  void names_without_a_leading_number_come_after_numbered_ones_in_name_order() throws IOException {
    assertEquals(
        List.of("99999999999.x.host", "alpha:2,S", "zeta"),
        listedOrder("new/zeta", "cur/alpha:2,S", "new/99999999999.x.host"));
  }

  @Test
  void only_the_middle_field_of_a_name_holds_delivery_counters() throws IOException {
    // same second and microseconds: a Q counter orders; a "Q" in the host name or in the info
    // after the colon is no counter (then the name orders, after counted names of -1)
    assertEquals(
        List.of(
            "1700000000.M5P7.aQ8",
            "1700000000.M5P7.bQ1",
            "1700000000.M5P7:2,SQ9",
            "1700000000.M5P7Q3.b",
            "1700000000.M5P7Q4.a"),
        listedOrder(
            "new/1700000000.M5P7Q4.a",
            "new/1700000000.M5P7Q3.b",
            "new/1700000000.M5P7.bQ1",
            "new/1700000000.M5P7.aQ8",
            "cur/1700000000.M5P7:2,SQ9"));
  }

  @Test
  void a_message_with_an_empty_header_section_has_no_fields_from_its_body() throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    Files.writeString(md.resolve("new/1.a.host"), "\nSubject: body line\n");
    Files.writeString(md.resolve("new/2.a.host"), "\r\nSubject: body line\r\n");
    Files.writeString(md.resolve("new/3.a.host"), "Subject: no body and no empty line");
    List<String> seen = new ArrayList<>();
    new MaildirFolder(md, false).scan((e, h) -> seen.add(String.valueOf(h.field("Subject"))));
    assertEquals(List.of("null", "null", "no body and no empty line"), seen);
  }

  @Test
  void a_header_section_over_a_mebibyte_is_cut_and_the_next_message_still_reads()
      throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    String line = "X-Pad: " + "p".repeat(90) + "\n";
    Files.writeString(
        md.resolve("new/1.a.host"),
        "Subject: huge\n" + line.repeat(12_000) + "X-After: cut\n\nbody\n");
    put(md, "new", "2.a.host", "small");
    List<String> seen = new ArrayList<>();
    new MaildirFolder(md, false)
        .scan(
            (e, h) ->
                seen.add(
                    h.field("Subject")
                        + " "
                        + h.field("X-After")
                        + " "
                        + h.truncated()
                        + " "
                        + (h.length() <= 1 << 20)));
    assertEquals(List.of("huge null true true", "small null false true"), seen);
  }

  @Test
  void a_directory_among_the_messages_is_an_empty_message_that_cannot_be_opened()
      throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    // enough files for the reader threads; one "message" is a directory, as a FIFO or device
    // would be, which must neither hang nor stop the listing
    for (int i = 0; i < 70; i++) {
      if (i == 35) Files.createDirectories(md.resolve("cur/1035.a.host:2,S"));
      else put(md, "cur", (1000 + i) + ".a.host:2,S", "m" + i);
    }
    List<String> s = new ArrayList<>();
    MaildirFolder f = new MaildirFolder(md, false);
    f.scanMapped(h -> h.field("Subject"), (e, v) -> s.add(e.number() + "=" + v + "/" + e.size()));
    assertEquals(70, s.size());
    assertEquals("36=null/0", s.get(35));
    assertTrue(s.get(36).startsWith("37=m36/"), s.get(36));
    MessageEntry dirEntry = f.entries().get(35);
    NoInputException e = assertThrows(NoInputException.class, () -> f.open(dirEntry));
    assertTrue(e.getMessage().endsWith("not a regular file"), e.getMessage());
    assertThrows(NoInputException.class, () -> f.openRegion(dirEntry));
  }

  @Test
  void a_message_moved_to_cur_by_another_client_opens_as_a_region_with_its_size()
      throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "new", "1.a.host", "moved");
    MaildirFolder f = new MaildirFolder(md, false);
    MessageEntry e = f.entries().get(0);
    try (FileRegion r = f.openRegion(e).orElseThrow()) {
      assertEquals(Files.size(md.resolve("new/1.a.host")), r.length());
    }
    Files.move(md.resolve("new/1.a.host"), md.resolve("cur/1.a.host:2,S"));
    try (FileRegion r = f.openRegion(e).orElseThrow()) {
      assertEquals(0, r.start());
      assertEquals(Files.size(md.resolve("cur/1.a.host:2,S")), r.length());
    }
  }

  @Test
  void a_message_expunged_by_another_client_is_gone_not_confused_with_a_longer_name()
      throws IOException {
    Path md = maildir(tmp.resolve("Maildir"));
    put(md, "new", "1.a.host", "expunged");
    put(md, "cur", "1.a.host2:2,S", "another message");
    MaildirFolder f = new MaildirFolder(md, false);
    MessageEntry e = f.entries().get(0);
    Files.delete(md.resolve("new/1.a.host"));
    NoInputException gone = assertThrows(NoInputException.class, () -> f.open(e));
    assertTrue(gone.getMessage().endsWith("message no longer exists"), gone.getMessage());
    assertThrows(NoInputException.class, () -> f.openRegion(e));
  }

  private static List<String> names(Path md) throws IOException {
    try (Stream<Path> s = Files.walk(md)) {
      return s.map(p -> md.relativize(p).toString()).sorted().toList();
    }
  }
}
