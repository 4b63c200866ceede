package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile bytes in small mbox files ({@code fixtures/mbox/}): each is listed and read (text and
 * JSON) with status 0, controls shown as {@code ^X} in text and escaped exactly in JSON, and a
 * message marked seen leaves every other byte of the file as it was. The big cases (a 2 GB header
 * line, 100,000 parts, a million encoded words) are in {@code HostileLocalFilesIT} and {@code
 * PathologicalSizesTest}.
 */
class HostileMboxFilesTest {
  @TempDir Path home;

  private Path copy(String fixture) throws Exception {
    Path box = home.resolve(fixture);
    Files.write(box, Files.readAllBytes(Fixtures.path("mbox/" + fixture)));
    return box;
  }

  private Result jmail(String... args) {
    return InProcess.isolated(home, "tester").run(args);
  }

  private static void noRawControls(String text) {
    for (char c : text.toCharArray()) {
      boolean control =
          (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
      assertFalse(control, "a raw control U+" + Integer.toHexString(c) + " in: " + text);
    }
  }

  @Test
  void nul_bytes_and_escape_sequences_are_carets_in_text_and_exact_in_json() throws Exception {
    Path box = copy("nul-and-escapes.mbox");
    String list = jmail("list", "-f", box.toString()).succeeded().out();
    noRawControls(list);
    assertTrue(list.contains("A^@^[[31m") && list.contains("nul^@here ^[]0;title^G \uFFFD"), list);
    String read = jmail("read", "--peek", "-f", box.toString(), "1").succeeded().out();
    noRawControls(read);
    assertTrue(read.contains("From: A^@^[[31m <a@example.org>"), read);
    assertTrue(read.contains("body^@^[[2J bytes"), read);
    String json = jmail("list", "--json", "-f", box.toString()).succeeded().out();
    assertTrue(
        json.contains("\"subject\":\"nul\\u0000here \\u001b]0;title\\u0007 \\u009b31m x\""), json);
    String one = jmail("read", "--peek", "--json", "-f", box.toString(), "1").succeeded().out();
    assertTrue(one.contains("\"body\":\"body\\u0000\\u001b[2J bytes\\n\""), one);
  }

  @Test
  void a_from_line_inside_a_base64_attachment_splits_the_message_and_both_halves_are_read()
      throws Exception {
    Path box = copy("from-line-in-base64.mbox");
    String json = jmail("list", "--json", "-f", box.toString()).succeeded().out();
    assertEquals(2, json.lines().filter(l -> l.startsWith("{")).count(), json);
    Result first = jmail("read", "--peek", "-f", box.toString(), "1").succeeded();
    assertTrue(first.out().contains("the text"), first.out());
    assertTrue(first.out().contains("without its closing boundary"), first.out());
    Result second = jmail("read", "--peek", "--json", "-f", box.toString(), "2").succeeded();
    assertTrue(second.out().contains("\"body\":\"RnJvbSB4\\n--X--\\n\""), second.out());
    assertEquals("", second.err());
  }

  @Test
  void cr_only_line_ends_are_one_header_line_to_the_listing_and_lines_to_read() throws Exception {
    Path box = copy("cr-only-line-ends.mbox");
    // mbox separators and the listing's header lines end at LF (as mutt reads them): one message
    String json = jmail("list", "--json", "-f", box.toString()).succeeded().out();
    assertEquals(1, json.lines().filter(l -> l.startsWith("{")).count(), json);
    assertTrue(json.contains("\"from\":\"A <a@example.org>\""), json);
    // read parses the header as Python's email does (a lone CR ends a line)
    String read = jmail("read", "--peek", "-f", box.toString(), "1").succeeded().out();
    noRawControls(read);
    assertTrue(read.contains("Subject: cr only\n"), read);
  }

  @Test
  void marking_a_hostile_message_seen_changes_nothing_but_its_status() throws Exception {
    for (String fixture :
        new String[] {
          "nul-and-escapes.mbox", "from-line-in-base64.mbox", "no-trailing-newline.mbox"
        }) {
      Path box = copy(fixture);
      byte[] before = Files.readAllBytes(box);
      jmail("read", "-f", box.toString(), "1").succeeded();
      String after = new String(Files.readAllBytes(box), StandardCharsets.ISO_8859_1);
      assertTrue(after.contains("\nStatus: RO\n"), fixture + ": " + after);
      assertArrayEquals(
          before,
          after.replaceFirst("\nStatus: RO\n", "\n").getBytes(StandardCharsets.ISO_8859_1),
          fixture);
    }
  }
}
