package dev.jmail.render;

import java.util.ArrayList;
import java.util.List;

/**
 * The first mailbox of an address header (From), for display.
 *
 * <pre>
 * RFC 5322 3.4:  mailbox    = name-addr / addr-spec
 *                name-addr  = [display-name] angle-addr
 *                angle-addr = [CFWS] "&lt;" addr-spec "&gt;" [CFWS]
 * obsolete form: addr-spec (Comment Name)
 * </pre>
 *
 * Encoded words (RFC 2047) are decoded in display names and comments, never in an address: "An
 * 'encoded-word' MUST NOT appear in any portion of an 'addr-spec'" (RFC 2047 5), so one there is
 * not a word to decode but the address as written ({@code <=?UTF-8?Q?alice?=@example.com>} is
 * not alice's), as mutt shows it. {@link #parseFirst} (the listing) and {@link #decodeList}
 * ({@code read}) draw the line in the same place: inside {@code <>}, or text with an {@code @}.
 *
 * @param name decoded display name, "" when none
 * @param address the addr-spec, "" when none could be found
 */
public record Mailbox(String name, String address) {

  /** {@code Name <addr>}, or {@code addr}, or the name alone. */
  public String full() {
    if (name.isEmpty()) return address;
    if (address.isEmpty()) return name;
    return name + " <" + address + ">";
  }

  /** What a summary line shows: the name, else the address. */
  public String display() {
    return name.isEmpty() ? address : name;
  }

  private static String collapse(CharSequence s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ws = c == ' ' || c == '\t' || c == '\r' || c == '\n';
      if (ws) {
        if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') b.append(' ');
      } else b.append(c);
    }
    return b.toString();
  }

  /** RFC 5322 4.4: {@code obs-angle-addr = [CFWS] "<" obs-route addr-spec ">"}: the route is dropped. */
  private static String withoutRoute(String a) {
    if (!a.startsWith("@")) return a;
    int colon = a.indexOf(':');
    return colon < 0 ? a : a.substring(colon + 1).trim();
  }

  /**
   * An address header (From, To, Cc, ...) for display: as written, with encoded words decoded in
   * display names, group names and comments but not in addresses (see above). {@code raw} is
   * unfolded and undecoded (8-bit bytes as ISO-8859-1 chars).
   *
   * <pre>
   * RFC 5322 3.4:  address-list = address *("," address)
   *                address      = mailbox / group
   *                group        = display-name ":" [group-list] ";" [CFWS]
   * </pre>
   */
  public static String decodeList(String raw) {
    String s = Charsets.rawHeader(raw);
    if (s.indexOf("=?") < 0) return s;
    StringBuilder out = new StringBuilder(s.length());
    int start = 0; // of the current mailbox (or group name)
    boolean quoted = false, angle = false, address = false;
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '\\') i++;
        else if (c == '"') quoted = false;
      } else if (depth > 0) {
        if (c == '\\') i++;
        else if (c == '(') depth++;
        else if (c == ')') depth--;
      } else if (angle) {
        if (c == '>') angle = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth = 1;
      } else if (c == '<') {
        angle = true;
        address = true;
      } else if (c == '@') {
        address = true;
      } else if (c == ',' || c == ';' || (c == ':' && !address)) {
        out.append(mailbox(s, start, i)).append(c);
        start = i + 1;
        address = false;
      }
    }
    return out.append(mailbox(s, start, s.length())).toString();
  }

  /**
   * One mailbox of {@link #decodeList}: with an angle-addr, all but the {@code <...>} is name and
   * comments, decoded; without, text with an "@" outside quotes and comments is an addr-spec,
   * written as is but for its comments; anything else is a name, decoded.
   */
  private static String mailbox(String s, int from, int to) {
    // spans[k] = {start, end, kind}: 0 = text, 1 = quoted string, 2 = comment, 3 = angle-addr
    List<int[]> spans = new ArrayList<>();
    boolean angle = false, at = false;
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      int end;
      int kind;
      if (c == '"' || c == '(') {
        kind = c == '"' ? 1 : 2;
        int depth = 1;
        end = i + 1;
        while (end < to && depth > 0) {
          char d = s.charAt(end++);
          if (d == '\\') end++;
          else if (kind == 1 && d == '"') depth = 0;
          else if (kind == 2 && d == '(') depth++;
          else if (kind == 2 && d == ')') depth--;
        }
        end = Math.min(end, to);
      } else if (c == '<') {
        kind = 3;
        int close = s.indexOf('>', i);
        end = close < 0 || close >= to ? to : close + 1;
        angle = true;
      } else {
        kind = 0;
        end = i;
        while (end < to && s.charAt(end) != '"' && s.charAt(end) != '(' && s.charAt(end) != '<') {
          if (s.charAt(end) == '@') at = true;
          end++;
        }
      }
      spans.add(new int[] {i, end, kind});
      i = end;
    }
    if (!angle && !at) return Rfc2047.decode(s.substring(from, to)); // a name alone
    StringBuilder out = new StringBuilder(to - from);
    int pending = from; // start of decodable text not yet written
    for (int[] span : spans) {
      boolean asWritten = span[2] == 3 || (!angle && span[2] != 2);
      if (asWritten) {
        out.append(Rfc2047.decode(s.substring(pending, span[0]))).append(s, span[0], span[1]);
        pending = span[1];
      }
    }
    return out.append(Rfc2047.decode(s.substring(pending, to))).toString();
  }

  /** Parses the first mailbox of a raw (undecoded, unfolded) header value; never null. */
  public static Mailbox parseFirst(String raw) {
    if (raw == null) return new Mailbox("", "");
    String s = Charsets.rawHeader(raw);
    StringBuilder phrase = new StringBuilder();
    StringBuilder comment = new StringBuilder();
    String angle = null;
    boolean quoted = false;
    boolean phraseHasAt = false; // kept, not searched for at every ',' and ':' (quadratic)
    int quoteStart = 0;
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < s.length()) {
          phrase.append(s.charAt(++i));
          phraseHasAt |= s.charAt(i) == '@';
        } else if (c == '"') {
          quoted = false;
          if (i + 1 < s.length() && s.charAt(i + 1) == '@') {
            // a quoted local part ("john smith"@example.com) keeps its quotes: it is an address
            String local = phrase.substring(quoteStart).replace("\\", "\\\\").replace("\"", "\\\"");
            phrase.setLength(quoteStart);
            phrase.append('"').append(local).append('"');
          }
        } else {
          phrase.append(c);
          phraseHasAt |= c == '@';
        }
      } else if (depth > 0) {
        if (c == '(') depth++;
        else if (c == ')') depth--;
        if (depth > 0) comment.append(c);
      } else if (c == '"') {
        quoted = true;
        quoteStart = phrase.length();
      } else if (c == '(') {
        depth = 1;
        if (comment.length() > 0) comment.append(' ');
      } else if (c == '<') {
        int close = s.indexOf('>', i);
        angle = withoutRoute((close < 0 ? s.substring(i + 1) : s.substring(i + 1, close)).trim());
        i = close < 0 ? s.length() : close;
      } else if (c == ',' && (angle != null || phraseHasAt)) {
        break; // end of the first mailbox
      } else if (c == ':' && angle == null && !phraseHasAt) {
        phrase.setLength(0); // group name: "undisclosed-recipients:" …
      } else if (c == ';') {
        break;
      } else {
        phrase.append(c);
        phraseHasAt |= c == '@';
      }
    }
    String words = collapse(phrase).trim();
    // RFC 2047 5: no encoded words in an addr-spec: text with an "@" is an address, as written
    String p = angle == null && words.indexOf('@') >= 0 ? words : Rfc2047.decode(words);
    if (angle != null) {
      String name = p.isEmpty() ? Rfc2047.decode(comment.toString().trim()) : p;
      return new Mailbox(name, angle);
    }
    // bare addr-spec, maybe with an old-style "(Name)" comment
    String name = Rfc2047.decode(comment.toString().trim());
    if (p.contains("@") || name.length() > 0 || !p.contains(" ")) return new Mailbox(name, p);
    return new Mailbox(p, "");
  }
}
