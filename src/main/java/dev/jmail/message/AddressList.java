package dev.jmail.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Address header values (From, To, Cc, Reply-To, ...) parsed leniently into mailboxes and groups,
 * the one parser every reader of addresses uses: the listing, {@code read}, JSON, replies and
 * addresses typed by the user.
 *
 * <pre>
 * RFC 5322 3.4:   address-list = (address *("," address)) / obs-addr-list
 *                 address      = mailbox / group
 *                 mailbox      = name-addr / addr-spec
 *                 name-addr    = [display-name] angle-addr
 *                 angle-addr   = [CFWS] "&lt;" addr-spec "&gt;" [CFWS] / obs-angle-addr
 *                 group        = display-name ":" [group-list] ";" [CFWS]
 *                 display-name = phrase
 * RFC 5322 3.4.1: addr-spec    = local-part "@" domain
 * RFC 5322 3.2.2: CFWS         = (1*([FWS] comment) [FWS]) / FWS
 *                 comment      = "(" *([FCWS] ccontent) [FWS] ")"   ; ccontent: ctext / quoted-pair / comment
 * RFC 5322 4.4:   obs-angle-addr = [CFWS] "&lt;" obs-route addr-spec "&gt;" [CFWS]
 *                 obs-route      = obs-domain-list ":"
 *                 obs-local-part = word *("." word)        ; CFWS around the dots
 *                 obs-domain     = atom *("." atom)
 *                 obs-phrase     = word *(word / "." / CFWS)
 *                 obs-addr-list  = *([CFWS] ",") address *("," [address / CFWS])  ; empty members
 * </pre>
 *
 * Comments (CFWS) may stand almost anywhere; they are no part of an address: {@code Pete(A nice \)
 * chap) <pete(his account)@silly.test(his host)>} is Pete, {@code pete@silly.test}. A phrase is the
 * display name; without one a comment is (the old {@code addr (Full Name)} form), as mutt shows it.
 * Never fails: text that is not an address stays as written (runs of white space one space), so
 * nothing of a hostile header is hidden. Names are returned as written, encoded words (RFC 2047)
 * not decoded: that is the renderer's job.
 */
public final class AddressList {
  private AddressList() {}

  /** One parsed element: a mailbox or a group. */
  public sealed interface Item permits Address, Group {}

  /**
   * A mailbox.
   *
   * @param name the display name (else the comment, else ""), encoded words not decoded
   * @param address the addr-spec without comments or route, "" when there is none
   * @param nullPath the address was written {@code <>} (RFC 5321 4.5.5: a bounce's null path)
   */
  public record Address(String name, String address, boolean nullPath) implements Item {
    public Address(String name, String address) {
      this(name, address, false);
    }

    /**
     * {@code name <address>} (the name quoted when it holds specials), or the one that is there.
     */
    public String full() {
      String f = AddressList.format(name, address);
      if (!nullPath) return f;
      return f.isEmpty() ? "<>" : f + " <>";
    }
  }

  /**
   * A group ({@code Team: a@x, b@y;}), maybe without members ({@code undisclosed-recipients:;}).
   */
  public record Group(String name, List<Address> members) implements Item {}

  /**
   * Every element of an address header value, in order; empty members are skipped. Tolerated (see
   * VIOLATIONS.md): commas in an unquoted display name ({@code Doe, John <j@x>}): words without an
   * "@" before a comma join the next element when that one has an angle-addr.
   */
  public static List<Item> parse(String value) {
    List<Item> items = new ArrayList<>(2); // one mailbox, usually
    if (value == null) return items;
    Tokens t = new Tokens(value);
    String group = null;
    List<Address> members = null;
    // elements are ranges of the tokens (no copies: 300,000 commas stay linear and cheap)
    int start = 0;
    Pending pending = new Pending();
    boolean angle = false, sawAngle = false, sawAt = false;
    for (int i = 0; i < t.n; i++) {
      if (angle) {
        if (t.is(i, '>')) angle = false;
        continue;
      }
      if (t.is(i, '<')) {
        angle = sawAngle = true;
      } else if (t.is(i, '@')) {
        sawAt = true;
      } else if (t.is(i, ',')) {
        if (!sawAt && !sawAngle && hasWords(t, start, i)) pending.add(start, i);
        else finish(group != null ? members : items, t, pending, start, i, sawAngle);
        start = i + 1;
        sawAngle = sawAt = false;
      } else if (t.is(i, ':') && group == null && !sawAt && !sawAngle) {
        finish(items, t, pending, start, start, false);
        group = phrase(t, start, i);
        members = new ArrayList<>();
        start = i + 1;
      } else if (t.is(i, ';') && group != null) {
        finish(members, t, pending, start, i, sawAngle);
        items.add(new Group(group, List.copyOf(members)));
        group = null;
        start = i + 1;
        sawAngle = sawAt = false;
      }
    }
    if (group != null) {
      finish(members, t, pending, start, t.n, sawAngle);
      items.add(new Group(group, List.copyOf(members)));
    } else {
      finish(items, t, pending, start, t.n, sawAngle);
    }
    return items;
  }

  /** Word-only elements waiting to see whether the next one makes them its name. */
  private static final class Pending {
    int first = -1;
    int[] ranges; // from, to pairs (made with the first: most values have none)
    int count;

    void add(int from, int to) {
      if (first < 0) first = from;
      if (ranges == null) ranges = new int[8];
      if (count + 2 > ranges.length) ranges = java.util.Arrays.copyOf(ranges, ranges.length * 2);
      ranges[count++] = from;
      ranges[count++] = to;
    }

    void clear() {
      first = -1;
      count = 0;
    }
  }

  /**
   * Adds the element {@code tokens[from, to)} and the word-only elements before it: joined to it as
   * its name (commas and all) when it has an angle-addr, else each on its own.
   */
  private static void finish(
      List<? super Address> to, Tokens t, Pending pending, int from, int end, boolean angle) {
    if (angle && pending.first >= 0) {
      add(to, mailbox(t, pending.first, end));
    } else {
      for (int k = 0; k < pending.count; k += 2)
        add(to, mailbox(t, pending.ranges[k], pending.ranges[k + 1]));
      if (end > from) add(to, mailbox(t, from, end));
    }
    pending.clear();
  }

  private static boolean hasWords(Tokens t, int from, int to) {
    for (int i = from; i < to; i++) if (!t.blank(i)) return true;
    return false;
  }

  /** The mailboxes of a value, group members in their place. */
  public static List<Address> mailboxes(String value) {
    List<Address> out = new ArrayList<>();
    for (Item i : parse(value)) {
      if (i instanceof Address a) out.add(a);
      else if (i instanceof Group g) out.addAll(g.members());
    }
    return out;
  }

  /** The first mailbox (of a group too), or an empty one. */
  public static Address first(String value) {
    for (Item i : parse(value)) { // as mailboxes(value).get(0), without that list
      if (i instanceof Address a) return a;
      if (i instanceof Group g && !g.members().isEmpty()) return g.members().get(0);
    }
    return new Address("", "");
  }

  /**
   * The value written again without comments: {@code Name <addr>, Team: a@x;}. A name that holds
   * RFC 5322 specials is quoted.
   */
  public static String withoutComments(String value) {
    StringBuilder b = new StringBuilder();
    for (Item i : parse(value)) {
      if (b.length() > 0) b.append(", ");
      if (i instanceof Address a) b.append(a.full());
      else if (i instanceof Group g) {
        b.append(quoteIfNeeded(g.name())).append(':');
        for (int k = 0; k < g.members().size(); k++)
          b.append(k == 0 ? " " : ", ").append(g.members().get(k).full());
        b.append(';');
      }
    }
    return b.toString();
  }

  /** {@code name <address>}, or the one of them that is not empty. */
  public static String format(String name, String address) {
    if (name.isEmpty()) return address;
    if (address.isEmpty()) return name;
    return quoteIfNeeded(name) + " <" + address + ">";
  }

  /** RFC 5322 3.2.3 specials: a name holding one is written as a quoted-string. */
  public static String quoteIfNeeded(String name) {
    boolean special = false;
    for (int i = 0; i < name.length() && !special; i++)
      special = "()<>[]:;@\\,.\"".indexOf(name.charAt(i)) >= 0;
    if (!special) return name;
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static void add(List<? super Address> to, Address a) {
    if (a != null) to.add(a);
  }

  /** One mailbox from tokens [from, to); null when there are only comments and white space. */
  private static Address mailbox(Tokens t, int from, int to) {
    int open = -1;
    for (int i = from; i < to && open < 0; i++) if (t.is(i, '<')) open = i;
    String comments = comments(t, from, to);
    if (open >= 0) {
      int close = to;
      for (int i = open + 1; i < to; i++) {
        if (t.is(i, '>')) {
          close = i;
          break;
        }
      }
      String name = phrase(t, from, open);
      String address = addrSpec(t, withoutRoute(t, open + 1, close), close);
      return new Address(name.isEmpty() ? comments : name, address, address.isEmpty());
    }
    boolean at = false, words = false;
    for (int i = from; i < to; i++) {
      at |= t.is(i, '@');
      words |= !t.blank(i);
    }
    if (!words) return null;
    if (!at) {
      // no "@": a local user name (root), or a name alone (Undisclosed recipients)
      String text = phrase(t, from, to);
      if (!comments.isEmpty() || text.indexOf(' ') < 0)
        return new Address(comments, addrSpec(t, from, to));
      return new Address(text, "");
    }
    return new Address(comments, addrSpec(t, from, to));
  }

  /** RFC 5322 4.4 obs-route ({@code @a,@b:}) before the addr-spec in angle brackets: skipped. */
  private static int withoutRoute(Tokens t, int from, int to) {
    int first = from;
    while (first < to && t.blank(first)) first++;
    if (first == to || !t.is(first, '@')) return from;
    for (int i = first; i < to; i++) if (t.is(i, ':')) return i + 1;
    return from;
  }

  /**
   * A phrase: words and quoted strings (unquoted) one space apart; comments count as white space.
   * obs-phrase allows "." ({@code Joe Q. Public}); other specials are kept as written.
   */
  private static String phrase(Tokens t, int from, int to) {
    StringBuilder b = new StringBuilder(t.span(from, to));
    boolean space = false;
    for (int i = from; i < to; i++) {
      if (t.blank(i)) {
        space = b.length() > 0;
        continue;
      }
      if (space) b.append(' ');
      space = false;
      t.append(b, i);
    }
    return b.toString();
  }

  /**
   * An addr-spec without its comments and the white space around its dots and "@" ({@code jdoe@test
   * . example} is {@code jdoe@test.example}); a quoted local part keeps its quotes. White space
   * between two words is kept as one space: such text is not an address, and is shown as written.
   */
  private static String addrSpec(Tokens t, int from, int to) {
    StringBuilder b = new StringBuilder(t.span(from, to) + 2);
    boolean space = false;
    int last = -1;
    for (int i = from; i < to; i++) {
      if (t.blank(i)) {
        space = last >= 0;
        continue;
      }
      if (space && t.word(last) && t.word(i)) b.append(' ');
      space = false;
      if (t.kind[i] == QUOTED)
        b.append('"').append(t.text(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      else t.append(b, i);
      last = i;
    }
    return b.toString();
  }

  private static String comments(Tokens t, int from, int to) {
    StringBuilder b = null;
    for (int i = from; i < to; i++) {
      if (t.kind[i] != COMMENT) continue;
      String c = collapse(t.text(i));
      if (c.isEmpty()) continue;
      if (b == null) b = new StringBuilder();
      else b.append(' ');
      b.append(c);
    }
    return b == null ? "" : b.toString();
  }

  private static String collapse(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') b.append(' ');
      } else b.append(c);
    }
    int end = b.length();
    if (end > 0 && b.charAt(end - 1) == ' ') b.setLength(end - 1);
    return b.toString();
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static final byte ATOM = 0, QUOTED = 1, COMMENT = 2, LITERAL = 3, SPECIAL = 4, SPACE = 5;

  /**
   * RFC 5322 3.2: white space, comments (nested, with quoted-pairs), quoted strings, domain
   * literals, the specials that structure addresses, and atoms (any other run of characters:
   * controls and 8-bit text included, to be shown, not lost). Kept as arrays of kinds and source
   * ranges, not objects: a header of 600,000 tokens costs a few megabytes, not a garbage
   * collection.
   */
  private static final class Tokens {
    final String src;
    byte[] kind;
    int[] start;
    int[] end;

    /**
     * Unescaped text of comments and quoted strings; null for the others (a range of src). Made
     * with the first such token: most From fields have none.
     */
    String[] text;

    int n;

    Tokens(String s) {
      src = s;
      // a token is a few characters on average (Name <local.part@domain.example> is 13 of 40): a
      // quarter of the length, grown when a value of one-character tokens needs more
      int cap = Math.max(8, Math.min(s.length() / 4 + 4, 1 << 16));
      kind = new byte[cap];
      start = new int[cap];
      end = new int[cap];
      int i = 0, len = s.length();
      int close = 0; // of the next domain literal, searched once
      while (i < len) {
        char c = s.charAt(i);
        if (isSpace(c)) {
          int from = i;
          while (i < len && isSpace(s.charAt(i))) i++;
          add(SPACE, from, i, null);
        } else if (c == '(' || c == '"') {
          StringBuilder b = new StringBuilder();
          int from = i++;
          int depth = 1;
          while (i < len) {
            char d = s.charAt(i++);
            if (d == '\\' && i < len) {
              b.append(s.charAt(i++));
              continue;
            }
            if (c == '"' && d == '"') break;
            if (c == '(' && d == '(') depth++;
            else if (c == '(' && d == ')' && --depth == 0) break;
            b.append(d);
          }
          add(c == '(' ? COMMENT : QUOTED, from, i, b.toString());
        } else if (c == '[') {
          if (close <= i) close = s.indexOf(']', i);
          if (close < 0) close = len;
          int to = Math.min(close + 1, len);
          add(LITERAL, i, to, null);
          i = to;
        } else if (c == '<' || c == '>' || c == '@' || c == ',' || c == ';' || c == ':'
            || c == '.') {
          add(SPECIAL, i, i + 1, null);
          i++;
        } else {
          int from = i++; // a stray ')' or ']' is text
          while (i < len && atomChar(s.charAt(i))) i++;
          add(ATOM, from, i, null);
        }
      }
    }

    /** Not white space, not a special that ends an atom (a switch: cheap even before the JIT). */
    private static boolean atomChar(char c) {
      switch (c) {
        case ' ', '\t', '\r', '\n', '(', '"', '[', '<', '>', '@', ',', ';', ':', '.':
          return false;
        default:
          return true;
      }
    }

    private void add(byte k, int from, int to, String t) {
      if (n == kind.length) {
        int cap = n * 2;
        kind = java.util.Arrays.copyOf(kind, cap);
        start = java.util.Arrays.copyOf(start, cap);
        end = java.util.Arrays.copyOf(end, cap);
        if (text != null) text = java.util.Arrays.copyOf(text, cap);
      }
      if (t != null && text == null) text = new String[kind.length];
      kind[n] = k;
      start[n] = from;
      end[n] = to;
      if (text != null) text[n] = t;
      n++;
    }

    /** The characters tokens [from, to) cover in the source (a builder's capacity for them). */
    int span(int from, int to) {
      return to > from ? end[to - 1] - start[from] : 0;
    }

    /** The unescaped text of token {@code i} (a comment or quoted string), else null. */
    String text(int i) {
      return text == null ? null : text[i];
    }

    boolean is(int i, char c) {
      return kind[i] == SPECIAL && src.charAt(start[i]) == c;
    }

    boolean blank(int i) {
      return kind[i] == SPACE || kind[i] == COMMENT;
    }

    boolean word(int i) {
      return kind[i] == ATOM || kind[i] == QUOTED || kind[i] == LITERAL;
    }

    void append(StringBuilder b, int i) {
      String t = text(i);
      if (t != null) b.append(t);
      else b.append(src, start[i], end[i]);
    }
  }
}
