package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * edit/visual, mbox, touch, source and cd, driven by command scripts on stdin (no terminal), with
 * the resulting folders checked byte for byte.
 */
class EditScriptTest {
  @TempDir Path home;
  Path box;
  byte[] original;

  @BeforeEach
  void setUp() throws Exception {
    original = getClass().getResourceAsStream("/fixtures/mbox/session.mbox").readAllBytes();
    box = home.resolve("box");
    Files.write(box, original);
  }

  InProcess jmail() {
    return InProcess.isolated(home, "me");
  }

  /** An editor script: {@code sh} code run with the file as $1. */
  Path editor(String name, String body) throws Exception {
    Path p = home.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  Result session(InProcess j, String script, Path folder) {
    return j.stdin(script).run("-N", "-f", folder.toString());
  }

  String text(Path p) throws Exception {
    return Files.readString(p, StandardCharsets.ISO_8859_1);
  }

  @Test
  void an_edited_message_replaces_the_stored_one_when_the_session_quits() throws Exception {
    Path ed = editor("ed.sh", "sed -i 's/noon/one/' \"$1\"");
    Result r = session(jmail().env("EDITOR", ed.toString()), "e 2\np 2\nq\n", box).succeeded();
    assertTrue(r.out().contains("Lunch at one?"), r.out());
    // the same session without the edit, for the bytes everything else gets (flags)
    Path plain = home.resolve("plain");
    Files.write(plain, original);
    session(jmail(), "p 2\nq\n", plain).succeeded();
    String expected = text(plain).replace("Lunch at noon?", "Lunch at one?");
    assertEquals(expected, text(box));
  }

  @Test
  void save_and_copy_of_an_edited_message_write_the_edited_text() throws Exception {
    Path ed = editor("ed.sh", "sed -i 's/noon/one/' \"$1\"");
    Path md = home.resolve("md");
    for (String d : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(d));
    session(
            jmail().env("EDITOR", ed.toString()),
            "e 2\ncopy 2 " + home.resolve("out") + "\ncopy 2 " + md + "\nx\n",
            box)
        .succeeded();
    String out = text(home.resolve("out"));
    assertTrue(
        out.startsWith("From bob@example.com Tue Jan  7 11:00:00 2025\nFrom: Bob")
            && out.contains("Lunch at one?\n\n"),
        out);
    try (var cur = Files.list(md.resolve("cur"));
        var fresh = Files.list(md.resolve("new"))) {
      List<Path> all = java.util.stream.Stream.concat(cur, fresh).toList();
      assertEquals(1, all.size(), all.toString());
      assertTrue(Files.readString(all.get(0)).contains("Lunch at one?"));
    }
    assertArrayEquals(original, Files.readAllBytes(box));
  }

  @Test
  void visual_uses_visual_and_exit_drops_the_edit() throws Exception {
    Path vi = editor("vi.sh", "sed -i 's/noon/one/' \"$1\"");
    Result r =
        session(jmail().env("VISUAL", vi.toString()).env("EDITOR", "false"), "v 2\np 2\nx\n", box)
            .succeeded();
    assertTrue(r.out().contains("Lunch at one?"), r.out());
    assertArrayEquals(original, Files.readAllBytes(box));
  }

  @Test
  void a_from_line_typed_into_an_edited_body_is_quoted_in_the_mbox() throws Exception {
    Path ed = editor("ed.sh", "printf 'From here on, dessert.\\n' >> \"$1\"");
    session(jmail().env("EDITOR", ed.toString()), "e 2\nq\n", box).succeeded();
    String t = text(box);
    assertTrue(t.contains("Lunch at noon?\n>From here on, dessert.\n\nFrom carol@example.org"), t);
    assertEquals(5, t.lines().filter(l -> l.startsWith("From ")).count());
    Result r = session(jmail(), "p 2\nx\n", box).succeeded();
    assertTrue(r.out().contains("Lunch at noon?\nFrom here on, dessert.\n"), r.out());
  }

  @Test
  void an_editor_that_fails_leaves_the_message_as_it_was() throws Exception {
    Path ed = editor("ed.sh", "echo garbage > \"$1\"; exit 3");
    Result r = session(jmail().env("EDITOR", ed.toString()), "e 2\np 2\nq\n", box);
    assertNotEquals(0, r.status());
    assertTrue(r.err().contains("exit status 3; message 2 left as it was"), r.err());
    assertTrue(r.out().contains("Lunch at noon?"), r.out());
    assertTrue(text(box).contains("Lunch at noon?") && !text(box).contains("garbage"));
  }

  @Test
  void an_edited_maildir_message_keeps_its_unique_name() throws Exception {
    Path md = home.resolve("Maildir");
    for (String d : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(d));
    Files.writeString(
        md.resolve("cur/1001.b.host:2,S"), "From: B <b@example.org>\nSubject: second\n\ntwo\n");
    Path ed = editor("ed.sh", "sed -i 's/two/zwei/' \"$1\"");
    session(jmail().env("EDITOR", ed.toString()), "e 1\nq\n", md).succeeded();
    assertEquals(
        "From: B <b@example.org>\nSubject: second\n\nzwei\n",
        Files.readString(md.resolve("cur/1001.b.host:2,S")));
    try (var files = Files.list(md.resolve("tmp"))) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void an_edited_message_read_in_the_system_mailbox_moves_to_mbox_as_edited() throws Exception {
    Path spool = home.resolve("spool");
    Files.write(spool, original);
    Path ed = editor("ed.sh", "sed -i 's/noon/one/' \"$1\"");
    jmail().env("EDITOR", ed.toString()).stdin("e 2\nq\n").run("-N").succeeded();
    String mbox = text(home.resolve("mbox"));
    assertTrue(
        mbox.contains("\nFrom bob@example.com Tue Jan  7 11:00:00 2025\nFrom: Bob")
            && mbox.contains("Lunch at one?"),
        mbox);
    assertFalse(mbox.contains("noon"), mbox);
    assertFalse(text(spool).contains("Lunch"));
  }

  // --- mbox and touch

  @Test
  void mbox_moves_an_unread_message_to_mbox_on_quit_even_with_hold() throws Exception {
    Path spool = home.resolve("spool");
    Files.write(spool, original);
    Result r = jmail().stdin("mbox 2\nh\nq\n").run("-N", "-S", "hold").succeeded();
    assertTrue(r.out().contains("M   2 Bob"), r.out());
    assertTrue(r.out().contains("Saved 1 message in " + home.resolve("mbox")), r.out());
    assertTrue(text(home.resolve("mbox")).contains("Subject: Lunch?"));
    assertFalse(text(spool).contains("Subject: Lunch?"));
    assertTrue(text(spool).contains("Subject: Invoice 42"));
  }

  @Test
  void touch_moves_a_message_like_a_read_one_but_hold_keeps_it() throws Exception {
    Path spool = home.resolve("spool");
    Files.write(spool, original);
    jmail().stdin("touch 2\nq\n").run("-N").succeeded();
    assertTrue(text(home.resolve("mbox")).contains("Subject: Lunch?"));
    assertFalse(text(spool).contains("Subject: Lunch?"));

    Files.write(spool, original);
    Files.delete(home.resolve("mbox"));
    jmail().stdin("touch 2\nq\n").run("-N", "-S", "hold").succeeded();
    assertFalse(Files.exists(home.resolve("mbox")));
    assertTrue(text(spool).contains("Subject: Lunch?"));
  }

  @Test
  void preserve_after_mbox_keeps_the_message_in_the_system_mailbox() throws Exception {
    Path spool = home.resolve("spool");
    Files.write(spool, original);
    jmail().stdin("mbox 2\npre 2\nq\n").run("-N", "-S", "hold").succeeded();
    assertFalse(Files.exists(home.resolve("mbox")));
    assertTrue(text(spool).contains("Subject: Lunch?"));
  }

  // --- source and cd

  @Test
  void source_runs_rc_commands_from_a_file() throws Exception {
    Files.writeString(
        home.resolve("more.rc"),
        "# extra\nset toplines=1\nalias bob bob@example.com\nignore Date\n");
    Result r =
        session(jmail(), "source " + home.resolve("more.rc") + "\ntop 4\nalias bob\np 2\n", box)
            .succeeded();
    assertTrue(r.out().contains("\nbob bob@example.com\n"), r.out());
    String top = r.out().substring(r.out().indexOf("Message 4:"), r.out().indexOf("\nbob bob"));
    assertEquals(1, top.substring(top.indexOf("\n\n") + 2).strip().lines().count(), top);
    assertTrue(r.out().contains("\nbob bob@example.com\n"), r.out());
    assertFalse(r.out().substring(r.out().indexOf("Message 2:")).contains("Date:"), r.out());
  }

  @Test
  void source_of_a_missing_file_is_one_line_and_the_session_goes_on() {
    Result r = session(jmail(), "source " + home.resolve("nope") + "\necho still here\n", box);
    assertEquals(66, r.status());
    assertEquals("jmail: source: " + home.resolve("nope") + ": no such file\n", r.err());
    assertTrue(r.out().contains("still here"), r.out());
  }

  @Test
  void cd_sets_where_relative_names_for_write_save_and_pipe_go() throws Exception {
    Path sub = Files.createDirectories(home.resolve("sub"));
    Result r =
        session(
                jmail(),
                "cd " + sub + "\nw 2 out.txt\ncopy 1 saved.mbox\n| 1 pwd\ncd\n| 1 pwd\n",
                box)
            .succeeded();
    assertEquals("Lunch at noon?\n", Files.readString(sub.resolve("out.txt")));
    assertTrue(text(sub.resolve("saved.mbox")).contains("Subject: Invoice 42"));
    assertTrue(r.out().contains(sub + "\n" + home + "\n"), r.out());
    assertFalse(Files.exists(Path.of("out.txt")), "nothing written where the test runs");
  }

  @Test
  void cd_to_a_missing_directory_is_refused_and_keeps_the_old_one() throws Exception {
    Path sub = Files.createDirectories(home.resolve("sub"));
    Result r = session(jmail(), "cd " + sub + "\ncd nowhere\nw 2 out.txt\n", box);
    assertEquals(66, r.status());
    assertTrue(r.err().contains("cd: " + sub.resolve("nowhere") + ": not a directory"), r.err());
    assertTrue(Files.exists(sub.resolve("out.txt")));
  }
}
