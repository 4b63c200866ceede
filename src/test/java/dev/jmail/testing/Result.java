package dev.jmail.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

/** What a jmail run produced, with fluent assertions (jbang style). */
public record Result(int status, byte[] stdout, byte[] stderr) {
  public String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String err() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  public Result exits(int expected) {
    assertEquals(
        expected, status, () -> "exit status; stderr was: " + err() + "\nstdout was: " + out());
    return this;
  }

  public Result succeeded() {
    return exits(0);
  }

  public Result outContains(String s) {
    assertTrue(out().contains(s), () -> "stdout should contain «" + s + "» but was:\n" + out());
    return this;
  }

  public Result errContains(String s) {
    assertTrue(err().contains(s), () -> "stderr should contain «" + s + "» but was:\n" + err());
    return this;
  }

  public Result errEquals(String s) {
    assertEquals(s, err());
    return this;
  }

  /** Errors are exactly one line, never a stack trace. */
  public Result errIsOneLine() {
    String e = err();
    assertFalse(e.contains("\tat "), () -> "stack trace on stderr:\n" + e);
    assertEquals(1, e.strip().lines().count(), () -> "stderr should be one line:\n" + e);
    return this;
  }
}
