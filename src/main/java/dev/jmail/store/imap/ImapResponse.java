package dev.jmail.store.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One IMAP response (RFC 3501 7, RFC 9051 7) parsed into values: atoms and numbers as {@link
 * String}, quoted strings and literals as {@code byte[]} (a literal too large for memory as a
 * {@link Spilled} file), parenthesised lists as {@link List}, NIL as null.
 *
 * <pre>
 * response-data   = "*" SP (resp-cond-state / mailbox-data / message-data / capability-data) CRLF
 * continue-req    = "+" SP (resp-text / base64) CRLF
 * response-tagged = tag SP resp-cond-state CRLF
 * literal         = "{" number ["+"] "}" CRLF *CHAR8
 * section         = "[" [section-spec] "]"   (kept inside the atom: BODY[HEADER.FIELDS (FROM)])
 * </pre>
 */
final class ImapResponse {
  /** A literal written to a temporary file instead of memory (a message body). */
  record Spilled(java.nio.file.Path file, long size) {}

  final String tag; // "*", "+" or the command's tag
  final List<Object> values;
  private final byte[] line; // the whole line, literals as markers
  private String text;

  ImapResponse(String tag, List<Object> values, byte[] line) {
    this.tag = tag;
    this.values = values;
    this.line = line;
  }

  /**
   * The line as text, for messages: decoded when first asked (a listing's 20,000 FETCH responses
   * never are).
   */
  String text() {
    if (text == null) text = new String(line, StandardCharsets.UTF_8);
    return text;
  }

  boolean untagged() {
    return tag.equals("*");
  }

  /** The first word after the tag (OK, NO, BAD, BYE, PREAUTH, CAPABILITY, FLAGS) or a number. */
  String word(int i) {
    return i < values.size() && values.get(i) instanceof String s ? s.toUpperCase(Locale.ROOT) : "";
  }

  /** The text after a status (OK/NO/BAD), for error messages: at most 200 characters. */
  String statusText() {
    String text = text();
    int sp = text.indexOf(' ');
    int sp2 = sp < 0 ? -1 : text.indexOf(' ', sp + 1);
    return sp2 < 0 ? "" : clip(text.substring(sp2 + 1));
  }

  /** Server text for a message: stripped, and cut at 200 characters (a server may send 30 MB). */
  static String clip(String s) {
    String t = s.strip();
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }

  /**
   * RFC 3501 9: {@code number = 1*DIGIT} (UIDs, counts, sizes; mod-sequences are 63-bit), or null
   * when {@code o} is not one: a sign, letters, a list, NIL, more than 18 digits.
   */
  static Long number(Object o) {
    if (!(o instanceof String s) || s.isEmpty() || s.length() > 18) return null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return null;
    }
    return Long.parseLong(s);
  }

  /** The response code {@code [CODE args]} of a status response, upper case, or "". */
  String code() {
    String text = text();
    int open = text.indexOf('[');
    int close = text.indexOf(']', open + 1);
    if (open < 0 || close < 0 || open > text.indexOf(' ', text.indexOf(' ') + 1) + 1) return "";
    return text.substring(open + 1, close).toUpperCase(Locale.ROOT);
  }

  static String string(Object o) {
    if (o == null) return null;
    if (o instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
    return o.toString();
  }

  /** Parses the values of a line whose literals are {@code literals} (in order). */
  static List<Object> parse(byte[] line, List<Object> literals) {
    Parser p = new Parser(line, literals);
    List<Object> out = new ArrayList<>();
    while (true) {
      p.skipSpaces();
      if (p.i >= line.length) return out;
      out.add(p.value());
    }
  }

  /** Marker in a line where a literal's bytes stood: NUL, then its index as one byte pair. */
  static final byte LITERAL = 0;

  private static final class Parser {
    final byte[] b;
    final List<Object> literals;
    int i;

    Parser(byte[] b, List<Object> literals) {
      this.b = b;
      this.literals = literals;
    }

    void skipSpaces() {
      while (i < b.length && b[i] == ' ') i++;
    }

    Object value() {
      byte c = b[i];
      if (c == '(') {
        i++;
        List<Object> list = new ArrayList<>();
        while (true) {
          skipSpaces();
          if (i >= b.length) return list;
          if (b[i] == ')') {
            i++;
            return list;
          }
          list.add(value());
        }
      }
      if (c == '"') return quoted();
      if (c == LITERAL) {
        int k = ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
        i += 3;
        return literals.get(k);
      }
      return atom();
    }

    byte[] quoted() {
      i++;
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      while (i < b.length && b[i] != '"') {
        if (b[i] == '\\' && i + 1 < b.length) i++;
        out.write(b[i++]);
      }
      i++;
      return out.toByteArray();
    }

    Object atom() {
      int start = i;
      int depth = 0;
      while (i < b.length) {
        byte c = b[i];
        if (c == '[') depth++;
        else if (c == ']') depth--;
        else if (depth <= 0 && (c == ' ' || c == '(' || c == ')')) break;
        i++;
      }
      if (i == start) i++; // a stray ')' at the top level: taken as an atom, never looped on
      String a = new String(b, start, i - start, StandardCharsets.UTF_8);
      return a.equals("NIL") ? null : a;
    }
  }
}
