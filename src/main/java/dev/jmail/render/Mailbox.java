package dev.jmail.render;

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

  /** Parses the first mailbox of a raw (undecoded, unfolded) header value; never null. */
  public static Mailbox parseFirst(String raw) {
    if (raw == null) return new Mailbox("", "");
    String s = Charsets.rawHeader(raw);
    StringBuilder phrase = new StringBuilder();
    StringBuilder comment = new StringBuilder();
    String angle = null;
    boolean quoted = false;
    int quoteStart = 0;
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < s.length()) phrase.append(s.charAt(++i));
        else if (c == '"') {
          quoted = false;
          if (i + 1 < s.length() && s.charAt(i + 1) == '@') {
            // a quoted local part ("john smith"@example.com) keeps its quotes: it is an address
            String local = phrase.substring(quoteStart).replace("\\", "\\\\").replace("\"", "\\\"");
            phrase.setLength(quoteStart);
            phrase.append('"').append(local).append('"');
          }
        } else phrase.append(c);
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
      } else if (c == ',' && (angle != null || phrase.toString().contains("@"))) {
        break; // end of the first mailbox
      } else if (c == ':' && angle == null && !phrase.toString().contains("@")) {
        phrase.setLength(0); // group name: "undisclosed-recipients:" …
      } else if (c == ';') {
        break;
      } else {
        phrase.append(c);
      }
    }
    String p = Rfc2047.decode(collapse(phrase).trim());
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
