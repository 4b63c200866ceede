package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Launcher;
import dev.jmail.testing.Tmux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mailx user's habits in a real terminal (tmux): ask prompts, paging by rows, what q says. */
class HabitsTerminalIT {
  @TempDir Path home;
  Tmux tmux;

  @BeforeEach
  void needTmux() {
    Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
    tmux = new Tmux();
  }

  @AfterEach
  void stop() throws Exception {
    if (tmux != null) tmux.close();
  }

  /** jmail with a clean environment: HOME, USER, the given rc file and extra variables. */
  String jmail(String rc, String env, String args) {
    return "env -i PATH=/usr/bin:/bin TERM=xterm HOME="
        + home
        + " USER=me JAVA_HOME="
        + System.getProperty("java.home")
        + " MAILRC="
        + rc
        + " JMAIL_SYSTEM_RC=/dev/null "
        + env
        + " "
        + Launcher.path()
        + " "
        + args
        + "; echo SESSION-ENDED $?; sleep 30";
  }

  Path box(String text) throws Exception {
    Path box = home.resolve("box");
    Files.writeString(box, text, StandardCharsets.UTF_8);
    return box;
  }

  static String message(String subject, String body) {
    return "From x@example.org Mon Jan  6 10:00:00 2025\nFrom: X <x@example.org>\nSubject: "
        + subject
        + "\n\n"
        + body
        + "\n\n";
  }

  @Test
  void with_ask_and_askcc_set_m_shows_to_before_the_subject_prompt_and_asks_for_cc_after_the_text()
      throws Exception {
    Path sent = home.resolve("sent.txt");
    Path sendmail = home.resolve("fake-sendmail");
    Files.writeString(sendmail, "#!/bin/sh\ncat >> '" + sent + "'\n");
    sendmail.toFile().setExecutable(true);
    Path rc = home.resolve("mailrc");
    // Debian's /etc/mail.rc (bsd-mailx) sets these
    Files.writeString(
        rc,
        "set ask askcc\nalias team ann@example.org bob@example.org\nset sendmail="
            + sendmail
            + "\n");
    Path box = box(message("One", "text"));
    tmux.start(100, 30, jmail(rc.toString(), "", "-N -f " + box));
    tmux.waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    tmux.keys("m team", "Enter");
    String s = tmux.waitFor(t -> t.contains("Subject:"), "the subject prompt");
    List<String> lines = s.lines().toList();
    int to = lines.indexOf("To: team");
    int subject = -1;
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("Subject:")) subject = i;
    assertTrue(to >= 0 && to < subject, "To: comes before the Subject: prompt:\n" + s);
    tmux.keys("Asked", "Enter");
    tmux.keys("the text", "Enter");
    tmux.keys("~.", "Enter");
    tmux.waitFor(
        t -> t.lines().anyMatch(l -> l.startsWith("Cc:")), "the Cc: prompt after the text");
    tmux.keys("carol@example.org", "Enter");
    tmux.waitFor(t -> t.contains("EOT"), "the end of the message");
    tmux.keys("x", "Enter");
    tmux.waitFor(t -> t.contains("SESSION-ENDED 0"), "the end of the session");
    String m = Files.readString(sent);
    assertTrue(
        m.contains("Subject: Asked")
            && m.contains("Cc: carol@example.org")
            && m.contains("To: ann@example.org"),
        m);
  }

  @Test
  void a_message_of_one_very_long_line_goes_through_the_pager() throws Exception {
    Path box = box(message("Long line", "x".repeat(200_000)) + message("Short", "short text"));
    String pager = "PAGER='wc -c | sed s/^/PAGED:/'";
    tmux.start(100, 30, jmail("/dev/null", pager, "-N -f " + box));
    tmux.waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    tmux.keys("p 1", "Enter");
    String s = tmux.waitFor(t -> t.contains("PAGED:"), "message 1 through PAGER");
    assertTrue(
        s.lines().filter(l -> l.startsWith("xxxx")).count() == 0,
        "not printed on the terminal:\n" + s);
    tmux.keys("p 2", "Enter");
    s = tmux.waitFor(t -> t.contains("short text"), "message 2 printed directly");
    tmux.keys("x", "Enter");
    tmux.waitFor(t -> t.contains("SESSION-ENDED"), "the end of the session");
  }

  @Test
  void account_names_complete_and_q_says_what_it_saved_and_held_as_mailx_does() throws Exception {
    Path spool = home.resolve("spool");
    Files.writeString(
        spool, message("First", "a") + message("Second", "b") + message("Third", "c"));
    Path rc = home.resolve("mailrc");
    Files.writeString(rc, "account work {\n  set from=me@work.example\n}\n");
    tmux.start(100, 30, jmail(rc.toString(), "MAIL=" + spool, ""));
    tmux.waitFor(t -> t.lines().anyMatch(l -> l.equals("&")), "the prompt");
    tmux.keys("account w", "Tab");
    tmux.waitFor(t -> t.contains("& account work"), "the completed account name");
    tmux.keys("Enter"); // the account sets no inbox: the folder stays open
    tmux.keys("account", "Enter");
    tmux.waitFor(t -> t.contains("* work"), "the account in use");
    tmux.keys("p 1", "Enter");
    tmux.waitFor(t -> t.contains("body") || t.contains("Message 1:"), "message 1");
    tmux.keys("q", "Enter");
    String s = tmux.waitFor(t -> t.contains("SESSION-ENDED"), "the end of the session");
    assertTrue(s.contains("Saved 1 message in " + home.resolve("mbox")), s);
    assertTrue(s.contains("Held 2 messages in " + spool), s);
  }
}
