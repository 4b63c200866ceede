package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentTypesTest {

  private static String detect(String name, int... bytes) {
    byte[] b = new byte[bytes.length + 4]; // a larger buffer than the sample: only n bytes count
    for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
    b[bytes.length] = 0;
    return ContentTypes.detect(name, b, bytes.length);
  }

  private static String detect(String name, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return ContentTypes.detect(name, b, b.length);
  }

  @Test
  void each_magic_number_names_its_type_whatever_the_file_is_called() {
    assertEquals("application/pdf", detect("x.bin", '%', 'P', 'D', 'F', '-', '1'));
    assertEquals("image/png", detect("x.bin", 0x89, 'P', 'N', 'G', '\r', '\n'));
    assertEquals("image/gif", detect("x.bin", 'G', 'I', 'F', '8', '9', 'a'));
    assertEquals("image/jpeg", detect("x.bin", 0xff, 0xd8, 0xff, 0xe0));
    assertEquals("application/gzip", detect("x.bin", 0x1f, 0x8b, 8));
    assertEquals("application/x-bzip2", detect("x.bin", 'B', 'Z', 'h', '9'));
    assertEquals("application/x-xz", detect("x.bin", 0xfd, '7', 'z', 'X', 'Z', 0));
    assertEquals("application/zip", detect("x.bin", 'P', 'K', 3, 4));
    assertEquals("application/zip", detect("noextension", 'P', 'K', 3, 4));
    // a picture wrongly named .txt is still a picture
    assertEquals("image/png", detect("photo.txt", 0x89, 'P', 'N', 'G'));
  }

  @Test
  void a_magic_number_cut_short_by_the_sample_is_not_trusted() {
    assertEquals("application/octet-stream", detect("x.bin", 0xff, 0xd8));
    assertEquals("application/octet-stream", detect("x.bin", 0xfd, '7', 'z', 'X', 'Z'));
    assertEquals("text/plain; charset=utf-8", detect("x", "%PDF"));
    assertEquals("application/octet-stream", detect("x.bin", 0x89, 'P', 'N', 'X'));
  }

  @Test
  void a_zip_container_is_named_by_its_extension_so_office_files_are_not_mislabelled_zip() {
    assertEquals(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        detect("report.docx", 'P', 'K', 3, 4));
    assertEquals("application/vnd.oasis.opendocument.text", detect("a.ODT", 'P', 'K', 3, 4));
    assertEquals("application/zip", detect("unknown.qqq", 'P', 'K', 3, 4));
    // only zip defers to the name: a PDF named .docx stays a PDF
    assertEquals("application/pdf", detect("a.docx", '%', 'P', 'D', 'F', '-'));
  }

  @Test
  void a_text_extension_carries_the_charset_of_the_bytes() {
    assertEquals("text/plain; charset=us-ascii", detect("notes.txt", "plain ascii\n"));
    assertEquals("text/csv; charset=utf-8", detect("t.CSV", "caf\u00e9,1\n"));
    assertEquals("text/html; charset=unknown-8bit", detect("p.htm", 'c', 'a', 'f', 0xe9, ' '));
    assertEquals("text/plain; charset=us-ascii", detect("empty.log"));
    assertEquals("application/json", detect("a.json", "{}"));
    assertEquals("image/svg+xml", detect("a.svg", "<svg/>"));
    // a log a crash left padded with NUL bytes is still ASCII text, not "unknown-8bit"
    assertEquals("text/plain; charset=us-ascii", detect("app.log", 'o', 'k', '\n', 0, 0));
  }

  @Test
  void a_hidden_file_is_not_typed_by_the_name_after_its_leading_dot() {
    // ".pdf" is a dot-file called "pdf", not a PDF document: its bytes decide
    assertEquals("application/octet-stream", detect(".pdf", 1, 2, 3));
    assertEquals("text/plain; charset=utf-8", detect(".csv", "not;a;table\n"));
  }

  @Test
  void a_file_without_a_usable_extension_is_judged_by_its_bytes() {
    assertEquals("text/plain; charset=utf-8", detect("README", "hello\tworld\r\n\f"));
    assertEquals("text/plain; charset=utf-8", detect(".profile", "export A=1\n"));
    assertEquals("text/plain; charset=utf-8", detect("trailingdot.", "text"));
    assertEquals("application/octet-stream", detect("core", 0x7f, 'E', 'L', 'F'));
    assertEquals("application/octet-stream", detect("data", 'a', 0, 'b'));
    assertEquals("application/octet-stream", detect("data", 'a', 0x1b, 'b'));
    assertEquals("application/octet-stream", detect("data", 'a', 0x1f));
    assertEquals("application/octet-stream", detect("latin1", 'c', 'a', 'f', 0xe9, ' '));
  }

  @Test
  void control_characters_that_text_uses_are_allowed_and_others_are_not() {
    assertTrue(ContentTypes.isUtf8Text(new byte[] {'\t', '\n', '\r', '\f', ' ', '~'}, 6));
    assertFalse(ContentTypes.isUtf8Text(new byte[] {0x0b}, 1));
    assertFalse(ContentTypes.isUtf8Text(new byte[] {0x7f}, 1));
    assertFalse(ContentTypes.isUtf8Text(new byte[] {0x08}, 1));
    assertTrue(ContentTypes.isUtf8Text(new byte[] {0x20}, 1));
    assertTrue(ContentTypes.isUtf8Text(new byte[0], 0));
  }

  @Test
  void a_sample_cut_inside_a_multi_byte_character_is_still_text() {
    byte[] euro = "a\u20ac".getBytes(StandardCharsets.UTF_8); // 61 e2 82 ac
    assertTrue(ContentTypes.isUtf8Text(euro, 4));
    assertTrue(ContentTypes.isUtf8Text(euro, 3));
    assertTrue(ContentTypes.isUtf8Text(euro, 2));
    byte[] smile = "a\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // 61 f0 9f 98 80
    for (int n = 1; n <= 5; n++) assertTrue(ContentTypes.isUtf8Text(smile, n), "cut at " + n);
    byte[] e = "\u00e9".getBytes(StandardCharsets.UTF_8); // c3 a9
    assertTrue(ContentTypes.isUtf8Text(e, 1));
    assertTrue(ContentTypes.isUtf8Text(e, 2));
    assertEquals("text/plain; charset=utf-8", ContentTypes.detect("x", euro, 3));
  }

  @Test
  void a_broken_sequence_before_the_end_is_not_text() {
    // a lead byte followed by ASCII, not at the end: broken, not cut
    assertFalse(ContentTypes.isUtf8Text(new byte[] {'a', (byte) 0xe2, 'b', 'c'}, 4));
    // a complete character whose last byte is missing is broken when more follows
    assertFalse(ContentTypes.isUtf8Text(new byte[] {(byte) 0xc3, 'a'}, 2));
    // a lone continuation byte at the end is broken, not a cut
    assertFalse(ContentTypes.isUtf8Text(new byte[] {'a', (byte) 0x80}, 2));
    // a two-byte character that is complete is not dropped: its second byte is checked
    assertFalse(ContentTypes.isUtf8Text(new byte[] {'a', (byte) 0xc3, (byte) 0x28}, 3));
    // four bytes back is beyond any cut: a stray lead byte there is an error
    assertFalse(
        ContentTypes.isUtf8Text(
            new byte[] {(byte) 0xf0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}, 5));
  }
}
