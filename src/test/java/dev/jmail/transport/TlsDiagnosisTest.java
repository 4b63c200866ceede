package dev.jmail.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why a TLS handshake failed, as the user reads it: the certificate's names against the host they
 * connected to, and the same explanation on a STARTTLS port as on an smtps:// one.
 */
class TlsDiagnosisTest {
  static final String HINT =
      " (connect by a name the certificate is for, or have it reissued with this one)";

  @TempDir Path home;

  private static X509Certificate cert(String name) throws Exception {
    try (InputStream in = Files.newInputStream(LoopbackGreenMail.TLS.resolve(name))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void a_host_matches_a_dns_name_in_any_case_or_an_ip_address_entry_and_nothing_else()
      throws Exception {
    X509Certificate localhost = cert("localhost.pem"); // SAN dns:localhost, ip:127.0.0.1
    for (String host : new String[] {"localhost", "LocalHost", "127.0.0.1"})
      assertNull(TlsDiagnosis.nameMismatch(host, localhost), host);
    for (String host :
        new String[] {"127.0.0.2", "::1", "mail.localhost", "localhost.example.org", "example"}) {
      assertEquals(
          "host name does not match the certificate ("
              + host
              + " is not one of: localhost, 127.0.0.1)"
              + HINT,
          TlsDiagnosis.nameMismatch(host, localhost),
          host);
    }
    assertEquals(
        "host name does not match the certificate (no subjectAltName for localhost)" + HINT,
        TlsDiagnosis.nameMismatch("localhost", cert("nosan.pem")));
  }

  @Test
  void a_handshake_failure_that_is_not_about_the_certificate_keeps_javas_words() {
    SmtpConfig config =
        new SmtpConfig(SmtpConfig.Security.TLS, "127.0.0.1", 1, null, null, null, null, true, 5);
    assertEquals(
        TlsDiagnosis.NOT_TLS,
        TlsDiagnosis.explain(
            new SSLException("Unsupported or unrecognized SSL message"),
            config,
            new TrustManager[0]));
    assertEquals(
        "Received fatal alert: handshake_failure",
        TlsDiagnosis.explain(
            new SSLException("Received fatal alert: handshake_failure"),
            config,
            new TrustManager[0]));
  }

  @Test
  void a_starttls_certificate_without_the_servers_name_is_called_a_name_mismatch_not_untrusted()
      throws Exception {
    try (ScriptedSmtpServer s = new ScriptedSmtpServer()) {
      s.starttls = true;
      s.keyStore = "/tls/nosan.p12";
      InProcess.isolated(home, "tester")
          .stdin("x\n")
          .run(
              "-S",
              "mta=submission://127.0.0.1:" + s.port(),
              "-S",
              "tls-ca-file=" + LoopbackGreenMail.TLS.resolve("nosan.pem"),
              "-s",
              "t",
              "to@example.com")
          .exits(69)
          .errIsOneLine()
          .errContains(
              "TLS failed: host name does not match the certificate (no subjectAltName for"
                  + " 127.0.0.1)");
    }
  }
}
