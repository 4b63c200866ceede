package dev.jmail.render;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which parts are shown as text and which listed, and the limits of one view: nesting depth (32
 * levels), parts (10,000) and text (4 MiB) over the whole message, not per multipart.
 */
class MimeWalkerLimitsTest {
  private static MessageView view(String message) {
    return MimeWalker.view(1, MessageBytes.of(message.getBytes(ISO_8859_1)), false);
  }

  private static final String HEAD = "From: a@example.com\nSubject: s\nMIME-Version: 1.0\n";

  @Test
  void text_parts_are_shown_and_other_parts_listed_whatever_their_names() {
    MessageView v = MimeWalkerTest.view("inline-and-attached-parts.eml");
    assertEquals(
        "plain text\n\nnamed text without a disposition\n\nnamed unknown text subtype\n", v.body());
    List<MessageView.Part> att = v.attachments();
    assertEquals(2, att.size());
    assertEquals("application/octet-stream", att.get(0).type());
    assertEquals("", att.get(0).name());
    assertEquals(8, att.get(0).size()); // the last LF belongs to the delimiter
    assertEquals("attached.txt", att.get(1).name());
  }

  /**
   * A message whose text is {@code levels} containers deep: multiparts of {@code type}, or messages
   * in messages.
   */
  private static String nested(String type, int levels) {
    StringBuilder head = new StringBuilder(HEAD), tail = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      if (type.equals("message/rfc822")) {
        head.append("Content-Type: message/rfc822\n\nSubject: level ").append(i).append('\n');
      } else {
        head.append("Content-Type: ").append(type).append("; boundary=b").append(i).append("\n\n");
        head.append("--b").append(i).append('\n');
        tail.insert(0, "\n--b" + i + "--\n");
      }
    }
    return head + "Content-Type: text/plain\n\ndeep text" + tail;
  }

  @Test
  void text_32_levels_deep_is_shown_and_33_levels_deep_is_not() {
    for (String type :
        new String[] {"multipart/mixed", "multipart/alternative", "message/rfc822"}) {
      MessageView v = view(nested(type, 32));
      assertTrue(v.body().contains("deep text"), type + ": " + v.body());
      assertEquals(List.of(), v.problems(), type);
      v = view(nested(type, 33));
      assertTrue(!v.body().contains("deep text"), type + ": " + v.body());
      assertEquals(List.of("MIME nesting deeper than 32 levels: not shown"), v.problems(), type);
    }
  }

  /** A multipart of {@code n} parts of one letter each. */
  private static String parts(String boundary, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append("--").append(boundary).append("\n\nx\n");
    return b.append("--").append(boundary).append("--\n").toString();
  }

  @Test
  void the_part_limit_counts_the_parts_of_every_multipart_in_the_message() {
    String m =
        HEAD
            + "Content-Type: multipart/mixed; boundary=top\n\n"
            + "--top\nContent-Type: multipart/mixed; boundary=one\n\n"
            + parts("one", 6_000)
            + "--top\nContent-Type: multipart/mixed; boundary=two\n\n"
            + parts("two", 6_000)
            + "--top--\n";
    MessageView v = view(m);
    // 2 + 6,000 + 3,998 = 10,000
    assertEquals(9_998, v.parts().size());
    assertEquals(
        List.of(
            "multipart/mixed with more parts than 10000 in the message: the last 2002 not shown"),
        v.problems());
  }

  @Test
  void the_text_limit_counts_the_text_of_every_part_in_the_message() {
    String three = "y".repeat(3 << 20);
    String m =
        HEAD
            + "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n"
            + three
            + "\n--b\n\n"
            + three
            + "\n--b--\n";
    MessageView v = view(m);
    assertEquals(4 << 20, v.body().replace("\n", "").length());
    assertEquals(
        List.of(
            "part 2 (text/plain, 3.0 MiB) too long to show: the first 1.0 MiB shown;"
                + " all of it: --save-attachments DIR, or --raw"),
        v.problems());
  }

  @Test
  void a_content_type_jakarta_mail_refuses_is_read_leniently_only_when_its_type_is_two_tokens() {
    assertEquals(
        "text/plain", MimeWalker.lenientContentType("text/plain; name=my file.txt").getBaseType());
    assertEquals(
        "a/b=c",
        MimeWalker.lenientContentType("multipart/mixed; boundary=a/b=c").getParameter("boundary"));
    for (String raw :
        new String[] {
          "te xt/plain",
          "text/pl ain",
          "te(xt/plain",
          "text/plain(",
          "text/pl\u007fain",
          "t\u00e9xt/plain",
          "text/pl\u0001ain",
          "/plain",
          "text/",
          "text",
          ";a/b",
          ""
        }) {
      assertNull(MimeWalker.lenientContentType(raw), raw);
    }
  }
}
