package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jmail.error.ExitStatus;
import dev.jmail.transport.ScriptedSmtpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every documented exit status (README, --help, man page: one table, {@link ExitStatus}) comes from
 * a real case run through the launcher: a table of cases and the status each must give. As root,
 * jmail runs as nobody (setpriv) so that file permissions count.
 */
class ExitStatusIT {
  record Case(String what, int status, byte[] stdin, String... args) {}

  static final String BOX =
      "From a@example.com Mon Jan  1 10:00:00 2024\nFrom: a@example.com\nSubject: one\n\nbody\n\n";

  Path base;
  Path home;
  boolean asNobody;

  @Test
  void every_documented_exit_status_is_produced_by_a_real_case() throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    asNobody = root;
    if (root)
      Assumptions.assumeTrue(
          Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to run as nobody");
    base = Files.createTempDirectory(Path.of("/tmp"), "exit-status-it");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    home = Files.createDirectory(base.resolve("home"));
    Path box = file("box", BOX, "rw-------");
    Path empty = file("empty", "", "rw-------");
    Path unreadable = file("unreadable", BOX, "---------");
    Path readOnly = file("read-only", BOX, "r--r--r--");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    byte[] none = new byte[0];
    byte[] text = "hello\n".getBytes(StandardCharsets.US_ASCII);
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
      smtp.authReply = "535 5.7.8 authentication credentials invalid";
      List<Case> cases =
          List.of(
              new Case("a folder with mail is listed", 0, none, "list", "-f", box.toString()),
              new Case("an empty folder has no mail", 1, none, "list", "-f", empty.toString()),
              new Case("an unknown option", 64, none, "list", "--no-such-option"),
              new Case(
                  "binary data on stdin",
                  65,
                  "\0bin".getBytes(StandardCharsets.US_ASCII),
                  "--dry-run",
                  "-s",
                  "x",
                  "a@example.com"),
              new Case(
                  "a missing folder", 66, none, "list", "-f", base.resolve("missing").toString()),
              new Case(
                  "a folder that cannot be read", 66, none, "list", "-f", unreadable.toString()),
              new Case(
                  "a remote recipient without a mail transport",
                  69,
                  text,
                  "-S",
                  "mta=local",
                  "-s",
                  "x",
                  "bob@example.com"),
              new Case(
                  "a read-only folder that cannot be changed",
                  73,
                  none,
                  "delete",
                  "1",
                  "-f",
                  readOnly.toString()),
              new Case(
                  "a save into a missing directory",
                  73,
                  none,
                  "save",
                  "1",
                  base.resolve("no/such/dir").toString(),
                  "-f",
                  box.toString()),
              new Case(
                  "a save onto a full disk",
                  74,
                  none,
                  "save",
                  "1",
                  "/dev/full",
                  "-f",
                  box.toString()),
              new Case(
                  "a refused connection",
                  75,
                  text,
                  "-S",
                  "mta=smtp://127.0.0.1:" + closedPort,
                  "-s",
                  "x",
                  "bob@example.com"),
              new Case(
                  "a refused SMTP password",
                  77,
                  text,
                  "-S",
                  "mta=smtp://bob@127.0.0.1:" + smtp.port(),
                  "-S",
                  "smtp-auth-password=wrong",
                  "-S",
                  "smtp-auth-allow-plaintext",
                  "-s",
                  "x",
                  "bob@example.com"),
              new Case(
                  "an unsupported mta",
                  78,
                  text,
                  "-S",
                  "mta=bogus://x",
                  "-s",
                  "x",
                  "bob@example.com"));
      Map<Integer, List<String>> wrong = new TreeMap<>();
      for (Case c : cases) {
        String[] got = run(c);
        if (Integer.parseInt(got[0]) != c.status()) {
          wrong
              .computeIfAbsent(c.status(), k -> new ArrayList<>())
              .add(c.what() + ": exit " + got[0] + ": " + got[1]);
        }
      }
      assertEquals(Map.of(), wrong, "cases that gave another status");
      TreeSet<Integer> documented = new TreeSet<>();
      for (ExitStatus s : ExitStatus.values()) documented.add(s.code());
      documented.remove(
          ExitStatus.SOFTWARE.code()); // a bug has no real case: ExitStatusTableTest throws one
      TreeSet<Integer> produced = new TreeSet<>();
      for (Case c : cases) produced.add(c.status());
      assertEquals(documented, produced, "every documented status has a case");
    }
  }

  @AfterEach
  void clean() throws Exception {
    if (base == null) return;
    try (var files = Files.walk(base)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList())
        Files.deleteIfExists(p);
    }
  }

  Path file(String name, String content, String mode) throws Exception {
    Path p = base.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    if (asNobody) Files.setOwner(p, users().lookupPrincipalByName("nobody"));
    return p;
  }

  UserPrincipalLookupService users() {
    return base.getFileSystem().getUserPrincipalLookupService();
  }

  /** {status, stderr} of one run. */
  String[] run(Case c) throws Exception {
    if (asNobody) Files.setOwner(home, users().lookupPrincipalByName("nobody"));
    List<String> cmd = new ArrayList<>();
    if (asNobody)
      cmd.addAll(List.of("setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups"));
    cmd.addAll(
        List.of(
            "env",
            "-i",
            "HOME=" + home,
            "USER=" + (asNobody ? "nobody" : System.getProperty("user.name")),
            "MAIL=" + base.resolve("spool"),
            "PATH=/usr/bin:/bin",
            "JMAIL_SYSTEM_RC=/dev/null",
            "MAILRC=/dev/null",
            Path.of("target/jmail").toAbsolutePath().toString()));
    cmd.addAll(Arrays.asList(c.args()));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().write(c.stdin());
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new String[] {"-1", "timed out"};
    }
    return new String[] {String.valueOf(p.exitValue()), err};
  }
}
