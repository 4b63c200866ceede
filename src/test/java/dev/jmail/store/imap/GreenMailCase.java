package dev.jmail.store.imap;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.BobsMailbox;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
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

  /** jmail in this JVM as user tester, its cache under the test's home. */
  InProcess cachedJmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  /** {@code imaps://bob@localhost:PORT/mailbox}. */
  static String bobs(String mailbox) {
    return "imaps://bob@localhost:" + greenMail.getImaps().getPort() + "/" + mailbox;
  }

  /** {@code rest}, then the options that log in as bob and trust GreenMail's certificate. */
  static String[] asBob(String... rest) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(rest));
    all.addAll(
        java.util.List.of(
            "-S", "password=" + BobsMailbox.PASSWORD, "-S", "tls-ca-file=" + LoopbackGreenMail.CA));
    return all.toArray(new String[0]);
  }

  @BeforeAll
  static void servers() {
    greenMail = mail.server();
    bob = mail.bob();
  }
}
