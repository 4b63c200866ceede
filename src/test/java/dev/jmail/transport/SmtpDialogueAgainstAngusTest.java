package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jmail.compose.Outgoing;
import dev.jmail.compose.SmtpEnvelope;
import dev.jmail.config.Env;
import dev.jmail.net.TlsPolicy;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.LoopbackGreenMail;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;

/**
 * Differential: the same message sent by jmail's SMTP client and by Jakarta Mail's SMTPTransport
 * (configured as jmail configured it before, for plain SMTP, STARTTLS with AUTH PLAIN and AUTH
 * LOGIN) to the same scripted server gives the same commands in the same order and the same message
 * text.
 */
class SmtpDialogueAgainstAngusTest {
  private static final String MESSAGE =
      "From: a@x.org\r\nTo: b@x.org\r\nSubject: s\r\nMessage-ID: <1@x.org>\r\n\r\n"
          + ".dot\r\n..two\r\nbody\r\n";

  /** Recipients of every run; "bad@x.org" is refused by the server when among them. */
  private static List<String> recipients = List.of("b@x.org");

  private record Run(List<String> commands, List<String> messages) {}

  private static Run angus(SmtpConfig.Security security, String mechanism) throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = security == SmtpConfig.Security.STARTTLS;
      s.rcptReplies.put("bad@x.org", "550 5.1.1 no such user");
      Properties p = new Properties();
      p.put("mail.smtp.host", "localhost");
      p.put("mail.smtp.port", Integer.toString(s.port()));
      p.put("mail.smtp.from", "a@x.org");
      p.put("mail.smtp.localhost", "client.example");
      p.put("mail.smtp.quitwait", "false");
      if (s.starttls) {
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put(
            "mail.smtp.ssl.socketFactory",
            new TlsPolicy(true, LoopbackGreenMail.CA).socketFactory());
      }
      if (mechanism != null) {
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.auth.mechanisms", mechanism);
      }
      Session session = Session.getInstance(p);
      MimeMessage m =
          new MimeMessage(
              session, new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII)));
      try (SMTPTransport t = (SMTPTransport) session.getTransport("smtp")) {
        if (mechanism != null) t.connect("localhost", s.port(), "bob", "pw");
        else t.connect("localhost", s.port(), null, null);
        InternetAddress[] to = new InternetAddress[recipients.size()];
        for (int i = 0; i < to.length; i++) to[i] = new InternetAddress(recipients.get(i));
        t.sendMessage(m, to);
      } catch (jakarta.mail.SendFailedException refused) {
        // the refused recipient: compared below
      }
      s.awaitSessionEnd(Bounds.millis(10_000));
      return new Run(new ArrayList<>(s.commands), new ArrayList<>(s.messages));
    }
  }

  private static Run jmail(SmtpConfig.Security security, String mechanism) throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = security == SmtpConfig.Security.STARTTLS;
      s.rcptReplies.put("bad@x.org", "550 5.1.1 no such user");
      SmtpConfig config =
          new SmtpConfig(
              security,
              "localhost",
              s.port(),
              mechanism == null ? null : "bob",
              mechanism == null ? null : "pw",
              mechanism,
              LoopbackGreenMail.CA,
              true,
              10);
      try {
        new SmtpTransport(config, Env.of(Map.of("HOSTNAME", "client.example")), Diagnostics.quiet())
            .send(
                new Outgoing(
                    new SmtpEnvelope("a@x.org", recipients),
                    "<1@x.org>",
                    MESSAGE.getBytes(StandardCharsets.US_ASCII)));
      } catch (dev.jmail.error.UnavailableException refused) {
        // the refused recipient: compared below
      }
      s.awaitSessionEnd(Bounds.millis(10_000));
      return new Run(new ArrayList<>(s.commands), new ArrayList<>(s.messages));
    }
  }

  private static void same(SmtpConfig.Security security, String mechanism) throws Exception {
    Run a = angus(security, mechanism);
    Run j = jmail(security, mechanism);
    // The one difference: Jakarta Mail's PLAIN names the user as authorisation identity too
    // (bob NUL bob NUL pw); jmail leaves it empty (NUL bob NUL pw), as s-nail, msmtp and mutt do
    // (RFC 4616: the server then takes the authentication identity).
    List<String> angus = new ArrayList<>(a.commands());
    angus.replaceAll(
        c -> c.equals("AUTH PLAIN " + b64("bob\0bob\0pw")) ? "AUTH PLAIN " + b64("\0bob\0pw") : c);
    assertEquals(angus, j.commands(), "the commands");
    assertEquals(a.messages(), j.messages(), "the message");
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plain_smtp_gives_the_same_dialogue_as_jakarta_mail() throws Exception {
    same(SmtpConfig.Security.PLAIN, null);
  }

  @Test
  void starttls_with_auth_plain_gives_the_same_dialogue_as_jakarta_mail() throws Exception {
    same(SmtpConfig.Security.STARTTLS, "PLAIN");
  }

  @Test
  void starttls_with_auth_login_gives_the_same_dialogue_as_jakarta_mail() throws Exception {
    same(SmtpConfig.Security.STARTTLS, "LOGIN");
  }

  @Test
  void a_refused_recipient_gives_the_same_dialogue_as_jakarta_mail_all_asked_then_rset()
      throws Exception {
    recipients = List.of("b@x.org", "bad@x.org", "c@x.org");
    try {
      same(SmtpConfig.Security.PLAIN, null);
    } finally {
      recipients = List.of("b@x.org");
    }
  }
}
