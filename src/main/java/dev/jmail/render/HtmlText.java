package dev.jmail.render;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML mail as readable text (jsoup's parser; block elements become line breaks, links show their
 * target).
 */
public final class HtmlText {
  private HtmlText() {}

  public static String toText(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, head, title").remove();
    StringBuilder b = new StringBuilder();
    NodeTraversor.traverse(new Visitor(b), doc.body() != null ? doc.body() : doc);
    return tidy(b).strip() + "\n";
  }

  /**
   * Blanks at the ends of lines removed and runs of blank lines cut to one, in one pass (the
   * regular expression {@code [ \t]+\n} backtracked over every long run of blanks: a table row of
   * 40,000 empty cells took seconds).
   */
  static String tidy(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        int k = out.length();
        while (k > 0 && (out.charAt(k - 1) == ' ' || out.charAt(k - 1) == '\t')) k--;
        out.setLength(k);
        if (k >= 2 && out.charAt(k - 1) == '\n' && out.charAt(k - 2) == '\n') continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  private static final class Visitor implements NodeVisitor {
    private final StringBuilder b;

    Visitor(StringBuilder b) {
      this.b = b;
    }

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode t) {
        String text = t.text();
        if (b.length() == 0 || b.charAt(b.length() - 1) == '\n') text = text.stripLeading();
        b.append(text);
      } else if (node instanceof Element e) {
        switch (e.normalName()) {
          case "br" -> b.append('\n');
          case "li" -> b.append("\n  * ");
          case "p",
              "div",
              "h1",
              "h2",
              "h3",
              "h4",
              "h5",
              "h6",
              "tr",
              "table",
              "blockquote",
              "pre",
              "ul",
              "ol" ->
              newline();
          default -> {}
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e) {
        switch (e.normalName()) {
          case "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote" -> b.append("\n\n");
          case "div", "tr", "ul", "ol", "pre" -> newline();
          case "td", "th" -> b.append(' ');
          case "a" -> {
            String href = e.attr("href");
            if (!href.isEmpty()
                && !href.startsWith("#")
                && !e.text().equals(href)
                && !href.equals("mailto:" + e.text())) {
              b.append(" <").append(href).append('>');
            }
          }
          default -> {}
        }
      }
    }

    private void newline() {
      if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') b.append('\n');
    }
  }
}
