package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local delivery to yourself when {@code $MAIL} is a Maildir rather than an mbox file. */
class LocalDeliveryTest {
  @TempDir Path home;

  @Test
  void local_delivery_to_a_mail_variable_naming_a_maildir_delivers_into_new() throws Exception {
    Path md = home.resolve("Maildir");
    for (String sub : new String[] {"cur", "new", "tmp"}) Files.createDirectories(md.resolve(sub));
    InProcess jmail =
        new InProcess()
            .env("HOME", home.toString())
            .env("USER", "tester")
            .env("MAIL", md.toString())
            .env("MAILRC", "/dev/null")
            .env("JMAIL_SYSTEM_RC", "/dev/null");
    jmail
        .stdin("hello maildir\n")
        .run("-S", "mta=local", "-s", "to my Maildir", "tester")
        .succeeded();
    List<Path> delivered;
    try (Stream<Path> s = Files.list(md.resolve("new"))) {
      delivered = s.toList();
    }
    assertEquals(1, delivered.size());
    String text = Files.readString(delivered.get(0), StandardCharsets.UTF_8);
    assertTrue(
        text.contains("Subject: to my Maildir\n") && text.endsWith("\nhello maildir\n"), text);
    assertFalse(text.startsWith("From "), "no mbox separator in a Maildir file");
    assertFalse(Files.exists(home.resolve("dead.letter")));
    jmail.run("list").succeeded().outContains("to my Maildir");
  }

  @Test
  void record_naming_an_existing_maildir_keeps_the_sent_copy_there_marked_seen() throws Exception {
    Path sent = home.resolve("Mail/Sent");
    for (String sub : new String[] {"cur", "new", "tmp"})
      Files.createDirectories(sent.resolve(sub));
    Path sm = home.resolve("sendmail");
    Files.writeString(sm, "#!/bin/sh\ncat > /dev/null\n");
    sm.toFile().setExecutable(true);
    new InProcess()
        .env("HOME", home.toString())
        .env("USER", "tester")
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null")
        .stdin("copy me\n")
        .run(
            "-S",
            "sendmail=" + sm,
            "-S",
            "folder=" + home.resolve("Mail"),
            "-S",
            "record=+Sent",
            "-s",
            "kept",
            "you@example.com")
        .succeeded()
        .errEquals("");
    List<Path> kept;
    try (Stream<Path> s = Files.list(sent.resolve("cur"))) {
      kept = s.toList();
    }
    assertEquals(1, kept.size());
    assertTrue(kept.get(0).getFileName().toString().endsWith(":2,S"), kept.toString());
    assertTrue(Files.readString(kept.get(0)).contains("Subject: kept\n"));
  }

  @Test
  void record_with_a_maildir_prefix_behaves_like_save_to_the_same_name() throws Exception {
    Path sm = home.resolve("sendmail");
    Files.writeString(sm, "#!/bin/sh\ncat > /dev/null\n");
    sm.toFile().setExecutable(true);
    new InProcess()
        .env("HOME", home.toString())
        .env("USER", "tester")
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null")
        .stdin("copy me\n")
        .run("-S", "sendmail=" + sm, "-S", "record=maildir:~/Sent", "-s", "kept", "you@example.com")
        .succeeded()
        .errEquals("");
    Path sent = home.resolve("Sent");
    assertFalse(Files.exists(home.resolve("maildir:~")), "not read as a relative path");
    List<Path> kept;
    try (Stream<Path> s = Files.list(sent.resolve("cur"))) {
      kept = s.toList();
    }
    assertEquals(1, kept.size(), "a new Maildir, as save maildir:~/Sent makes");
    assertTrue(Files.readString(kept.get(0)).contains("Subject: kept\n"));
  }

  @TempDir Path spoolDir;

  private LocalDelivery local(String hostname) {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("HOME", home.toString());
    env.put("USER", "tester");
    env.put("MAIL", home.resolve("spool").toString());
    env.put("HOSTNAME", hostname);
    env.put("JMAIL_SPOOL_DIR", spoolDir.toString());
    return new LocalDelivery(
        dev.jmail.config.Settings.load(dev.jmail.config.Env.of(env), true, List.of()));
  }

  private static dev.jmail.compose.Outgoing to(String... rcpts) {
    return new dev.jmail.compose.Outgoing(
        new dev.jmail.compose.SmtpEnvelope("tester", List.of(rcpts)),
        "<1@box>",
        "Subject: local\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void an_address_is_local_without_a_domain_at_localhost_or_at_this_hosts_name_any_case() {
    LocalDelivery d = local("box.example.org");
    assertEquals("bob", d.localUser("bob"));
    assertEquals("bob", d.localUser("bob@localhost"));
    assertEquals("bob", d.localUser("bob@LocalHost"));
    assertEquals("bob", d.localUser("bob@localhost.localdomain"));
    assertEquals("bob", d.localUser("bob@box.example.org"));
    assertEquals("bob", d.localUser("bob@BOX.example.org"));
    assertEquals("bob", d.localUser("bob@box"));
    assertEquals("a@b", d.localUser("a@b@localhost"));
    assertEquals(null, d.localUser("bob@example.org"));
    assertEquals(null, d.localUser("bob@box.example"));
    assertEquals(null, d.localUser("bob@boxer"));
    assertEquals(null, d.localUser("bob@"));
    assertEquals("bob", local("box").localUser("bob@box"));
    assertEquals(null, local("box").localUser("bob@bo"));
  }

  @Test
  void mail_for_another_domain_is_refused_before_anyone_gets_it() {
    dev.jmail.error.UnavailableException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.jmail.error.UnavailableException.class,
            () -> local("box").send(to("tester", "ops@example.com", "x@example.net")));
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot deliver to ops@example.com, x@example.net: no mail transport is"
                    + " configured"),
        e.getMessage());
    assertFalse(Files.exists(home.resolve("spool")), "not even to tester");
  }

  @Test
  void a_recipient_that_is_no_user_name_or_no_user_is_refused() {
    for (String bad : List.of("../etc/passwd", "-rf", ".hidden")) {
      assertEquals(
          "cannot deliver to " + bad + ": not a local user name",
          org.junit.jupiter.api.Assertions.assertThrows(
                  dev.jmail.error.UnavailableException.class, () -> local("box").send(to(bad)))
              .getMessage());
    }
    assertEquals(
        "cannot deliver to no-such-user-4711@localhost: no such local user",
        org.junit.jupiter.api.Assertions.assertThrows(
                dev.jmail.error.UnavailableException.class,
                () -> local("box").send(to("no-such-user-4711@localhost")))
            .getMessage());
  }

  @Test
  void delivery_to_yourself_goes_to_mail_and_says_who_got_it() throws Exception {
    Delivered d = local("box").send(to("tester@box"));
    assertEquals(List.of("tester@box"), d.accepted());
    assertEquals("local", d.transport());
    String spool = Files.readString(home.resolve("spool"));
    assertTrue(spool.startsWith("From tester "), spool);
    assertTrue(spool.contains("Subject: local\n\nbody\n"), spool);
  }

  @Test
  void a_failure_after_a_delivery_says_who_already_has_the_message() throws Exception {
    // a directory where nobody's spool file should be: the second delivery fails
    Files.createDirectories(spoolDir.resolve("nobody"));
    Files.writeString(spoolDir.resolve("nobody/cur"), "not a Maildir\n");
    dev.jmail.error.JmailException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.jmail.error.JmailException.class, () -> local("box").send(to("tester", "nobody")));
    assertTrue(e.getMessage().endsWith(" (already delivered to tester)"), e.getMessage());
    assertTrue(Files.readString(home.resolve("spool")).contains("Subject: local"));
  }
}
