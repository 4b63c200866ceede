package dev.jmail.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader for tests: objects (LinkedHashMap), arrays (List), strings, numbers
 * (Long or Double), true, false, null. Anything RFC 8259 forbids (a raw control character in a
 * string, a bad escape, trailing text) is an IllegalArgumentException naming the offset.
 */
public final class StrictJson {
  private final String s;
  private int i;

  private StrictJson(String s) {
    this.s = s;
  }

  public static Object parse(String text) {
    StrictJson p = new StrictJson(text);
    p.space();
    Object v = p.value();
    p.space();
    if (p.i != text.length()) throw p.error("text after the value");
    return v;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + i);
  }

  private void space() {
    while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) i++;
  }

  private char peek() {
    if (i >= s.length()) throw error("unexpected end");
    return s.charAt(i);
  }

  private void expect(char c) {
    if (peek() != c) throw error("expected '" + c + "'");
    i++;
  }

  private Object value() {
    char c = peek();
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    if (s.startsWith("true", i)) return literal("true", Boolean.TRUE);
    if (s.startsWith("false", i)) return literal("false", Boolean.FALSE);
    if (s.startsWith("null", i)) return literal("null", null);
    return number();
  }

  private Object literal(String word, Object v) {
    i += word.length();
    return v;
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    expect('{');
    space();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      space();
      String key = string();
      space();
      expect(':');
      space();
      m.put(key, value());
      space();
      if (peek() == ',') {
        i++;
        continue;
      }
      expect('}');
      return m;
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    expect('[');
    space();
    if (peek() == ']') {
      i++;
      return l;
    }
    while (true) {
      space();
      l.add(value());
      space();
      if (peek() == ',') {
        i++;
        continue;
      }
      expect(']');
      return l;
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = peek();
      i++;
      if (c == '"') return b.toString();
      if (c < 0x20)
        throw error("raw control character U+" + String.format("%04X", (int) c) + " in a string");
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = peek();
      i++;
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) throw error("short \\u escape");
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = i;
    if (peek() == '-') i++;
    while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) i++;
    String n = s.substring(start, i);
    if (n.isEmpty() || n.equals("-")) throw error("not a value");
    return n.matches("-?(0|[1-9][0-9]*)")
        ? (Object) Long.parseLong(n)
        : (Object) Double.parseDouble(n);
  }
}
