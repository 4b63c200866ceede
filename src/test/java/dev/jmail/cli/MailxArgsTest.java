package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jmail.app.Context;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The mailx fast path ({@link MailxArgs}) agrees with picocli, or leaves the parsing to it. */
class MailxArgsTest {
  private static final Context CONTEXT = FastPathCheck.QUIET;

  /** Every field picocli fills on the root command, as one comparable string. */
  private static String fields(JmailCommand c) {
    GlobalOptions g = c.global;
    SendOptions s = c.send;
    return String.join(
        "\n",
        "S=" + g.assignments,
        "n=" + g.noSystemRc,
        "A=" + g.account,
        "d=" + g.debug,
        "v=" + g.verbose,
        "s=" + s.subject,
        "c=" + s.cc,
        "b=" + s.bcc,
        "a=" + s.attachments,
        "r=" + s.from,
        "C=" + s.headers,
        "E=" + s.skipEmpty,
        "t=" + s.recipientsFromHeaders,
        "dry-run=" + s.dryRun,
        "json=" + s.json,
        "H=" + c.headersOnly,
        "e=" + c.checkMail,
        "f=" + c.folder,
        "N=" + c.noHeaderSummary,
        "operands=" + c.recipients);
  }

  /** picocli's fields for these arguments, or null when picocli rejects them. */
  private static String picocli(String... args) {
    CommandLine cl = Cli.commandLine(CONTEXT, args);
    try {
      CommandLine.ParseResult r = cl.parseArgs(args);
      if (r.isUsageHelpRequested() || r.isVersionHelpRequested() || r.subcommand() != null) {
        return "not the root's mailx mode";
      }
    } catch (CommandLine.ParameterException e) {
      return null;
    }
    return fields((JmailCommand) cl.getCommand());
  }

  private static String fast(String... args) {
    JmailCommand c = MailxArgs.parse(CONTEXT, args, Cli.subcommandNames());
    return c == null ? null : fields(c);
  }

  private static final FastPathCheck CHECK =
      new FastPathCheck(MailxArgsTest::fast, MailxArgsTest::picocli);

  private static void sameAsPicocli(String... args) {
    CHECK.sameAsPicocli(args);
  }

  private static void deferred(String... args) {
    CHECK.deferred(args);
  }

  @Test
  void mailx_command_lines_fill_the_same_fields_as_picocli() {
    sameAsPicocli();
    sameAsPicocli("bob@example.com");
    sameAsPicocli("-s", "Report", "bob@example.com");
    sameAsPicocli("-s", "", "bob@example.com");
    sameAsPicocli("-s", "Grüße aus Köln", "bob@example.com", "carol@example.com");
    sameAsPicocli("-sReport", "bob@example.com");
    sameAsPicocli("-s", "a,b", "bob@example.com");
    sameAsPicocli("-s", "x=y", "bob@example.com");
    sameAsPicocli("-H");
    sameAsPicocli("-H", "-f", "/tmp/box");
    sameAsPicocli("-Hf", "/tmp/box");
    sameAsPicocli("-nH");
    sameAsPicocli("-nHf");
    sameAsPicocli("-e");
    sameAsPicocli("-e", "-f");
    sameAsPicocli("-f");
    sameAsPicocli("-f", "-H");
    sameAsPicocli("-f", "--", "bob");
    sameAsPicocli("-f", "box", "bob");
    sameAsPicocli("-N", "-f", "+inbox");
    sameAsPicocli("-N");
    sameAsPicocli("-S", "mta=smtp://127.0.0.1:2525", "-s", "bench", "you@example.com");
    sameAsPicocli("-S", "a=1", "-S", "b", "-Sc=3", "-n", "bob");
    sameAsPicocli("-A", "work", "-s", "hi", "bob");
    sameAsPicocli("-Awork", "-H");
    sameAsPicocli("-f", "box", "-A", "home");
    sameAsPicocli("-c", "a@x,b@y", "-c", "c@z", "-b", "d@w", "bob");
    sameAsPicocli("-ca@x,b@y", "bob");
    sameAsPicocli("-a", "/tmp/file one.pdf", "-a", "two.txt", "bob");
    sameAsPicocli("-r", "Me <me@example.com>", "bob");
    sameAsPicocli("-C", "X-Tag: 1", "-C", "X-Other: two", "bob");
    sameAsPicocli("-E", "-t");
    sameAsPicocli("-Et", "bob");
    sameAsPicocli("-vd", "bob");
    sameAsPicocli("-nvds", "subject", "bob");
    sameAsPicocli("-nvdsSubject", "bob");
    sameAsPicocli("bob", "-s", "late option", "carol");
    sameAsPicocli("--", "-bob", "--", "carol");
    sameAsPicocli("-s", "hi", "--", "-n");
  }

  @Test
  void anything_else_is_left_to_picocli() {
    deferred("--help");
    deferred("-h");
    deferred("-V");
    deferred("-nV");
    deferred("--version", "-n");
    deferred("--dry-run", "-s", "x", "bob");
    deferred("--subject", "x", "bob");
    deferred("--subject=x", "bob");
    deferred("list");
    deferred("-n", "list");
    deferred("-s", "list", "bob");
    deferred("bob", "--", "send");
    deferred("@args.txt");
    deferred("-s", "hi", "bob", "--", "@notafile");
    deferred("-s", "@subject", "bob");
    deferred("-");
    deferred("-x");
    deferred("-nx");
    deferred("-s");
    deferred("bob", "-c");
    deferred("-s", "-n", "bob");
    deferred("-s", "--", "bob");
    deferred("-s=x", "bob");
    deferred("-s", "a", "-s", "b", "bob");
    deferred("-r", "a@x", "-r", "b@y", "bob");
    deferred("-n", "-n");
    deferred("-HH");
    deferred("-f", "a", "-f", "b");
    deferred("-fbox");
    deferred("-fH");
    deferred("-c", "\"Doe, J\" <j@x>", "bob");
    deferred("-c", "a,,b", "bob");
    deferred("-c", "a,", "bob");
    deferred("-c", "", "bob");
  }

  @Test
  void errors_the_fast_path_declines_keep_picocli_s_message_and_status() {
    Result r = new InProcess().run("-s");
    assertEquals(64, r.status());
    assertTrue(
        r.err().startsWith("jmail: Missing required parameter for option '--subject'"), r.err());
    assertTrue(r.err().contains("see 'jmail --help'"), r.err());
    Result x = new InProcess().run("-nx", "bob");
    assertEquals(64, x.status());
    assertTrue(x.err().contains("Unknown option"), x.err());
  }

  @Test
  void a_failure_in_the_fast_path_goes_through_the_one_error_handler() {
    // -s without recipients: JmailCommand.call() throws, Cli.report prints one line, exit 64.
    Result r = new InProcess().env("HOME", "/nonexistent").run("-s", "subject only");
    assertEquals(64, r.status());
    assertEquals("jmail: no recipients given\n", r.err());
  }

  /**
   * Random command lines over the mailx alphabet: whenever the fast path answers, picocli agrees.
   */
  @Test
  void random_command_lines_never_disagree_with_picocli() {
    String[] tokens = {
      "-s",
      "-c",
      "-b",
      "-a",
      "-r",
      "-S",
      "-C",
      "-E",
      "-t",
      "-v",
      "-n",
      "-d",
      "-H",
      "-e",
      "-N",
      "-f",
      "-nH",
      "-vs",
      "-sx",
      "-ca,b",
      "-Ef",
      "--",
      "-",
      "bob",
      "a@x,b@y",
      "x=y",
      "",
      "Subj ect",
      "-x",
      "--dry-run",
      "-h",
      "-V",
      "list",
      "@f",
      "=v",
      "-tE",
      "-Hn",
      "-Sa=b",
      " -n",
      "-n ",
      "-s=x",
      "-f=box",
      "-fbox",
      "bob,carol",
      "-cb",
      "-bc",
      "-ab",
      "-rme",
      "-C",
      "X: y",
      "-nHeN",
      "-Ctx",
      "-A",
      "work",
      "-Awork",
      "-nA",
    };
    CHECK.neverDisagrees(new String[0], tokens, 6, 20240601, 5000, 500);
  }

  /** An option added to the root command must be parsed here or explicitly left to picocli. */
  @Test
  void every_short_option_of_the_root_command_is_handled_or_deferred() {
    CommandLine cl = Cli.commandLine(CONTEXT);
    Set<Character> modelShort = new HashSet<>();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      for (String name : o.names()) {
        if (name.length() != 2 || name.charAt(0) != '-' || name.charAt(1) == '-') continue;
        char c = name.charAt(1);
        modelShort.add(c);
        String what = "option " + name;
        if (MailxArgs.FLAGS.indexOf(c) >= 0) {
          assertEquals(0, o.arity().max(), what + " is a flag in MailxArgs");
        } else if (MailxArgs.VALUED.indexOf(c) >= 0) {
          assertEquals(1, o.arity().min(), what + " takes one value in MailxArgs");
          assertEquals(1, o.arity().max(), what + " takes one value in MailxArgs");
          assertEquals(
              MailxArgs.REPEATABLE.indexOf(c) >= 0, o.isMultiValue(), what + ": repeatable?");
          String split = c == 'c' || c == 'b' ? "," : "";
          assertEquals(split, o.splitRegex(), what + ": split");
          assertFalse(o.hasInitialValue() && !o.isMultiValue() && o.initialValue() != null, what);
        } else if (MailxArgs.OPTIONAL.indexOf(c) >= 0) {
          assertEquals(0, o.arity().min(), what);
          assertEquals(1, o.arity().max(), what);
          assertEquals("&", o.fallbackValue(), what + ": the value MailxArgs uses alone");
        } else if (MailxArgs.DEFERRED.indexOf(c) < 0) {
          fail(
              what
                  + " is neither parsed by MailxArgs nor left to picocli there (MailxArgs.DEFERRED)");
        }
      }
    }
    for (char c :
        (MailxArgs.FLAGS + MailxArgs.VALUED + MailxArgs.OPTIONAL + MailxArgs.DEFERRED)
            .toCharArray()) {
      assertTrue(
          modelShort.contains(c),
          "MailxArgs knows -" + c + ", which the root command no longer has");
    }
    List<String> positionals = new ArrayList<>();
    cl.getCommandSpec().positionalParameters().forEach(p -> positionals.add(p.paramLabel()));
    assertEquals(List.of("ADDRESS"), positionals, "MailxArgs takes every operand as a recipient");
  }
}
