package dev.jmail.store.pop3;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripted-POP3 tests' common frame: {@code jmail fetch} in this JVM as user tester against a
 * {@link ScriptedServer} on 127.0.0.1 (plain text allowed), its UIDL state and spool under the
 * test's home.
 */
abstract class ScriptedPop3Case {
  @TempDir Path home;

  /** net-timeout for the runs: short, a scripted server answers at once or never. */
  int timeoutSeconds() {
    return 1;
  }

  InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_STATE_HOME", home.resolve("state").toString());
  }

  String[] args(ScriptedServer s, String... rest) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "fetch",
                "-S",
                "password=x",
                "-S",
                "net-allow-plaintext",
                "-S",
                "net-timeout=" + timeoutSeconds()));
    a.addAll(List.of(rest));
    a.add("pop3://tester@127.0.0.1:" + s.port());
    return a.toArray(String[]::new);
  }

  String spool() throws Exception {
    return Spool.text(home);
  }

  static int count(String text, String what) {
    return Spool.count(text, what);
  }
}
