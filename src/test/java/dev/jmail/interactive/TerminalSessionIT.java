package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.ExternalTools;
import dev.jmail.testing.Launcher;
import dev.jmail.testing.Tmux;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher in a real pseudo-terminal (tmux): typed commands, tab completion, history,
 * Ctrl-C, and what the screen shows.
 */
class TerminalSessionIT {
  @TempDir Path home;
  Tmux tmux;

  @BeforeEach
  void needTmux() throws Exception {
    ExternalTools.assumeInstalled("tmux");
    tmux = new Tmux();
  }

  @AfterEach
  void stopTmux() throws Exception {
    if (tmux != null) tmux.close();
  }

  /**
   * The shell command running the launcher with a clean environment ({@code env -i}: no COLUMNS, no
   * rc files), {@code environment} added (each {@code NAME=value }), then {@code rest}.
   */
  String session(String environment, String rest) {
    return "env -i PATH=/usr/bin:/bin TERM=xterm HOME="
        + home
        + " USER=me JAVA_HOME="
        + System.getProperty("java.home")
        + " MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null "
        + environment
        + Launcher.path()
        + rest;
  }

  /** A sendmail that appends what it is given to {@code sent}. */
  Path fakeSendmail(Path sent) throws IOException {
    Path sendmail = home.resolve("fake-sendmail");
    Files.writeString(sendmail, "#!/bin/sh\ncat >> '" + sent + "'\n");
    sendmail.toFile().setExecutable(true);
    return sendmail;
  }

  static String lastLine(String screen) {
    List<String> lines = screen.lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  static long count(String screen, String s) {
    return screen.lines().filter(l -> l.contains(s)).count();
  }

  @Test
  void a_session_at_a_terminal_edits_completes_remembers_and_quits() throws Exception {
    Path box = home.resolve("box");
    Files.write(box, getClass().getResourceAsStream("/fixtures/mbox/session.mbox").readAllBytes());
    Files.writeString(
        home.resolve("other"),
        "From x@y Mon Jan  6 10:00:00 2025\nFrom: X <x@y>\nSubject: Other\n\nbody\n");
    String command =
        session("PAGER='sed s/^/PAGED:/' ", " -f " + box + "; echo SESSION-ENDED; sleep 30");
    tmux.start(110, 40, command);
    String s = tmux.waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    assertTrue(s.contains("5 messages 2 new 1 unread"), s);
    assertTrue(s.contains(">N   2 Bob"), s);

    // tab completion of a command name, then a message list
    tmux.keys("fr", "Tab");
    tmux.waitFor(t -> t.contains("& from"), "the completed command");
    tmux.keys("1", "Enter");
    // the next prompt too: keys typed before JLine reads again may be taken apart
    s =
        tmux.waitFor(
            t -> count(t, "1 Alice Example") >= 2 && t.strip().endsWith("&"), "the from line");

    // history: Up recalls the last command
    tmux.keys("Up");
    tmux.waitFor(
        t -> t.lines().anyMatch(l -> l.equals("& from 1")) && count(t, "& from 1") >= 2,
        "the recalled line");
    tmux.keys("Enter");
    tmux.waitFor(t -> count(t, "1 Alice Example") >= 3, "the recalled command's output");

    // Ctrl-C cancels a half-typed line
    tmux.keys("garbage");
    tmux.waitFor(t -> t.contains("& garbage"), "the typed text");
    tmux.keys("C-c");
    tmux.waitFor(t -> lastLine(t).equals("&"), "a fresh prompt");
    tmux.keys("=", "Enter");
    s =
        tmux.waitFor(
            t -> t.lines().anyMatch(l -> l.strip().equals("2")),
            "the current number (still the first new message)");
    assertFalse(s.contains("Unknown command"), s);

    // printing a message
    tmux.keys("p 5", "Enter");
    s = tmux.waitFor(t -> t.contains("here."), "message 5");
    assertTrue(s.contains("Escape ^[[31mred^[[0m here."), "escape codes shown, not obeyed: " + s);

    // long text goes through the pager (crt lines)
    tmux.keys("set crt=10", "Enter");
    tmux.keys("p 4", "Enter");
    s = tmux.waitFor(t -> t.contains("PAGED:line 30 of a long message"), "message 4 through PAGER");
    tmux.keys("p 2", "Enter");
    s = tmux.waitFor(t -> t.contains("Lunch at noon?"), "a short message");
    assertFalse(s.contains("PAGED:Lunch"), "short text is not paged: " + s);

    // completion of +folder names
    tmux.keys("folder +ot", "Tab");
    tmux.waitFor(t -> t.contains("& folder +other"), "the completed folder name");
    tmux.keys("Enter");
    s = tmux.waitFor(t -> t.contains("other\": 1 message"), "the other folder");

    tmux.keys("q", "Enter");
    tmux.waitFor(t -> t.contains("SESSION-ENDED"), "the end of the session");
    String history = Files.readString(home.resolve(".local/state/jmail/history"));
    assertTrue(history.contains("from 1"), history);
    String text = Files.readString(box, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("<m5@example.net>\nStatus: RO"), "message 5 was read: " + text);
  }

  @Test
  void history_keeps_no_password_and_no_composed_text_and_is_private_under_umask_000()
      throws Exception {
    Path box = home.resolve("box");
    Files.write(box, getClass().getResourceAsStream("/fixtures/mbox/session.mbox").readAllBytes());
    String command =
        "umask 000; "
            + session("", " -S sendmail=/bin/true -f " + box + "; echo SESSION-ENDED; sleep 30");
    tmux.start(110, 40, command);
    tmux.waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    tmux.keys("set smtp-auth-password=hunter2", "Enter");
    tmux.keys("set api-token=tok3n", "Enter");
    tmux.keys("from 1", "Enter");
    tmux.waitFor(t -> count(t, "1 Alice Example") >= 2, "the from line");
    tmux.keys("m bob@example.com", "Enter");
    tmux.waitFor(t -> t.contains("Subject:"), "the subject prompt");
    tmux.keys("Confidential subject", "Enter");
    tmux.keys("confidential body line", "Enter");
    tmux.waitFor(t -> t.contains("confidential body line"), "the typed text");
    tmux.keys("~x", "Enter");
    tmux.waitFor(t -> lastLine(t).equals("&"), "the prompt after the discarded message");
    tmux.keys("q", "Enter");
    tmux.waitFor(t -> t.contains("SESSION-ENDED"), "the end of the session");
    Path file = home.resolve(".local/state/jmail/history");
    String history = Files.readString(file);
    assertTrue(history.contains("from 1") && history.contains("m bob@example.com"), history);
    for (String secret :
        new String[] {"hunter2", "tok3n", "Confidential subject", "confidential body", "~x"}) {
      assertFalse(history.contains(secret), secret + " recorded: " + history);
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
  }

  @Test
  void send_mode_at_a_terminal_prompts_for_the_subject_and_takes_tilde_escapes() throws Exception {
    Path sent = home.resolve("sent.txt");
    String command =
        session(
            "",
            " -S sendmail="
                + fakeSendmail(sent)
                + " bob@example.com; echo SESSION-ENDED $?; sleep 30");
    tmux.start(100, 30, command);
    tmux.waitFor(t -> t.contains("Subject:"), "the subject prompt");
    tmux.keys("Typed subject", "Enter");
    tmux.keys("First line", "Enter");
    tmux.keys("~c carol@example.org", "Enter");
    tmux.keys("~p", "Enter");
    tmux.waitFor(t -> t.contains("(continue)"), "the draft");
    // Under load, a ^D typed before JLine reads the next line meets the tty in cooked mode.
    Thread.sleep(500);
    tmux.keys("C-d");
    String s = tmux.waitFor(t -> t.contains("SESSION-ENDED"), "the end");
    assertTrue(s.contains("EOT") && s.contains("SESSION-ENDED 0"), s);
    String m = Files.readString(sent);
    assertTrue(
        m.contains("Subject: Typed subject")
            && m.contains("Cc: carol@example.org")
            && m.contains("First line"),
        m);
  }

  @Test
  void ctrl_c_twice_while_composing_saves_the_draft_in_dead_letter() throws Exception {
    String command =
        session("", " -S sendmail=/bin/false bob@example.com; echo SESSION-ENDED $?; sleep 30");
    tmux.start(100, 30, command);
    tmux.waitFor(t -> t.contains("Subject:"), "the subject prompt");
    tmux.keys("Draft", "Enter");
    tmux.keys("unfinished text", "Enter");
    tmux.waitFor(t -> t.contains("unfinished text"), "the typed line");
    tmux.keys("C-c");
    tmux.waitFor(t -> t.contains("one more to abort"), "the question");
    tmux.keys("C-c");
    String s = tmux.waitFor(t -> t.contains("SESSION-ENDED"), "the end");
    assertTrue(s.contains("SESSION-ENDED 0"), s);
    String dead = Files.readString(home.resolve("dead.letter"));
    assertTrue(dead.contains("Subject: Draft") && dead.contains("unfinished text"), dead);
  }

  @Test
  void
      a_narrow_terminal_without_columns_gets_a_fitting_summary_and_a_reply_shows_its_headers_first()
          throws Exception {
    Path box = home.resolve("box");
    Files.write(box, getClass().getResourceAsStream("/fixtures/mbox/session.mbox").readAllBytes());
    Path sent = home.resolve("sent.txt");
    // env -i: no COLUMNS, so the width must come from the terminal itself
    String command =
        session(
            "",
            " -S sendmail="
                + fakeSendmail(sent)
                + " -f "
                + box
                + "; echo SESSION-ENDED $?; sleep 30");
    int width = 52;
    tmux.start(width, 30, command);
    tmux.waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    String joined = tmux.joinedScreen();
    List<String> summary =
        joined.lines().filter(l -> l.matches("^[ >][ A-Z*]  +[0-9]+ .*")).toList();
    assertTrue(summary.size() == 5, "five summary lines: " + joined);
    for (String l : summary)
      assertTrue(l.length() <= width, "fits in " + width + " columns: [" + l + "]\n" + joined);

    tmux.keys("r 2", "Enter");
    String s = tmux.waitFor(t -> t.contains("Subject: Re: Lunch?"), "the reply's headers");
    assertTrue(s.contains("To: Bob <bob@example.com>"), s);
    assertFalse(s.contains("Lunch at one"), s);
    tmux.keys("Lunch at one, then.", "Enter");
    tmux.waitFor(t -> t.contains("Lunch at one, then."), "the typed text");
    // Under load, a ^D typed before JLine reads the next line meets the tty in cooked mode.
    Thread.sleep(500);
    tmux.keys("C-d");
    tmux.waitFor(t -> t.contains("EOT"), "the end of the reply");
    tmux.keys("x", "Enter");
    s = tmux.waitFor(t -> t.contains("SESSION-ENDED"), "the end");
    String m = Files.readString(sent);
    assertTrue(
        m.contains("Subject: Re: Lunch?")
            && m.contains("In-Reply-To: <m2@example.com>")
            && m.contains("Lunch at one, then."),
        m);
  }
}
