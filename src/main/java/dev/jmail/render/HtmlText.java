package dev.jmail.render;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** HTML mail as readable text (jsoup's parser; block elements become line breaks, links show their target). */
public final class HtmlText {
  private HtmlText() {}

  public static String toText(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, head, title").remove();
    StringBuilder b = new StringBuilder();
    NodeTraversor.traverse(new Visitor(b), doc.body() != null ? doc.body() : doc);
    return b.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip() + "\n";
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
          case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre", "ul", "ol" ->
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
            if (!href.isEmpty() && !href.startsWith("#") && !e.text().equals(href)
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
