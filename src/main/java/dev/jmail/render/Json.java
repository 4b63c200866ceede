package dev.jmail.render;

import java.util.List;
import java.util.Map;

/**
 * A tiny JSON writer (RFC 8259) for the views: strings, numbers, booleans, null, lists and maps
 * (insertion order kept). Strings are exact: a reader gets back the very text written. Characters a
 * terminal may act on when JSON is printed to it are escaped as {@code \\uXXXX} (the same string to
 * a JSON reader): every C0 and C1 control (U+009B is CSI in a UTF-8 xterm), the bidi controls
 * (CVE-2021-42574), the line/paragraph separators and lone surrogates; other text is UTF-8.
 */
public final class Json {
  private Json() {}

  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0, false);
    return b.toString();
  }

  /** Indented output (2 spaces), for people reading it. */
  public static String pretty(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0, true);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v, int indent, boolean pretty) {
    if (v == null) b.append("null");
    else if (v instanceof String s) string(b, s);
    else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) b.append(v);
    else if (v instanceof Number n) b.append(n.toString());
    else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) b.append(',');
        first = false;
        newline(b, indent + 1, pretty);
        string(b, String.valueOf(e.getKey()));
        b.append(pretty ? ": " : ":");
        write(b, e.getValue(), indent + 1, pretty);
      }
      newline(b, indent, pretty);
      b.append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append('[');
      boolean first = true;
      for (Object o : l) {
        if (!first) b.append(',');
        first = false;
        newline(b, indent + 1, pretty);
        write(b, o, indent + 1, pretty);
      }
      newline(b, indent, pretty);
      b.append(']');
    } else string(b, v.toString());
  }

  private static void newline(StringBuilder b, int indent, boolean pretty) {
    if (!pretty) return;
    b.append('\n');
    for (int i = 0; i < indent; i++) b.append("  ");
  }

  public static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || Sanitizer.isLineSeparator(c)
              || Sanitizer.isBidiControl(c)
              || (Character.isSurrogate(c) && !validSurrogate(s, i))) {
            b.append(String.format("\\u%04x", (int) c));
          } else b.append(c);
        }
      }
    }
    b.append('"');
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c))
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
