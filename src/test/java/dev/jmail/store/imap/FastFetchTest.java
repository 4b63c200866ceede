package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The FETCH responses of a listing read from their bytes ({@link FastFetch}): the same data as the
 * general parse, and every unusual form left to it (null).
 */
class FastFetchTest {
  /** A response line as {@code ImapClient} frames it: each "{n}" literal replaced by a marker. */
  private static ImapClient.Fetched parse(String line, byte[]... literals) {
    List<Object> lits = new ArrayList<>();
    return FastFetch.parse(FramedLine.of(line, lits, literals), lits);
  }

  private static final byte[] HEADER = "Subject: hi\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void the_listing_response_is_read_with_its_literal() {
    ImapClient.Fetched f =
        parse(
            "* 7 FETCH (UID 1234 FLAGS (\\Answered \\Seen) RFC822.SIZE 2820"
                + " BODY[HEADER.FIELDS (DATE FROM SUBJECT)] {L})",
            HEADER);
    assertNotNull(f);
    assertEquals(1234, f.uid());
    assertEquals(2820, f.size());
    assertEquals(Set.of("\\Answered", "\\Seen"), f.flags());
    assertArrayEquals(HEADER, (byte[]) f.section());
    assertEquals(0, f.modSeq());
    assertNull(f.internalDate());
  }

  @Test
  void names_in_any_case_and_any_order_are_read() {
    ImapClient.Fetched f =
        parse("* 1 fetch (flags () body[header.fields (from)] {L} Uid 9 modseq (77))", HEADER);
    assertNotNull(f);
    assertEquals(9, f.uid());
    assertEquals(-1, f.size());
    assertEquals(77, f.modSeq());
    assertEquals(Set.of(), f.flags());
    assertArrayEquals(HEADER, (byte[]) f.section());
  }

  @Test
  void a_resync_response_without_headers_is_read() {
    ImapClient.Fetched f = parse("* 3 FETCH (UID 5 FLAGS (\\Seen $Label1) MODSEQ (12))");
    assertNotNull(f);
    assertEquals(5, f.uid());
    assertEquals(Set.of("\\Seen", "$Label1"), f.flags());
    assertNull(f.section());
  }

  @Test
  void the_system_flags_are_one_string_each_not_one_per_message() {
    ImapClient.Fetched a = parse("* 1 FETCH (UID 1 FLAGS (\\Seen))");
    ImapClient.Fetched b = parse("* 2 FETCH (UID 2 FLAGS (\\Seen))");
    assertSame(a.flags().iterator().next(), b.flags().iterator().next());
  }

  @Test
  void a_section_of_nil_is_no_section() {
    ImapClient.Fetched f = parse("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM)] NIL)");
    assertNotNull(f);
    assertNull(f.section());
  }

  @Test
  void each_section_takes_the_literal_in_its_own_place() {
    byte[] text = "body text\r\n".getBytes(StandardCharsets.US_ASCII);
    ImapClient.Fetched f = parse("* 1 FETCH (UID 4 BODY[HEADER] {L} BODY[TEXT] {L})", HEADER, text);
    assertNotNull(f);
    assertSame(text, f.section(), "the last section named, with its own literal");
  }

  @Test
  void an_item_of_another_name_with_the_same_length_is_not_taken_for_a_known_one() {
    // the general parse ignores items it does not know; a guess here would make a UID of XYZ's
    // value, flags of FLAGX's, a section of BINARY[]'s literal
    for (String line :
        List.of(
            "* 1 FETCH (UID 1 XYZ 5)",
            "* 1 FETCH (UID 1 FLAGX (\\Seen))",
            "* 1 FETCH (UID 1 MODSEX (5))",
            "* 1 FETCH (UID 1 RFC822.SIZX 5)",
            "* 1 FETCH (UID 1 BINARY[] {L})",
            "* 1 FETCHX (UID 1)",
            "* 1 FETCX (UID 1)")) {
      assertNull(parse(line, HEADER), line);
    }
  }

  @Test
  void unusual_forms_are_left_to_the_general_parse() {
    // quoted values, dates, unknown items, NIL flags, malformed or overlong numbers, odd spacing,
    // bytes after the list, other responses: null, never a guess
    for (String line :
        List.of(
            "* 1 FETCH (UID 1 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")",
            "* 1 FETCH (UID 1 BODY[HEADER] \"Subject: x\")",
            "* 1 FETCH (UID 1 X-GM-MSGID 123)",
            "* 1 FETCH (UID 1 FLAGS NIL)",
            "* 1 FETCH (UID 1 FLAGS (NIL))",
            "* 1 FETCH (UID 1 FLAGS (\"\\Seen\"))",
            "* 1 FETCH (UID x1)",
            "* 1 FETCH (UID 12a)",
            "* 1 FETCH (UID 1234567890123456789)",
            "* 1 FETCH (RFC822.SIZE -1)",
            "* 1 FETCH (MODSEQ 5)",
            "* 1 FETCH (UID  1)",
            "* 1 FETCH ( UID 1)",
            "* 1 FETCH (UID 1 )",
            "* 1 FETCH (UID 1) extra",
            "* 1 FETCH (UID 1",
            "* 1 FETCH (UID)",
            "* 1 FETCH (UİD 1)",
            "* FETCH (UID 1)",
            "* 1 EXISTS",
            "* OK [UIDNEXT 5] next",
            "J3 OK done")) {
      assertNull(parse(line), line);
    }
  }
}
