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
 * Comments (CFWS) may stand almost anywhere; they are no part of an address: {@code
 * Pete(A nice \) chap) <pete(his account)@silly.test(his host)>} is Pete, {@code pete@silly.test}.
 * A phrase is the display name; without one a comment is (the old {@code addr (Full Name)} form),
 * as mutt shows it. Never fails: text that is not an address stays as written (runs of white space
 * one space), so nothing of a hostile header is hidden. Names are returned as written, encoded
 * words (RFC 2047) not decoded: that is the renderer's job.
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
   */
  public record Address(String name, String address) implements Item {
    /** {@code name <address>} (the name quoted when it holds specials), or the one that is there. */
    public String full() {
      return AddressList.format(name, address);
    }
  }

  /** A group ({@code Team: a@x, b@y;}), maybe without members ({@code undisclosed-recipients:;}). */
  public record Group(String name, List<Address> members) implements Item {}

  /**
   * Every element of an address header value, in order; empty members are skipped. Tolerated (see
   * VIOLATIONS.md): commas in an unquoted display name ({@code Doe, John <j@x>}): words without an
   * "@" before a comma join the next element when that one has an angle-addr.
   */
  public static List<Item> parse(String value) {
    List<Item> items = new ArrayList<>();
    if (value == null) return items;
    List<Token> tokens = tokens(value);
    String group = null;
    List<Address> members = null;
    List<Token> cur = new ArrayList<>();
    List<List<Token>> pending = new ArrayList<>(); // elements of words only, and their commas
    boolean angle = false, sawAngle = false, sawAt = false;
    for (Token t : tokens) {
      if (angle) {
        cur.add(t);
        if (t.is('>')) angle = false;
        continue;
      }
      if (t.is('<')) {
        angle = sawAngle = true;
      } else if (t.is('@')) {
        sawAt = true;
      } else if (t.is(',')) {
        if (!sawAt && !sawAngle && hasWords(cur)) {
          cur.add(t);
          pending.add(new ArrayList<>(cur));
        } else {
          finish(group != null ? members : items, pending, cur, sawAngle);
        }
        cur.clear();
        sawAngle = sawAt = false;
        continue;
      } else if (t.is(':') && group == null && !sawAt && !sawAngle) {
        finish(items, pending, List.of(), false);
        group = phrase(cur);
        members = new ArrayList<>();
        cur.clear();
        continue;
      } else if (t.is(';') && group != null) {
        finish(members, pending, cur, sawAngle);
        items.add(new Group(group, List.copyOf(members)));
        group = null;
        cur.clear();
        sawAngle = sawAt = false;
        continue;
      }
      cur.add(t);
    }
    if (group != null) {
      finish(members, pending, cur, sawAngle);
      items.add(new Group(group, List.copyOf(members)));
    } else {
      finish(items, pending, cur, sawAngle);
    }
    return items;
  }

  /**
   * Adds the element {@code cur} and the word-only elements before it: joined to it as its name when
   * it has an angle-addr, else each on its own (their commas dropped).
   */
  private static void finish(List<? super Address> to, List<List<Token>> pending, List<Token> cur, boolean angle) {
    if (angle && !pending.isEmpty()) {
      List<Token> all = new ArrayList<>();
      for (List<Token> p : pending) all.addAll(p);
      all.addAll(cur);
      pending.clear();
      add(to, mailbox(all));
      return;
    }
    for (List<Token> p : pending) add(to, mailbox(p.subList(0, p.size() - 1)));
    pending.clear();
    add(to, mailbox(cur));
  }

  private static boolean hasWords(List<Token> tokens) {
    for (Token t : tokens) if (!t.kind.blank()) return true;
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
    List<Address> all = mailboxes(value);
    return all.isEmpty() ? new Address("", "") : all.get(0);
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
        for (int k = 0; k < g.members().size(); k++) b.append(k == 0 ? " " : ", ").append(g.members().get(k).full());
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
    for (int i = 0; i < name.length() && !special; i++) special = "()<>[]:;@\\,.\"".indexOf(name.charAt(i)) >= 0;
    if (!special) return name;
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static void add(List<? super Address> to, Address a) {
    if (a != null) to.add(a);
  }

  /** One mailbox from its tokens; null when there are only comments and white space. */
  private static Address mailbox(List<Token> tokens) {
    int open = -1;
    for (int i = 0; i < tokens.size() && open < 0; i++) if (tokens.get(i).is('<')) open = i;
    String comments = comments(tokens);
    if (open >= 0) {
      int close = tokens.size();
      for (int i = open + 1; i < tokens.size(); i++) {
        if (tokens.get(i).is('>')) {
          close = i;
          break;
        }
      }
      String name = phrase(tokens.subList(0, open));
      String address = addrSpec(withoutRoute(tokens.subList(open + 1, close)));
      return new Address(name.isEmpty() ? comments : name, address);
    }
    boolean at = false, words = false;
    for (Token t : tokens) {
      at |= t.is('@');
      words |= t.kind != Kind.COMMENT && t.kind != Kind.SPACE;
    }
    if (!words) return null;
    if (!at) {
      // no "@": a local user name (root), or a name alone (Undisclosed recipients)
      String text = phrase(tokens);
      if (!comments.isEmpty() || text.indexOf(' ') < 0) return new Address(comments, addrSpec(tokens));
      return new Address(text, "");
    }
    return new Address(comments, addrSpec(tokens));
  }

  /** RFC 5322 4.4 obs-route ({@code @a,@b:}) before the addr-spec in angle brackets: dropped. */
  private static List<Token> withoutRoute(List<Token> tokens) {
    int first = 0;
    while (first < tokens.size() && tokens.get(first).kind.blank()) first++;
    if (first == tokens.size() || !tokens.get(first).is('@')) return tokens;
    for (int i = first; i < tokens.size(); i++) if (tokens.get(i).is(':')) return tokens.subList(i + 1, tokens.size());
    return tokens;
  }

  /**
   * A phrase: words and quoted strings (unquoted) one space apart; comments count as white space.
   * obs-phrase allows "." ({@code Joe Q. Public}); other specials are kept as written.
   */
  private static String phrase(List<Token> tokens) {
    StringBuilder b = new StringBuilder();
    boolean space = false;
    for (Token t : tokens) {
      if (t.kind.blank()) {
        space = b.length() > 0;
        continue;
      }
      if (space) b.append(' ');
      space = false;
      b.append(t.text);
    }
    return b.toString();
  }

  /**
   * An addr-spec without its comments and the white space around its dots and "@" ({@code jdoe@test
   * . example} is {@code jdoe@test.example}); a quoted local part keeps its quotes. White space
   * between two words is kept as one space: such text is not an address, and is shown as written.
   */
  private static String addrSpec(List<Token> tokens) {
    StringBuilder b = new StringBuilder();
    boolean space = false;
    Token last = null;
    for (Token t : tokens) {
      if (t.kind.blank()) {
        space = last != null;
        continue;
      }
      if (space && last.kind.word() && t.kind.word()) b.append(' ');
      space = false;
      if (t.kind == Kind.QUOTED) b.append('"').append(t.text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      else b.append(t.text);
      last = t;
    }
    return b.toString();
  }

  private static String comments(List<Token> tokens) {
    StringBuilder b = new StringBuilder();
    for (Token t : tokens) {
      if (t.kind != Kind.COMMENT) continue;
      String c = collapse(t.text);
      if (c.isEmpty()) continue;
      if (b.length() > 0) b.append(' ');
      b.append(c);
    }
    return b.toString();
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

  private enum Kind {
    ATOM, QUOTED, COMMENT, LITERAL, SPECIAL, SPACE;

    boolean blank() {
      return this == SPACE || this == COMMENT;
    }

    boolean word() {
      return this == ATOM || this == QUOTED || this == LITERAL;
    }
  }

  private record Token(Kind kind, String text) {
    boolean is(char c) {
      return kind == Kind.SPECIAL && text.charAt(0) == c;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /**
   * RFC 5322 3.2: white space, comments (nested, with quoted-pairs), quoted strings, domain
   * literals, the specials that structure addresses, and atoms (any other run of characters:
   * controls and 8-bit text included, to be shown, not lost).
   */
  private static List<Token> tokens(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0, n = s.length();
    int close = 0; // of the next domain literal
    while (i < n) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        while (i < n && isSpace(s.charAt(i))) i++;
        out.add(new Token(Kind.SPACE, " "));
      } else if (c == '(') {
        StringBuilder b = new StringBuilder();
        int depth = 1;
        i++;
        while (i < n) {
          char d = s.charAt(i++);
          if (d == '\\' && i < n) {
            b.append(s.charAt(i++));
            continue;
          }
          if (d == '(') depth++;
          else if (d == ')' && --depth == 0) break;
          b.append(d);
        }
        out.add(new Token(Kind.COMMENT, b.toString()));
      } else if (c == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < n) {
          char d = s.charAt(i++);
          if (d == '\\' && i < n) b.append(s.charAt(i++));
          else if (d == '"') break;
          else b.append(d);
        }
        out.add(new Token(Kind.QUOTED, b.toString()));
      } else if (c == '[') {
        // searched once: 100,000 unclosed '[' must not search the rest 100,000 times
        if (close <= i) close = s.indexOf(']', i);
        if (close < 0) close = n;
        int end = Math.min(close + 1, n);
        out.add(new Token(Kind.LITERAL, s.substring(i, end)));
        i = end;
      } else if ("<>@,;:.".indexOf(c) >= 0) {
        out.add(new Token(Kind.SPECIAL, String.valueOf(c)));
        i++;
      } else {
        int start = i;
        i++; // a stray ')' or ']' is text
        while (i < n && !isSpace(s.charAt(i)) && "(\"[<>@,;:.".indexOf(s.charAt(i)) < 0) i++;
        out.add(new Token(Kind.ATOM, s.substring(start, i)));
      }
    }
    return out;
  }
}
