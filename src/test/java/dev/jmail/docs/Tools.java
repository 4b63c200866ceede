package dev.jmail.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the external tools the doc tests check against (groff, mandoc, bash, zsh, fish, man). */
final class Tools {
  private Tools() {}

  record Run(int status, String output) {}

  static boolean installed(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) return true;
    }
    return false;
  }

  static void assumeInstalled(String tool) {
    Assumptions.assumeTrue(installed(tool), tool + " is not installed");
  }

  /** Runs a command; stdout and stderr together; {@code env} entries replace the inherited ones. */
  static Run run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (env != null) pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
