package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session driven by a command script on stdin (no terminal), as {@code printf 'p 3\nq\n' |
 * jmail -N -f box} does: every command and every message-list form, against a fixture folder.
 */
class SessionScriptTest {
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

  Result session(String script, String... extra) {
    String[] args = new String[extra.length + 3];
    System.arraycopy(extra, 0, args, 0, extra.length);
    args[extra.length] = "-N";
    args[extra.length + 1] = "-f";
    args[extra.length + 2] = box.toString();
    return jmail().stdin(script).run(args);
  }

  /** The message numbers of the {@code from} lines printed. */
  static List<Integer> numbers(Result r) {
    return r.out()
        .lines()
        .filter(l -> l.length() > 5 && l.substring(3, 6).trim().matches("[0-9]+"))
        .map(l -> Integer.parseInt(l.substring(3, 6).trim()))
        .collect(Collectors.toList());
  }

  List<String> subjects() throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (String l : Files.readAllLines(box, StandardCharsets.ISO_8859_1)) {
      if (l.startsWith("Subject: ")) out.add(l.substring(9));
    }
    return out;
  }

  @Test
  void a_message_read_in_this_session_shows_r_in_the_header_summary() {
    Result r = session("p 2\np 3\nh\nx\n").succeeded();
    String summary = r.out().substring(r.out().lastIndexOf("Message 3:"));
    assertTrue(summary.contains(" R   2 Bob"), summary);
    assertTrue(summary.contains(">R   3 Carol"), summary);
  }

  // --- start-up

  @Test
  void the_session_opens_with_the_header_summary_marking_the_first_new_message() {
    Result r = jmail().stdin("x\n").run("-f", box.toString()).succeeded();
    assertTrue(r.out().startsWith("\"" + box + "\": 5 messages 2 new 1 unread\n"), r.out());
    assertTrue(r.out().contains(">N   2 Bob"), r.out());
    assertTrue(r.out().contains(" U   3 Carol"), r.out());
    assertTrue(r.out().contains("Grüße ✉"), "subject decoded: " + r.out());
    assertFalse(r.out().contains("& "), "no prompt without a terminal");
  }

  @Test
  void minus_N_prints_no_summary_and_an_empty_folder_says_so() throws Exception {
    assertEquals("", session("x\n").succeeded().out());
    Files.write(box, new byte[0]);
    session("x\n").exits(1).errContains("no messages");
  }

  @Test
  void the_system_mailbox_without_mail_says_no_mail_for_the_user() {
    jmail().stdin("q\n").run().exits(1).errContains("No mail for me");
  }

  // --- reading

  @Test
  void print_shows_headers_and_text_and_marks_the_message_read() throws Exception {
    Result r = session("p 2\nq\n").succeeded();
    assertTrue(r.out().startsWith("Message 2:\nFrom: Bob <bob@example.com>\n"), r.out());
    assertTrue(r.out().contains("Lunch at noon?"), r.out());
    String text = Files.readString(box, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("Message-ID: <m2@example.com>\nStatus: RO\n"), text);
  }

  @Test
  void a_bare_number_prints_and_type_is_print_and_escape_codes_never_reach_the_output() {
    Result r = session("5\nt 1\n").succeeded();
    assertTrue(r.out().contains("Message 5:"), r.out());
    assertTrue(r.out().contains("Escape ^[[31mred^[[0m here."), r.out());
    assertFalse(r.out().contains("\u001b"));
    assertTrue(r.out().contains("Message 1:\nFrom: Alice Example"), r.out());
  }

  @Test
  void next_plus_minus_and_enter_walk_through_the_messages() {
    Result r = session("\nn\n+\n-\n").succeeded();
    List<String> shown = r.out().lines().filter(l -> l.startsWith("Message ")).toList();
    assertEquals(List.of("Message 2:", "Message 3:", "Message 4:", "Message 3:"), shown);
  }

  @Test
  void next_at_the_end_says_at_EOF_and_the_script_exit_status_reports_it() {
    session("5\nn\nx\n").exits(64).errContains("at EOF");
  }

  @Test
  void Print_shows_every_header() {
    Result r = session("P 3\n").succeeded();
    assertTrue(r.out().contains("References: <m1@example.org>"), r.out());
  }

  @Test
  void top_prints_toplines_lines_of_the_text() {
    Result r = session("top 4\nset toplines=2\ntop 4\n").succeeded();
    assertTrue(r.out().contains("line 5 of a long message\n"), r.out());
    assertFalse(r.out().contains("line 6 of"), r.out());
    assertEquals(2, r.out().lines().filter(l -> l.equals("line 2 of a long message")).count());
    assertEquals(1, r.out().lines().filter(l -> l.equals("line 3 of a long message")).count());
  }

  @Test
  void headers_and_z_page_through_the_summary_by_screen() {
    Result r = session("set screen=2\nh 1\nz\nz\nz-\n").succeeded();
    assertEquals(List.of(1, 2, 3, 4, 5, 3, 4), numbers(r));
  }

  @Test
  void z_beyond_the_last_page_is_an_error() {
    session("set screen=3\nh 1\nz\nz\n").exits(64).errContains("last screenful");
  }

  // --- message lists

  @Test
  void message_lists_numbers_ranges_and_specials() {
    assertEquals(List.of(1, 2, 4), numbers(session("f 1-2 4\nx\n")));
    assertEquals(List.of(1, 2, 3, 4, 5), numbers(session("f *\nx\n")));
    assertEquals(List.of(1), numbers(session("f ^\nx\n")));
    assertEquals(List.of(5), numbers(session("f $\nx\n")));
    assertEquals(
        List.of(2), numbers(session("f .\nx\n")), "the current message is the first new one");
    assertEquals(List.of(3, 4, 5), numbers(session("f 3-$\nx\n")));
    assertEquals(List.of(1, 3), numbers(session("f 1,3\nx\n")));
  }

  @Test
  void message_lists_by_state_subject_and_sender() {
    assertEquals(List.of(2, 5), numbers(session("f :n\nx\n")));
    assertEquals(List.of(2, 3, 5), numbers(session("f :u\nx\n")));
    assertEquals(List.of(1, 4), numbers(session("f :r\nx\n")));
    assertEquals(List.of(1, 3, 4), numbers(session("f :o\nx\n")));
    assertEquals(List.of(1, 3), numbers(session("f /invoice\nx\n")));
    assertEquals(List.of(1, 4), numbers(session("f alice\nx\n")));
    assertEquals(List.of(1, 2, 4), numbers(session("f alice bob\nx\n")));
    assertEquals(
        List.of(1, 2, 3, 4, 5),
        numbers(session("f :u alice 2\nx\n").succeeded()),
        "a union, in folder order");
  }

  @Test
  void deleted_messages_leave_every_list_but_colon_d() {
    Result r = session("d 2 4\nf *\nf :d\n").succeeded();
    assertEquals(List.of(1, 3, 5, 2, 4), numbers(r));
  }

  @Test
  void a_bad_message_list_is_one_line_on_stderr_and_the_session_goes_on() {
    Result r = session("p 9\nf 1\n").exits(64);
    assertTrue(r.err().contains("no message 9"), r.err());
    assertEquals(List.of(1), numbers(r));
    r = session("f :z\n").exits(64);
    assertTrue(r.err().contains(":z"), r.err());
  }

  // --- changing

  @Test
  void delete_then_quit_removes_the_messages() throws Exception {
    session("d 1-2\nq\n").succeeded();
    assertEquals(List.of("Re: Invoice 42", "Long one", "=?UTF-8?B?R3LDvMOfZSDinIk=?="), subjects());
  }

  @Test
  void undelete_brings_a_message_back_before_quit() throws Exception {
    session("d 1 3\nu 1\nq\n").succeeded();
    assertEquals(4, subjects().size());
    assertTrue(subjects().contains("Invoice 42"));
  }

  @Test
  void dp_deletes_and_prints_the_next() {
    Result r = session("dp 1\n").succeeded();
    assertTrue(r.out().startsWith("Message 2:"), r.out());
  }

  @Test
  void exit_and_xit_leave_the_folder_byte_for_byte_as_it_was() throws Exception {
    session("p 2\nd *\nx\n").succeeded();
    assertArrayEquals(original, Files.readAllBytes(box));
    session("d *\nex\n").succeeded();
    assertArrayEquals(original, Files.readAllBytes(box));
  }

  @Test
  void end_of_input_quits_like_q() throws Exception {
    session("d 5\n").succeeded();
    assertEquals(4, subjects().size());
  }

  @Test
  void save_appends_to_a_folder_and_the_message_goes_on_quit() throws Exception {
    Result r = session("s 2 +archive\nf 2\nq\n").succeeded();
    assertTrue(r.out().contains("[New file] 1 message"), r.out());
    assertTrue(r.out().contains(">*   2 Bob"), "saved messages are marked *: " + r.out());
    assertTrue(Files.readString(home.resolve("archive")).contains("Lunch at noon?"));
    assertFalse(subjects().contains("Lunch?"));
  }

  @Test
  void save_keeps_the_message_with_keepsave_and_copy_always_keeps_it() throws Exception {
    session("s 2 +archive\nq\n", "-S", "keepsave").succeeded();
    assertTrue(subjects().contains("Lunch?"));
    session("c 1 +archive\nq\n").succeeded();
    assertTrue(subjects().contains("Invoice 42"));
    assertEquals(2, Files.readString(home.resolve("archive")).split("\nFrom ", -1).length);
  }

  @Test
  void move_copies_then_deletes_here_and_undelete_takes_it_back_before_quit() throws Exception {
    Result r = session("mv 2 +archive\nh\nq\n").succeeded();
    assertTrue(r.out().contains("[New file] 1 message"), r.out());
    assertFalse(r.out().contains("   2 Bob"), "deleted here: not listed: " + r.out());
    assertTrue(Files.readString(home.resolve("archive")).contains("Lunch at noon?"));
    assertFalse(subjects().contains("Lunch?"));
    assertEquals(4, subjects().size(), "only the moved message is gone");

    Files.write(box, original);
    session("move 1 +archive\nu 1\nq\n").succeeded();
    assertTrue(subjects().contains("Invoice 42"), "undeleted: kept");
    assertTrue(Files.readString(home.resolve("archive")).contains("Subject: Invoice 42"));
    session("move 1\nq\n").exits(64);
  }

  @Test
  void write_appends_the_text_without_headers() throws Exception {
    Path out = home.resolve("out.txt");
    session("w 1 " + out + "\n").succeeded();
    assertEquals("Please pay invoice 42.\nThanks, Alice\n", Files.readString(out));
  }

  @Test
  void unread_marks_a_read_message_unread() throws Exception {
    session("unread 1\nq\n").succeeded();
    String text = Files.readString(box, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("<m1@example.org>\nStatus: O\n"), text);
  }

  @Test
  void quit_on_the_system_mailbox_moves_read_messages_to_mbox_but_held_ones_stay()
      throws Exception {
    Path spool = home.resolve("spool");
    Files.write(spool, original);
    Result r = jmail().stdin("p 2\nho 1\nq\n").run("-N").succeeded();
    assertTrue(r.out().contains("Saved 2 messages in " + home.resolve("mbox")), r.out());
    String mbox = Files.readString(home.resolve("mbox"), StandardCharsets.ISO_8859_1);
    assertTrue(mbox.contains("Subject: Lunch?") && mbox.contains("Subject: Long one"), mbox);
    String left = Files.readString(spool, StandardCharsets.ISO_8859_1);
    assertTrue(left.contains("Subject: Invoice 42") && !left.contains("Subject: Lunch?"), left);
  }

  @Test
  void hold_keeps_everything_in_the_system_mailbox() throws Exception {
    Files.write(home.resolve("spool"), original);
    jmail().stdin("p 2\nq\n").run("-N", "-S", "hold").succeeded();
    assertFalse(Files.exists(home.resolve("mbox")));
  }

  @Test
  void new_mail_arriving_during_the_session_is_announced_and_kept() throws Exception {
    Path extra = home.resolve("extra");
    Files.writeString(
        extra,
        "\nFrom zed@example.org Sat Jan 11 10:00:00 2025\nFrom: Zed <zed@example.org>\nSubject: Late\n\nhi\n");
    Result r = session("d 1\n!cat " + extra + " >> " + box + "\nf 6\nq\n").succeeded();
    assertTrue(r.out().contains("New mail has arrived: 1 message (from 6)."), r.out());
    assertEquals(List.of(6), numbers(r));
    assertTrue(subjects().contains("Late"));
    assertFalse(subjects().contains("Invoice 42"));
  }

  // --- other commands

  @Test
  void pipe_sends_the_raw_message_to_a_command() {
    Result r = session("| 3 grep -c Invoice\npipe 1 2 wc -l\n").succeeded();
    assertTrue(r.out().startsWith("2\n"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.strip().equals("16")), r.out());
  }

  @Test
  void shell_escape_runs_a_command() {
    Result r = session("!echo hello from sh\n").succeeded();
    assertEquals("hello from sh\n!\n", r.out());
  }

  @Test
  void retain_and_ignore_decide_which_headers_print() {
    Result r = session("retain subject\np 1\n").succeeded();
    assertTrue(r.out().startsWith("Message 1:\nSubject: Invoice 42\n\n"), r.out());
    r = session("ignore to date from message-id status\np 1\n").succeeded();
    assertTrue(r.out().startsWith("Message 1:\nSubject: Invoice 42\n\n"), r.out());
    r = session("retain subject\nunretain subject\nretain\n").succeeded();
    assertEquals("", r.out());
  }

  @Test
  void set_unset_and_alias_change_the_session() {
    Result r =
        session(
                "set crt=20 name=\"a b\"\nset\nunset crt\nset\nalias team a@example.org b@example.org\nalias team\n")
            .succeeded();
    String unsupported = "name=\"a b\"\t# not supported by jmail\n";
    assertTrue(r.out().contains("crt=\"20\"\n" + unsupported + unsupported), r.out());
    assertTrue(r.out().contains("team a@example.org b@example.org"), r.out());
  }

  @Test
  void folder_shows_the_folder_and_switches_to_another_applying_quit_first() throws Exception {
    Path other = home.resolve("other");
    Files.writeString(
        other, "From x@y Mon Jan  6 10:00:00 2025\nFrom: X <x@y>\nSubject: Other\n\nbody\n");
    Result r = session("folder\nd 1\nfolder +other\np 1\nfolder #\nfolders\nx\n").succeeded();
    assertTrue(r.out().startsWith("\"" + box + "\": 5 messages"), r.out());
    assertTrue(r.out().contains("\"" + other + "\": 1 message"), r.out());
    assertTrue(r.out().contains("Subject: Other"), r.out());
    assertTrue(
        r.out().contains("\"" + box + "\": 4 messages"), "the delete was applied: " + r.out());
    assertTrue(r.out().contains("\nbox\nother\n"), r.out());
  }

  @Test
  void help_lists_every_command_and_unknown_commands_are_refused() {
    Result r = session("?\nhelp\n").succeeded();
    for (CommandTable.Command c : CommandTable.COMMANDS)
      assertTrue(r.out().contains(c.synopsis()), c.name());
    session("frobnicate\n").exits(64).errContains("Unknown command: \"frobnicate\"");
  }

  @Test
  void abbreviations_follow_the_table_order() {
    assertEquals("next", CommandTable.find("n").orElseThrow().name());
    assertEquals("print", CommandTable.find("p").orElseThrow().name());
    assertEquals("save", CommandTable.find("s").orElseThrow().name());
    assertEquals("mail", CommandTable.find("m").orElseThrow().name());
    assertEquals("mv", CommandTable.find("mv").orElseThrow().name());
    assertEquals("move", CommandTable.find("mo").orElseThrow().name());
    assertEquals("set", CommandTable.find("se").orElseThrow().name());
    assertEquals("from", CommandTable.find("f").orElseThrow().name());
    assertEquals("folder", CommandTable.find("fo").orElseThrow().name());
    assertEquals("headers", CommandTable.find("h").orElseThrow().name());
    assertEquals("hold", CommandTable.find("ho").orElseThrow().name());
    assertEquals("preserve", CommandTable.find("pre").orElseThrow().name());
    assertEquals("undelete", CommandTable.find("u").orElseThrow().name());
    assertEquals("xit", CommandTable.find("x").orElseThrow().name());
    assertEquals("Reply", CommandTable.find("R").orElseThrow().name());
    assertEquals("top", CommandTable.find("to").orElseThrow().name());
  }

  @Test
  void echo_size_and_equals_report() {
    Result r = session("echo hi there\nsize 2\n3\n=\n").succeeded();
    assertTrue(r.out().startsWith("hi there\n2: 7/145\n"), r.out());
    assertTrue(r.out().endsWith("\n3\n"), r.out());
  }

  @Test
  void a_maildir_session_reads_flags_and_deletes_by_file() throws Exception {
    Path md = home.resolve("Maildir");
    for (String d : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(d));
    Files.writeString(
        md.resolve("new/1000.a.host"), "From: A <a@example.org>\nSubject: first\n\none\n");
    Files.writeString(
        md.resolve("cur/1001.b.host:2,S"), "From: B <b@example.org>\nSubject: second\n\ntwo\n");
    Result r = jmail().stdin("p 1\nd 2\nq\n").run("-N", "-f", md.toString()).succeeded();
    assertTrue(r.out().contains("Subject: first\n\none\n"), r.out());
    assertFalse(Files.exists(md.resolve("cur/1001.b.host:2,S")));
    try (var files = Files.list(md.resolve("cur"))) {
      assertEquals(List.of("1000.a.host:2,S"), files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
