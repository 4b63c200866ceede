package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jmail.app.Context;
import dev.jmail.config.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks a command-line fast path (MailxArgs, SubcommandArgs) against picocli: both give the parsed
 * fields as one comparable string, the fast path null when it leaves the line to picocli, picocli
 * null when it rejects the line.
 */
record FastPathCheck(Function<String[], String> fast, Function<String[], String> picocli) {
  /** A context that reads nothing and whose output is dropped: parsing only. */
  static final Context QUIET =
      new Context(
          Env.of(Map.of()),
          new ByteArrayInputStream(new byte[0]),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          false,
          false);

  void sameAsPicocli(String... args) {
    String f = fast.apply(args);
    assertNotNull(f, () -> "the fast path should handle " + List.of(args));
    assertEquals(picocli.apply(args), f, () -> "fields for " + List.of(args));
  }

  void deferred(String... args) {
    assertNull(
        fast.apply(args), () -> "the fast path should leave " + List.of(args) + " to picocli");
  }

  /**
   * Random command lines of {@code prefix} plus up to {@code maxTokens} tokens: whenever the fast
   * path answers, picocli agrees; and it answers at least {@code minHandled} times.
   */
  void neverDisagrees(
      String[] prefix, String[] tokens, int maxTokens, long seed, int runs, int minHandled) {
    Random random = new Random(seed);
    int handled = 0;
    for (int n = 0; n < runs; n++) {
      String[] args = new String[prefix.length + random.nextInt(maxTokens + 1)];
      System.arraycopy(prefix, 0, args, 0, prefix.length);
      for (int i = prefix.length; i < args.length; i++)
        args[i] = tokens[random.nextInt(tokens.length)];
      String f = fast.apply(args);
      if (f == null) continue;
      handled++;
      String p = picocli.apply(args);
      if (!f.equals(p)) {
        fail(
            "fast path and picocli disagree on "
                + List.of(args)
                + ":\nfast:\n"
                + f
                + "\npicocli:\n"
                + p);
      }
    }
    assertTrue(
        handled >= minHandled,
        "the fast path handled only " + handled + " of " + runs + " command lines");
  }
}
