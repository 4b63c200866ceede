package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a mailx user's habits meet at the prompt: accounts, set, write, quit, flagged messages. */
class HabitsSessionTest {
  @TempDir Path home;
  Path box;

  @BeforeEach
  void setUp() throws Exception {
    box = home.resolve("box");
    Files.write(box, getClass().getResourceAsStream("/fixtures/mbox/session.mbox").readAllBytes());
  }

  InProcess jmail() {
    return InProcess.isolated(home, "me");
  }

  Result session(String script, String... args) {
    return jmail().stdin(script).run(args);
  }

  static String mbox(String subject, String extraHeaders) {
    return "From x@example.org Mon Jan  6 10:00:00 2025\nFrom: X <x@example.org>\nSubject: "
        + subject
        + "\n"
        + extraHeaders
        + "\nbody of "
        + subject
        + "\n\n";
  }

  @Test
  void account_at_the_prompt_lists_the_accounts_switches_and_opens_the_accounts_inbox()
      throws Exception {
    Files.writeString(home.resolve("work.mbox"), mbox("Work mail", ""));
    Path rc = home.resolve("rc");
    Files.writeString(
        rc,
        "set from=me@home.example\naccount work {\n  set from=me@work.example inbox=~/work.mbox\n}\n"
            + "account plain {\n  set from=me@plain.example\n}\n");
    Result r =
        jmail()
            .env("MAILRC", rc.toString())
            .stdin("account\naccount work\naccount\nset\naccount plain\nset\nx\n")
            .run("-N", "-f", box.toString())
            .succeeded();
    String out = r.out();
    assertTrue(out.startsWith("  work\n  plain\n"), out);
    assertTrue(out.contains("work.mbox\": 1 message"), "the account's inbox is opened: " + out);
    assertTrue(out.contains("* work\n  plain\n"), out);
    assertTrue(out.contains("from=\"me@work.example\""), out);
    assertTrue(out.contains("from=\"me@plain.example\""), out);
    assertFalse(
        out.substring(out.lastIndexOf("from=")).contains("inbox="),
        "plain does not keep work's inbox: " + out);
  }

  @Test
  void an_unknown_account_at_the_prompt_is_a_config_error_and_the_session_goes_on() {
    Result r = session("account nope\n=\nx\n", "-N", "-f", box.toString());
    assertEquals(78, r.status());
    assertTrue(r.err().contains("jmail: account nope: no such account (none defined)"), r.err());
    assertTrue(r.out().strip().matches("[0-9]+"), "the next command ran: " + r.out());
  }

  @Test
  void set_lists_the_variables_jmail_does_not_act_on_as_not_supported() {
    Result r = session("set headline=%>%a hold\nset\nx\n", "-N", "-f", box.toString()).succeeded();
    assertTrue(r.out().contains("headline=\"%>%a\"\t# not supported by jmail\n"), r.out());
    assertTrue(r.out().contains("hold\n"), r.out());
    assertFalse(r.out().contains("hold\t#"), r.out());
  }

  @Test
  void write_saves_the_text_and_names_the_attachments_it_left_out() throws Exception {
    byte[] eml = getClass().getResourceAsStream("/fixtures/mime/attachment.eml").readAllBytes();
    Files.writeString(
        box,
        "From a@example.com Mon Jan  6 10:00:00 2025\n"
            + new String(eml, StandardCharsets.ISO_8859_1)
            + "\n",
        StandardCharsets.ISO_8859_1);
    Path out = home.resolve("out.txt");
    Result r = session("w 1 " + out + "\nx\n", "-N", "-f", box.toString()).succeeded();
    assertEquals("See attached.\n", Files.readString(out));
    assertTrue(
        r.out().contains("Left out 2 attachments: 1.2 réport final.pdf (application/pdf, "),
        r.out());
    assertTrue(r.out().contains(", 1.3 ../../etc/passwd (application/octet-stream, "), r.out());
  }

  @Test
  void quit_says_what_it_did_to_a_folder_it_deleted_from() {
    Result r = session("d 1 2\nq\n", "-N", "-f", box.toString()).succeeded();
    assertTrue(r.out().endsWith(box + " updated: 2 messages deleted, 3 kept\n"), r.out());
  }

  @Test
  void quit_in_the_system_mailbox_says_what_it_saved_and_held() throws Exception {
    Files.copy(box, home.resolve("spool"));
    Result r = session("p 2\nq\n", "-N").succeeded();
    assertTrue(r.out().contains("Saved 3 messages in " + home.resolve("mbox") + "\n"), r.out());
    assertTrue(r.out().endsWith("Held 2 messages in " + home.resolve("spool") + "\n"), r.out());
  }

  @Test
  void a_flagged_message_shows_f_in_the_session_summary_and_in_dash_h() throws Exception {
    Files.writeString(
        box,
        mbox("unread flagged", "X-Status: F\n")
            + mbox("read flagged", "Status: RO\nX-Status: F\n"));
    Result r = session("h\nx\n", "-N", "-f", box.toString()).succeeded();
    assertTrue(r.out().contains(">F   1 X"), r.out());
    assertTrue(r.out().contains(" F   2 X"), r.out());
    r = jmail().run("-H", "-f", box.toString()).succeeded();
    assertTrue(r.out().startsWith(" F   1 X"), r.out());
  }
}
