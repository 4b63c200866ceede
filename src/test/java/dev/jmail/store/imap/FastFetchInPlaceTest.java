package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link FastFetch} reads a response where the client put its lines together (a reused buffer,
 * stale bytes after the response), and gives the same data as the general parse ({@link
 * ImapResponse#parse}); the system flags come as shared, unmodifiable sets.
 */
class FastFetchInPlaceTest {
  private static final byte[] HEADER =
      "From: =?utf-8?q?J=C3=BCrgen?= <j@x>\r\nSubject: \u00e9t\u00e9\r\n\r\n"
          .getBytes(StandardCharsets.UTF_8);

  /** The line as ImapClient frames it (each "{L}" a literal marker, HEADER) and its literals. */
  private static byte[] framed(String line, List<Object> literals) {
    int n = line.split("\\{L\\}", -1).length - 1;
    byte[][] values = new byte[n][];
    Arrays.fill(values, HEADER);
    return FramedLine.of(line, literals, values);
  }

  /** What the general parse reads: the FETCH list's items as ImapClient's fetched() takes them. */
  private static void sameAsGeneral(ImapClient.Fetched f, byte[] line, List<Object> literals) {
    List<Object> values =
        ImapResponse.parse(Arrays.copyOfRange(line, 2, line.length), literals); // after "* "
    List<?> data = (List<?>) values.get(2);
    Set<String> flags = null;
    long uid = -1, size = -1, modseq = 0;
    Object section = null;
    for (int i = 0; i + 1 < data.size(); i += 2) {
      String key = ((String) data.get(i)).toUpperCase(Locale.ROOT);
      Object v = data.get(i + 1);
      if (key.equals("UID")) uid = Long.parseLong((String) v);
      else if (key.equals("RFC822.SIZE")) size = Long.parseLong((String) v);
      else if (key.equals("MODSEQ")) modseq = Long.parseLong((String) ((List<?>) v).get(0));
      else if (key.equals("FLAGS")) {
        flags = new HashSet<>();
        for (Object o : (List<?>) v) flags.add((String) o);
      } else if (key.startsWith("BODY[")) section = v;
    }
    assertEquals(uid, f.uid());
    assertEquals(size, f.size());
    assertEquals(modseq, f.modSeq());
    assertEquals(flags, f.flags());
    assertSame(section, f.section());
  }

  @Test
  void a_response_in_a_reused_buffer_is_read_up_to_its_length_only() {
    for (String line :
        List.of(
            "* 1 FETCH (UID 1 FLAGS (\\Answered \\Seen) RFC822.SIZE 2820 BODY[HEADER.FIELDS (DATE FROM)] {L})",
            "* 2 FETCH (UID 22 FLAGS () RFC822.SIZE 9 BODY[HEADER.FIELDS (FROM)] NIL)",
            "* 3 fetch (flags (\\Seen $Label1 \\Seen \\Flagged Junk) uid 7 modseq (12345))",
            "* 4 FETCH (UID 4 FLAGS (\\Deleted \\Draft \\Recent \\Flagged \\Answered \\Seen))",
            "* 5 FETCH (FLAGS (\\seen) UID 5)")) {
      List<Object> literals = new ArrayList<>();
      byte[] exact = framed(line, literals);
      // the buffer ImapClient reuses: a longer earlier response's bytes still after this one
      byte[] buffer = Arrays.copyOf(exact, exact.length + 40);
      Arrays.fill(buffer, exact.length, buffer.length, (byte) 'Z');
      ImapClient.Fetched f = FastFetch.parse(buffer, exact.length, literals);
      assertNotNull(f, line);
      sameAsGeneral(f, exact, literals);
      ImapClient.Fetched g = FastFetch.parse(exact, literals);
      assertEquals(g, f, line);
    }
  }

  @Test
  void a_response_cut_by_its_length_is_left_to_the_general_parse_whatever_follows_it() {
    List<Object> literals = new ArrayList<>();
    byte[] whole = framed("* 1 FETCH (UID 17 FLAGS (\\Seen) RFC822.SIZE 2820)", literals);
    for (int n = 0; n < whole.length; n++) assertNull(FastFetch.parse(whole, n, literals), "" + n);
    assertNull(FastFetch.parse(whole, whole.length + 1, literals)); // past the buffer: never read
    // a number whose digits go on past the length is the number before it
    byte[] digits = "* 1 FETCH (UID 17)".getBytes(StandardCharsets.US_ASCII);
    byte[] longer = "* 1 FETCH (UID 1)7)".getBytes(StandardCharsets.US_ASCII);
    assertEquals(17, FastFetch.parse(digits, digits.length, literals).uid());
    assertEquals(1, FastFetch.parse(longer, 17, literals).uid());
  }

  @Test
  void system_flags_come_as_one_shared_unmodifiable_set_per_combination() {
    List<Object> none = List.of();
    byte[] a = framed("* 1 FETCH (UID 1 FLAGS (\\Seen \\Answered))", new ArrayList<>());
    byte[] b = framed("* 2 FETCH (UID 2 FLAGS (\\Answered \\Seen \\Seen))", new ArrayList<>());
    Set<String> fa = FastFetch.parse(a, none).flags();
    assertSame(fa, FastFetch.parse(b, none).flags());
    assertEquals(Set.of("\\Seen", "\\Answered"), fa);
    assertThrows(UnsupportedOperationException.class, () -> fa.add("\\Deleted"));
    // a keyword among them: a set of its own with every flag named, system ones included
    byte[] c = framed("* 3 FETCH (UID 3 FLAGS (\\Seen Junk \\Flagged))", new ArrayList<>());
    assertEquals(Set.of("\\Seen", "Junk", "\\Flagged"), FastFetch.parse(c, none).flags());
    byte[] d = framed("* 4 FETCH (UID 4 FLAGS ())", new ArrayList<>());
    assertEquals(Set.of(), FastFetch.parse(d, none).flags());
    // a flag differing from a system one in case only is a keyword of its own, as written
    byte[] e = framed("* 5 FETCH (UID 5 FLAGS (\\SEEN))", new ArrayList<>());
    assertEquals(Set.of("\\SEEN"), FastFetch.parse(e, none).flags());
  }
}
