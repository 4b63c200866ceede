package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Rfc5322DateTest {

  static Stream<Arguments> dateHeaders() throws IOException {
    try (InputStream in =
        Rfc5322DateTest.class.getResourceAsStream("/fixtures/dates/date-headers.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text
          .lines()
          .filter(l -> !l.startsWith("#"))
          .map(l -> l.split("\\|", -1))
          .map(
              f ->
                  Arguments.of(
                      f[0], f[1], Boolean.parseBoolean(f[2]), f.length > 3 && f[3].equals("fast")))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "\"{0}\" is read as {1} (offset known: {2})")
  @MethodSource("dateHeaders")
  void a_date_header_is_read_as_the_instant_its_writer_meant(
      String raw, String expected, boolean known, boolean fast) {
    Rfc5322Date.Stamp s = Rfc5322Date.stamp(raw);
    if (expected.equals("null")) {
      assertNull(s, raw);
      return;
    }
    assertEquals(OffsetDateTime.parse(expected), s == null ? null : s.time(), raw);
    assertEquals(known, s.offsetKnown(), raw);
    assertEquals(s.time(), Rfc5322Date.parse(raw));
  }

  /**
   * The general parser alone reads every date as {@link Rfc5322Date#stamp} does (it is what reads a
   * date when the fast path is wrong), and the fast path takes the form nearly every mail uses (a
   * listing of 100,000 messages parses 100,000 dates).
   */
  @ParameterizedTest(name = "\"{0}\" is read as {1} without the fast path (fast path: {3})")
  @MethodSource("dateHeaders")
  void the_general_parser_agrees_and_the_canonical_form_takes_the_fast_path(
      String raw, String expected, boolean known, boolean fast) {
    Rfc5322Date.Stamp s = Rfc5322Date.stamp(raw, false);
    if (expected.equals("null")) {
      assertNull(s, raw);
      return;
    }
    assertEquals(OffsetDateTime.parse(expected), s == null ? null : s.time(), raw);
    assertEquals(known, s.offsetKnown(), raw);
    if (fast) assertEquals(OffsetDateTime.parse(expected), Rfc5322Date.canonical(raw.trim()), raw);
  }

  @Test
  void a_missing_date_header_has_no_date() {
    assertNull(Rfc5322Date.stamp(null));
    assertNull(Rfc5322Date.parse(null));
    assertNull(Rfc5322Date.parse("garbage"));
  }
}
