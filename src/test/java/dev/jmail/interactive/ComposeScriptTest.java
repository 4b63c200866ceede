package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composing in a session (mail, reply, Reply) with tilde escapes; sent mail captured by a fake
 * sendmail.
 */
class ComposeScriptTest {
  @TempDir Path home;
  Path box;
  Path sent;
  Path sendmail;

  @BeforeEach
  void setUp() throws Exception {
    box = home.resolve("box");
    Files.write(box, getClass().getResourceAsStream("/fixtures/mbox/session.mbox").readAllBytes());
    sent = home.resolve("sent.txt");
    sendmail =
        script(
            "fake-sendmail",
            "#!/bin/sh\necho \"ARGS: $*\" >> '" + sent + "'\ncat >> '" + sent + "'\n");
  }

  Path script(String name, String text) throws Exception {
    Path p = home.resolve(name);
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  Result session(String script, String... extra) {
    String[] args = new String[extra.length + 7];
    System.arraycopy(extra, 0, args, 0, extra.length);
    System.arraycopy(
        new String[] {
          "-S", "sendmail=" + sendmail, "-S", "from=me@example.net", "-N", "-f", box.toString()
        },
        0,
        args,
        extra.length,
        7);
    return new InProcess()
        .env("HOME", home.toString())
        .env("USER", "me")
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null")
        .stdin(script)
        .run(args);
  }

  String sentMail() throws Exception {
    return Files.exists(sent) ? Files.readString(sent, StandardCharsets.UTF_8) : "";
  }

  @Test
  void mail_sends_the_typed_text_with_the_tilde_headers() throws Exception {
    session(
            "m bob@example.com\n~s Hello there\n~c carol@example.org\n~b hidden@example.org\nFirst line\n~~tilde line\n~.\nx\n")
        .succeeded();
    String m = sentMail();
    assertTrue(m.contains("bob@example.com carol@example.org hidden@example.org"), m);
    assertTrue(m.contains("Subject: Hello there"), m);
    assertTrue(m.contains("Cc: carol@example.org"), m);
    assertFalse(m.contains("Bcc:"), m);
    assertTrue(m.contains("\nFirst line\n~tilde line\n"), m);
  }

  @Test
  void a_lone_dot_ends_the_text_only_with_dot_set() throws Exception {
    session("set dot\nm bob@example.com\n~s x\nbody\n.\nx\n").succeeded();
    assertTrue(sentMail().contains("\nbody\n"), sentMail());
    assertFalse(sentMail().contains("\n.\n"));
  }

  @Test
  void tilde_t_adds_recipients_and_tilde_p_prints_the_draft() throws Exception {
    Result r =
        session("m bob@example.com\n~t carol@example.org\n~s S\ntext\n~p\n~.\nx\n").succeeded();
    assertTrue(
        r.out()
            .contains(
                "Message contains:\nTo: bob@example.com, carol@example.org\nSubject: S\n\ntext\n(continue)"),
        r.out());
    assertTrue(sentMail().contains("To: bob@example.com, carol@example.org"), sentMail());
  }

  @Test
  void tilde_r_reads_a_file_and_tilde_a_attaches_one() throws Exception {
    Path f = home.resolve("notes.txt");
    Files.writeString(f, "from a file\n");
    session("m bob@example.com\n~s S\n~r " + f + "\n~a " + f + "\n~.\nx\n").succeeded();
    String m = sentMail();
    assertTrue(m.contains("from a file"), m);
    assertTrue(m.contains("multipart/mixed") && m.contains("filename=notes.txt"), m);
  }

  @Test
  void tilde_e_runs_the_editor_on_the_text() throws Exception {
    Path editor =
        script(
            "fake-editor",
            "#!/bin/sh\nsed -i 's/typo/fixed/' \"$1\"\necho 'added by the editor' >> \"$1\"\n");
    session("m bob@example.com\n~s S\na typo here\n~e\n~.\nx\n", "-S", "EDITOR=" + editor)
        .succeeded();
    String m = sentMail();
    assertTrue(m.contains("a fixed here\nadded by the editor\n"), m);
  }

  @Test
  void tilde_v_uses_VISUAL_and_tilde_pipe_filters_the_text() throws Exception {
    Path visual = script("fake-visual", "#!/bin/sh\necho visual >> \"$1\"\n");
    session("m bob@example.com\n~s S\nabc\n~v\n~| tr a-z A-Z\n~.\nx\n", "-S", "VISUAL=" + visual)
        .succeeded();
    assertTrue(sentMail().contains("\nABC\nVISUAL\n"), sentMail());
  }

  @Test
  void tilde_bang_runs_a_command_and_tilde_question_lists_the_escapes() throws Exception {
    Result r = session("m bob@example.com\n~s S\n~!echo from the shell\n~?\n~.\nx\n").succeeded();
    assertTrue(r.out().contains("from the shell\n!\n"), r.out());
    assertTrue(r.out().contains("~e") && r.out().contains("~|"), r.out());
  }

  @Test
  void tilde_h_reads_the_headers_again() throws Exception {
    session("m bob@example.com\n~h\ncarol@example.org\nNew subject\n\n\n~.\nx\n").succeeded();
    String m = sentMail();
    assertTrue(m.contains("To: carol@example.org") && m.contains("Subject: New subject"), m);
  }

  @Test
  void tilde_escapes_take_relative_file_names_and_run_commands_in_the_sessions_cd_directory()
      throws Exception {
    Path work = Files.createDirectory(home.resolve("work"));
    Files.writeString(work.resolve("notes.txt"), "read with ~r\n");
    Files.writeString(work.resolve("more.txt"), "read with ~<\n");
    Files.writeString(work.resolve("quote.txt"), "quoted with ~R\n");
    Files.writeString(work.resolve("report.pdf"), "%PDF-1.4\n");
    Path editor = script("fake-editor", "#!/bin/sh\ncat edit-me.txt >> \"$1\"\n");
    Files.writeString(work.resolve("edit-me.txt"), "added by an editor run in work\n");
    session(
            "cd "
                + work
                + "\nm bob@example.com\n~s S\n~r notes.txt\n~< more.txt\n~R quote.txt\n~<!pwd\n"
                + "~!pwd > bang.txt\n~| cat - notes.txt\n~e\n~a report.pdf\n~w draft.txt\n~.\nx\n",
            "-S",
            "EDITOR=" + editor)
        .succeeded();
    String m = sentMail();
    assertTrue(
        m.contains(
            "read with ~r\nread with ~<\n> quoted with ~R\n"
                + work
                + "\nread with ~r\nadded by an editor run in work\n"),
        m);
    assertTrue(m.contains("filename=report.pdf"), m);
    assertEquals(
        work + "\n", Files.readString(work.resolve("bang.txt")), "~! runs in the cd directory");
    assertTrue(
        Files.readString(work.resolve("draft.txt")).startsWith("read with ~r\n"),
        "~w writes in the cd directory");
  }

  @Test
  void tilde_w_appends_the_text_to_a_file_and_tilde_d_reads_dead_letter_back() throws Exception {
    Path out = home.resolve("copy.txt");
    Files.writeString(out, "before\n");
    Files.writeString(
        home.resolve("dead.letter"), "From me Mon Jan  1 00:00:00 2024\n\nsaved earlier\n");
    Result r =
        session("m bob@example.com\n~s S\nline one\n~w " + out + "\n~d\n~i from\n~.\nx\n")
            .succeeded();
    assertEquals("before\nline one\n", Files.readString(out));
    assertTrue(r.out().contains("[Appended]"), r.out());
    // the From_ line read back from dead.letter goes out encoded (=46rom), so no mbox delivery
    // quotes it
    assertTrue(
        sentMail()
            .contains(
                "\nline one\n=46rom me Mon Jan  1 00:00:00 2024\n\nsaved earlier\nme@example.net\n"),
        sentMail());
  }

  @Test
  void tilde_capital_h_edits_from_reply_to_and_sender() throws Exception {
    Result r =
        session(
                "m bob@example.com\n~s S\n~H\nBoss <boss@example.net>\nlist@example.org\n\n~p\nbody\n~.\nx\n")
            .succeeded();
    assertTrue(
        r.out().contains("From: Boss <boss@example.net>\nReply-To: list@example.org\n"), r.out());
    String m = sentMail();
    assertTrue(m.contains("ARGS: -oi -f boss@example.net --"), m);
    assertTrue(
        m.contains("From: Boss <boss@example.net>") && m.contains("Reply-To: list@example.org"), m);
    assertFalse(m.contains("Sender:"), m);
  }

  @Test
  void tilde_q_saves_the_draft_to_dead_letter_and_sends_nothing() throws Exception {
    Result r = session("m bob@example.com\n~s Unfinished\nhalf a thought\n~q\nx\n").succeeded();
    assertTrue(r.out().contains("(message saved in " + home.resolve("dead.letter") + ")"), r.out());
    String dead = Files.readString(home.resolve("dead.letter"));
    assertTrue(dead.startsWith("From me "), dead);
    assertTrue(dead.contains("To: bob@example.com\nSubject: Unfinished\n"), dead);
    assertTrue(dead.contains("\n\nhalf a thought\n"), dead);
    assertEquals("", sentMail());
  }

  @Test
  void a_reply_to_an_unusable_reply_to_keeps_the_typed_text_in_dead_letter() throws Exception {
    Files.writeString(
        box,
        "From a@example.org Mon Jan  6 10:00:00 2025\nFrom: A <a@example.org>\n"
            + "Reply-To: list@@broken\nSubject: Hi\n\nquestion\n");
    Result r = session("r 1\nmy carefully typed answer\n~.\nx\n");
    r.errContains("message saved in " + home.resolve("dead.letter"));
    String dead = Files.readString(home.resolve("dead.letter"));
    assertTrue(
        dead.contains("To: list@@broken") && dead.contains("my carefully typed answer\n"), dead);
    assertEquals("", sentMail());
  }

  @Test
  void tilde_x_discards_the_draft() throws Exception {
    session("m bob@example.com\ngone\n~x\nx\n").succeeded();
    assertFalse(Files.exists(home.resolve("dead.letter")));
    assertEquals("", sentMail());
  }

  @Test
  void capital_R_answers_sender_and_recipients_but_not_me_with_thread_headers() throws Exception {
    session("R 3\nThanks!\n~.\nq\n").succeeded();
    String m = sentMail();
    assertTrue(m.contains("To: Carol <carol@example.org>, team@example.org"), m);
    assertTrue(m.contains("Cc: dave@example.com"), m);
    assertFalse(m.contains("me@example.net,"), m);
    assertTrue(
        m.contains("Subject: Re: Invoice 42\r\n") || m.contains("Subject: Re: Invoice 42\n"),
        "Re: once: " + m);
    assertTrue(m.contains("In-Reply-To: <m3@example.org>"), m);
    assertTrue(m.contains("References: <m1@example.org> <m3@example.org>"), m);
    String box = Files.readString(this.box, StandardCharsets.ISO_8859_1);
    assertTrue(box.contains("X-Status: A"), "answered flag stored on quit: " + box);
  }

  @Test
  void r_answers_the_sender_only_and_quotes_with_indentprefix() throws Exception {
    session("r 1\n~m\n~.\nx\n", "-S", "indentprefix=| ", "-S", "noquote").succeeded();
    String m = sentMail();
    assertTrue(m.contains("To: Alice Example <alice@example.org>\n"), m);
    assertFalse(m.contains("Cc:"), m);
    assertTrue(m.contains("Subject: Re: Invoice 42"), m);
    assertTrue(m.contains("\n| Please pay invoice 42.\n| Thanks, Alice\n"), m);
  }

  @Test
  void a_reply_starts_empty_unless_quote_is_set_as_in_posix_mailx() throws Exception {
    session("r 2\nThanks\n~.\nx\n").succeeded();
    String m = sentMail();
    assertTrue(m.contains("\nThanks\n"), m);
    assertFalse(m.contains("> Lunch at noon?"), m);
  }

  @Test
  void with_quote_set_a_reply_starts_with_the_quoted_text_and_tilde_f_inserts_unquoted()
      throws Exception {
    session("r 2\n~f 1\n~.\nx\n", "-S", "quote").succeeded();
    String m = sentMail();
    assertTrue(
        m.contains("Bob <bob@example.com> wrote:\n> Lunch at noon?\nPlease pay invoice 42.\n"), m);
  }

  @Test
  void noflipr_gives_the_posix_meaning_where_r_answers_everyone() throws Exception {
    session("r 3\nThanks!\n~.\nx\n", "-S", "noflipr").succeeded();
    String m = sentMail();
    assertTrue(m.contains("To: Carol <carol@example.org>, team@example.org"), m);
    assertTrue(m.contains("Cc: dave@example.com"), m);
  }

  @Test
  void a_failed_send_keeps_the_message_in_dead_letter_and_the_session_goes_on() throws Exception {
    Path failing = script("failing-sendmail", "#!/bin/sh\ncat >/dev/null\nexit 75\n");
    Result r =
        session(
                "set sendmail="
                    + failing
                    + "\nm bob@example.com\n~s S\nimportant\n~.\necho still here\nx\n")
            .exits(75);
    assertTrue(r.out().contains("still here"), r.out());
    assertTrue(Files.readString(home.resolve("dead.letter")).contains("important"));
  }
}
