package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class DisplayWidthTest {

  @ParameterizedTest(name = "{0} takes {1} columns")
  @CsvFileSource(resources = "/fixtures/displaywidth/range-edges.csv", delimiter = ',')
  void a_character_at_the_edge_of_a_wide_range_takes_the_columns_a_terminal_gives_it(
      String cp, int columns) {
    int c = Integer.parseInt(cp.substring(2), 16);
    assertEquals(columns, DisplayWidth.of(c), cp);
    assertEquals(columns, DisplayWidth.of(new String(Character.toChars(c))), cp);
  }

  @Test
  void combining_marks_zero_width_spaces_and_variation_selectors_take_no_column() {
    assertEquals(0, DisplayWidth.of(0));
    assertEquals(0, DisplayWidth.of(0x300)); // combining grave, the first combining mark
    assertEquals(0, DisplayWidth.of(0x301)); // combining acute
    assertEquals(0, DisplayWidth.of(0x20dd)); // combining enclosing circle
    assertEquals(0, DisplayWidth.of(0x200d)); // zero-width joiner (format)
    assertEquals(0, DisplayWidth.of(0x200b)); // zero-width space
    assertEquals(0, DisplayWidth.of(0xfe00));
    assertEquals(0, DisplayWidth.of(0xfe0f));
    assertEquals(0, DisplayWidth.of(0x1160)); // Hangul jungseong filler
    assertEquals(0, DisplayWidth.of(0x11ff));
    assertEquals(1, DisplayWidth.of(0x1200)); // Ethiopic
    assertEquals(1, DisplayWidth.of(0x200a)); // hair space
    assertEquals(1, DisplayWidth.of(0x200c - 2));
    assertEquals(1, DisplayWidth.of(0xad)); // soft hyphen below U+0300 counts as one
    assertEquals(1, DisplayWidth.of(0x2ff));
    assertEquals(1, DisplayWidth.of('a'));
    assertEquals(1, DisplayWidth.of(0xfdff));
  }

  @Test
  void a_subject_mixing_latin_cjk_emoji_and_accents_is_measured_column_by_column() {
    assertEquals(0, DisplayWidth.of(""));
    assertEquals(2 + 2 + 1 + 1 + 2, DisplayWidth.of("日本ae\u0301\uD83D\uDE00"));
    // "è" written as e + U+0300 (macOS file names, some mailers) is one column, like "è"
    assertEquals(DisplayWidth.of("Cr\u00e8me"), DisplayWidth.of("Cre\u0300me"));
  }

  @Test
  void truncating_never_splits_a_wide_character_and_keeps_what_fits() {
    assertEquals("日", DisplayWidth.truncate("日本", 3));
    assertEquals("日本", DisplayWidth.truncate("日本", 4));
    assertEquals("ab", DisplayWidth.truncate("ab", 2));
    assertEquals("a", DisplayWidth.truncate("ab", 1));
    assertEquals("", DisplayWidth.truncate("日", 1));
    assertEquals("\uD83D\uDE00", DisplayWidth.truncate("\uD83D\uDE00x", 2));
    assertEquals("e\u0301", DisplayWidth.truncate("e\u0301x", 1));
  }

  @Test
  void fitting_pads_to_the_column_count_or_cuts_so_list_columns_line_up() {
    assertEquals("日 ", DisplayWidth.fit("日本", 3));
    assertEquals("日本", DisplayWidth.fit("日本", 4));
    assertEquals("ab  ", DisplayWidth.fit("ab", 4));
    assertEquals("ab", DisplayWidth.fit("abc", 2));
    assertEquals("", DisplayWidth.fit("abc", 0));
  }

  @Test
  void text_fits_on_a_screen_until_its_wrapped_rows_exceed_the_limit() {
    assertFalse(DisplayWidth.moreRowsThan("", 80, 0));
    assertFalse(DisplayWidth.moreRowsThan("a\nb\n", 80, 2));
    assertTrue(DisplayWidth.moreRowsThan("a\nb\nc", 80, 2));
    assertTrue(DisplayWidth.moreRowsThan("a\nb\nc\n", 80, 2));
    assertFalse(DisplayWidth.moreRowsThan("\n\n", 80, 2));
    assertTrue(DisplayWidth.moreRowsThan("\n\n\n", 80, 2));
    // one line of 10 columns on a 4-column terminal wraps into 3 rows
    assertFalse(DisplayWidth.moreRowsThan("0123456789", 4, 3));
    assertTrue(DisplayWidth.moreRowsThan("0123456789", 4, 2));
    assertFalse(DisplayWidth.moreRowsThan("01234567", 4, 2));
    assertFalse(DisplayWidth.moreRowsThan("0123\n", 4, 1));
    assertTrue(DisplayWidth.moreRowsThan("01234\n", 4, 1));
    // wide characters count two columns each: 3 of them need 6 columns = 2 rows of 4
    assertTrue(DisplayWidth.moreRowsThan("日本語", 4, 1));
    assertFalse(DisplayWidth.moreRowsThan("日本", 4, 1));
    // a tab moves to the next multiple of 8
    assertTrue(DisplayWidth.moreRowsThan("a\tb", 8, 1));
    assertFalse(DisplayWidth.moreRowsThan("a\t", 8, 1));
    assertFalse(DisplayWidth.moreRowsThan("abcdefg\t", 8, 1));
    assertTrue(DisplayWidth.moreRowsThan("abcdefgh\t", 8, 1));
    // a zero or negative width is treated as one column
    assertTrue(DisplayWidth.moreRowsThan("ab", 0, 1));
    assertFalse(DisplayWidth.moreRowsThan("a", -3, 1));
    // a huge single line stops counting early and still answers
    assertTrue(DisplayWidth.moreRowsThan("x".repeat(1_000_000), 80, 24));
    assertFalse(DisplayWidth.moreRowsThan("x".repeat(80 * 24), 80, 24));
  }
}
