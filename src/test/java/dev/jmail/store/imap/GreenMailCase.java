package dev.jmail.store.imap;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.BobsMailbox;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GreenMail IMAP tests' common frame: {@link BobsMailbox} over IMAP and IMAPS for the test
 * class (bob, password "open sesame", emptied before each test), as {@link #greenMail} and {@link
 * #bob}.
 */
abstract class GreenMailCase {
  @RegisterExtension
  static final BobsMailbox mail =
      BobsMailbox.serving(ServerSetup.PROTOCOL_IMAP, ServerSetup.PROTOCOL_IMAPS);

  static GreenMail greenMail;
  static GreenMailUser bob;

  @TempDir Path home;

  @BeforeAll
  static void servers() {
    greenMail = mail.server();
    bob = mail.bob();
  }
}
