package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MBOX (where quit moves the read messages of the system mailbox) and {@code &} may name an IMAP
 * mailbox, as every other folder variable may: GreenMail on 127.0.0.1 holds it.
 */
class RemoteMboxTest extends GreenMailCase {
  private String archive() {
    return "imaps://bob@localhost:" + greenMail.getImaps().getPort() + "/Archive";
  }

  private InProcess jmail() {
    return InProcess.isolated(home, "me").env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  private String[] args(String... rest) {
    String[] base = {
      "-S",
      "password=open sesame",
      "-S",
      "tls-ca-file=" + LoopbackGreenMail.CA,
      "-S",
      "MBOX=" + archive()
    };
    String[] all = new String[rest.length + base.length];
    System.arraycopy(rest, 0, all, 0, rest.length);
    System.arraycopy(base, 0, all, rest.length, base.length);
    return all;
  }

  @BeforeEach
  void spool() throws Exception {
    Files.write(
        home.resolve("spool"),
        getClass().getResourceAsStream("/fixtures/mbox/session.mbox").readAllBytes());
  }

  @Test
  void quit_moves_the_read_messages_of_the_system_mailbox_to_an_imap_mbox() throws Exception {
    Result r = jmail().stdin("p 2\nq\n").run(args("-N")).succeeded();
    // message 2 read now, 1 and 4 read before (Status: RO)
    assertTrue(r.out().contains("Saved 3 messages in " + archive() + "\n"), r.out());
    String left = Files.readString(home.resolve("spool"), StandardCharsets.ISO_8859_1);
    assertFalse(left.contains("Subject: Lunch?"), left);
    assertTrue(left.contains("Subject: Re: Invoice 42"), "unread: held: " + left);
    assertFalse(Files.exists(home.resolve("mbox")), "nothing written to ~/mbox");

    Result listed = jmail().run(args("list", "--json", "-f", "&")).succeeded();
    assertTrue(listed.out().contains("\"Lunch?\""), "& is the remote MBOX: " + listed.out());
    assertTrue(listed.out().contains("\"seen\""), "moved as read: " + listed.out());
    assertEquals(3, listed.out().split("\"subject\"", -1).length - 1, listed.out());
  }

  @Test
  void a_bad_url_in_mbox_is_a_configuration_error_naming_it() {
    Result r =
        jmail().stdin("p 2\nq\n").run("-N", "-S", "MBOX=imaps://bob@:99999/x", "-S", "password=x");
    r.exits(78);
    assertTrue(r.err().contains("MBOX"), r.err());
  }
}
