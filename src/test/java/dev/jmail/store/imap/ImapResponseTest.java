package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The general parse of a response line ({@link ImapResponse}, RFC 3501 9): the forms the fast FETCH
 * path leaves to it, and the words, codes and numbers the client reads from every answer.
 */
class ImapResponseTest {
  /** The values of a line after its tag; each "{L}" stands for the next of {@code literals}. */
  private static List<Object> parse(String rest, byte[]... literals) {
    List<Object> lits = new ArrayList<>();
    return ImapResponse.parse(FramedLine.of(rest, lits, literals), lits);
  }

  private static ImapResponse response(String line) {
    int sp = line.indexOf(' ');
    return new ImapResponse(
        line.substring(0, sp),
        parse(line.substring(sp + 1)),
        line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_section_with_spaces_and_parentheses_inside_its_brackets_is_one_name() {
    List<Object> v = parse("1 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] NIL INTERNALDATE \"x\")");
    List<?> data = (List<?>) v.get(2);
    assertEquals("BODY[HEADER.FIELDS (FROM SUBJECT)]", data.get(0));
    assertNull(data.get(1));
    assertEquals("INTERNALDATE", data.get(2));
  }

  @Test
  void every_literal_stands_in_its_own_place() {
    byte[] a = {'a'};
    byte[] b = {'b'};
    List<Object> v = parse("1 FETCH (BODY[1] {L} BODY[2] {L})", a, b);
    List<?> data = (List<?>) v.get(2);
    assertSame(a, data.get(1));
    assertSame(b, data.get(3));
  }

  @Test
  void
      a_quoted_string_keeps_escaped_quotes_and_backslashes_and_an_unterminated_one_ends_the_line() {
    List<Object> v = parse("LIST () \"/\" \"a\\\"b\\\\c\"");
    assertArrayEquals("a\"b\\c".getBytes(StandardCharsets.UTF_8), (byte[]) v.get(3));
    // a backslash as the last byte: kept, never read past the line
    List<Object> w = parse("LIST () \"/\" \"abc\\");
    assertArrayEquals("abc\\".getBytes(StandardCharsets.UTF_8), (byte[]) w.get(3));
  }

  @Test
  void a_word_past_the_last_value_is_empty() {
    ImapResponse r = response("* SEARCH");
    assertEquals("SEARCH", r.word(0));
    assertEquals("", r.word(1));
    assertEquals("", r.word(7));
  }

  @Test
  void an_atom_is_its_own_text_and_nil_is_none() {
    assertEquals("Archive", ImapResponse.string(parse("LIST () \"/\" Archive").get(3)));
    assertEquals("12", ImapResponse.string("12"));
    assertNull(ImapResponse.string(null));
  }

  @Test
  void numbers_have_up_to_eighteen_digits_and_nothing_else() {
    assertEquals(999_999_999_999_999_999L, ImapResponse.number("999999999999999999"));
    assertNull(ImapResponse.number("1000000000000000000"), "19 digits");
    assertNull(ImapResponse.number(""));
    assertNull(ImapResponse.number("-1"));
    assertNull(ImapResponse.number(List.of("1")));
  }

  @Test
  void server_text_is_cut_after_200_characters_and_not_at_200() {
    String two = "x".repeat(200);
    assertEquals(two, ImapResponse.clip("  " + two + "\r\n"));
    assertEquals(two + "…", ImapResponse.clip(two + "y"));
  }

  @Test
  void the_code_is_read_only_right_after_the_status() {
    assertEquals("TRYCREATE", response("J3 NO [TRYCREATE] no such mailbox").code());
    assertEquals("", response("J3 NO the [TRYCREATE] is not a code here").code());
    assertEquals("", response("J3 NO [TRYCREATE no end").code());
    assertEquals(
        "[TRYCREATE] no such mailbox", response("J3 NO [TRYCREATE] no such mailbox").statusText());
    assertEquals("", response("J3 NO").statusText());
  }
}
