package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The text body encoding. Found against a real MTA (exim 4.96) and real readers: exim's local
 * delivery writes mboxo, so a body line "From here" arrived as "&gt;From here" in s-nail, mutt and
 * Python mailbox; jmail's own mboxrd spool delivery turned "&gt;From there" into "&gt;&gt;From
 * there" for the same readers; and Jakarta Mail's encoder sent a bare CR as a line break.
 */
class QuotedPrintableTest {
  private static byte[] fixture(String name) throws Exception {
    return Files.readAllBytes(
        Path.of(QuotedPrintableTest.class.getResource("/fixtures/compose/" + name).toURI()));
  }

  private static byte[] decoded(byte[] qp) throws Exception {
    try (InputStream in =
        jakarta.mail.internet.MimeUtility.decode(
            new ByteArrayInputStream(qp), "quoted-printable")) {
      return in.readAllBytes();
    }
  }

  @Test
  void from_lines_at_any_quoting_depth_and_bare_crs_are_encoded_byte_for_byte_as_the_fixture()
      throws Exception {
    byte[] text = fixture("from-lines-and-bare-cr.txt");
    assertArrayEquals(
        fixture("from-lines-and-bare-cr.qp"),
        QuotedPrintable.encode(text),
        new String(QuotedPrintable.encode(text), StandardCharsets.US_ASCII));
  }

  @Test
  void a_decoder_gives_back_the_text_with_crlf_as_the_only_line_break() throws Exception {
    byte[] text = fixture("from-lines-and-bare-cr.txt");
    String back =
        new String(decoded(QuotedPrintable.encode(text)), StandardCharsets.UTF_8)
            .replace("\r\n", "\n");
    assertEquals(new String(text, StandardCharsets.UTF_8).replace("\r\n", "\n"), back);
  }

  @Test
  void no_encoded_line_starts_with_from_so_no_mbox_writer_quotes_one() throws Exception {
    StringBuilder b = new StringBuilder();
    for (int pad = 0; pad < 80; pad++)
      b.append("z".repeat(pad))
          .append("From x >From y\n")
          .append(">".repeat(pad % 5))
          .append("From z\n");
    String out =
        new String(
            QuotedPrintable.encode(b.toString().getBytes(StandardCharsets.US_ASCII)),
            StandardCharsets.US_ASCII);
    assertFalse(out.lines().anyMatch(l -> l.matches(">*From .*")), out);
    assertTrue(out.lines().allMatch(l -> l.length() <= 76), "a line over 76 characters");
  }

  @Test
  void any_text_decodes_back_exactly_with_short_lines_and_no_from_line() throws Exception {
    String[] pieces = {
      "From ", ">", "From", " ", "\t", "\r", "\n", "\r\n", "=", "a", "ä", ".", "x".repeat(70), "日"
    };
    java.util.Random random = new java.util.Random(5322);
    for (int round = 0; round < 2000; round++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(30); n > 0; n--) b.append(pieces[random.nextInt(pieces.length)]);
      byte[] text = b.toString().getBytes(StandardCharsets.UTF_8);
      byte[] qp = QuotedPrintable.encode(text);
      String out = new String(qp, StandardCharsets.US_ASCII);
      String back = new String(decoded(qp), StandardCharsets.UTF_8).replace("\r\n", "\n");
      assertEquals(b.toString().replace("\r\n", "\n"), back, out);
      for (String line : out.split("\r\n", -1)) {
        assertTrue(
            line.length() <= 76
                && !line.matches(">*From .*")
                && line.indexOf('\r') < 0
                && !line.endsWith(" "),
            "line '" + line + "' of\n" + out);
      }
    }
  }

  @Test
  void a_body_with_a_from_line_is_quoted_printable_and_one_without_stays_7bit() {
    assertEquals(
        "quoted-printable",
        BodyText.transferEncoding("a\nFrom here\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(
        "quoted-printable",
        BodyText.transferEncoding(">>From here\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(
        "quoted-printable",
        BodyText.transferEncoding("a\rb\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(
        "7bit",
        BodyText.transferEncoding(
            "Fromage\n.\nsaid: From here\n".getBytes(StandardCharsets.US_ASCII)));
  }
}
