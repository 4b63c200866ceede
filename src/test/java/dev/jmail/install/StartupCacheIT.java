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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The launcher picks the start-up cache built for the Java it runs (JAVA_HOME here: the Java
 * running the tests, 17 or 25 in CI): a class data sharing archive on 17-23, an ahead-of-time cache
 * on 24+. A cache whose key does not match (another Java or build of it, other flags, other jars, a
 * jar newer than the cache) is not handed to the JVM, which would refuse it and then not map the
 * JDK's own archive either: so "ignored" shows as java.lang.Object coming from the JDK's archive
 * while jmail's classes come from the jars. Each check runs for every cache cds.sh builds: the full
 * one (a command line the small ones do not take: {@code --debug --version}) and the small ones of
 * {@code --version} and {@code --help}, of the header summary ({@code -H}), of {@code read} and of
 * a send.
 */
class StartupCacheIT {
  @TempDir Path home;
  Path copy;

  /** A cache cds.sh builds for the Java running this test, and a command line that uses it. */
  enum Cache {
    FULL("jmail", "--debug", "--version"),
    HELP("jmail-help", "--version"),
    LIST("jmail-list", "-H", "-f", "BOX"),
    READ("jmail-read", "read", "--peek", "-f", "BOX", "1"),
    SEND("jmail-send", "-S", "sendmail=SENDMAIL", "-s", "cache", "a@example.com");

    final String base;
    final String[] args;

    Cache(String base, String... args) {
      this.base = base;
      this.args = args;
    }

    String fileName() {
      int feature = Runtime.version().feature();
      return feature >= 24 ? base + "-" + feature + ".aot" : base + ".jsa";
    }
  }

  /** The full cache cds.sh builds for the Java running this test. */
  static String cacheName() {
    return Cache.FULL.fileName();
  }

  private static Path target() {
    return Launcher.path().getParent();
  }

  @BeforeEach
  void theCachesWereBuilt() {
    for (Cache c : Cache.values()) {
      Assumptions.assumeTrue(
          Files.exists(target().resolve("lib").resolve(c.fileName() + ".key")),
          "no start-up cache "
              + c.fileName()
              + " for Java "
              + Runtime.version().feature()
              + " (built with -Djmail.cds.skip?)");
    }
  }

  /**
   * {@code LAUNCHER ARGS}, logging where each class came from; {@code BOX} stands for a one-message
   * mbox, {@code SENDMAIL} for a sendmail that takes the message and succeeds.
   */
  private Result version(Path launcher, String... args) {
    return run(launcher, "", args);
  }

  /** {@link #version} with more JVM options (JMAIL_JAVA_OPTS). */
  private Result run(Path launcher, String javaOpts, String... args) {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    try {
      Path box = home.resolve("box.mbox");
      Files.writeString(
          box,
          "From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: cache\n\nbody\n");
      Path sendmail = home.resolve("sendmail");
      Files.writeString(sendmail, "#!/bin/sh\ncat >/dev/null\n");
      sendmail.toFile().setExecutable(true);
      for (String a : args)
        command.add(a.replace("BOX", box.toString()).replace("SENDMAIL", sendmail.toString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("HOME", home.toString());
    pb.environment().put("MAILRC", "/dev/null");
    pb.environment().put("JMAIL_SYSTEM_RC", "/dev/null");
    pb.environment().put("JMAIL_JAVA_OPTS", "-Xlog:class+load=info:stdout " + javaOpts);
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
  private Path copyWithKey(Cache cache, UnaryOperator<List<String>> edit) throws IOException {
    copy = Files.createTempDirectory(home, "copy");
    Files.createDirectories(copy.resolve("lib"));
    Files.copy(target().resolve("jmail"), copy.resolve("jmail"));
    copy.resolve("jmail").toFile().setExecutable(true);
    // with their times: the JVM checks that a jar is the one the cache was built from by its size
    // and time (and would refuse the cache, which the launcher cannot tell), and the launcher that
    // no jar is newer than the cache
    try (var files = Files.list(target().resolve("lib"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(
              f,
              copy.resolve("lib").resolve(f.getFileName()),
              java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Path lib = copy.resolve("lib").toRealPath();
    for (Cache c : Cache.values()) {
      Path key = lib.resolve(c.fileName() + ".key");
      List<String> lines = new ArrayList<>(Files.readAllLines(key, StandardCharsets.UTF_8));
      lines.set(0, lib.toString());
      Files.write(key, c == cache ? edit.apply(lines) : lines, StandardCharsets.UTF_8);
    }
    return copy.resolve("jmail");
  }

  /** The copy with only {@code cache}: the other one removed, so it cannot stand in for it. */
  private Path copyWithOnly(Cache cache, UnaryOperator<List<String>> edit) throws IOException {
    Path launcher = copyWithKey(cache, edit);
    for (Cache c : Cache.values()) {
      if (c != cache) {
        Files.delete(copy.resolve("lib").resolve(c.fileName()));
        Files.delete(copy.resolve("lib").resolve(c.fileName() + ".key"));
      }
    }
    return launcher;
  }

  /** The loaded classes of a run: an AOT cache loads all of its own at start. */
  private static long classes(Result r) {
    return r.out().lines().filter(l -> l.contains("[class,load]")).count();
  }

  @ParameterizedTest
  @EnumSource(Cache.class)
  void the_launcher_runs_with_the_cache_built_for_its_java(Cache cache) {
    Result r = version(Launcher.path(), cache.args);
    assertEquals(0, r.status(), r.out());
    assertTrue(
        shared(r, "dev.jmail.cli.Cli"),
        "jmail's classes come from " + cache.fileName() + "\n" + r.out());
  }

  @Test
  void version_and_help_take_the_small_cache_and_other_command_lines_the_full_one()
      throws IOException {
    Path launcher = copyWithKey(Cache.FULL, lines -> lines);
    // the classes an AOT cache holds are all loaded at start; a CDS archive maps them on demand
    Assumptions.assumeTrue(Runtime.version().feature() >= 24, "an AOT cache (Java 24+)");
    long small = classes(version(launcher, "--version"));
    long full = classes(version(launcher, "--debug", "--version"));
    assertTrue(small + 500 < full, "--version " + small + " classes, --debug --version " + full);
    for (String[] help : new String[][] {{"--help"}, {"-h"}, {"list", "--help"}, {"-V"}}) {
      long n = classes(version(launcher, help));
      assertTrue(n + 500 < full, String.join(" ", help) + ": " + n + " classes, full " + full);
    }
  }

  @Test
  void the_command_line_picks_the_cache_of_its_kind() throws IOException {
    Path launcher = copyWithKey(Cache.FULL, lines -> lines);
    String[][] lines = {
      {"LIST", "-H", "-f", "BOX"},
      {"LIST", "-nH", "-f", "BOX"},
      {"LIST", "-S", "noindex", "list", "-f", "BOX"},
      {"READ", "read", "--peek", "-f", "BOX", "1"},
      {"SEND", "-S", "sendmail=SENDMAIL", "-s", "list", "a@example.com"},
      {"SEND", "-Ssendmail=SENDMAIL", "a@example.com"},
      // a remote folder or an account may need TLS, which only the full cache holds
      {"FULL", "-f", "imaps://127.0.0.1:9/INBOX", "-H"},
      {"FULL", "list", "-f", "imap://127.0.0.1:9/INBOX"},
      {"FULL", "read", "-S", "tls-verify=ignore", "-f", "imaps://127.0.0.1:9/INBOX", "1"},
      {"FULL", "-A", "work", "-H", "-f", "BOX"},
      {"FULL", "flag", "-f", "BOX", "1", "flagged"},
    };
    for (String[] line : lines) {
      Cache expected = Cache.valueOf(line[0]);
      String[] args = java.util.Arrays.copyOfRange(line, 1, line.length);
      // which cache the JVM opened: its path, in the log of the mapping (JDK 25 logs it as aot)
      Result r =
          run(
              launcher,
              Runtime.version().feature() >= 25 ? "-Xlog:aot=info:stdout" : "-Xlog:cds=info:stdout",
              args);
      Path file = copy.resolve("lib").toRealPath().resolve(expected.fileName());
      assertTrue(
          r.out().contains(file + ".") || r.out().contains(file + " "),
          String.join(" ", args) + ": " + expected.fileName() + "\n" + r.out());
    }
  }

  @ParameterizedTest
  @EnumSource(Cache.class)
  void a_key_that_matches_hands_the_cache_to_the_jvm(Cache cache) throws IOException {
    Result r = version(copyWithOnly(cache, lines -> lines), cache.args);
    assertEquals(0, r.status(), r.out());
    // JDK 17's archives record the jars' directory and refuse a copy in another; 24+ take it
    if (Runtime.version().feature() >= 24) {
      assertTrue(shared(r, "dev.jmail.cli.Cli"), "the copy's cache is used\n" + r.out());
    } else {
      assertFalse(
          onlyTheJdksArchive(r), "the copy's cache is handed to the JVM (which refuses it)");
    }
  }

  @Test
  void without_the_small_cache_version_takes_the_full_one() throws IOException {
    Result r = version(copyWithOnly(Cache.FULL, lines -> lines), "--version");
    assertEquals(0, r.status(), r.out());
    assertFalse(onlyTheJdksArchive(r), "the full cache is handed to the JVM\n" + r.out());
  }

  @ParameterizedTest
  @EnumSource(Cache.class)
  void a_jar_newer_than_the_cache_means_no_cache(Cache cache) throws IOException {
    Path launcher = copyWithOnly(cache, lines -> lines);
    Files.setLastModifiedTime(
        copy.resolve("lib/jmail.jar"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Result r = version(launcher, cache.args);
    assertEquals(0, r.status(), r.out());
    assertTrue(onlyTheJdksArchive(r), r.out());
    assertFalse(r.out().contains("[warning]"), "no warning\n" + r.out());
    if (cache == Cache.FULL || cache == Cache.HELP) {
      assertTrue(r.out().contains("\njmail ") || r.out().startsWith("jmail "), "the version");
    }
  }

  /**
   * The copy's key with line {@code index} (0: directory, 1: Java, 2: its build, 3: flags, 4: jars)
   * changed.
   */
  private void assertIgnoredWithKeyLine(Cache cache, int index, UnaryOperator<String> change)
      throws IOException {
    Result r =
        version(
            copyWithOnly(
                cache,
                lines -> {
                  lines.set(index, change.apply(lines.get(index)));
                  return lines;
                }),
            cache.args);
    assertEquals(0, r.status(), r.out());
    assertTrue(onlyTheJdksArchive(r), "key line " + index + " changed\n" + r.out());
  }

  @ParameterizedTest
  @EnumSource(Cache.class)
  void a_cache_of_another_java_or_another_build_of_it_is_not_used(Cache cache) throws IOException {
    assertIgnoredWithKeyLine(cache, 1, java -> "/bin/sh");
    assertIgnoredWithKeyLine(cache, 2, build -> "\"17.0.0+1-other\"");
  }

  @ParameterizedTest
  @EnumSource(Cache.class)
  void a_cache_built_with_other_flags_or_jars_is_not_used(Cache cache) throws IOException {
    assertIgnoredWithKeyLine(cache, 3, flags -> flags + " -XX:+UseParallelGC");
    assertIgnoredWithKeyLine(cache, 4, jars -> jars + " extra.jar");
  }

  @ParameterizedTest
  @EnumSource(Cache.class)
  void without_its_key_a_cache_is_not_used(Cache cache) throws IOException {
    Path launcher = copyWithOnly(cache, lines -> lines);
    Files.delete(copy.resolve("lib").resolve(cache.fileName() + ".key"));
    assertTrue(onlyTheJdksArchive(version(launcher, cache.args)));
  }
}
