package dev.jmail.store.imap;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.LoopbackGreenMail;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GreenMail IMAP tests' common frame: IMAP and IMAPS on 127.0.0.1 for the test class, user bob
 * (password "open sesame"), every mailbox emptied before each test.
 */
abstract class GreenMailCase {
  static GreenMail greenMail;
  static GreenMailUser bob;

  @TempDir Path home;

  @BeforeAll
  static void startGreenMail() {
    greenMail = LoopbackGreenMail.of(ServerSetup.PROTOCOL_IMAP, ServerSetup.PROTOCOL_IMAPS);
    greenMail.start();
    bob = greenMail.setUser("bob@example.org", "bob", "open sesame");
  }

  @AfterAll
  static void stopGreenMail() {
    greenMail.stop();
  }

  @BeforeEach
  void purgeMailboxes() throws Exception {
    greenMail.purgeEmailFromAllMailboxes();
  }
}
