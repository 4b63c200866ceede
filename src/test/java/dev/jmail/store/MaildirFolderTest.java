package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jmail.error.DataFormatException;
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

  private static List<String> names(Path md) throws IOException {
    try (Stream<Path> s = Files.walk(md)) {
      return s.map(p -> md.relativize(p).toString()).sorted().toList();
    }
  }
}
