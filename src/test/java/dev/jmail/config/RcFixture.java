package dev.jmail.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An rc fixture under {@code fixtures/rc/}: its text, the account it is read with ({@code #
 * account: NAME}) and what it must leave set ({@code # expect: name=value name=unset …}). The unit
 * test checks jmail against the expectations, RcFilesAgainstSnailIT checks s-nail against the same
 * ones, so the two agree.
 */
record RcFixture(String name, String text, String account, Map<String, String> expected) {
  static final List<String> ALL =
      List.of(
          "if-numbers",
          "if-modes",
          "if-variables",
          "if-comparisons",
          "if-elif-nesting",
          "accounts");

  static RcFixture load(String name) throws IOException {
    String text;
    try (InputStream in = RcFixture.class.getResourceAsStream("/fixtures/rc/" + name + ".rc")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String account = null;
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : text.lines().toList()) {
      if (line.startsWith("# account: ")) account = line.substring(11).strip();
      if (line.startsWith("# expect: ")) {
        for (String pair : line.substring(10).strip().split(" ")) {
          int eq = pair.indexOf('=');
          expected.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return new RcFixture(name, text, account, expected);
  }

  static Path path(String name) {
    try {
      return Path.of(RcFixture.class.getResource("/fixtures/rc/" + name + ".rc").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
