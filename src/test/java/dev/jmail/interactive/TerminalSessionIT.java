package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Bounds;
import dev.jmail.testing.ExternalTools;
import dev.jmail.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
  String socket;

  @BeforeEach
  void needTmux() throws Exception {
    ExternalTools.assumeInstalled("tmux");
    socket = "jmail-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }

  @AfterEach
  void stopTmux() throws Exception {
    if (socket != null) run("tmux", "-L", socket, "kill-server");
  }

  static int run(String... cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(Bounds.seconds(10), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  String screen() throws Exception {
    Process p =
        new ProcessBuilder("tmux", "-L", socket, "capture-pane", "-p", "-t", "jmail").start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(5, TimeUnit.SECONDS);
    return s;
  }

  String waitFor(Predicate<String> ready, String what) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Bounds.seconds(20));
    String s = "";
    while (System.nanoTime() < end) {
      s = screen();
      if (ready.test(s)) return s;
      Thread.sleep(100);
    }
    throw new AssertionError("the screen never showed " + what + ":\n" + s);
  }

  /** The screen with wrapped lines joined: a line longer than the pane is one that wrapped. */
  String joinedScreen() throws Exception {
    Process p =
        new ProcessBuilder("tmux", "-L", socket, "capture-pane", "-p", "-J", "-t", "jmail").start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(5, TimeUnit.SECONDS);
    return s;
  }

  void keys(String... keys) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "send-keys", "-t", "jmail"));
    cmd.addAll(List.of(keys));
    run(cmd.toArray(String[]::new));
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
    String java = System.getProperty("java.home");
    String command =
        "env -i PATH=/usr/bin:/bin TERM=xterm HOME="
            + home
            + " USER=me JAVA_HOME="
            + java
            + " MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null PAGER='sed s/^/PAGED:/' "
            + Launcher.path()
            + " -f "
            + box
            + "; echo SESSION-ENDED; sleep 30";
    assertTrue(
        run(
                "tmux",
                "-L",
                socket,
                "new-session",
                "-d",
                "-s",
                "jmail",
                "-x",
                "110",
                "-y",
                "40",
                command)
            == 0);
    String s = waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    assertTrue(s.contains("5 messages 2 new 1 unread"), s);
    assertTrue(s.contains(">N   2 Bob"), s);

    // tab completion of a command name, then a message list
    keys("fr", "Tab");
    waitFor(t -> t.contains("& from"), "the completed command");
    keys("1", "Enter");
    // the next prompt too: keys typed before JLine reads again may be taken apart
    s = waitFor(t -> count(t, "1 Alice Example") >= 2 && t.strip().endsWith("&"), "the from line");

    // history: Up recalls the last command
    keys("Up");
    waitFor(
        t -> t.lines().anyMatch(l -> l.equals("& from 1")) && count(t, "& from 1") >= 2,
        "the recalled line");
    keys("Enter");
    waitFor(t -> count(t, "1 Alice Example") >= 3, "the recalled command's output");

    // Ctrl-C cancels a half-typed line
    keys("garbage");
    waitFor(t -> t.contains("& garbage"), "the typed text");
    keys("C-c");
    waitFor(t -> lastLine(t).equals("&"), "a fresh prompt");
    keys("=", "Enter");
    s =
        waitFor(
            t -> t.lines().anyMatch(l -> l.strip().equals("2")),
            "the current number (still the first new message)");
    assertFalse(s.contains("Unknown command"), s);

    // printing a message
    keys("p 5", "Enter");
    s = waitFor(t -> t.contains("here."), "message 5");
    assertTrue(s.contains("Escape ^[[31mred^[[0m here."), "escape codes shown, not obeyed: " + s);

    // long text goes through the pager (crt lines)
    keys("set crt=10", "Enter");
    keys("p 4", "Enter");
    s = waitFor(t -> t.contains("PAGED:line 30 of a long message"), "message 4 through PAGER");
    keys("p 2", "Enter");
    s = waitFor(t -> t.contains("Lunch at noon?"), "a short message");
    assertFalse(s.contains("PAGED:Lunch"), "short text is not paged: " + s);

    // completion of +folder names
    keys("folder +ot", "Tab");
    waitFor(t -> t.contains("& folder +other"), "the completed folder name");
    keys("Enter");
    s = waitFor(t -> t.contains("other\": 1 message"), "the other folder");

    keys("q", "Enter");
    waitFor(t -> t.contains("SESSION-ENDED"), "the end of the session");
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
        "umask 000; env -i PATH=/usr/bin:/bin TERM=xterm HOME="
            + home
            + " USER=me JAVA_HOME="
            + System.getProperty("java.home")
            + " MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null "
            + Launcher.path()
            + " -S sendmail=/bin/true -f "
            + box
            + "; echo SESSION-ENDED; sleep 30";
    assertTrue(
        run(
                "tmux",
                "-L",
                socket,
                "new-session",
                "-d",
                "-s",
                "jmail",
                "-x",
                "110",
                "-y",
                "40",
                command)
            == 0);
    waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    keys("set smtp-auth-password=hunter2", "Enter");
    keys("set api-token=tok3n", "Enter");
    keys("from 1", "Enter");
    waitFor(t -> count(t, "1 Alice Example") >= 2, "the from line");
    keys("m bob@example.com", "Enter");
    waitFor(t -> t.contains("Subject:"), "the subject prompt");
    keys("Confidential subject", "Enter");
    keys("confidential body line", "Enter");
    waitFor(t -> t.contains("confidential body line"), "the typed text");
    keys("~x", "Enter");
    waitFor(t -> lastLine(t).equals("&"), "the prompt after the discarded message");
    keys("q", "Enter");
    waitFor(t -> t.contains("SESSION-ENDED"), "the end of the session");
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
    Path sendmail = home.resolve("fake-sendmail");
    Files.writeString(sendmail, "#!/bin/sh\ncat >> '" + sent + "'\n");
    sendmail.toFile().setExecutable(true);
    String command =
        "env -i PATH=/usr/bin:/bin TERM=xterm HOME="
            + home
            + " USER=me JAVA_HOME="
            + System.getProperty("java.home")
            + " MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null "
            + Launcher.path()
            + " -S sendmail="
            + sendmail
            + " bob@example.com; echo SESSION-ENDED $?; sleep 30";
    assertTrue(
        run(
                "tmux",
                "-L",
                socket,
                "new-session",
                "-d",
                "-s",
                "jmail",
                "-x",
                "100",
                "-y",
                "30",
                command)
            == 0);
    waitFor(t -> t.contains("Subject:"), "the subject prompt");
    keys("Typed subject", "Enter");
    keys("First line", "Enter");
    keys("~c carol@example.org", "Enter");
    keys("~p", "Enter");
    waitFor(t -> t.contains("(continue)"), "the draft");
    // Under load, a ^D typed before JLine reads the next line meets the tty in cooked mode.
    Thread.sleep(500);
    keys("C-d");
    String s = waitFor(t -> t.contains("SESSION-ENDED"), "the end");
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
        "env -i PATH=/usr/bin:/bin TERM=xterm HOME="
            + home
            + " USER=me JAVA_HOME="
            + System.getProperty("java.home")
            + " MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null "
            + Launcher.path()
            + " -S sendmail=/bin/false"
            + " bob@example.com; echo SESSION-ENDED $?; sleep 30";
    assertTrue(
        run(
                "tmux",
                "-L",
                socket,
                "new-session",
                "-d",
                "-s",
                "jmail",
                "-x",
                "100",
                "-y",
                "30",
                command)
            == 0);
    waitFor(t -> t.contains("Subject:"), "the subject prompt");
    keys("Draft", "Enter");
    keys("unfinished text", "Enter");
    waitFor(t -> t.contains("unfinished text"), "the typed line");
    keys("C-c");
    waitFor(t -> t.contains("one more to abort"), "the question");
    keys("C-c");
    String s = waitFor(t -> t.contains("SESSION-ENDED"), "the end");
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
    Path sendmail = home.resolve("fake-sendmail");
    Files.writeString(sendmail, "#!/bin/sh\ncat >> '" + sent + "'\n");
    sendmail.toFile().setExecutable(true);
    // env -i: no COLUMNS, so the width must come from the terminal itself
    String command =
        "env -i PATH=/usr/bin:/bin TERM=xterm HOME="
            + home
            + " USER=me JAVA_HOME="
            + System.getProperty("java.home")
            + " MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null "
            + Launcher.path()
            + " -S sendmail="
            + sendmail
            + " -f "
            + box
            + "; echo SESSION-ENDED $?; sleep 30";
    int width = 52;
    assertTrue(
        run(
                "tmux",
                "-L",
                socket,
                "new-session",
                "-d",
                "-s",
                "jmail",
                "-x",
                String.valueOf(width),
                "-y",
                "30",
                command)
            == 0);
    waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    String joined = joinedScreen();
    List<String> summary =
        joined.lines().filter(l -> l.matches("^[ >][ A-Z*]  +[0-9]+ .*")).toList();
    assertTrue(summary.size() == 5, "five summary lines: " + joined);
    for (String l : summary)
      assertTrue(l.length() <= width, "fits in " + width + " columns: [" + l + "]\n" + joined);

    keys("r 2", "Enter");
    String s = waitFor(t -> t.contains("Subject: Re: Lunch?"), "the reply's headers");
    assertTrue(s.contains("To: Bob <bob@example.com>"), s);
    assertFalse(s.contains("Lunch at one"), s);
    keys("Lunch at one, then.", "Enter");
    waitFor(t -> t.contains("Lunch at one, then."), "the typed text");
    // Under load, a ^D typed before JLine reads the next line meets the tty in cooked mode.
    Thread.sleep(500);
    keys("C-d");
    waitFor(t -> t.contains("EOT"), "the end of the reply");
    keys("x", "Enter");
    s = waitFor(t -> t.contains("SESSION-ENDED"), "the end");
    String m = Files.readString(sent);
    assertTrue(
        m.contains("Subject: Re: Lunch?")
            && m.contains("In-Reply-To: <m2@example.com>")
            && m.contains("Lunch at one, then."),
        m);
  }
}
