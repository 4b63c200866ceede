package dev.jmail.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/install.sh installs into a prefix laid out like ~/.local, and after that a new shell finds
 * {@code jmail}, {@code man jmail} and the bash completion; --uninstall removes it all.
 */
class InstallIT {
  @TempDir Path home;

  record Run(int status, String out) {}

  private Run sh(String script, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("HOME", home.toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + script);
    return new Run(p.exitValue(), out);
  }

  private static String installer() {
    return Launcher.path().resolveSibling("install.sh").toString();
  }

  @Test
  void a_user_install_works_in_a_new_shell_and_uninstall_removes_every_file() throws Exception {
    Path prefix = home.resolve(".local");
    Run install = sh(installer() + " --user", Map.of());
    assertEquals(0, install.status(), install.out());
    for (String f :
        List.of(
            "bin/jmail",
            "lib/jmail/jmail.jar",
            "lib/jmail/picocli.jar",
            "lib/jmail/cds.sh",
            "share/man/man1/jmail.1",
            "share/bash-completion/completions/jmail",
            "share/zsh/site-functions/_jmail",
            "share/fish/vendor_completions.d/jmail.fish")) {
      assertTrue(Files.isRegularFile(prefix.resolve(f)), f + " installed\n" + install.out());
    }
    for (StartupCacheIT.Cache c : StartupCacheIT.Cache.values()) {
      assertTrue(
          Files.isRegularFile(prefix.resolve("lib/jmail").resolve(c.fileName())),
          "start-up cache " + c.fileName() + " for this Java built at install");
    }
    Map<String, String> newShell =
        Map.of(
            "PATH",
            prefix.resolve("bin") + ":" + System.getenv("PATH"),
            "MAILRC",
            "/dev/null",
            "JMAIL_SYSTEM_RC",
            "/dev/null");

    Run version = sh("cd / && jmail --version", newShell);
    assertEquals(0, version.status(), version.out());
    assertTrue(version.out().startsWith("jmail "), version.out());

    if (Files.isExecutable(Path.of("/usr/bin/man"))) {
      Run man = sh("unset MANPATH; man -w jmail", newShell);
      assertEquals(prefix.resolve("share/man/man1/jmail.1").toString(), man.out().strip());
    }
    Path bashCompletion = Path.of("/usr/share/bash-completion/bash_completion");
    if (Files.exists(bashCompletion)) {
      Run bash =
          sh(
              "bash --norc --noprofile -c '. "
                  + bashCompletion
                  + "; __load_completion jmail && complete -p jmail'",
              newShell);
      assertTrue(bash.out().contains("complete -o default -F _jmail jmail"), bash.out());
    }

    Run uninstall = sh(installer() + " --user --uninstall", Map.of());
    assertEquals(0, uninstall.status(), uninstall.out());
    try (Stream<Path> left = Files.walk(home)) {
      List<Path> files = left.filter(Files::isRegularFile).toList();
      assertEquals(List.of(), files, "files left after uninstall");
    }
  }

  @Test
  void a_prefix_install_runs_from_any_directory_through_a_symlink() throws Exception {
    Path prefix = home.resolve("opt");
    Run install = sh(installer() + " --no-cds --prefix " + prefix, Map.of());
    assertEquals(0, install.status(), install.out());
    Files.createDirectories(home.resolve("bin"));
    Files.createSymbolicLink(home.resolve("bin/jmail"), prefix.resolve("bin/jmail"));
    Run r =
        sh("cd / && " + home.resolve("bin/jmail") + " --version", Map.of("MAILRC", "/dev/null"));
    assertEquals(0, r.status(), r.out());
    assertTrue(install.out().contains("add " + prefix.resolve("bin") + " to PATH"), install.out());
  }

  @Test
  void the_installer_refuses_without_a_build_next_to_it() throws Exception {
    Path copy = home.resolve("install.sh");
    Files.copy(Path.of(installer()), copy);
    Run r = sh("sh " + copy + " --prefix " + home.resolve("p"), Map.of());
    assertEquals(66, r.status(), r.out());
    assertFalse(Files.exists(home.resolve("p/bin/jmail")));
  }

  @Test
  void the_launcher_uses_the_start_up_cache_and_ignores_a_broken_one() throws Exception {
    Path lib = Launcher.path().resolveSibling("lib");
    Assumptions.assumeTrue(
        Files.exists(lib.resolve(StartupCacheIT.cacheName())),
        "no start-up cache (built with -Djmail.cds.skip)");
    var used =
        new Launcher(home)
            .env("JMAIL_JAVA_OPTS", "-Xlog:class+load=info:stdout")
            .run("--version")
            .succeeded();
    assertTrue(
        used.out().lines().anyMatch(l -> l.contains("picocli") && l.contains("shared objects file"))
            || used.out()
                .lines()
                .anyMatch(
                    l -> l.contains("dev.jmail.cli.Cli ") && l.contains("shared objects file")),
        "jmail's classes come from the archive");

    Path prefix = home.resolve("p");
    assertEquals(0, sh(installer() + " --prefix " + prefix, Map.of()).status());
    for (StartupCacheIT.Cache c : StartupCacheIT.Cache.values()) {
      Files.writeString(prefix.resolve("lib/jmail").resolve(c.fileName()), "not an archive");
    }
    Run broken = sh(prefix.resolve("bin/jmail") + " --version", Map.of("MAILRC", "/dev/null"));
    assertEquals(0, broken.status(), broken.out());
    assertTrue(broken.out().startsWith("jmail "), "no warning before the version: " + broken.out());
  }

  @Test
  void a_build_copied_elsewhere_still_starts_with_the_jdks_own_class_data_sharing()
      throws Exception {
    Path target = Launcher.path().getParent();
    Assumptions.assumeTrue(
        Files.exists(target.resolve("lib").resolve(StartupCacheIT.cacheName())),
        "no start-up cache (built with -Djmail.cds.skip)");
    Path copy = home.resolve("copy");
    Files.createDirectories(copy.resolve("lib"));
    Files.copy(target.resolve("jmail"), copy.resolve("jmail"));
    copy.resolve("jmail").toFile().setExecutable(true);
    try (var jars = Files.list(target.resolve("lib"))) {
      for (Path f : (Iterable<Path>) jars::iterator)
        Files.copy(f, copy.resolve("lib").resolve(f.getFileName()));
    }
    Run r =
        sh(
            copy.resolve("jmail") + " --version",
            Map.of("MAILRC", "/dev/null", "JMAIL_JAVA_OPTS", "-Xlog:class+load=info:stdout"));
    assertEquals(0, r.status(), r.out());
    assertTrue(
        r.out()
            .lines()
            .anyMatch(l -> l.contains("java.lang.Object ") && l.contains("shared objects file")),
        "the archive built for another directory is not used, so the JDK's own archive still maps");
  }
}
