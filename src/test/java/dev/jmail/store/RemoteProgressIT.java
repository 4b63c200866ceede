package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.BobsMailbox;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.ExternalTools;
import dev.jmail.testing.Launcher;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long work on a server draws a progress line (done/total, rate, bytes) on stderr when it is a
 * terminal ({@code script(1)} gives the launcher one), erased at the end; with stderr not a
 * terminal (cron, pipes) nothing: a POP3 fetch of many messages, and the first listing of an IMAP
 * folder of 1,000 messages (the cache's first fill), whose lines go to a file meanwhile.
 */
class RemoteProgressIT {
  @RegisterExtension
  static final BobsMailbox mail =
      BobsMailbox.serving(ServerSetup.PROTOCOL_IMAPS, ServerSetup.PROTOCOL_POP3S);

  @TempDir Path home;

  private String options() {
    return "-S 'password=" + BobsMailbox.PASSWORD + "' -S tls-ca-file=" + LoopbackGreenMail.CA;
  }

  private Launcher launcher() {
    return new Launcher(home)
        .env("MAIL", home.resolve("spool").toString())
        .env("XDG_CACHE_HOME", home.resolve("cache").toString())
        .env("XDG_STATE_HOME", home.resolve("state").toString());
  }

  /** Runs a shell command line under script(1): stdin, stdout, stderr on a pty; the screen. */
  private String onTerminal(String commandLine) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("script", "-qec", commandLine, "/dev/null").redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("MAILRC", "/dev/null");
    pb.environment().put("JMAIL_SYSTEM_RC", "/dev/null");
    pb.environment().put("MAIL", home.resolve("spool").toString());
    pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
    Process p = pb.start();
    String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(Bounds.seconds(120), TimeUnit.SECONDS), "jmail did not finish");
    assertEquals(0, p.exitValue(), screen);
    return screen;
  }

  private static void deliver(int n) throws Exception {
    Session s = Session.getInstance(new Properties());
    for (int i = 1; i <= n; i++) {
      String raw =
          "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: m"
              + i
              + "\r\nDate: Thu, 4 Jan 2024 09:05:02 +0000\r\n\r\nbody "
              + i
              + "\r\n";
      mail.bob()
          .deliver(
              new MimeMessage(
                  s, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }
  }

  @Test
  void a_pop3_fetch_shows_its_progress_on_a_terminal_and_nothing_without_one() throws Exception {
    ExternalTools.assumeInstalled("script");
    deliver(40);
    String url = "pop3s://bob@localhost:" + mail.server().getPop3s().getPort();
    String screen = onTerminal(Launcher.path() + " fetch " + options() + " " + url);
    assertTrue(screen.matches("(?s)\rjmail: fetched \\d+/40 \\(\\d+/s, \\d+ KiB.*"), screen);
    assertTrue(screen.contains("\rjmail: fetched 40/40 ("), screen);
    assertTrue(screen.contains("\r\u001b[K"), "erased: " + screen);
    assertTrue(screen.contains("jmail: 40 new of 40 message(s) into "), screen);
    assertEquals(40, count(Files.readString(home.resolve("spool")), "\nSubject: m"));

    deliver(5); // five more for the quiet run (the first 40 are remembered by UIDL)
    Result quiet =
        launcher()
            .run(
                "fetch",
                "-S",
                "password=" + BobsMailbox.PASSWORD,
                "-S",
                "tls-ca-file=" + LoopbackGreenMail.CA,
                url)
            .succeeded();
    assertEquals("", quiet.err(), "stderr not a terminal: no progress, no summary line");
    assertEquals(45, count(Files.readString(home.resolve("spool")), "\nSubject: m"));
  }

  @Test
  void the_first_listing_of_a_large_imap_folder_shows_its_progress_while_the_lines_go_to_a_file()
      throws Exception {
    ExternalTools.assumeInstalled("script");
    deliver(1000);
    String url = "imaps://bob@localhost:" + mail.server().getImaps().getPort();
    Path listing = home.resolve("listing.txt");
    String screen =
        onTerminal(Launcher.path() + " list " + options() + " -f " + url + " > " + listing);
    assertTrue(screen.contains("jmail: summaries fetched "), screen);
    assertTrue(screen.matches("(?s).*\rjmail: summaries fetched \\d+/1000 \\(.*"), screen);
    assertTrue(screen.contains("\r\u001b[K"), "erased: " + screen);
    assertEquals(1000, Files.readAllLines(listing).size());
    assertFalse(Files.readString(listing).contains("\u001b"), "the listing is clean");

    // the cache is filled: the next listing has nothing to fetch, and no line is drawn
    String again =
        onTerminal(Launcher.path() + " list " + options() + " -f " + url + " > " + listing);
    assertFalse(again.contains("summaries fetched"), again);

    Path cold = home.resolve("cache-cold");
    Result quiet =
        launcher()
            .env("XDG_CACHE_HOME", cold.toString())
            .run(
                "list",
                "-S",
                "password=" + BobsMailbox.PASSWORD,
                "-S",
                "tls-ca-file=" + LoopbackGreenMail.CA,
                "-f",
                url)
            .succeeded();
    assertEquals("", quiet.err(), "stderr not a terminal: no progress");
    assertEquals(1000, quiet.out().lines().count());
  }

  private static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }
}
