package dev.jmail.cli;

import dev.jmail.app.Invocation;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every jmail command accepts (a mixin on the root and on each subcommand). */
public final class GlobalOptions {
  @Option(
      names = {"-S", "--set"},
      paramLabel = "VAR[=VALUE]",
      description = "Set a variable as in the rc file (repeatable); overrides the rc files.")
  List<String> assignments = new ArrayList<>();

  @Option(
      names = {"-n", "--no-system-rc"},
      description = "Do not read the system start-up file (/etc/mail.rc).")
  boolean noSystemRc;

  @Option(
      names = {"-A", "--account"},
      paramLabel = "ACCOUNT",
      description =
          "Use the settings of this account (an account NAME { ... } block of the rc files).")
  String account;

  @Option(
      names = {"-d", "--debug"},
      description = "Show stack traces and internal detail on errors.")
  boolean debug;

  @Option(
      names = {"-v", "--verbose"},
      description = "Verbose: show the SMTP dialogue on stderr (secrets masked).")
  boolean verbose;

  public List<String> assignments() {
    return assignments;
  }

  public boolean noSystemRc() {
    return noSystemRc;
  }

  /** The account chosen with -A, or null. */
  public String account() {
    return account;
  }

  public boolean debug() {
    return debug;
  }

  public boolean verbose() {
    return verbose;
  }

  /** What the run needs of these options. */
  Invocation.Options toOptions() {
    return new Invocation.Options(List.copyOf(assignments), noSystemRc, account, debug, verbose);
  }

  /** Root options first, then a subcommand's own: {@code jmail -S a=1 send -S a=2} gives 2. */
  GlobalOptions mergedWith(GlobalOptions sub) {
    GlobalOptions g = new GlobalOptions();
    g.assignments.addAll(assignments);
    g.assignments.addAll(sub.assignments);
    g.noSystemRc = noSystemRc || sub.noSystemRc;
    g.account = sub.account != null ? sub.account : account;
    g.debug = debug || sub.debug;
    g.verbose = verbose || sub.verbose;
    return g;
  }
}
