package dev.jmail.testing;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The mailbox of bob (login {@code bob}, password {@link #PASSWORD}) on a {@link LoopbackGreenMail}
 * started once for a test class and emptied before each test: what the IMAP and POP3 tests read.
 * Register it with {@code @RegisterExtension static final BobsMailbox mail =
 * BobsMailbox.serving(ServerSetup.PROTOCOL_IMAPS)}.
 */
public final class BobsMailbox implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  public static final String PASSWORD = "open sesame";

  private final String[] protocols;
  private GreenMail server;
  private GreenMailUser bob;

  private BobsMailbox(String... protocols) {
    this.protocols = protocols;
  }

  public static BobsMailbox serving(String... protocols) {
    return new BobsMailbox(protocols);
  }

  public GreenMail server() {
    return server;
  }

  public GreenMailUser bob() {
    return bob;
  }

  /** Delivers a message from Alice with this subject and body (CRLF line ends) to bob. */
  public void deliver(String subject, String body) throws Exception {
    String raw =
        "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: "
            + subject
            + "\r\nDate: Thu, 4 Jan 2024 09:05:02 +0000\r\nMessage-ID: <"
            + subject.replace(' ', '.')
            + "@example.org>\r\n\r\n"
            + body;
    deliverRaw(bob, raw);
  }

  /** Delivers a message as written (CRLF line ends) to {@code user}. */
  public static void deliverRaw(GreenMailUser user, String raw) throws Exception {
    user.deliver(
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = LoopbackGreenMail.of(protocols);
    server.start();
    bob = server.setUser("bob@example.org", "bob", PASSWORD);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    server.purgeEmailFromAllMailboxes();
  }
}
