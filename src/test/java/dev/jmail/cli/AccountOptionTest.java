package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -A/--account in send mode, read mode and the subcommands; send mode's {@code if s}. */
class AccountOptionTest {
  @TempDir Path home;
  Path rc;

  @BeforeEach
  void setUp() throws Exception {
    rc = home.resolve("mailrc");
    Files.writeString(
        rc,
        "if s\n  set from=sender@example.com\nelse\n  set from=reader@example.com\nendif\n"
            + "account work {\n  set from=work@example.com inbox=~/work.mbox\n}\n");
    Files.writeString(
        home.resolve("work.mbox"),
        "From x@example.org Mon Jan  6 10:00:00 2025\nFrom: X <x@example.org>\nSubject: Work mail\n\nbody\n\n");
  }

  InProcess jmail() {
    return InProcess.isolated(home, "me").env("MAILRC", rc.toString());
  }

  @Test
  void send_mode_reads_the_if_s_branch_and_an_account_on_top_of_it() {
    Result r =
        jmail().stdin("hi\n").run("send", "--dry-run", "-s", "x", "bob@example.com").succeeded();
    assertTrue(r.out().startsWith("MAIL FROM:<sender@example.com>\n"), r.out());
    r =
        jmail()
            .stdin("hi\n")
            .run("-A", "work", "send", "--dry-run", "-s", "x", "bob@example.com")
            .succeeded();
    assertTrue(r.out().startsWith("MAIL FROM:<work@example.com>\n"), r.out());
    r =
        jmail()
            .stdin("hi\n")
            .run("send", "--account", "work", "--dry-run", "-s", "x", "bob@example.com")
            .succeeded();
    assertTrue(r.out().startsWith("MAIL FROM:<work@example.com>\n"), r.out());
  }

  @Test
  void read_mode_and_list_open_the_accounts_inbox() {
    Result r = jmail().run("-A", "work", "-H").succeeded();
    assertTrue(r.out().contains("Work mail"), r.out());
    r = jmail().run("list", "-A", "work").succeeded();
    assertTrue(r.out().contains("Work mail"), r.out());
    r = jmail().run("read", "--account", "work", "1").succeeded();
    assertTrue(r.out().contains("Subject: Work mail"), r.out());
  }

  @Test
  void an_unknown_account_exits_78_and_a_missing_name_64() {
    Result r = jmail().run("list", "-A", "nope");
    assertEquals(78, r.status());
    assertEquals("jmail: account nope: no such account (defined: work)\n", r.err());
    assertEquals(78, jmail().run("-A", "nope", "-H").status());
    assertEquals(64, jmail().run("-A").status());
  }
}
