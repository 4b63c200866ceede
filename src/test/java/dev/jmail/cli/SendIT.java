package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Launcher;
import dev.jmail.testing.Result;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built launcher, run as cron would: no terminal, HOME in a temp dir, no or C locale. */
class SendIT {
  @TempDir Path home;

  private Launcher jmail() {
    return new Launcher(home).env("LANG", null).env("LC_ALL", null);
  }

  private Path fakeSendmail() throws Exception {
    Path script = home.resolve("fake-sendmail");
    Files.writeString(
        script,
        "#!/bin/sh\n: > \"$0.argv\"\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$0.argv\"; done\ncat > \"$0.stdin\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void sendmail_gets_oi_the_sender_and_recipients_after_a_double_dash() throws Exception {
    Path sm = fakeSendmail();
    for (String lcAll : new String[] {null, "C"}) {
      Result r =
          jmail()
              .env("LC_ALL", lcAll)
              .stdin("Grüße\n.\nFrom me\n")
              .run(
                  "-S",
                  "sendmail=" + sm,
                  "-r",
                  "bot@example.org",
                  "-s",
                  "Grüße",
                  "--",
                  "-oQ/tmp@example.com",
                  "you@example.com")
              .succeeded();
      assertEquals("", r.err());
      List<String> argv = Files.readAllLines(Path.of(sm + ".argv"));
      assertEquals(
          List.of("-oi", "-f", "bot@example.org", "--", "-oQ/tmp@example.com", "you@example.com"),
          argv);
      String msg = Files.readString(Path.of(sm + ".stdin"), StandardCharsets.US_ASCII);
      assertTrue(
          msg.contains("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\n"),
          "argv decoded as UTF-8 with LC_ALL=" + lcAll + ":\n" + msg);
      assertTrue(msg.contains("\n\nGr=C3=BC=C3=9Fe\n.\n=46rom me\n"), msg);
      assertFalse(msg.contains("\r"), "LF line ends for sendmail");
    }
  }

  @Test
  void header_injection_is_refused_and_nothing_is_sent() throws Exception {
    Path sm = fakeSendmail();
    jmail()
        .stdin("x\n")
        .run("-S", "sendmail=" + sm, "-s", "x\nBcc: victim@example.com", "you@example.com")
        .exits(64)
        .errIsOneLine();
    assertFalse(Files.exists(Path.of(sm + ".argv")));
  }

  @Test
  void twenty_concurrent_local_deliveries_leave_twenty_intact_messages() throws Exception {
    Path spool = home.resolve("spool.mbox");
    String me = System.getProperty("user.name");
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Process p =
          jmail().env("MAIL", spool.toString()).start("-S", "mta=local", "-s", "msg " + i, me);
      try (OutputStream in = p.getOutputStream()) {
        in.write(
            ("body of " + i + "\nFrom the middle\n>From quoted\nend " + i + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      ps.add(p);
    }
    for (Process p : ps) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(
          0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    // The body lines "From …" and ">From …" go out encoded (=46rom, =3EFrom): nothing in the spool
    // is quoted, so Python's mailbox (which never unquotes) reads them as written.
    String py =
        "import mailbox,sys,re\n"
            + "msgs=list(mailbox.mbox(sys.argv[1]))\n"
            + "print(len(msgs))\n"
            + "for m in sorted(msgs,key=lambda m:int(m['Subject'].split()[1])):\n"
            + "  n=m['Subject'].split()[1]\n"
            + "  assert not re.search(r'(?m)^>+From ', m.get_payload()), 'quoted: '+m.get_payload()\n"
            + "  body=m.get_payload(decode=True).decode()\n"
            + "  assert body=='body of %s\\nFrom the middle\\n>From quoted\\nend %s\\n'%(n,n), repr(body)\n"
            + "print('ok')\n";
    Process check =
        new ProcessBuilder("python3", "-c", py, spool.toString()).redirectErrorStream(true).start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, check.waitFor(), out);
    assertEquals("20\nok\n", out);
    assertFalse(Files.exists(Path.of(spool + ".lock")), "lock released");
  }

  @Test
  void local_delivery_refuses_remote_recipients_with_a_hint_and_keeps_the_message()
      throws Exception {
    Result r =
        jmail()
            .env("MAIL", home.resolve("box").toString())
            .stdin("remote\n")
            .run("-S", "mta=local", "-s", "x", "someone@example.com")
            .exits(69)
            .errIsOneLine()
            .errContains("mta=smtp://")
            .errContains("dead.letter");
    assertTrue(Files.readString(home.resolve("dead.letter")).contains("remote"), r.err());
    assertFalse(Files.exists(home.resolve("box")));
  }

  @Test
  void a_refused_connection_exits_75_and_dead_letter_is_a_readable_mbox() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    Path dead = home.resolve("custom.dead");
    for (int i = 0; i < 2; i++) {
      jmail()
          .env("DEAD", dead.toString())
          .stdin("attempt " + i + "\n")
          .run("-S", "smtp=127.0.0.1:" + port, "-s", "try " + i, "you@example.com")
          .exits(75)
          .errIsOneLine()
          .errContains("message saved in " + dead);
    }
    Process check =
        new ProcessBuilder(
                "python3",
                "-c",
                "import mailbox,sys\nprint([m['Subject'] for m in mailbox.mbox(sys.argv[1])])",
                dead.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals("['try 0', 'try 1']\n", out);
  }

  @Test
  void record_keeps_a_copy_of_each_sent_message() throws Exception {
    Path sm = fakeSendmail();
    jmail()
        .stdin("recorded\n")
        .run("-S", "sendmail=" + sm, "-S", "record=~/sent.mbox", "-s", "r", "you@example.com")
        .succeeded();
    String sent = Files.readString(home.resolve("sent.mbox"));
    assertTrue(sent.startsWith("From ") && sent.contains("\nrecorded\n\n"), sent);
  }

  @Test
  void
      a_record_that_cannot_be_written_on_a_full_disk_is_removed_or_cut_back_and_the_send_still_succeeds()
          throws Exception {
    Path disk = home.resolve("full");
    Files.createDirectories(disk);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", disk.toString())
                .start()
                .waitFor()
            == 0,
        "cannot mount a tmpfs here (needs root)");
    try {
      Path sm = fakeSendmail();
      String body = ("x".repeat(70) + "\n").repeat(2000); // 142 kB: more than the disk holds
      Path record = disk.resolve("sent.mbox");
      jmail()
          .stdin(body)
          .run("-S", "sendmail=" + sm, "-S", "record=" + record, "-s", "big", "you@example.com")
          .succeeded()
          .errContains("not recorded in " + record);
      assertFalse(Files.exists(record), "a record created and not written is removed");

      Files.writeString(record, "From me Mon Jan  1 00:00:00 2024\n\nearlier\n\n");
      long before = Files.size(record);
      jmail()
          .stdin(body)
          .run("-S", "sendmail=" + sm, "-S", "record=" + record, "-s", "big", "you@example.com")
          .succeeded()
          .errContains("not recorded in " + record);
      assertEquals(before, Files.size(record), "an existing record is cut back to its length");
    } finally {
      new ProcessBuilder("umount", disk.toString()).start().waitFor();
    }
  }
}
