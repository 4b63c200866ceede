package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.StrictJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON is for programs: the exact text, every character escaped as JSON escapes it. A terminal gets
 * the same text made visible, in the summary and in {@code read} alike.
 */
class ExactJsonSafeTerminalTest {
  @TempDir Path home;

  /** Every C0 control, DEL, every C1 control, the bidi controls and the Unicode line breaks. */
  static final String HOSTILE;

  static {
    StringBuilder b = new StringBuilder("a");
    for (char c = 0; c < 0x20; c++) b.append(c);
    b.append('\u007f');
    for (char c = 0x80; c < 0xa0; c++) b.append(c);
    b.append(
        "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029");
    HOSTILE = b.append('z').toString();
  }

  static String encodedWord(String text) {
    return "=?UTF-8?B?"
        + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))
        + "?=";
  }

  Path mbox(String from, String subject) throws Exception {
    Path box = home.resolve("box");
    Files.write(
        box,
        ("From x@example.com Mon Jan  1 10:00:00 2024\nFrom: "
                + from
                + "\nSubject: "
                + subject
                + "\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nbody\n\n")
            .getBytes(StandardCharsets.UTF_8));
    return box;
  }

  InProcess jmail() {
    return InProcess.isolated(home, "alice");
  }

  @SuppressWarnings("unchecked")
  @Test
  void list_and_read_json_give_back_every_control_bidi_and_line_separator_exactly()
      throws Exception {
    Path box = mbox(encodedWord(HOSTILE) + " <h@example.com>", encodedWord(HOSTILE));
    String listed = jmail().run("list", "--json", "-f", box.toString()).succeeded().out();
    Map<String, Object> one =
        (Map<String, Object>) ((List<Object>) StrictJson.parse(listed)).get(0);
    assertEquals(HOSTILE, one.get("subject"));
    assertEquals(HOSTILE + " <h@example.com>", one.get("from"));
    String read =
        jmail().run("read", "--json", "--peek", "-f", box.toString(), "1").succeeded().out();
    List<Object> headers =
        (List<Object>) ((Map<String, Object>) StrictJson.parse(read)).get("headers");
    assertTrue(headers.contains(Map.of("name", "Subject", "value", HOSTILE)), read);
    for (String json : List.of(listed, read))
      assertPrintable(json.replace("\n", ""), "JSON"); // newlines between elements only
    assertTrue(
        listed.contains("\\u001b") && listed.contains("\\u009b") && listed.contains("\\u2028"),
        listed);
    assertTrue(!listed.contains("^["), "no caret escapes in JSON: " + listed);
  }

  @Test
  void the_summary_shows_a_hostile_sender_as_read_shows_it() throws Exception {
    Path box = mbox("\u001b]52;c;aGVsbG8=\u0007 evil@example.com", "hi");
    String line = jmail().run("list", "-f", box.toString()).succeeded().out();
    assertTrue(line.contains("^[]52;c;aGVsbG8=^G"), line); // not "]52": the summary hid the ESC
    String read = jmail().run("read", "--peek", "-f", box.toString(), "1").succeeded().out();
    assertEquals(
        "From: ^[]52;c;aGVsbG8=^G evil@example.com", read.lines().findFirst().orElseThrow());
    String json = jmail().run("list", "--json", "-f", box.toString()).succeeded().out();
    assertTrue(json.contains("\"from\":\"\\u001b]52;c;aGVsbG8=\\u0007 evil@example.com\""), json);
  }

  @Test
  void bidi_marks_and_unicode_line_breaks_never_reach_the_terminal_raw() throws Exception {
    Path box = mbox(encodedWord("Eve\u200f\u2028") + " <e@example.com>", encodedWord(HOSTILE));
    String list = jmail().run("list", "-f", box.toString()).succeeded().out();
    String read = jmail().run("read", "--peek", "-f", box.toString(), "1").succeeded().out();
    assertPrintable(list.replace("\n", ""), "summary");
    assertPrintable(read.replace("\n", ""), "read");
    assertTrue(read.contains("Subject: a^@^A"), read);
  }

  static void assertPrintable(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad =
          c < 0x20
              || (c >= 0x7f && c < 0xa0)
              || c == 0x200e
              || c == 0x200f
              || c == 0x061c
              || (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069)
              || c == 0x2028
              || c == 0x2029;
      if (bad)
        throw new AssertionError(
            what + ": raw U+" + String.format("%04X", (int) c) + " at " + i + " in " + s);
    }
  }

  @Test
  void list_json_of_an_empty_folder_is_an_empty_array_and_success_and_plain_list_says_no_mail()
      throws Exception {
    Path empty = Files.createFile(home.resolve("empty"));
    jmail().run("list", "--json", "-f", empty.toString()).succeeded().errEquals("");
    assertEquals("[]\n", jmail().run("list", "--json", "-f", empty.toString()).out());
    assertEquals(
        "[]\n", jmail().run("list", "--json").succeeded().out()); // the system mailbox, missing
    jmail().run("list", "-f", empty.toString()).exits(1);
    jmail().run("list").exits(1).errContains("No mail for alice");
    jmail().run("-H").exits(1);
    jmail().run("-e").exits(1);
  }
}
