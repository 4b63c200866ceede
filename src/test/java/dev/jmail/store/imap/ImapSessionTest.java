package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.app.Context;
import dev.jmail.cli.Cli;
import dev.jmail.config.Env;
import dev.jmail.testing.BobsMailbox;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A mailx session on an IMAP folder (GreenMail on 127.0.0.1) while another client changes it: the
 * other client acts when the session asks for its first command, so the folder is open by then.
 * What the user deleted or flagged is found again by UID at quit; nothing else is touched.
 */
class ImapSessionTest extends GreenMailCase {
  @BeforeEach
  void fourMessages() throws Exception {
    for (String s : List.of("one", "two", "three", "four")) deliver(s);
  }

  static void deliver(String subject) throws Exception {
    BobsMailbox.deliverRaw(
        bob,
        "From: alice@example.org\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + subject
            + "@x>\r\n\r\nx\r\n");
  }

  /** Another client's change, as a step of the session's input: it runs when first read. */
  interface Change {
    void on(Folder inbox) throws Exception;
  }

  static InputStream otherClientThen(Change change, String commands) {
    InputStream hook =
        new InputStream() {
          @Override
          public int read() {
            try {
              Store store = Session.getInstance(new Properties()).getStore("imap");
              store.connect("127.0.0.1", greenMail.getImap().getPort(), "bob", "open sesame");
              try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                change.on(inbox);
                inbox.close(false);
              } finally {
                store.close();
              }
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return -1;
          }
        };
    return new SequenceInputStream(
        hook, new ByteArrayInputStream(commands.getBytes(StandardCharsets.UTF_8)));
  }

  private Result session(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env =
        Env.of(
            Map.of(
                "HOME",
                home.toString(),
                "USER",
                "tester",
                "MAILRC",
                "/dev/null",
                "JMAIL_SYSTEM_RC",
                "/dev/null",
                "MAIL",
                home.resolve("spool").toString(),
                "XDG_CACHE_HOME",
                home.resolve("cache").toString()));
    Context ctx =
        new Context(
            env,
            in,
            new PrintStream(out, false, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    int status =
        Cli.run(
            ctx,
            new String[] {
              "-S",
              "password=open sesame",
              "-S",
              "tls-ca-file=" + LoopbackGreenMail.CA,
              "-f",
              "imaps://bob@localhost:" + greenMail.getImaps().getPort()
            });
    return new Result(status, out.toByteArray(), err.toByteArray());
  }

  /** Each message left on the server as "subject flags" (S seen, F flagged, D deleted). */
  static List<String> left() throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      out.add(
          m.getSubject()
              + " "
              + (m.isSet(Flags.Flag.SEEN) ? "S" : "")
              + (m.isSet(Flags.Flag.FLAGGED) ? "F" : "")
              + (m.isSet(Flags.Flag.DELETED) ? "D" : ""));
    }
    return out;
  }

  @Test
  void a_message_expunged_meanwhile_is_reported_gone_and_quit_removes_only_what_the_user_deleted()
      throws Exception {
    Result r =
        session(
            otherClientThen(
                inbox -> {
                  inbox.getMessage(2).setFlag(Flags.Flag.DELETED, true);
                  inbox.expunge(); // "two" is gone
                  inbox.getMessage(3).setFlag(Flags.Flag.DELETED, true); // "four": marked only
                },
                "print 2\ndelete 1\nquit\n"));
    assertTrue(r.err().contains("message 2 (UID ") && r.err().contains("gone"), r.err());
    assertTrue(
        r.err().contains("1 message was removed by another client meanwhile (left alone)"),
        r.err());
    assertTrue(r.out().contains("1 message deleted, 2 kept"), r.out());
    assertEquals(List.of("three ", "four D"), left());
  }

  @Test
  void quit_sends_only_the_flags_the_user_changed_and_keeps_another_clients() throws Exception {
    Result r =
        session(
            otherClientThen(
                inbox -> {
                  inbox.getMessage(1).setFlag(Flags.Flag.FLAGGED, true);
                  inbox.getMessage(3).setFlag(Flags.Flag.SEEN, true);
                },
                "print 2\nquit\n"));
    assertFalse(r.err().contains("jmail:"), r.err());
    assertEquals(List.of("one F", "two S", "three S", "four "), left());
  }

  @Test
  void mail_arriving_during_a_session_is_announced_at_the_prompt_and_listed() throws Exception {
    Result r = session(otherClientThen(inbox -> deliver("five"), "h\nh\nx\n"));
    String out = r.out();
    int announced = out.indexOf("New mail has arrived: 1 message (from 5).");
    assertTrue(announced > 0, out);
    assertFalse(out.substring(0, announced).contains("five"), out);
    assertTrue(out.substring(announced).matches("(?s).*\\b5 .*five.*"), out);
    assertFalse(r.err().contains("jmail:"), r.err());
  }
}
