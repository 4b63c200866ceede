package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.ExternalTools;
import dev.jmail.testing.InProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeCommandsIT {
  @TempDir Path home;
  Path spool;

  static String msg(int i) {
    return "From sender"
        + i
        + "@example.org Thu Jan  4 09:05:0"
        + (i % 10)
        + " 2024\n"
        + "From: <sender"
        + i
        + "@example.org>\nSubject: message "
        + i
        + "\nMessage-ID: <"
        + i
        + "@x>\n\n"
        + "body "
        + i
        + "\n>From quoted "
        + i
        + "\n\n";
  }

  static String mbox(int... ns) {
    StringBuilder s = new StringBuilder();
    for (int n : ns) s.append(msg(n));
    return s.toString();
  }

  @BeforeEach
  void setUp() throws Exception {
    spool = home.resolve("spool");
    Files.writeString(spool, mbox(1, 2, 3, 4, 5, 6, 7, 8));
    Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rw-rw----"));
  }

  InProcess jmail() {
    return new InProcess()
        .env("HOME", home.toString())
        .env("MAIL", spool.toString())
        .env("USER", "u")
        .env("JMAIL_SYSTEM_RC", "/dev/null");
  }

  String spool() throws Exception {
    return Files.readString(spool, StandardCharsets.UTF_8);
  }

  @Test
  void delete_with_a_list_and_a_range_removes_exactly_those_messages_and_keeps_the_rest_byte_exact()
      throws Exception {
    jmail().run("delete", "2", "5-7").succeeded();
    assertEquals(mbox(1, 3, 4, 8), spool());
    assertEquals(
        "rw-rw----",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)),
        "mode kept");
    try (var s = Files.list(home)) {
      assertEquals(1, s.count(), "no temporary or lock file left");
    }
  }

  @Test
  void deleting_every_message_truncates_the_mbox_and_keeps_it_with_or_without_keep()
      throws Exception {
    jmail().run("delete", "*").succeeded();
    assertTrue(
        Files.exists(spool), "a writer that opened it earlier would append to a removed file");
    assertEquals(0, Files.size(spool));
    Files.writeString(spool, mbox(1));
    jmail().run("-S", "keep", "delete", "1").succeeded();
    assertTrue(Files.exists(spool));
    assertEquals(0, Files.size(spool));
  }

  @Test
  void a_number_beyond_the_folder_is_a_usage_error_and_changes_nothing() throws Exception {
    jmail().run("delete", "3", "9").exits(64).errContains("no message 9");
    assertEquals(mbox(1, 2, 3, 4, 5, 6, 7, 8), spool());
  }

  @Test
  void flag_sets_and_clears_status_headers_that_mutt_and_python_read() throws Exception {
    jmail().run("flag", "4", "flagged").succeeded();
    assertTrue(spool().contains("Message-ID: <4@x>\nX-Status: F\n\nbody 4"), spool());
    jmail().run("flag", "4", "seen").succeeded();
    assertTrue(spool().contains("Message-ID: <4@x>\nStatus: RO\nX-Status: F\n\nbody 4"), spool());
    jmail().run("flag", "4", "-seen", "-flagged").succeeded();
    assertTrue(spool().contains("Message-ID: <4@x>\nStatus: O\n\nbody 4"), spool());
    assertTrue(spool().contains("Message-ID: <3@x>\n\nbody 3"), "others untouched");
  }

  @Test
  void flag_delete_save_and_move_take_dash_f_as_list_and_read_do_and_dash_flagged_still_clears()
      throws Exception {
    Path box = home.resolve("box");
    Files.copy(spool, box);
    byte[] before = Files.readAllBytes(spool);
    jmail().run("flag", "-f", box.toString(), "1", "flagged").succeeded();
    assertTrue(
        jmail()
            .run("list", "--json", "-f", box.toString(), "1")
            .succeeded()
            .out()
            .contains("\"flagged\""));
    jmail().run("flag", "1", "-flagged", "-f", box.toString()).succeeded();
    assertFalse(
        jmail()
            .run("list", "--json", "-f", box.toString(), "1")
            .succeeded()
            .out()
            .contains("\"flagged\""));
    Path copy = home.resolve("copy.mbox");
    jmail().run("save", "-f", box.toString(), "1", copy.toString()).succeeded();
    jmail().run("move", "-f", box.toString(), "2", copy.toString()).succeeded();
    jmail().run("delete", "-f", box.toString(), "1").succeeded();
    assertEquals(2, jmail().run("list", "-f", copy.toString()).succeeded().out().lines().count());
    assertArrayEquals(before, Files.readAllBytes(spool), "the system mailbox untouched");
  }

  @Test
  void usage_lines_show_dash_f_folder_not_dash_f_equals_folder() {
    for (String cmd : new String[] {"list", "read", "flag", "delete", "save", "move"}) {
      String usage =
          jmail().run(cmd, "--help").succeeded().out().replaceAll("\\s+", " "); // wrapping aside
      assertTrue(usage.contains("[-f [FOLDER]]"), cmd + ": " + usage);
      assertFalse(
          usage.contains("=FOLDER") || usage.contains("-f=") || usage.contains("--folder="),
          cmd + ": " + usage);
      assertFalse(
          usage.contains("TARGET NUMBER"),
          cmd + ": " + usage); // save's synopsis was NUMBER... TARGET NUMBER... TARGET...
    }
  }

  @Test
  void list_takes_a_message_list_as_everywhere_else() throws Exception {
    var r = jmail().run("list", "--json", "-f", spool.toString(), "1", "3-$", ":u").succeeded();
    assertTrue(r.out().contains("\"index\":1,") && r.out().contains("\"index\":4,"), r.out());
    jmail().run("list", "-f", spool.toString(), "99").exits(64).errContains("no message 99");
  }

  @Test
  void an_unknown_flag_is_a_usage_error() throws Exception {
    jmail().run("flag", "1", "shiny").exits(64).errContains("unknown flag");
  }

  @Test
  void save_appends_a_byte_exact_copy_to_a_new_mbox_and_keeps_the_source() throws Exception {
    Path archive = home.resolve("archive.mbox");
    jmail().run("save", "3", "8", archive.toString()).succeeded();
    assertEquals(mbox(3, 8), Files.readString(archive));
    assertEquals(mbox(1, 2, 3, 4, 5, 6, 7, 8), spool());
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
  }

  @Test
  void move_to_a_maildir_creates_it_and_removes_the_message_from_the_source() throws Exception {
    Path md = home.resolve("Mail/projects");
    jmail()
        .run("-S", "folder=" + home.resolve("Mail"), "move", "8", "maildir:+projects")
        .succeeded();
    assertEquals(mbox(1, 2, 3, 4, 5, 6, 7), spool());
    try (var s = Files.list(md.resolve("new"))) {
      Path p = s.findFirst().orElseThrow();
      String text = Files.readString(p);
      assertTrue(
          text.startsWith("From: <sender8@example.org>\n") && text.contains("\nFrom quoted 8\n"),
          text);
    }
  }

  @Test
  void maildir_flags_change_by_rename_and_delete_unlinks() throws Exception {
    Path md = home.resolve("md");
    for (String d : new String[] {"cur", "new", "tmp"}) Files.createDirectories(md.resolve(d));
    Files.writeString(md.resolve("new/1000.A.host"), "Subject: a\n\nA\n");
    Files.writeString(md.resolve("cur/1001.B.host:2,S"), "Subject: b\n\nB\n");
    jmail().run("flag", "--folder", md.toString(), "1", "flagged", "seen").succeeded();
    assertTrue(Files.exists(md.resolve("cur/1000.A.host:2,FS")));
    jmail().run("delete", "-f", md.toString(), "2").succeeded();
    assertFalse(Files.exists(md.resolve("cur/1001.B.host:2,S")));
  }

  @Test
  void python_mailbox_agrees_on_messages_and_flags_after_jmail_changes() throws Exception {
    ExternalTools.assumeInstalled("python3");
    jmail().run("delete", "2", "7").succeeded();
    jmail().run("flag", "1", "seen", "flagged").succeeded();
    jmail()
        .run("flag", "3", "answered")
        .succeeded(); // numbers follow the current list: 3 is now <4@x>
    String py =
        "import mailbox,sys\n"
            + "for m in mailbox.mbox(sys.argv[1]):\n"
            + "    print(m['Message-ID'], ''.join(sorted(m.get_flags())), m.get_payload().splitlines()[1])\n";
    Process p =
        new ProcessBuilder("python3", "-c", py, spool.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertEquals(
        "<1@x> FOR >From quoted 1\n<3@x>  >From quoted 3\n<4@x> A >From quoted 4\n<5@x>  >From quoted 5\n"
            + "<6@x>  >From quoted 6\n<8@x>  >From quoted 8\n",
        out);
  }
}
