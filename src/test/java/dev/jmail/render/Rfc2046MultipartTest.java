package dev.jmail.render;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.store.Fixtures;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a multipart body is split (RFC 2046 5.1.1): which lines are delimiters, which bytes belong
 * to a part and which to the line end before a delimiter, preamble and epilogue. A part split at
 * the wrong line shows a boundary as text, loses a line, or saves an attachment a byte too long.
 */
class Rfc2046MultipartTest {
  /** The view of a fixture, its parts still readable. */
  private static MessageView view(String fixture) {
    try {
      byte[] bytes = Files.readAllBytes(Fixtures.path("mime/" + fixture));
      return MimeWalker.view(1, MessageBytes.of(bytes), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String content(MessageView.Part p) {
    try (InputStream in = p.content().open()) {
      return new String(in.readAllBytes(), ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Rfc2046Multipart split(String body, int limit) {
    try {
      return Rfc2046Multipart.split(
          new SharedByteArrayInputStream(body.getBytes(ISO_8859_1)), "b", limit);
    } catch (IOException | MessagingException e) {
      throw new AssertionError(e);
    }
  }

  /** Each part's content (after its header section), as text. */
  private static List<String> contents(Rfc2046Multipart mp) {
    List<String> out = new ArrayList<>();
    for (MimeBodyPart p : mp.parts()) {
      try (InputStream in = p.getRawInputStream()) {
        out.add(new String(in.readAllBytes(), ISO_8859_1));
      } catch (IOException | MessagingException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** A long part compared by its length first, so a failure does not print it all. */
  private static void assertOnlyPart(String expected, Rfc2046Multipart mp) {
    List<String> c = contents(mp);
    assertEquals(1, c.size());
    assertEquals(expected.length(), c.get(0).length());
    assertEquals(expected, c.get(0));
  }

  @Test
  void with_crlf_line_ends_the_crlf_before_a_delimiter_is_not_part_of_the_attachment() {
    MessageView v = view("multipart-crlf-transport-padding.eml");
    assertEquals("Hello.\n", v.body());
    MessageView.Part a = v.attachments().get(0);
    assertEquals("a.txt", a.name());
    assertEquals("one\r\ntwo", content(a));
    assertEquals(8, a.size());
  }

  @Test
  void blanks_after_a_delimiter_and_the_close_delimiter_are_transport_padding() {
    MessageView v = view("multipart-crlf-transport-padding.eml");
    assertEquals(2, v.parts().size());
    assertEquals(List.of(), v.problems()); // the close delimiter was seen
  }

  @Test
  void with_lf_line_ends_the_lf_before_a_delimiter_is_not_part_of_the_attachment() {
    MessageView v = view("multipart-lf.eml");
    assertEquals("Hello.\n", v.body());
    assertEquals("one\ntwo", content(v.attachments().get(0)));
    assertEquals(7, v.attachments().get(0).size());
    assertEquals(List.of(), v.problems());
  }

  @Test
  void the_epilogue_after_the_close_delimiter_is_no_part_even_when_it_looks_like_one() {
    MessageView v = view("multipart-crlf-transport-padding.eml");
    assertFalse(v.toText().contains("epilogue"), v.toText());
  }

  @Test
  void the_preamble_and_the_epilogue_are_not_shown_and_do_not_leak_into_the_part() {
    MessageView v = view("multipart-preamble-and-epilogue.eml");
    assertEquals("the only part\n", v.body());
    assertEquals(1, v.parts().size());
    assertEquals(List.of(), v.problems());
  }

  @Test
  void a_line_that_only_starts_like_a_delimiter_is_text_of_the_part() {
    MessageView v = view("multipart-lines-like-the-boundary.eml");
    assertEquals(
        "--bb\n--b x\n--b--x\n--b-\n--b -- \n --b\n--b"
            + " ".repeat(1100)
            + "x\n-b\n--B\nend of the only part\n",
        v.body());
    assertEquals(List.of(), v.problems());
  }

  @Test
  void an_empty_part_is_empty_and_the_parts_after_it_keep_every_line() {
    MessageView v = view("multipart-empty-parts.eml");
    assertEquals(
        "no header section\n\nNote: this line looks like a field\nthis one does not\n", v.body());
    assertEquals(List.of(0L, 17L, 52L, 0L), v.parts().stream().map(p -> p.size()).toList());
    assertEquals(List.of(), v.problems()); // the close delimiter at the end of the file, no LF
  }

  @Test
  void the_line_end_of_a_line_longer_than_a_kilobyte_before_a_delimiter_is_not_part_of_the_part() {
    MessageView v = view("multipart-long-line-before-boundary.eml");
    String line = "0123456789".repeat(300);
    List<MessageView.Part> att = v.attachments();
    assertEquals(2, att.size());
    assertEquals(3000, att.get(0).size()); // CRLF
    assertEquals(line, content(att.get(0)));
    assertEquals(3000, att.get(1).size()); // LF
    assertEquals(line, content(att.get(1)));
  }

  @Test
  void a_crlf_split_across_two_reads_still_belongs_to_the_delimiter() {
    // the line reader reads 64 KiB at a time: put the CR at the end of the first read
    String head = "--b\r\n\r\n";
    String filler = "x".repeat((1 << 16) - head.length() - 1);
    Rfc2046Multipart mp = split(head + filler + "\r\n--b--\r\n", Integer.MAX_VALUE);
    assertOnlyPart(filler, mp);
    // and a part of a long line that ends with a bare LF at the start of the second read
    filler = "x".repeat((1 << 16) - head.length());
    mp = split(head + filler + "\n--b--\n", Integer.MAX_VALUE);
    assertOnlyPart(filler, mp);
    // a CR inside a long line is not taken for the line end's
    filler = "x".repeat(2000) + "\r" + "y".repeat(2000);
    mp = split(head + filler + "\n--b--\n", Integer.MAX_VALUE);
    assertOnlyPart(filler, mp);
  }

  @Test
  void a_body_that_is_not_a_shared_stream_is_split_the_same() throws Exception {
    byte[] body = "--b\n\none\n--b\n\ntwo\n--b--\n".getBytes(ISO_8859_1);
    Rfc2046Multipart mp = Rfc2046Multipart.split(new ByteArrayInputStream(body), "b");
    assertEquals(List.of("one", "two"), contents(mp));
    assertTrue(mp.started());
    assertTrue(mp.closed());
    assertEquals(0, mp.skipped());
  }

  @Test
  void parts_over_the_limit_are_counted_not_kept() {
    String three = "--b\n\none\n--b\n\ntwo\n--b\n\nthree\n";
    Rfc2046Multipart mp = split(three + "--b--\n", 2);
    assertEquals(List.of("one", "two"), contents(mp));
    assertEquals(1, mp.skipped());
    assertTrue(mp.closed());
    mp = split(three, 2); // no close delimiter: the last part is counted too
    assertEquals(List.of("one", "two"), contents(mp));
    assertEquals(1, mp.skipped());
    assertFalse(mp.closed());
    mp = split(three, 3);
    assertEquals(List.of("one", "two", "three\n"), contents(mp));
    assertEquals(0, mp.skipped());
    mp = split(three + "--b--\n", 0);
    assertEquals(List.of(), contents(mp));
    assertEquals(3, mp.skipped());
    assertTrue(mp.started());
  }

  @Test
  void a_delimiter_or_close_delimiter_at_the_end_of_the_body_without_a_line_end_counts() {
    Rfc2046Multipart mp = split("--b\n\none\n--b--", Integer.MAX_VALUE);
    assertEquals(List.of("one"), contents(mp));
    assertTrue(mp.closed());
    mp = split("--b\n\none\n--b", Integer.MAX_VALUE); // opens an empty last part, never closed
    assertEquals(List.of("one", ""), contents(mp));
    assertFalse(mp.closed());
    // whatever the line before left in the line buffer past the delimiter's end
    for (String before : new String[] {"abc--\n", "abc def\n", "abc\r\n"}) {
      mp = split("--b\n\n" + before + "--b", Integer.MAX_VALUE);
      assertEquals(List.of(before.strip(), ""), contents(mp), before);
    }
    mp = split("--b\n\nabc d\n--b--", Integer.MAX_VALUE);
    assertEquals(List.of("abc d"), contents(mp));
    assertTrue(mp.closed());
    mp = split("--b \t", Integer.MAX_VALUE);
    assertTrue(mp.started());
    assertEquals(List.of(""), contents(mp));
  }

  @Test
  void a_boundary_longer_than_rfc_2046_allows_still_splits_the_parts() {
    String boundary = "b".repeat(2000); // RFC 2046 5.1.1: at most 70 characters
    String dash = "--" + boundary;
    Rfc2046Multipart mp;
    try {
      mp =
          Rfc2046Multipart.split(
              new SharedByteArrayInputStream(
                  (dash + "\n\none\n" + dash + "  \n\ntwo\n" + dash + "--\n").getBytes(ISO_8859_1)),
              boundary);
    } catch (IOException | MessagingException e) {
      throw new AssertionError(e);
    }
    assertEquals(List.of("one", "two"), contents(mp));
    assertTrue(mp.closed());
  }

  @Test
  void a_lone_cr_ending_a_part_header_section_at_the_end_of_the_body_is_its_text()
      throws Exception {
    // the line before leaves an LF at the index after the CR in the line buffer
    Rfc2046Multipart mp = split("--b\nX-A: a\n \n\r", Integer.MAX_VALUE);
    assertEquals(List.of("\r"), contents(mp));
  }

  @Test
  void a_body_with_no_delimiter_has_no_parts_and_is_not_started() {
    Rfc2046Multipart mp = split("just text\n--bx\n", Integer.MAX_VALUE);
    assertFalse(mp.started());
    assertFalse(mp.closed());
    assertEquals(List.of(), mp.parts());
    assertFalse(split("", Integer.MAX_VALUE).started());
  }

  @Test
  void a_part_header_line_that_is_not_a_field_starts_the_part_body_byte_for_byte()
      throws Exception {
    Rfc2046Multipart mp =
        split("--b\r\nContent-Type: text/plain\r\nnot a field\r\nmore\r\n--b--\r\n", 5);
    MimeBodyPart p = mp.parts().get(0);
    assertEquals("text/plain", p.getContentType());
    assertArrayEquals(
        "not a field\r\nmore".getBytes(ISO_8859_1), p.getRawInputStream().readAllBytes());
  }
}
