package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher on fixture folders, as a user or a cron job runs it (no LANG, no terminal). */
class ReadListIT {
  @TempDir Path home;

  private Path mbox() throws Exception {
    Path p = home.resolve("in.mbox");
    Files.write(
        p,
        ("From a@example.com Mon Jan  1 10:00:00 2024\nFrom: =?UTF-8?Q?J=C3=BCrgen?= <j@example.com>\n"
                + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\nDate: Mon, 1 Jan 2024 10:00:00 +0100\n\nHallo\n>From me\n\n"
                + "From b@example.com Mon Jan  1 11:00:00 2024\nFrom: b@example.com\nSubject: two\nStatus: RO\n\nx\n")
            .getBytes(StandardCharsets.UTF_8));
    return p;
  }

  @Test
  void list_and_read_work_through_the_launcher_in_utf8_without_a_locale() throws Exception {
    Path p = mbox();
    var list = new Launcher(home).run("list", "-f", p.toString()).succeeded();
    assertTrue(list.out().contains("Jürgen") && list.out().contains("Grüße"), list.out());
    var json = new Launcher(home).run("list", "--json", "-f", p.toString()).succeeded();
    assertTrue(
        json.out().contains("\"flags\":[\"new\"]") && json.out().contains("\"flags\":[\"seen\"]"),
        json.out());
    var read = new Launcher(home).run("read", "-f", p.toString(), "1").succeeded();
    assertTrue(read.out().endsWith("Subject: Grüße\n\nHallo\nFrom me\n"), read.out());
    var raw = new Launcher(home).run("read", "--raw", "-f", p.toString(), "2").succeeded();
    assertArrayEquals(
        "From: b@example.com\nSubject: two\nStatus: RO\n\nx\n".getBytes(StandardCharsets.UTF_8),
        raw.stdout());
  }

  @Test
  void mailx_style_e_and_h_use_the_spool_from_mail() throws Exception {
    Path p = mbox();
    new Launcher(home).env("MAIL", p.toString()).run("-e").exits(0);
    assertEquals(
        2,
        new Launcher(home).env("MAIL", p.toString()).run("-H").succeeded().out().lines().count());
    new Launcher(home)
        .env("MAIL", home.resolve("none").toString())
        .run("-H")
        .exits(1)
        .errContains("No mail for");
    new Launcher(home).run("list", "-f", home.resolve("none").toString()).exits(66).errIsOneLine();
  }
}
