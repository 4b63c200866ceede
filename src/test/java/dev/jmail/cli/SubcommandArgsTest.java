package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.app.Context;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code jmail list}/{@code read} fast path ({@link SubcommandArgs}) agrees with picocli, or
 * leaves the parsing to it.
 */
class SubcommandArgsTest {
  private static final Context CONTEXT = FastPathCheck.QUIET;

  /** Every field picocli fills for {@code list} or {@code read}, as one comparable string. */
  private static String fields(Object command) {
    if (command instanceof ListCommand c) {
      return String.join(
          "\n",
          global(c.root, c.global),
          "root-f=" + c.root.folder,
          "f=" + c.folder,
          "json=" + c.json,
          "unread=" + c.unread,
          "from=" + c.from,
          "subject=" + c.subject,
          "since=" + c.since,
          "folders=" + c.folders,
          "messages=" + c.messages);
    }
    ReadCommand c = (ReadCommand) command;
    return String.join(
        "\n",
        "read",
        global(c.root, c.global),
        "root-f=" + c.root.folder,
        "f=" + c.folder,
        "numbers=" + c.numbers,
        "raw=" + c.raw,
        "json=" + c.json,
        "peek=" + c.peek,
        "headers=" + c.headers,
        "save=" + c.saveDir);
  }

  private static String global(JmailCommand root, GlobalOptions sub) {
    GlobalOptions g = root.global.mergedWith(sub);
    return "S="
        + g.assignments
        + " A="
        + g.account
        + " n="
        + g.noSystemRc
        + " d="
        + g.debug
        + " v="
        + g.verbose;
  }

  /** picocli's fields for these arguments, or null when picocli rejects them. */
  private static String picocli(String... args) {
    CommandLine cl = Cli.commandLine(CONTEXT, args);
    try {
      CommandLine.ParseResult r = cl.parseArgs(args);
      CommandLine.ParseResult sub = r.subcommand();
      if (sub == null) return "not a subcommand";
      if (sub.isUsageHelpRequested() || sub.isVersionHelpRequested()) return "help";
      return fields(sub.commandSpec().userObject());
    } catch (CommandLine.ParameterException e) {
      return null;
    }
  }

  private static String fast(String... args) {
    SubcommandArgs.Parsed p = SubcommandArgs.parse(CONTEXT, args, Cli.subcommandNames());
    return p == null ? null : fields(p.command());
  }

  private static final FastPathCheck CHECK =
      new FastPathCheck(SubcommandArgsTest::fast, SubcommandArgsTest::picocli);

  private static void sameAsPicocli(String... args) {
    CHECK.sameAsPicocli(args);
  }

  private static void deferred(String... args) {
    CHECK.deferred(args);
  }

  @Test
  void list_command_lines_fill_the_same_fields_as_picocli() {
    sameAsPicocli("list");
    sameAsPicocli("list", "-f", "/tmp/Maildir");
    sameAsPicocli("list", "--folder", "maildir:/tmp/x");
    sameAsPicocli("list", "-f");
    sameAsPicocli("list", "-f", "--json");
    sameAsPicocli("list", "--json", "-f", "+inbox");
    sameAsPicocli("list", "--unread", "-n", "-d");
    sameAsPicocli("list", "--no-system-rc", "--debug", "--folder");
    sameAsPicocli("list", "-f", "%");
    sameAsPicocli("list", "-f", "box", "5", "7-9", ":u");
    sameAsPicocli("list", "box");
    sameAsPicocli("list", "--json", "$", "-f");
    sameAsPicocli("list", "-A", "work", "--json");
    sameAsPicocli("list", "--account", "home", "-f", "+inbox");
    sameAsPicocli("list", "-f", "-A", "work");
    sameAsPicocli("list", "-A", "work", "3", ":u");
    sameAsPicocli("list", "-S", "folder=/tmp");
    sameAsPicocli("list", "-S", "tls-verify=ignore", "-f", "imap://bob@host/INBOX");
    sameAsPicocli("list", "--set", "a=1", "-S", "b", "-v", "--json");
    sameAsPicocli("list", "--verbose", "-S", "x=y", "-S", "x=z");
  }

  @Test
  void read_command_lines_fill_the_same_fields_as_picocli() {
    sameAsPicocli("read", "3");
    sameAsPicocli("read", "2-5", "4,9", "$", "*");
    sameAsPicocli("read", "-f", "/tmp/Maildir", "12", "--raw");
    sameAsPicocli("read", "3", "-f");
    sameAsPicocli("read", "-f", "--peek", "3");
    sameAsPicocli("read", "--json", "--peek", "-n", "-d", "7", "--folder", "+inbox");
    sameAsPicocli("read", "-A", "work", "3");
    sameAsPicocli("read", "-S", "tls-verify=ignore", "-v", "-f", "imaps://bob@host", "20000");
  }

  @Test
  void global_options_before_the_command_name_fill_the_same_fields_as_picocli() {
    sameAsPicocli("-n", "list");
    sameAsPicocli("-n", "list", "-f", "box");
    sameAsPicocli("-n", "read", "--peek", "1", "-f", "box");
    sameAsPicocli("--no-system-rc", "-d", "-v", "list", "--json");
    sameAsPicocli("-S", "a=1", "list", "-S", "a=2", "-f", "box");
    sameAsPicocli("--set", "x", "-S", "y=z", "read", "3");
    sameAsPicocli("-A", "work", "list", "-A", "home");
    sameAsPicocli("--account", "work", "-n", "read", "-n", "$");
    sameAsPicocli("-d", "list", "-d");
  }

  @Test
  void anything_else_is_left_to_picocli() {
    deferred();
    deferred("-n");
    deferred("-n", "box");
    deferred("-n", "send", "bob");
    deferred("-n", "-n", "list");
    deferred("-f", "box", "list");
    deferred("-f", "list");
    deferred("--folder", "box", "list");
    deferred("-S", "list", "list");
    deferred("-A", "read", "read", "3");
    deferred("-A", "-n", "list");
    deferred("-H", "list");
    deferred("-s", "list", "bob");
    deferred("--", "list");
    deferred("-n", "--", "list");
    deferred("-n", "list", "--from", "x");
    deferred("-n", "read");
    deferred("list", "--help");
    deferred("list", "-h");
    deferred("list", "--from", "bob");
    deferred("list", "--since", "2024-01-01");
    deferred("list", "-S");
    deferred("list", "-S", "-f");
    deferred("list", "-Sx=y");
    deferred("list", "--set=x=y");
    deferred("list", "-S", "@file");
    deferred("list", "-v", "-v");
    deferred("list", "--folder=/tmp/x");
    deferred("list", "-f/tmp/x");
    deferred("list", "-f", "a", "-f", "b");
    deferred("list", "--json", "--json");
    deferred("list", "-n", "--no-system-rc");
    deferred("list", "-f", "@file");
    deferred("list", "-f", "-x");
    deferred("list", "-f", "send");
    deferred("list", "--raw");
    deferred("list", "-x");
    deferred("list", "--");
    deferred("read");
    deferred("read", "-f", "box");
    deferred("read", "-f", "3"); // 3 is the folder: picocli says N is missing
    deferred("read", "--headers", "all", "3");
    deferred("read", "--save-attachments", "/tmp", "3");
    deferred("read", "--", "-3");
    deferred("read", "-3");
    deferred("read", "@numbers");
    deferred("read", "3", "--unread");
    deferred("read", "3", "list");
    deferred("send", "bob");
  }

  /** Random command lines: whenever the fast path answers, picocli agrees. */
  @Test
  void random_command_lines_never_disagree_with_picocli() {
    String[] tokens = {
      "-f",
      "--folder",
      "--json",
      "--unread",
      "-n",
      "--no-system-rc",
      "-d",
      "--debug",
      "-v",
      "-S",
      "x=y",
      "box",
      "+inbox",
      "%",
      "&",
      "--",
      "-",
      "-x",
      "@f",
      "--from",
      "bob",
      "--folders",
      "-h",
      "list",
      "send",
      "--folder=box",
      "-fbox",
      "",
      "3",
      "2-5",
      "$",
      "*",
      "--raw",
      "--peek",
      "--headers",
      "all",
      "-A",
      "--account",
      "work",
      "--account=x",
      ":u",
      "/re",
    };
    CHECK.neverDisagrees(new String[] {"list"}, tokens, 5, 20261121, 3000, 300);
    CHECK.neverDisagrees(new String[] {"read"}, tokens, 5, 20261122, 3000, 300);
    CHECK.neverDisagrees(new String[] {"-n"}, tokens, 6, 20261123, 3000, 20);
    CHECK.neverDisagrees(new String[] {"-S", "x=y"}, tokens, 6, 20261124, 3000, 20);
  }

  @TempDir Path tmp;

  @Test
  void a_failure_in_the_fast_path_goes_through_the_one_error_handler() throws Exception {
    Path notMbox = Files.writeString(tmp.resolve("notes.txt"), "just some text\n");
    Result r = new InProcess().env("HOME", tmp.toString()).run("list", "-f", notMbox.toString());
    assertEquals(65, r.status());
    assertTrue(r.err().startsWith("jmail: ") && r.err().contains("not an mbox"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }
}
