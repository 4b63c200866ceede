package dev.jmail.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Launcher;
import dev.jmail.testing.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher picks the start-up cache built for the Java it runs (JAVA_HOME here: the Java
 * running the tests, 17 or 25 in CI): a class data sharing archive on 17-23, an ahead-of-time cache
 * on 24+. A cache whose key does not match (another Java or build of it, other flags, other jars, a
 * jar newer than the cache) is not handed to the JVM, which would refuse it and then not map the
 * JDK's own archive either: so "ignored" shows as java.lang.Object coming from the JDK's archive
 * while jmail's classes come from the jars.
 */
class StartupCacheIT {
  @TempDir Path home;
  Path copy;

  /** The cache cds.sh builds for the Java running this test. */
  static String cacheName() {
    int feature = Runtime.version().feature();
    return feature >= 24 ? "jmail-" + feature + ".aot" : "jmail.jsa";
  }

  private static Path target() {
    return Launcher.path().getParent();
  }

  @BeforeEach
  void aCacheWasBuilt() {
    Assumptions.assumeTrue(
        Files.exists(target().resolve("lib").resolve(cacheName() + ".key")),
        "no start-up cache for Java "
            + Runtime.version().feature()
            + " (built with -Djmail.cds.skip?)");
  }

  /** {@code LAUNCHER --version}, logging where each class came from. */
  private Result version(Path launcher) {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version");
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("HOME", home.toString());
    pb.environment().put("MAILRC", "/dev/null");
    pb.environment().put("JMAIL_SYSTEM_RC", "/dev/null");
    pb.environment().put("JMAIL_JAVA_OPTS", "-Xlog:class+load=info:stdout");
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "timed out");
      return new Result(p.exitValue(), out, new byte[0]);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean shared(Result r, String cls) {
    return r.out()
        .lines()
        .anyMatch(l -> l.contains("] " + cls + " ") && l.contains("shared objects file"));
  }

  /** The JVM mapped the JDK's own archive and nothing of jmail's: the launcher gave it no cache. */
  private static boolean onlyTheJdksArchive(Result r) {
    return shared(r, "java.lang.Object") && !shared(r, "dev.jmail.cli.Cli");
  }

  /**
   * target/jmail and target/lib copied, the key rewritten for the copy and then by {@code edit}.
   */
  private Path copyWithKey(UnaryOperator<List<String>> edit) throws IOException {
    copy = Files.createTempDirectory(home, "copy");
    Files.createDirectories(copy.resolve("lib"));
    Files.copy(target().resolve("jmail"), copy.resolve("jmail"));
    copy.resolve("jmail").toFile().setExecutable(true);
    try (var files = Files.list(target().resolve("lib"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) Files.copy(f, copy.resolve("lib").resolve(f.getFileName()));
      }
    }
    Path lib = copy.resolve("lib").toRealPath();
    // copies get the copy time: jars older than the cache, as in the build
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    try (var jars = Files.newDirectoryStream(lib, "*.jar")) {
      for (Path j : jars) Files.setLastModifiedTime(j, old);
    }
    Path key = lib.resolve(cacheName() + ".key");
    List<String> lines = new ArrayList<>(Files.readAllLines(key, StandardCharsets.UTF_8));
    lines.set(0, lib.toString());
    Files.write(key, edit.apply(lines), StandardCharsets.UTF_8);
    return copy.resolve("jmail");
  }

  @Test
  void the_launcher_runs_with_the_cache_built_for_its_java() {
    Result r = version(Launcher.path());
    assertEquals(0, r.status(), r.out());
    assertTrue(
        shared(r, "dev.jmail.cli.Cli"),
        "jmail's classes come from " + cacheName() + "\n" + r.out());
  }

  @Test
  void a_key_that_matches_hands_the_cache_to_the_jvm() throws IOException {
    Result r = version(copyWithKey(lines -> lines));
    assertEquals(0, r.status(), r.out());
    assertFalse(
        onlyTheJdksArchive(r), "the copy's cache is handed to the JVM (which may refuse it)");
  }

  @Test
  void a_jar_newer_than_the_cache_means_no_cache() throws IOException {
    Path launcher = copyWithKey(lines -> lines);
    Files.setLastModifiedTime(
        copy.resolve("lib/jmail.jar"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Result r = version(launcher);
    assertEquals(0, r.status(), r.out());
    assertTrue(onlyTheJdksArchive(r), r.out());
    assertTrue(
        r.out().contains("\njmail ") || r.out().startsWith("jmail "), "no warning, the version");
  }

  /**
   * The copy's key with line {@code index} (0: directory, 1: Java, 2: its build, 3: flags, 4: jars)
   * changed.
   */
  private void assertIgnoredWithKeyLine(int index, UnaryOperator<String> change)
      throws IOException {
    Result r =
        version(
            copyWithKey(
                lines -> {
                  lines.set(index, change.apply(lines.get(index)));
                  return lines;
                }));
    assertEquals(0, r.status(), r.out());
    assertTrue(onlyTheJdksArchive(r), "key line " + index + " changed\n" + r.out());
  }

  @Test
  void a_cache_of_another_java_or_another_build_of_it_is_not_used() throws IOException {
    assertIgnoredWithKeyLine(1, java -> "/bin/sh");
    assertIgnoredWithKeyLine(2, build -> "\"17.0.0+1-other\"");
  }

  @Test
  void a_cache_built_with_other_flags_or_jars_is_not_used() throws IOException {
    assertIgnoredWithKeyLine(3, flags -> flags + " -XX:+UseParallelGC");
    assertIgnoredWithKeyLine(4, jars -> jars + " extra.jar");
  }

  @Test
  void without_its_key_a_cache_is_not_used() throws IOException {
    Path launcher = copyWithKey(lines -> lines);
    Files.delete(copy.resolve("lib").resolve(cacheName() + ".key"));
    assertTrue(onlyTheJdksArchive(version(launcher)));
  }
}
