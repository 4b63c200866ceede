package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.PrivateDovecot;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dovecot integration tests' common frame: one {@link PrivateDovecot} (under {@code
 * target/dovecot-it}) for the test class, emptied before each test; every test is skipped, with the
 * reason, where it cannot run here.
 */
abstract class DovecotCase {
  static PrivateDovecot dovecot;
  static String why;

  @TempDir Path home;

  @BeforeAll
  static void startDovecot() throws Exception {
    why = PrivateDovecot.missing();
    if (why == null) dovecot = PrivateDovecot.start("dovecot-it");
  }

  @AfterAll
  static void stopDovecot() throws Exception {
    if (dovecot != null) dovecot.close();
    dovecot = null;
  }

  @BeforeEach
  void emptyServer() throws Exception {
    assumeTrue(why == null, why);
    dovecot.reset();
  }

  /** jmail in this JVM, its cache and state under the test's home. */
  InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString())
        .env("XDG_STATE_HOME", home.resolve("state").toString());
  }
}
