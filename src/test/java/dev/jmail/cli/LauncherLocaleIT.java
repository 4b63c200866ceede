package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Launcher;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher makes Java decode argv and file names as UTF-8 whatever the locale says: Java 17
 * with LANG unset (cron), a non-UTF-8 locale, or a UTF-8 locale that is not installed (common in
 * containers) would read "-s Grüße" as "Gr??e" and not find "März.txt".
 */
class LauncherLocaleIT {
  @TempDir Path home;

  /** name=value pairs for LC_ALL, LC_CTYPE and LANG; null: unset. */
  private void nonAsciiArgumentsSurvive(String lcAll, String lcCtype, String lang)
      throws Exception {
    Path file = home.resolve("März.txt");
    Files.writeString(file, "attached\n", StandardCharsets.UTF_8);
    Result r =
        new Launcher(home)
            .env("LC_ALL", lcAll)
            .env("LC_CTYPE", lcCtype)
            .env("LANG", lang)
            .stdin("body\n")
            .run("--dry-run", "-s", "Grüße", "-a", file.toString(), "you@example.com");
    String where =
        "LC_ALL=" + lcAll + " LC_CTYPE=" + lcCtype + " LANG=" + lang + ":\n" + r.err() + r.out();
    assertTrue(r.status() == 0, where);
    assertTrue(r.out().contains("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\n"), where);
    assertTrue(r.out().contains("filename*=UTF-8''M%C3%A4rz.txt"), where);
  }

  @Test
  void with_no_locale_at_all_as_in_cron() throws Exception {
    nonAsciiArgumentsSurvive(null, null, null);
  }

  @Test
  void with_the_c_or_posix_locale() throws Exception {
    nonAsciiArgumentsSurvive("C", null, null);
    nonAsciiArgumentsSurvive(null, null, "POSIX");
    nonAsciiArgumentsSurvive("", "C", "C.UTF-8");
  }

  @Test
  void with_c_utf8() throws Exception {
    nonAsciiArgumentsSurvive("C.UTF-8", null, null);
    nonAsciiArgumentsSurvive(null, "C.utf8", "C");
  }

  @Test
  void with_a_utf8_locale_that_is_not_installed() throws Exception {
    nonAsciiArgumentsSurvive(null, null, "xx_XX.UTF-8");
    nonAsciiArgumentsSurvive("xx_XX.utf8", null, null);
    nonAsciiArgumentsSurvive(null, "xx_XX.UTF-8", "C.UTF-8");
  }

  @Test
  void with_a_latin1_locale() throws Exception {
    nonAsciiArgumentsSurvive(null, null, "de_DE.ISO-8859-1");
  }
}
