package dev.jmail.cli;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jmail --version}: version, Java runtime, and the start-up files it would read (the same
 * rules as {@link Settings#load}), so a user can see which ~/.mailrc and system rc are in play.
 * Cheap on purpose: {@link Cli#run} answers a bare {@code --version} with it before picocli or any
 * mail class is loaded. Not picocli's {@link VersionInfo} itself: a class implementing a picocli
 * interface cannot be in the JDK 24+ ahead-of-time cache (picocli's class files are Java 5 ones),
 * and would be read from the jars at every {@code --version}.
 */
final class VersionText {
  private VersionText() {}

  static String version() {
    String v = VersionText.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  static List<String> lines(Env env) {
    List<String> out = new ArrayList<>();
    out.add("jmail " + version());
    out.add(
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ", "
            + System.getProperty("java.vendor")
            + ") "
            + System.getProperty("java.home"));
    Path user = new Settings(env).userRc();
    out.add(
        "user rc:   "
            + user
            + (env.get("MAILRC").isPresent() ? " (from $MAILRC)" : "")
            + state(user));
    String forced = env.get("JMAIL_SYSTEM_RC").orElse(null);
    if (forced != null) {
      out.add("system rc: " + forced + " (from $JMAIL_SYSTEM_RC)" + state(Path.of(forced)));
    } else {
      // Plain loops, no streams: this runs on every --version, and lambdas cost start-up time.
      Path first = null;
      StringBuilder candidates = new StringBuilder();
      for (Path p : Settings.SYSTEM_RC) {
        if (first == null && Files.isReadable(p)) first = p;
        candidates.append(candidates.length() == 0 ? "" : ", ").append(p);
      }
      out.add(
          first == null
              ? "system rc: none (looked for " + candidates + ")"
              : "system rc: " + first + " (the first of " + candidates + "; -n skips it)");
    }
    return out;
  }

  private static String state(Path p) {
    if (p.toString().equals("/dev/null")) return " (none)";
    if (!Files.exists(p)) return " (not found)";
    if (!Files.isReadable(p)) return " (not readable)";
    return "";
  }
}
