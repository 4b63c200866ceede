package dev.jmail.render;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message as shown to a person or a script: one value, rendered as text ({@link #toText()}) or
 * JSON ({@link #toJson()}).
 *
 * @param number the message number in its folder
 * @param headers the headers shown, decoded, in order
 * @param body the decoded text of the message (inline text parts, HTML rendered as text, nested
 *     messages with their headers)
 * @param parts every leaf MIME part, numbered from 1
 * @param problems what could not be decoded, one line each
 */
public record MessageView(
    int number, List<Header> headers, String body, List<Part> parts, List<String> problems) {

  public record Header(String name, String value) {}

  /**
   * A leaf MIME part.
   *
   * @param size bytes of the decoded content (counted by decoding it as a stream, not estimated)
   * @param inline shown in the body (text) rather than listed as an attachment
   * @param truncated an inline text part shown only in part (too long to hold): see problems
   * @param content the decoded content, as a stream (not part of the JSON); readable while the
   *     {@link MessageBytes} the view was made from is open
   */
  public record Part(
      int index,
      String type,
      String name,
      long size,
      boolean inline,
      boolean truncated,
      Content content) {}

  /** Opens a part's decoded content. */
  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }

  public List<Part> attachments() {
    List<Part> out = new ArrayList<>();
    for (Part p : parts) if (!p.inline()) out.add(p);
    return out;
  }

  /** What {@code --save-attachments} writes: the attachments and text parts shown truncated. */
  public List<Part> saveable() {
    List<Part> out = new ArrayList<>();
    for (Part p : parts) if (!p.inline() || p.truncated()) out.add(p);
    return out;
  }

  /** The human view: headers, a blank line, the body, one line per attachment. Terminal-safe. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    for (Header h : headers) {
      b.append(Sanitizer.line(h.name()))
          .append(": ")
          .append(Sanitizer.line(h.value()))
          .append('\n');
    }
    b.append('\n');
    String text = Sanitizer.text(body);
    b.append(text);
    if (!text.isEmpty() && !text.endsWith("\n")) b.append('\n');
    List<Part> att = attachments();
    if (!att.isEmpty()) {
      if (!text.isEmpty()) b.append('\n'); // no second blank line after the headers
      for (Part p : att) {
        b.append(
            String.format(
                "[attachment %d] %s (%s, %s)%n",
                p.index(),
                Sanitizer.line(p.name().isEmpty() ? "(no name)" : p.name()),
                Sanitizer.line(p.type()),
                humanSize(p.size())));
      }
    }
    for (String problem : problems)
      b.append("[jmail: ").append(Sanitizer.line(problem)).append("]\n");
    return b.toString();
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", number);
    List<Object> hl = new ArrayList<>();
    for (Header h : headers) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", h.name());
      one.put("value", h.value());
      hl.add(one);
    }
    m.put("headers", hl);
    m.put("body", body);
    List<Object> ps = new ArrayList<>();
    for (Part p : parts) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("index", p.index());
      pm.put("type", p.type());
      pm.put("name", p.name().isEmpty() ? null : p.name());
      pm.put("size", p.size());
      pm.put("inline", p.inline());
      ps.add(pm);
    }
    m.put("parts", ps);
    m.put("problems", problems);
    return m;
  }

  public static String humanSize(long n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return String.format("%.1f KiB", n / 1024.0);
    return String.format("%.1f MiB", n / (1024.0 * 1024));
  }
}
