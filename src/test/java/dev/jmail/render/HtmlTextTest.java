package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HtmlTextTest {

  @Test
  void an_html_mail_reads_as_text_with_blocks_on_their_own_lines_and_link_targets_shown()
      throws IOException {
    String html;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/html/newsletter.html")) {
      html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(
        String.join(
            "\n",
            "Invoice",
            "",
            "Dear customer,",
            "your order",
            "",
            "Line one",
            "Line two",
            "",
            "  * first",
            "  * second",
            "a b",
            "c d",
            "",
            "Pay now <https://example.com/pay> or https://example.com help@example.com top plain",
            "",
            "quoted",
            "",
            "pre text",
            ""),
        HtmlText.toText(html));
  }

  @Test
  void blanks_at_line_ends_go_and_blank_lines_are_cut_to_one() {
    assertEquals("a\n\nb\n", HtmlText.tidy("a \t\n\n\n\n  \nb\n"));
    assertEquals("\n\nx", HtmlText.tidy("\n\n\nx"));
    assertEquals("a\nb", HtmlText.tidy("a\t\nb"));
    assertEquals("x\n", HtmlText.toText("x"));
    assertEquals("\n", HtmlText.toText(""));
  }
}
