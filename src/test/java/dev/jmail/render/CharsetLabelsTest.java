package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/**
 * Which charset a MIME label names, as real mail spells it (VIOLATIONS.md): a label read as the
 * wrong charset, or not recognised and guessed, shows mojibake.
 */
class CharsetLabelsTest {
  private static String name(String label) {
    Charset cs = Charsets.lookup(label);
    return cs == null ? null : cs.name();
  }

  @Test
  void the_spellings_of_windows_cp_latin_and_iso_8859_labels_name_the_charset() {
    String[][] cases = {
      {"windows-1252", "windows-1252"},
      {"windows1251", "windows-1251"},
      {"win1251", "windows-1251"},
      {"win-1250", "windows-1250"},
      {"x-win-1250", "windows-1250"},
      {"cp-850", "IBM850"},
      {"cp-869", "IBM869"},
      {"latin-2", "ISO-8859-2"},
      {"iso-8859-8-i", "ISO-8859-8"},
      {"iso-8859-6-e", "ISO-8859-6"},
      {"x-gbk", "GB18030"},
      {"x-mac-cyrillic", "x-MacCyrillic"},
      {"UTF-8", "UTF-8"},
      {" utf-8 ", "UTF-8"},
    };
    for (String[] c : cases) assertEquals(c[1], name(c[0]), c[0]);
  }

  @Test
  void a_quoted_label_and_an_rfc_2231_language_suffix_name_the_charset() {
    assertEquals("UTF-8", name("\"utf-8\""));
    assertEquals("UTF-8", name("utf-8*en"));
    assertEquals("ISO-8859-2", name("\"latin-2*pl\""));
  }

  @Test
  void labels_that_only_look_like_a_charset_are_unknown() {
    for (String label :
        new String[] {
          null,
          "",
          "\"\"",
          "\"",
          "utf-8\"",
          "\"utf-8",
          "*en",
          "x-",
          "cp-",
          "win-",
          "win",
          "windows",
          "latin-",
          "cp-85x",
          "win-12a1",
          "windows-12/1",
          "iso-8859--i",
          "x-unknown"
        }) {
      assertEquals(null, name(label), label);
    }
  }

  @Test
  void an_8_bit_header_is_read_as_utf_8_when_it_is_and_as_windows_1252_otherwise() {
    assertEquals("é", Charsets.rawHeader("\u00c3\u00a9")); // the UTF-8 bytes of é
    assertEquals("€", Charsets.rawHeader("\u0080")); // 0x80 alone: windows-1252's euro sign
    assertEquals("a\u007f", Charsets.rawHeader("a\u007f"));
    assertEquals("café", Charsets.rawHeader("caf\u00e9")); // a Latin-1 byte
  }
}
