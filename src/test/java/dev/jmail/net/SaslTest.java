package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jmail.error.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SaslTest {
  private static String decoded(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  @Test
  void xoauth2_sends_the_user_and_the_bearer_token_separated_by_control_a() {
    assertEquals(
        "user=bob@example.org\u0001auth=Bearer ya29.tok\u0001\u0001",
        decoded(
            Sasl.initialResponse(
                Sasl.Mechanism.XOAUTH2, "bob@example.org", "imap.example.org", 993, "ya29.tok")));
  }

  @Test
  void oauthbearer_sends_the_rfc_7628_gs2_header_host_port_and_token() {
    assertEquals(
        "n,a=bob@example.org,\u0001host=imap.example.org\u0001port=993\u0001auth=Bearer t0k\u0001\u0001",
        decoded(
            Sasl.initialResponse(
                Sasl.Mechanism.OAUTHBEARER, "bob@example.org", "imap.example.org", 993, "t0k")));
  }

  @Test
  void a_comma_or_equals_sign_in_the_oauthbearer_user_name_is_escaped_as_rfc_5801_says() {
    assertEquals("a=3Db=2Cc", Sasl.gs2Name("a=b,c"));
  }

  @Test
  void oauthbearer_ends_a_failed_exchange_with_a_single_control_a_and_xoauth2_with_nothing() {
    assertEquals("\u0001", decoded(Sasl.Mechanism.OAUTHBEARER.abortResponse()));
    assertEquals("", Sasl.Mechanism.XOAUTH2.abortResponse());
  }

  @Test
  void the_auth_variable_names_the_mechanism_and_an_unknown_one_is_a_configuration_error() {
    assertEquals(Sasl.Mechanism.LOGIN, Sasl.mechanism("imap-auth", null));
    assertEquals(Sasl.Mechanism.OAUTHBEARER, Sasl.mechanism("imap-auth", "OAuthBearer"));
    ConfigException e =
        assertThrows(ConfigException.class, () -> Sasl.mechanism("pop3-auth", "kerberos"));
    assertEquals(
        "pop3-auth: unknown method 'kerberos' (use login, plain, xoauth2 or oauthbearer)",
        e.getMessage());
  }

  @Test
  void the_servers_error_challenge_is_decoded_for_the_message() {
    assertEquals(
        "{\"status\":\"401\"}",
        Sasl.decodeChallenge(
            Base64.getEncoder().encodeToString("{\"status\":\"401\"}\n".getBytes())));
  }
}
