package dev.jmail.render;

import dev.jmail.message.AddressList;
import java.util.ArrayList;
import java.util.List;

/**
 * A mailbox of an address header (From, To, ...), for display: {@link AddressList} parses (comments
 * stripped, a lone comment the name), this decodes the names.
 *
 * <p>Encoded words (RFC 2047) are decoded in display names and comments, never in an address: "An
 * 'encoded-word' MUST NOT appear in any portion of an 'addr-spec'" (RFC 2047 5), so one there is
 * not a word to decode but the address as written ({@code <=?UTF-8?Q?alice?=@example.com>} is not
 * alice's), as mutt shows it. {@link #parseFirst} (the listing) and {@link #decodeList} ({@code
 * read}) parse the same way.
 *
 * @param name decoded display name, "" when none
 * @param address the addr-spec, "" when none could be found
 */
public record Mailbox(String name, String address) {

  /** {@code Name <addr>} (a name with specials quoted), or {@code addr}, or the name alone. */
  public String full() {
    return AddressList.format(name, address);
  }

  /** What a summary line shows: the name, else the address. */
  public String display() {
    return name.isEmpty() ? address : name;
  }

  private static Mailbox of(AddressList.Address a) {
    String name = Rfc2047.decode(a.name());
    // a lone encoded word without "@" is a name, not a local user
    if (name.isEmpty() && a.address().indexOf('@') < 0 && a.address().contains("=?")) {
      return new Mailbox(Rfc2047.decode(a.address()), "");
    }
    return new Mailbox(name, a.address());
  }

  /**
   * An address header (From, To, Cc, ...) for display: its mailboxes and groups without comments,
   * names decoded (see above). {@code raw} is unfolded and undecoded (8-bit bytes as ISO-8859-1
   * chars).
   */
  public static String decodeList(String raw) {
    StringBuilder b = new StringBuilder();
    for (AddressList.Item i : AddressList.parse(Charsets.rawHeader(raw))) {
      if (b.length() > 0) b.append(", ");
      if (i instanceof AddressList.Address a) b.append(shown(a));
      else if (i instanceof AddressList.Group g) {
        b.append(AddressList.quoteIfNeeded(Rfc2047.decode(g.name()))).append(':');
        for (int k = 0; k < g.members().size(); k++)
          b.append(k == 0 ? " " : ", ").append(shown(g.members().get(k)));
        b.append(';');
      }
    }
    return b.toString();
  }

  /**
   * One mailbox as {@code read} shows it: a null path stays {@code <>} ({@code MAILER-DAEMON <>}).
   */
  private static String shown(AddressList.Address a) {
    String f = of(a).full();
    if (!a.nullPath()) return f;
    return f.isEmpty() ? "<>" : f + " <>";
  }

  /** Every mailbox of a raw (undecoded, unfolded) header value, group members in their place. */
  public static List<Mailbox> parseAll(String raw) {
    List<Mailbox> out = new ArrayList<>();
    if (raw == null) return out;
    for (AddressList.Address a : AddressList.mailboxes(Charsets.rawHeader(raw))) out.add(of(a));
    return out;
  }

  /** Parses the first mailbox of a raw (undecoded, unfolded) header value; never null. */
  public static Mailbox parseFirst(String raw) {
    if (raw == null) return new Mailbox("", "");
    return of(AddressList.first(Charsets.rawHeader(raw)));
  }
}
