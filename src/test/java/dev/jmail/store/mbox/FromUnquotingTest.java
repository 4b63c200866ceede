package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A message read from an mbox: From_ quoting undone, every other byte as stored. */
class FromUnquotingTest {
  private static InputStream stream(String stored) {
    return new FromUnquotingInputStream(
        new ByteArrayInputStream(stored.getBytes(StandardCharsets.ISO_8859_1)));
  }

  /** Read in bulk, as a pager or a save does. */
  private static String bulk(String stored) throws IOException {
    try (InputStream in = stream(stored)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** Read a byte at a time, as a line reader does. */
  private static String bytewise(String stored) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = stream(stored)) {
      for (int c; (c = in.read()) >= 0; ) out.write(c);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static void reads(String expected, String stored) throws IOException {
    assertEquals(expected, bulk(stored), "bulk");
    assertEquals(expected, bytewise(stored), "byte by byte");
  }

  @Test
  void a_quoted_from_line_loses_one_quote_at_any_depth() throws IOException {
    reads("From a\n>From b\n>>From c\n", ">From a\n>>From b\n>>>From c\n");
  }

  @Test
  void quotes_not_at_a_line_start_or_not_before_from_space_stay() throws IOException {
    reads("x >From a\n>Fromage\n>from a\n>From\n", "x >From a\n>Fromage\n>from a\n>From\n");
    reads(">\nFrom a\n", ">\n>From a\n");
    reads("> >From a\n", "> >From a\n");
  }

  @Test
  void a_quote_run_cut_off_by_the_end_of_the_message_is_kept() throws IOException {
    reads(">", ">");
    reads(">>", ">>");
    reads("a\n>Fr", "a\n>Fr");
    reads("a\n>From", "a\n>From");
  }

  @Test
  void nul_bytes_are_message_bytes_not_the_end_of_the_message() throws IOException {
    reads(
        "\u0000\n>\u0000x\n>Fr\u0000\nFrom \u0000\n",
        "\u0000\n>\u0000x\n>Fr\u0000\n>From \u0000\n");
  }

  @Test
  void a_pathologically_long_run_of_quotes_is_passed_through_unchanged() throws IOException {
    String run = ">".repeat(5000) + "From a\n";
    reads(run, run);
    reads(">".repeat(9) + "From a\n", ">".repeat(10) + "From a\n");
  }

  @Test
  void skipping_counts_the_bytes_as_read_with_the_quotes_undone() throws IOException {
    try (InputStream in = stream(">From a\nrest")) {
      assertEquals(6, in.skip(6));
      assertEquals('\n', in.read());
      assertEquals(4, in.skip(100));
      assertEquals(-1, in.read());
    }
  }

  @Test
  void a_read_of_nothing_returns_nothing() throws IOException {
    try (InputStream in = stream(">From a\n")) {
      assertEquals(0, in.read(new byte[4], 0, 0));
      assertEquals('F', in.read());
    }
  }
}
