package dev.jmail.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** External programs an integration test needs: a missing one is a skip that names it. */
public final class ExternalTools {
  private ExternalTools() {}

  public static boolean installed(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  public static void assumeInstalled(String tool) {
    Assumptions.assumeTrue(installed(tool), tool + " is not installed");
  }
}
