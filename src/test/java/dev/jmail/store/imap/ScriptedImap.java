package dev.jmail.store.imap;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the tests that run jmail against a {@link ScriptedServer} name its folder and cache. */
final class ScriptedImap {
  private ScriptedImap() {}

  static String url(ScriptedServer s) {
    return "imap://bob@127.0.0.1:" + s.port();
  }

  /** The command line {@code rest}, then a plain-text login to the server's INBOX. */
  static String[] args(ScriptedServer s, int timeoutSeconds, String... rest) {
    List<String> a = new ArrayList<>(List.of(rest));
    a.addAll(
        List.of(
            "-S",
            "password=x",
            "-S",
            "net-allow-plaintext",
            "-S",
            "net-timeout=" + timeoutSeconds,
            "-f",
            url(s)));
    return a.toArray(String[]::new);
  }

  /** jmail in-process for user tester, its home and cache under {@code home}. */
  static InProcess jmail(Path home) {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString());
  }

  static Path cacheFile(Path home, ScriptedServer s) {
    return home.resolve("cache/jmail/imap/bob@127.0.0.1:" + s.port() + "/INBOX.summaries");
  }
}
