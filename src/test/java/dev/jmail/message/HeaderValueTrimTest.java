package dev.jmail.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A one-line field's value is trimmed in its bytes before it becomes a string, as {@link
 * String#strip} trims the string: every ISO-8859-1 character that Java counts as white space, and
 * no other (a no-break space or an 8-bit byte stays).
 */
class HeaderValueTrimTest {
  @Test
  void every_byte_around_a_value_is_trimmed_exactly_when_string_strip_trims_it() {
    for (int c = 0; c < 256; c++) {
      if (c == '\r' || c == '\n') continue; // they end the line
      for (String shape : new String[] {"%sv%s", "%s%sv w%s%s", "%s", "%s%s"}) {
        String ch = String.valueOf((char) c);
        String value = shape.replace("%s", ch);
        byte[] h = ("Subject:" + value + "\nFrom: x\n").getBytes(StandardCharsets.ISO_8859_1);
        RawHeaders block = new RawHeaders(h, h.length, false);
        String expected = value.strip();
        assertEquals(expected, block.field("subject"), "byte " + c + " in " + shape);
        assertEquals(
            expected, block.fields(RawHeaders.names("Subject"))[0], "byte " + c + " in " + shape);
      }
    }
  }

  @Test
  void a_value_of_blanks_only_is_empty_and_a_crlf_line_loses_its_cr() {
    byte[] h = "Subject: \t \r\nTo:  a@b \r\n".getBytes(StandardCharsets.ISO_8859_1);
    RawHeaders block = new RawHeaders(h, h.length, false);
    assertEquals("", block.field("subject"));
    assertEquals("a@b", block.field("to"));
  }
}
