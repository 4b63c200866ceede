package dev.jmail.compose;

import dev.jmail.error.UsageException;
import dev.jmail.message.AddressList;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses and checks addresses given on the command line, in rc variables or in {@code -t} headers.
 * Accepted: {@code local@domain}, {@code Name <local@domain>}, and a bare local user name ({@code
 * root}) for local delivery and sendmail. Anything else is a usage error naming the address.
 */
public final class Addresses {
  private Addresses() {}

  /** A local user name as found in /etc/passwd: no path characters, no leading dash or dot. */
  private static final Pattern LOCAL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]*");

  /**
   * Splits a comma-separated list ({@code "a@x, Name <b@y>"}) into single addresses. Commas inside
   * double quotes, comments or angle brackets do not split.
   */
  public static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean group = false;
    int angle = 0;
    int comment = 0; // RFC 5322 3.2.2: comments nest
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '\\' && (quoted || comment > 0) && i + 1 < list.length()) {
        cur.append(c).append(list.charAt(++i));
        continue;
      }
      if (comment > 0) {
        if (c == '(') comment++;
        else if (c == ')') comment--;
        cur.append(c);
        continue;
      }
      if (c == '(' && !quoted) comment = 1;
      else if (c == '"') quoted = !quoted;
      else if (!quoted && c == '<') angle++;
      else if (!quoted && c == '>' && angle > 0) angle--;
      // RFC 5322 3.4: group = display-name ":" [group-list] ";" — its commas do not split
      else if (!quoted && angle == 0 && c == ':') group = true;
      else if (!quoted && angle == 0 && c == ';') group = false;
      if (c == ',' && !quoted && angle == 0 && !group) {
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) out.add(cur.toString().strip());
    return out;
  }

  /** Parses one address; {@code what} names its origin in the error ("recipient", "-r"). */
  public static InternetAddress parse(String what, String text) {
    return parse(what, text, false);
  }

  /**
   * As {@link #parse(String, String)}; with {@code allowGroup}, a group ({@code Team: a@x, b@y;},
   * or {@code undisclosed-recipients:;}) is accepted for a To or Cc header, its members checked one
   * by one. {@link #envelope} lists the members.
   */
  public static InternetAddress parse(String what, String text, boolean allowGroup) {
    HeaderText.requireSingleLine(what + " '" + printable(text) + "'", text);
    String s = text.strip();
    if (s.isEmpty()) throw new UsageException(what + ": empty address");
    // comments are no part of an address (Jakarta Mail keeps them in it): "bob@x (Bob)" is Bob
    // <bob@x>
    if (s.indexOf('(') >= 0) s = AddressList.withoutComments(s);
    if (s.isEmpty())
      throw new UsageException(what + ": empty address: '" + printable(text.strip()) + "'");
    if (LOCAL_NAME.matcher(s).matches()) {
      InternetAddress a = new InternetAddress();
      a.setAddress(s);
      return a;
    }
    try {
      InternetAddress a = new InternetAddress(s, true);
      a.validate();
      if (a.isGroup()) {
        if (!allowGroup) throw new AddressException("a group is not a recipient");
        return group(what, a);
      }
      String addr = ascii(a.getAddress());
      if (addr.indexOf('@') < 0 && !LOCAL_NAME.matcher(addr).matches()) {
        throw new AddressException("not a user name");
      }
      // Re-encode a display name in UTF-8 ourselves: Jakarta Mail would use the platform charset.
      String personal = a.getPersonal();
      return personal == null
          ? new InternetAddress(addr, null, StandardCharsets.UTF_8.name())
          : new InternetAddress(addr, personal, StandardCharsets.UTF_8.name());
    } catch (AddressException | UnsupportedEncodingException e) {
      String why = e instanceof AddressException ae ? reason(ae) : e.getMessage();
      throw new UsageException("invalid address '" + printable(s) + "': " + why);
    }
  }

  /**
   * RFC 5321 4.1.2 and RFC 5322 3.4.1 allow only ASCII in an address (RFC 6531/6532 would need
   * SMTPUTF8, which jmail does not use): a non-ASCII domain is converted to its IDNA A-label
   * ({@code bücher.example} → {@code xn--bcher-kva.example}); a non-ASCII local part cannot be
   * converted and is refused.
   */
  private static String ascii(String addr) throws AddressException {
    if (addr.chars().allMatch(c -> c < 0x80)) return addr;
    int at = addr.lastIndexOf('@');
    String local = at < 0 ? addr : addr.substring(0, at);
    if (!local.chars().allMatch(c -> c < 0x80)) {
      throw new AddressException("a non-ASCII local part needs SMTPUTF8, which jmail does not use");
    }
    try {
      return local + "@" + IDN.toASCII(addr.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      throw new AddressException("invalid international domain name");
    }
  }

  public static List<InternetAddress> parseAll(String what, List<String> texts) {
    List<InternetAddress> out = new ArrayList<>();
    for (String t : texts) out.add(parse(what, t, true));
    return out;
  }

  private static InternetAddress group(String what, InternetAddress g)
      throws AddressException, UnsupportedEncodingException {
    String text = g.getAddress();
    String name = text.substring(0, text.indexOf(':')).strip();
    if (name.isEmpty()) throw new AddressException("a group needs a name");
    List<String> members = new ArrayList<>();
    for (InternetAddress m : g.getGroup(false))
      members.add(parse(what, m.toUnicodeString()).toString());
    InternetAddress out = new InternetAddress();
    out.setAddress(
        MimeUtility.encodeWord(name, StandardCharsets.UTF_8.name(), null)
            + ":"
            + (members.isEmpty() ? "" : " " + String.join(", ", members))
            + ";");
    return out;
  }

  /** The envelope recipients of header addresses: a group stands for its members. */
  public static List<String> envelope(List<InternetAddress> addresses) {
    List<String> out = new ArrayList<>();
    for (InternetAddress a : addresses) {
      if (!a.isGroup()) {
        out.add(a.getAddress());
        continue;
      }
      try {
        for (InternetAddress m : a.getGroup(false)) out.add(m.getAddress());
      } catch (AddressException e) {
        throw new IllegalStateException("a checked group no longer parses: " + a, e);
      }
    }
    return out;
  }

  private static String reason(AddressException e) {
    String m = e.getMessage();
    int colon = m == null ? -1 : m.indexOf(" in string ``");
    return colon > 0 ? m.substring(0, colon) : m;
  }

  /** For error messages: control characters shown as '?'. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(c < 0x20 || c == 0x7f ? '?' : c);
    return b.toString();
  }
}
