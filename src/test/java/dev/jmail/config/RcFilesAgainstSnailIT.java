package dev.jmail.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rc fixtures read by s-nail: what its {@code varshow} reports must be what each fixture's
 * header expects, the same expectations RcConditionalsTest holds jmail to. s-nail runs in batch
 * mode ({@code -#}: commands from the pipe, receive mode, no terminal) with only the fixture as its
 * rc file ({@code -:u}, {@code MAILRC}).
 */
class RcFilesAgainstSnailIT {
  @TempDir static Path home;

  @BeforeAll
  static void needSnail() throws Exception {
    Assumptions.assumeTrue(exists("s-nail"), "s-nail is not installed (apt-get install s-nail)");
  }

  private static boolean exists(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Path.of(dir, program).toFile().canExecute()) return true;
    }
    return false;
  }

  @Test
  void s_nail_leaves_the_same_variables_as_jmail_for_every_rc_fixture() throws Exception {
    for (String name : RcFixture.ALL) {
      RcFixture f = RcFixture.load(name);
      assertEquals(
          f.expected(),
          snail(RcFixture.path(name), f.account(), f.expected().keySet()),
          name + ".rc");
    }
  }

  /** The variables as s-nail's varshow prints them: {@code set a=b}, {@code set a}, or not set. */
  private static Map<String, String> snail(Path rc, String account, Iterable<String> names)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("s-nail", "-#", "-:u"));
    if (account != null) cmd.addAll(List.of("-A", account));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("MAILRC", rc.toString());
    pb.environment().put("MAIL", "/dev/null");
    Process p = pb.start();
    StringBuilder script = new StringBuilder();
    for (String n : names) script.append("varshow ").append(n).append('\n');
    p.getOutputStream().write(script.toString().getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(20, TimeUnit.SECONDS);
    Map<String, String> got = new LinkedHashMap<>();
    for (String line : out.lines().toList()) {
      if (line.startsWith("#") && line.contains("variable not set: ")) {
        got.put(line.substring(line.indexOf("not set: ") + 9).strip(), "unset");
      } else if (line.startsWith("set ")) {
        String pair = line.substring(4);
        int eq = pair.indexOf('=');
        got.put(
            eq < 0 ? pair : pair.substring(0, eq),
            eq < 0 ? "" : pair.substring(eq + 1).replaceAll("^'(.*)'$", "$1"));
      } else {
        got.put("(s-nail said)", line);
      }
    }
    return got;
  }
}
