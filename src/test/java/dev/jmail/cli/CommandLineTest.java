package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.ExitStatus;
import dev.jmail.testing.InProcess;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void an_unknown_option_is_a_one_line_usage_error_with_a_suggestion() {
    var r = new InProcess().run("--subjet", "x", "a@example.com").exits(64);
    assertTrue(r.err().startsWith("jmail: Unknown option: '--subjet'"), r.err());
    assertTrue(r.err().contains("--subject"), "suggests the nearest option: " + r.err());
    r.errIsOneLine();
  }

  @Test
  void help_lists_the_exit_status_table() {
    var r = new InProcess().run("--help").succeeded();
    for (ExitStatus s : ExitStatus.values()) {
      assertTrue(r.out().contains(String.valueOf(s.code())), "exit " + s.code() + " in --help");
    }
  }

  @Test
  void version_names_the_java_runtime() {
    var r = new InProcess().run("--version").succeeded();
    assertTrue(r.out().startsWith("jmail "), r.out());
    assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
  }

  @Test
  void send_options_without_recipients_are_a_usage_error() {
    var r = new InProcess().run("-s", "subject only");
    assertEquals(64, r.status(), r.err());
    r.errIsOneLine().errContains("no recipients");
  }

  @Test
  void a_subject_may_be_the_name_of_a_subcommand() {
    var r =
        new InProcess()
            .env("HOME", "/nonexistent")
            .env("MAILRC", "/dev/null")
            .env("JMAIL_SYSTEM_RC", "/dev/null")
            .stdin("body\n")
            .run("-s", "list", "--dry-run", "bob@example.com")
            .succeeded();
    assertTrue(r.out().contains("Subject: list"), r.out());
  }

  @Test
  void subcommands_are_found_whatever_the_global_options_before_them() {
    var r =
        new InProcess()
            .env("HOME", "/nonexistent")
            .env("MAILRC", "/dev/null")
            .env("JMAIL_SYSTEM_RC", "/dev/null")
            .run("-n", "list", "--help")
            .succeeded();
    assertTrue(r.out().contains("Usage: jmail list"), r.out());
  }

  @Test
  void a_remote_folder_url_is_never_read_as_a_file() {
    for (String[] args :
        new String[][] {{"list", "-f", "pop3://mail.example.com"}, {"-f", "pop3s://h"}}) {
      new InProcess().run(args).exits(64).errIsOneLine().errContains("jmail fetch");
    }
    // an IMAP folder on a server that is not there: a temporary failure, not "no such folder"
    new InProcess()
        .run(
            "read",
            "-S",
            "password=x",
            "-S",
            "net-timeout=5",
            "-f",
            "imaps://bob@127.0.0.1:1/x",
            "1")
        .exits(75)
        .errIsOneLine()
        .errContains("cannot connect");
  }
}
