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
}
