package dev.jmail.net;

import dev.jmail.error.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The SASL mechanisms jmail speaks, and their messages, the same for IMAP {@code AUTHENTICATE} (RFC
 * 3501 6.2.2, SASL-IR RFC 4959), POP3 {@code AUTH} (RFC 5034) and SMTP {@code AUTH} (RFC 4954):
 *
 * <pre>
 * login        the protocol's own password login (IMAP LOGIN; POP3 USER/PASS or AUTH PLAIN)
 * plain        RFC 4616:  message = [authzid] UTF8NUL authcid UTF8NUL passwd
 * xoauth2      Google's:  "user=" user ^A "auth=Bearer " token ^A ^A
 * oauthbearer  RFC 7628 3.1:  gs2-header kvsep "host=" host kvsep "port=" port kvsep
 *              "auth=Bearer " token kvsep kvsep,  gs2-header = "n,a=" user ",",  kvsep = %x01
 * </pre>
 *
 * The two OAuth 2.0 mechanisms send an access token where the others send a password: it comes from
 * the token command ({@link Credentials#token}), mutt's {@code imap_oauth_refresh_command}.
 */
public final class Sasl {
  private Sasl() {}

  public enum Mechanism {
    LOGIN,
    PLAIN,
    XOAUTH2,
    OAUTHBEARER;

    /** The name in {@code AUTH=…} capabilities and commands. */
    public String saslName() {
      return name();
    }

    /** Whether the secret is an OAuth 2.0 access token rather than a password. */
    public boolean usesToken() {
      return this == XOAUTH2 || this == OAUTHBEARER;
    }

    /**
     * The answer to a server's error challenge, which ends the exchange so that the server sends
     * its failure (RFC 7628 3.2.3: a single %x01; XOAUTH2: an empty response).
     */
    public String abortResponse() {
      return this == OAUTHBEARER ? b64("\u0001") : "";
    }
  }

  /** The value of an {@code *-auth} variable; empty or unset is the default, {@code login}. */
  public static Mechanism mechanism(String variable, String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "", "login", "yes", "on", "password" -> Mechanism.LOGIN;
      case "plain" -> Mechanism.PLAIN;
      case "xoauth2" -> Mechanism.XOAUTH2;
      case "oauthbearer" -> Mechanism.OAUTHBEARER;
      default ->
          throw new ConfigException(
              variable
                  + ": unknown method '"
                  + value
                  + "' (use login, plain, xoauth2 or oauthbearer)");
    };
  }

  /**
   * The client's first message, base64-encoded (what follows the mechanism name with SASL-IR, or
   * answers the server's first empty challenge).
   */
  public static String initialResponse(
      Mechanism m, String user, String host, int port, String secret) {
    return switch (m) {
      case LOGIN, PLAIN -> b64("\0" + user + "\0" + secret);
      case XOAUTH2 -> b64("user=" + user + "\u0001auth=Bearer " + secret + "\u0001\u0001");
      case OAUTHBEARER ->
          b64(
              "n,a="
                  + gs2Name(user)
                  + ",\u0001host="
                  + host
                  + "\u0001port="
                  + port
                  + "\u0001auth=Bearer "
                  + secret
                  + "\u0001\u0001");
    };
  }

  /** RFC 5801 4: in saslname "," is "=2C" and "=" is "=3D". */
  static String gs2Name(String user) {
    return user.replace("=", "=3D").replace(",", "=2C");
  }

  /** The error a server puts in its challenge after a refused token (base64 JSON), decoded. */
  public static String decodeChallenge(String base64) {
    try {
      String s = new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
      return s.replaceAll("\\s+", " ").strip();
    } catch (IllegalArgumentException e) {
      return base64.strip();
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
