package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTableTest {
  @Test
  void abbreviations_follow_table_order_except_where_a_row_names_its_own() {
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("n", "next"),
            Map.entry("p", "print"),
            Map.entry("s", "save"),
            Map.entry("f", "from"),
            Map.entry("d", "delete"),
            Map.entry("r", "reply"),
            Map.entry("h", "headers"),
            Map.entry("q", "quit"),
            Map.entry("x", "xit"),
            Map.entry("ex", "exit"),
            Map.entry("exi", "exit"),
            Map.entry("ho", "hold"),
            Map.entry("pre", "preserve"),
            Map.entry("fo", "folder"),
            Map.entry("c", "copy"),
            Map.entry("e", "edit"),
            Map.entry("v", "visual"),
            Map.entry("se", "set"),
            Map.entry("fold", "folder"),
            Map.entry("cd", "cd"),
            Map.entry("folders", "folders"),
            Map.entry("R", "Reply"));
    expected.forEach(
        (word, name) -> assertEquals(name, CommandTable.find(word).orElseThrow().name(), word));
    assertEquals(false, CommandTable.find("!x").isPresent(), "punctuation is never abbreviated");
  }

  @Test
  void every_abbreviation_in_the_table_is_a_prefix_of_its_command_and_unique() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (CommandTable.Command c : CommandTable.COMMANDS) {
      if (c.abbreviation() == null) continue;
      assertEquals(true, c.name().startsWith(c.abbreviation()), c.name());
      assertEquals(true, seen.add(c.abbreviation()), c.abbreviation());
    }
  }
}
