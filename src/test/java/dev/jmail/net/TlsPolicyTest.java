package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import dev.jmail.error.UnavailableException;
import dev.jmail.testing.Bounds;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls-verify} and {@code tls-ca-file}: what is trusted, and what a typo does. */
class TlsPolicyTest {
  @TempDir Path home;

  private TlsPolicy policy(String... vars) {
    Env env = Env.of(Map.of("HOME", home.toString(), "USER", "tester"));
    return TlsPolicy.from(Settings.load(env, true, List.of(vars)));
  }

  private static Path pem(String name) {
    return Path.of(TlsPolicyTest.class.getResource("/tls/" + name).getPath());
  }

  @Test
  void verification_is_on_unless_tls_verify_says_ignore_no_or_off() {
    for (String on : List.of("strict", "STRICT", " yes ", "on", ""))
      assertTrue(policy("tls-verify=" + on).verify(), on);
    assertTrue(policy().verify());
    for (String off : List.of("ignore", "Ignore", "no", "off "))
      assertFalse(policy("tls-verify=" + off).verify(), off);
    ConfigException e = assertThrows(ConfigException.class, () -> policy("tls-verify=maybe"));
    assertEquals("tls-verify: unknown value 'maybe' (use strict or ignore)", e.getMessage());
  }

  @Test
  void tls_ca_file_is_read_from_home_and_must_be_readable() throws Exception {
    Files.copy(pem("localhost.pem"), home.resolve("ca.pem"));
    assertEquals(home.resolve("ca.pem"), policy("tls-ca-file=~/ca.pem").caFile());
    assertEquals(home.resolve("ca.pem"), policy("tls-ca-file=" + home + "/ca.pem").caFile());
    assertNull(policy("tls-ca-file= ").caFile());
    assertNull(policy().caFile());
    ConfigException e =
        assertThrows(ConfigException.class, () -> policy("tls-ca-file=~/missing.pem"));
    assertEquals("tls-ca-file: cannot read " + home.resolve("missing.pem"), e.getMessage());
    Settings s =
        Settings.load(Env.of(Map.of("HOME", home.toString(), "USER", "tester")), true, List.of());
    assertEquals(home, TlsPolicy.expandHome("~", s));
    assertEquals(Path.of("~bob/x"), TlsPolicy.expandHome("~bob/x", s));
  }

  @Test
  void a_ca_file_without_a_certificate_is_a_configuration_error() throws Exception {
    Path empty = Files.writeString(home.resolve("empty.pem"), "no certificate here\n");
    ConfigException e = assertThrows(ConfigException.class, () -> TlsPolicy.trustingOnly(empty));
    assertTrue(e.getMessage().startsWith("tls-ca-file: "), e.getMessage());
    assertEquals(1, TlsPolicy.trustingOnly(pem("localhost.pem")).length);
  }

  @Test
  void chacha20_suites_come_first_and_none_is_lost() {
    String[] in = {
      "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384"
    };
    assertArrayEquals(
        new String[] {
          "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"
        },
        TlsPolicy.chachaFirst(in));
  }

  /** An implicit-TLS connection to a server with the given key store, answering one greeting. */
  private static String greeting(TlsPolicy tls, String keyStore, String host) throws Exception {
    try (ScriptedServer s =
            new ScriptedServer(p -> p.startTls(keyStore).send("* OK over TLS\r\n").hang());
        LineConnection c =
            LineConnection.open(
                "test", host, s.port(), true, tls, (int) Bounds.seconds(10), null)) {
      return c.readText();
    }
  }

  @Test
  void a_certificate_the_ca_file_vouches_for_is_trusted_and_another_is_not() throws Exception {
    TlsPolicy ca = new TlsPolicy(true, pem("localhost.pem"));
    assertEquals("* OK over TLS", greeting(ca, "/tls/localhost.p12", "127.0.0.1"));
    TlsPolicy other = new TlsPolicy(true, pem("other.pem"));
    UnavailableException e =
        assertThrows(
            UnavailableException.class, () -> greeting(other, "/tls/localhost.p12", "127.0.0.1"));
    assertTrue(e.getMessage().startsWith("test: TLS failed: "), e.getMessage());
  }

  @Test
  void a_trusted_certificate_for_another_name_is_refused_unless_verification_is_off()
      throws Exception {
    // nosan.pem is trusted, but it names no address: 127.0.0.1 does not match it
    TlsPolicy trusted = new TlsPolicy(true, pem("nosan.pem"));
    UnavailableException e =
        assertThrows(
            UnavailableException.class, () -> greeting(trusted, "/tls/nosan.p12", "127.0.0.1"));
    assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
    // tls-verify=ignore: any certificate, any name (the user said so)
    assertEquals(
        "* OK over TLS", greeting(new TlsPolicy(false, null), "/tls/nosan.p12", "127.0.0.1"));
    // the system's CAs do not know a self-signed test certificate
    assertThrows(
        UnavailableException.class,
        () -> greeting(new TlsPolicy(true, null), "/tls/localhost.p12", "127.0.0.1"));
  }

  @Test
  void a_context_prepared_ahead_checks_certificates_and_names_as_one_made_on_connecting()
      throws Exception {
    TlsPolicy ca = new TlsPolicy(true, pem("localhost.pem"));
    ca.prepare("127.0.0.1", 1);
    assertEquals("* OK over TLS", greeting(ca, "/tls/localhost.p12", "127.0.0.1"));
    TlsPolicy other = new TlsPolicy(true, pem("other.pem"));
    other.prepare("127.0.0.1", 1);
    UnavailableException e =
        assertThrows(
            UnavailableException.class, () -> greeting(other, "/tls/localhost.p12", "127.0.0.1"));
    assertTrue(e.getMessage().startsWith("test: TLS failed: "), e.getMessage());
    TlsPolicy trusted = new TlsPolicy(true, pem("nosan.pem"));
    trusted.prepare("127.0.0.1", 1);
    assertThrows(
        UnavailableException.class, () -> greeting(trusted, "/tls/nosan.p12", "127.0.0.1"));
    TlsPolicy system = new TlsPolicy(true, null);
    system.prepare("127.0.0.1", 1);
    assertThrows(
        UnavailableException.class, () -> greeting(system, "/tls/localhost.p12", "127.0.0.1"));
  }

  @Test
  void a_prepared_context_serves_only_a_connection_of_the_same_policy_and_only_once()
      throws Exception {
    // prepared for "ignore", then a verifying connection: it makes its own context and refuses
    new TlsPolicy(false, null).prepare("127.0.0.1", 1);
    TlsPolicy other = new TlsPolicy(true, pem("other.pem"));
    assertThrows(
        UnavailableException.class, () -> greeting(other, "/tls/localhost.p12", "127.0.0.1"));
    // the CA file is read again by a later connection: a changed file counts
    Path ca = Files.copy(pem("other.pem"), home.resolve("ca.pem"));
    TlsPolicy file = new TlsPolicy(true, ca);
    file.prepare("127.0.0.1", 1);
    assertThrows(
        UnavailableException.class, () -> greeting(file, "/tls/localhost.p12", "127.0.0.1"));
    Files.copy(pem("localhost.pem"), ca, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals("* OK over TLS", greeting(file, "/tls/localhost.p12", "127.0.0.1"));
  }

  @Test
  void a_ca_file_that_went_bad_after_the_settings_were_read_fails_on_connecting_as_before()
      throws Exception {
    Path ca = Files.copy(pem("localhost.pem"), home.resolve("ca.pem"));
    TlsPolicy p = new TlsPolicy(true, ca);
    Files.writeString(ca, "no certificate here\n");
    p.prepare("127.0.0.1", 1);
    ConfigException e =
        assertThrows(ConfigException.class, () -> greeting(p, "/tls/localhost.p12", "127.0.0.1"));
    assertTrue(e.getMessage().startsWith("tls-ca-file: "), e.getMessage());
  }
}
