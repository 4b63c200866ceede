package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sendmail pipe: a program's exit status alone does not prove it took the message. */
class SendmailTransportTest {
  @TempDir Path dir;

  private Path script(String body) throws Exception {
    Path p = dir.resolve("sendmail");
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private static Outgoing message(int bodyBytes) {
    String text = "Subject: big\r\n\r\n" + ("x".repeat(70) + "\r\n").repeat(bodyBytes / 72 + 1);
    return new Outgoing(
        new SmtpEnvelope("me@example.com", List.of("you@example.com")),
        "<id@example.com>",
        text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void a_program_that_exits_0_without_reading_the_message_is_a_failure_not_a_delivery()
      throws Exception {
    Path sm = script("exec 0<&-\nsleep 0.2\nexit 0");
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () ->
                new SendmailTransport(sm.toString(), Duration.ofSeconds(30))
                    .send(message(1 << 20)));
    assertTrue(e.getMessage().contains("before reading the whole message"), e.getMessage());
  }

  @Test
  void a_program_that_reads_everything_and_exits_0_delivers() throws Exception {
    Path out = dir.resolve("got");
    Path sm = script("cat > '" + out + "'");
    Outgoing m = message(1 << 20);
    new SendmailTransport(sm.toString(), Duration.ofSeconds(30)).send(m);
    assertEquals(m.lfBytes().length, Files.size(out));
  }

  @Test
  void a_hung_program_is_stopped_with_everything_it_started_after_sendmail_timeout()
      throws Exception {
    Path pid = dir.resolve("child.pid");
    // Reads nothing and never exits; its child (which holds stderr open) must be stopped too.
    Path sm = script("sleep 30 &\necho $! > '" + pid + "'\nwait");
    long start = System.nanoTime();
    TemporaryFailureException e =
        assertThrows(
            TemporaryFailureException.class,
            () ->
                new SendmailTransport(sm.toString(), Duration.ofMillis(500))
                    .send(message(1 << 20)));
    long took = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
    assertTrue(e.getMessage().contains("sendmail-timeout"), e.getMessage());
    assertTrue(took < Bounds.millis(5_000), "returned after " + took + " ms");
    long child = Long.parseLong(Files.readString(pid).strip());
    long until = System.nanoTime() + Bounds.millis(5_000) * 1_000_000;
    while (running(child) && System.nanoTime() < until) Thread.onSpinWait();
    assertFalse(running(child), "the sleep child is stopped");
  }

  @Test
  void a_timed_out_send_exits_75_with_one_line_and_the_message_in_dead_letter() throws Exception {
    Path sm = script("exec sleep 30");
    Result r =
        new InProcess()
            .env("HOME", dir.toString())
            .env("USER", "tester")
            .env("MAILRC", "/dev/null")
            .env("JMAIL_SYSTEM_RC", "/dev/null")
            .stdin("the body survives\n")
            .run(
                "-S",
                "sendmail=" + sm,
                "-S",
                "sendmail-timeout=1",
                "-s",
                "cron report",
                "you@example.com")
            .exits(75)
            .errIsOneLine();
    assertTrue(
        r.err().startsWith("jmail: sendmail:" + sm + ": no answer within 1 s (sendmail-timeout)"),
        r.err());
    assertTrue(r.err().contains("dead.letter"), r.err());
    String dead = Files.readString(dir.resolve("dead.letter"));
    assertTrue(
        dead.startsWith("From ")
            && dead.contains("Subject: cron report\n")
            && dead.contains("\nthe body survives\n"),
        dead);
  }

  @Test
  void a_sendmail_timeout_that_is_not_a_positive_number_is_a_config_error() {
    new InProcess()
        .env("HOME", dir.toString())
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null")
        .stdin("x\n")
        .run("-S", "sendmail=/bin/cat", "-S", "sendmail-timeout=0", "you@example.com")
        .exits(78)
        .errIsOneLine()
        .errContains("sendmail-timeout");
  }

  private static Outgoing to(String... rcpts) {
    return new Outgoing(
        new SmtpEnvelope("me@example.com", List.of(rcpts)),
        "<id@example.com>",
        "Subject: s\r\n\r\n.\r\nafter the dot\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void the_program_gets_the_sender_and_recipients_that_can_never_be_read_as_options()
      throws Exception {
    Path args = dir.resolve("args");
    Path got = dir.resolve("got");
    Path sm = script("printf '%s\\n' \"$@\" > '" + args + "'\ncat > '" + got + "'");
    Delivered d =
        new SendmailTransport(sm.toString(), Duration.ofSeconds(30))
            .send(to("you@example.com", "-oQ/tmp"));
    assertEquals(List.of("you@example.com", "-oQ/tmp"), d.accepted());
    assertEquals(
        List.of("-oi", "-f", "me@example.com", "--", "you@example.com", "-oQ/tmp"),
        Files.readAllLines(args));
    // -oi: the line with one dot is part of the message, which the program gets with LF line ends
    assertEquals("Subject: s\n\n.\nafter the dot\n", Files.readString(got));
    assertEquals(
        "sendmail:" + sm, new SendmailTransport(sm.toString(), Duration.ofSeconds(1)).describe());
  }

  @Test
  void the_exit_status_says_whether_to_retry_and_the_programs_complaint_is_kept_on_one_line()
      throws Exception {
    String complaint = "cat > /dev/null; printf 'mail  queue\\n  full\\n' >&2; exit ";
    TemporaryFailureException later =
        assertThrows(
            TemporaryFailureException.class,
            () ->
                new SendmailTransport(script(complaint + "75").toString(), Duration.ofSeconds(30))
                    .send(to("you@example.com")));
    assertTrue(
        later.getMessage().endsWith(": exited with status 75: mail queue full"),
        later.getMessage());
    assertEquals(
        dev.jmail.error.ExitStatus.NO_PERMISSION,
        assertThrows(
                dev.jmail.error.PermissionException.class,
                () ->
                    new SendmailTransport(
                            script(complaint + "77").toString(), Duration.ofSeconds(30))
                        .send(to("you@example.com")))
            .status());
    UnavailableException refused =
        assertThrows(
            UnavailableException.class,
            () ->
                new SendmailTransport(
                        script("cat > /dev/null; exit 67").toString(), Duration.ofSeconds(30))
                    .send(to("you@example.com")));
    assertTrue(refused.getMessage().endsWith(": exited with status 67"), refused.getMessage());
    String longWhy = "x".repeat(600);
    UnavailableException chatty =
        assertThrows(
            UnavailableException.class,
            () ->
                new SendmailTransport(
                        script("cat > /dev/null; echo " + longWhy + " >&2; exit 1").toString(),
                        Duration.ofSeconds(30))
                    .send(to("you@example.com")));
    assertTrue(chatty.getMessage().endsWith(": " + "x".repeat(500)), chatty.getMessage());
  }

  @Test
  void a_program_that_cannot_be_run_is_unavailable() {
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () ->
                new SendmailTransport(dir.resolve("missing").toString(), Duration.ofSeconds(5))
                    .send(to("you@example.com")));
    assertTrue(e.getMessage().startsWith("sendmail:" + dir.resolve("missing") + ": cannot run: "));
  }

  /** Running: alive and not a zombie waiting for an init that may never reap it. */
  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (!Files.isDirectory(Path.of("/proc/self")))
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    if (!Files.exists(stat)) return false;
    String s = Files.readString(stat);
    return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
  }
}
