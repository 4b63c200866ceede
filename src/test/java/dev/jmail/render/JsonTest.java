package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --json} output (RFC 8259): exact strings (a reader gets back the very text), nothing a
 * terminal acts on, and valid JSON for every Java string, also one with a lone surrogate half.
 */
class JsonTest {
  private static String json(String s) {
    return Json.write(s);
  }

  @Test
  void a_space_delete_and_the_c0_c1_edges_are_each_written_as_a_terminal_can_show_them() {
    assertEquals("\"\\u001f \\u007f~\"", json("\u001f \u007f~"));
    assertEquals("\"\\u0080\\u009f\u00a0\u00ff\"", json("\u0080\u009f\u00a0\u00ff"));
    assertEquals("\"\\u0000\\u001b[31m\"", json("\u0000\u001b[31m"));
  }

  @Test
  void quote_backslash_and_the_usual_control_characters_have_their_short_escapes() {
    assertEquals("\"\\\"\\\\\\n\\r\\t\\u0008\\u000c/\"", json("\"\\\n\r\t\b\f/"));
  }

  @Test
  void line_separators_and_every_bidi_control_are_escaped_and_their_neighbours_are_not() {
    assertEquals("\"\\u2028\\u2029\"", json("\u2028\u2029"));
    assertEquals(
        "\"\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c\"",
        json("\u202a\u202e\u2066\u2069\u200e\u200f\u061c"));
    String neighbours = "\u2027\u202f\u2065\u206a\u200d\u2010\u061b\u061d";
    assertEquals("\"" + neighbours + "\"", json(neighbours));
  }

  @Test
  void a_surrogate_pair_is_written_as_the_character_itself() {
    assertEquals("\"a😀b\"", json("a😀b"));
    assertEquals("\"😀😀\"", json("😀😀"));
  }

  @Test
  void a_lone_high_surrogate_is_escaped_so_the_output_stays_valid_utf8() {
    assertEquals("\"a\\ud83d\"", json("a\ud83d")); // at the end
    assertEquals("\"\\ud83db\"", json("\ud83db")); // before a letter
    assertEquals("\"\\ud83d😀\"", json("\ud83d\ud83d\ude00")); // before a pair
  }

  @Test
  void a_lone_low_surrogate_is_escaped_so_the_output_stays_valid_utf8() {
    assertEquals("\"\\ude00a\"", json("\ude00a")); // at the start
    assertEquals("\"a\\ude00\"", json("a\ude00")); // after a letter
    assertEquals("\"😀\\ude00\"", json("\ud83d\ude00\ude00")); // after a pair
  }

  @Test
  void numbers_booleans_null_and_other_values_are_written_as_json_reads_them() {
    assertEquals(
        "[1,-2,3000000000,2.5,0.10,true,false,null,\"x@y\"]",
        Json.write(
            Arrays.asList(
                1,
                -2,
                3_000_000_000L,
                2.5,
                new BigDecimal("0.10"),
                true,
                false,
                null,
                new StringBuilder("x@y"))));
  }

  @Test
  void maps_keep_their_order_and_keys_are_escaped_strings() {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("z", 1);
    m.put("a\"b", List.of());
    m.put(7, Map.of());
    m.put("n", null);
    assertEquals("{\"z\":1,\"a\\\"b\":[],\"7\":{},\"n\":null}", Json.write(m));
  }

  @Test
  void pretty_output_indents_two_spaces_per_level_and_keeps_empty_containers_on_one_line() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", List.of(1, Map.of("b", "c")));
    m.put("e", List.of());
    m.put("f", Map.of());
    assertEquals(
        "{\n"
            + "  \"a\": [\n"
            + "    1,\n"
            + "    {\n"
            + "      \"b\": \"c\"\n"
            + "    }\n"
            + "  ],\n"
            + "  \"e\": [],\n"
            + "  \"f\": {}\n"
            + "}",
        Json.pretty(m));
    assertEquals("{\"a\":[1,{\"b\":\"c\"}],\"e\":[],\"f\":{}}", Json.write(m));
    assertEquals("\"x\"", Json.pretty("x"));
  }
}
