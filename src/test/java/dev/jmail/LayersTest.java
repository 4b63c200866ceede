package dev.jmail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of ARCHITECTURE.md, checked on the sources: every reference to another
 * jmail package (an import or a fully qualified name) must be one the table below allows, the table
 * itself has no cycle, and nothing below the front ends uses picocli, JLine, {@code
 * System.out}/{@code System.err} or {@code System.exit}. Subpackages ({@code store.mbox}) belong to
 * their top-level package.
 */
class LayersTest {
  /** Each package and the packages it may use; a package may always use itself. */
  static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

  static {
    MAY_USE.put("error", Set.of());
    MAY_USE.put("message", Set.of("error"));
    MAY_USE.put("config", Set.of("error", "message"));
    MAY_USE.put("net", Set.of("error", "config"));
    MAY_USE.put("store", Set.of("error", "message", "config", "net"));
    MAY_USE.put("render", Set.of("error", "message", "config"));
    MAY_USE.put("compose", Set.of("error", "message", "config"));
    MAY_USE.put("transport", Set.of("error", "message", "config", "net", "compose", "store"));
    MAY_USE.put("queue", Set.of("error", "message", "config", "compose", "transport"));
    MAY_USE.put(
        "app",
        Set.of(
            "error",
            "message",
            "config",
            "net",
            "store",
            "render",
            "compose",
            "transport",
            "queue"));
    MAY_USE.put(
        "interactive",
        Set.of(
            "error",
            "message",
            "config",
            "net",
            "store",
            "render",
            "compose",
            "transport",
            "queue",
            "app"));
    MAY_USE.put(
        "cli",
        Set.of(
            "error",
            "message",
            "config",
            "net",
            "store",
            "render",
            "compose",
            "transport",
            "queue",
            "app",
            "interactive"));
    MAY_USE.put("(root)", Set.of("app", "cli"));
  }

  /** Where a terminal library, standard streams or an exit may appear. */
  static final Set<String> FRONT_ENDS = Set.of("cli", "interactive", "(root)");

  static final Path MAIN = Path.of("src", "main", "java", "dev", "jmail");

  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.jmail\\.([a-z]+)\\.(?:[a-z]+\\.)*[A-Z]\\w*");
  private static final Pattern FRONT_END_ONLY =
      Pattern.compile(
          "\\b(picocli\\.|org\\.jline\\.|System\\.out\\b|System\\.err\\b|System\\.exit\\b)");

  @Test
  void
      no_package_uses_one_above_it_and_nothing_below_the_front_ends_prints_exits_or_uses_a_terminal_library()
          throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        violations.addAll(
            violations(
                MAIN.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    assertEquals(List.of(), violations, "dependencies ARCHITECTURE.md does not allow");
  }

  @Test
  void the_allowed_dependencies_have_no_cycle() {
    for (String pkg : MAY_USE.keySet()) {
      assertTrue(!reaches(pkg, pkg, new HashSet<>()), pkg + " reaches itself through the table");
    }
  }

  @Test
  void an_upward_import_is_caught() {
    String upward = "package dev.jmail.store;\nimport dev.jmail.cli.Cli;\nclass X {}\n";
    assertEquals(
        List.of("store/X.java uses cli (dev.jmail.cli.Cli)"), violations("store/X.java", upward));
    String qualified =
        "package dev.jmail.render;\nclass X { Object o = dev.jmail.store.mbox.MboxFolder.class; }\n";
    assertEquals(1, violations("render/X.java", qualified).size());
    String sideways = "package dev.jmail.interactive;\nimport dev.jmail.cli.Cli;\nclass X {}\n";
    assertEquals(
        1, violations("interactive/X.java", sideways).size(), "interactive must not use cli");
  }

  @Test
  void printing_exiting_or_a_terminal_library_below_the_front_ends_is_caught() {
    assertEquals(
        1,
        violations(
                "store/X.java", "package dev.jmail.store;\nclass X { { System.out.println(); } }")
            .size());
    assertEquals(
        1,
        violations("app/X.java", "package dev.jmail.app;\nclass X { { System.exit(1); } }").size());
    assertEquals(
        1,
        violations("render/X.java", "package dev.jmail.render;\nimport org.jline.utils.WCWidth;")
            .size());
    assertEquals(
        1, violations("app/X.java", "package dev.jmail.app;\nimport picocli.CommandLine;").size());
    assertEquals(
        List.of(), violations("cli/X.java", "package dev.jmail.cli;\nimport picocli.CommandLine;"));
  }

  /** The rule breaks in one source file, {@code path} relative to {@code dev/jmail}. */
  static List<String> violations(String path, String source) {
    String pkg = path.contains("/") ? path.substring(0, path.indexOf('/')) : "(root)";
    Set<String> allowed = MAY_USE.get(pkg);
    List<String> found = new ArrayList<>();
    if (allowed == null) {
      found.add(path + ": package " + pkg + " is not in LayersTest.MAY_USE (and ARCHITECTURE.md)");
      return found;
    }
    String code = withoutComments(source);
    Matcher m = REFERENCE.matcher(code);
    Set<String> seen = new HashSet<>();
    while (m.find()) {
      String used = m.group(1);
      if (used.equals(pkg) || allowed.contains(used) || !seen.add(used)) continue;
      found.add(path + " uses " + used + " (" + m.group() + ")");
    }
    if (!FRONT_ENDS.contains(pkg)) {
      Matcher f = FRONT_END_ONLY.matcher(code);
      if (f.find()) found.add(path + " uses " + f.group(1) + " (front ends only)");
    }
    return found;
  }

  /** Comments and string literals removed: a javadoc may name any class. */
  private static String withoutComments(String source) {
    return source
        .replaceAll("(?s)/\\*.*?\\*/", " ")
        .replaceAll("//[^\n]*", " ")
        .replaceAll("\"(?:\\\\.|[^\"\\\\\n])*\"", "\"\"");
  }

  private static boolean reaches(String from, String target, Set<String> visited) {
    for (String next : MAY_USE.getOrDefault(from, Set.of())) {
      if (next.equals(target)) return true;
      if (visited.add(next) && reaches(next, target, visited)) return true;
    }
    return false;
  }
}
