package dev.jmail.cli;

import dev.jmail.app.Context;
import dev.jmail.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run of an ahead-of-time cache (JDK 24+, {@code -XX:AOTCacheOutput}; see cds.sh): the
 * JVM records one run, so the typical commands run here one after another, in one JVM, as {@code
 * Main} would run each. Not for users: cds.sh starts it.
 *
 * <p>usage: {@code Training COMMANDS BODY}: COMMANDS holds one command line a line, its words
 * separated by tabs; leading {@code NAME=value} words set environment variables for that command
 * only ({@code JMAIL_TRAINING_STDIN=FILE}: its standard input instead of BODY). Each runs without a
 * terminal; output is discarded and failures do not matter (what counts is the classes loaded and
 * the methods run).
 */
public final class Training {
  private Training() {}

  public static void main(String[] args) throws IOException {
    Path body = Path.of(args[1]);
    PrintStream nowhere =
        new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      Map<String, String> env = new HashMap<>(System.getenv());
      List<String> words = new ArrayList<>(List.of(line.split("\t")));
      while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
        String w = words.remove(0);
        env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
      }
      String stdin = env.remove("JMAIL_TRAINING_STDIN");
      try (InputStream in = Files.newInputStream(stdin == null ? body : Path.of(stdin))) {
        Cli.run(
            new Context(Env.of(env), in, nowhere, nowhere, false, false),
            words.toArray(String[]::new));
      } catch (RuntimeException | IOException | LinkageError e) {
        // a training command that fails still loaded what it needed
      }
    }
    linkStartClasses();
    // (not for the small caches: cds.sh sets jmail.training.tls=false)
    if (!"false".equals(System.getProperty("jmail.training.tls"))) {
      dev.jmail.net.TlsTraining.run(Path.of(args[0]).toAbsolutePath().getParent());
      loadRemoteClasses();
    }
  }

  /**
   * {@code Main}, which every start links and the commands above do not (the training calls {@link
   * Cli#run} directly). An ahead-of-time cache keeps only what the training linked, and a class
   * missing from it is read from the jars: the JVM then opens the jars of the class path one after
   * another to look for it (JDK 25: all eleven for {@code Main}).
   */
  private static void linkStartClasses() {
    try {
      Class.forName("dev.jmail.Main", true, Training.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      // the cache is only less complete
    }
  }

  /**
   * The classes of the remote folders (IMAP, POP3, their connections and cache), loaded without
   * running them: the training has no server to talk to, and a class in the start-up cache is one
   * the JVM maps instead of reading and verifying it from the jar on every IMAP or POP3 command
   * (about 25 of them for a {@code read}).
   */
  private static void loadRemoteClasses() {
    ClassLoader loader = Training.class.getClassLoader();
    try (java.util.jar.JarFile jar =
        new java.util.jar.JarFile(
            Path.of(Training.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toFile())) {
      for (var e : java.util.Collections.list(jar.entries())) {
        String n = e.getName();
        if (!n.endsWith(".class")
            || !(n.startsWith("dev/jmail/store/imap/")
                || n.startsWith("dev/jmail/store/pop3/")
                || n.startsWith("dev/jmail/store/cache/")
                || n.startsWith("dev/jmail/net/")
                || n.startsWith("dev/jmail/message/MessageLocation"))) continue;
        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
      }
    } catch (IOException
        | java.net.URISyntaxException
        | ClassNotFoundException
        | RuntimeException e) {
      // not from a jar (a test run): the cache is only less complete
    }
  }
}
