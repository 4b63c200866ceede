package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.store.Fixtures;
import dev.jmail.testing.InProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
  @TempDir Path home;

  InProcess jmail() {
    return InProcess.isolated(home, "alice");
  }

  static String fixture(String name) {
    return Fixtures.path(name).toString();
  }

  @Test
  void list_prints_one_mailx_line_per_message() {
    var r = jmail().run("list", "-f", fixture("mbox/mboxrd-quoting.mbox")).succeeded();
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size());
    assertEquals(" N   1 Alice              Mon Jan  1 10:00     9/170  first", lines.get(0));
    // answered and flagged: F, as s-nail shows a flagged message whatever else it is
    assertTrue(lines.get(1).startsWith(" F   2 bob@example.com "), lines.get(1));
    assertTrue(lines.get(1).endsWith("6/73  second"), lines.get(1));
  }

  @Test
  void list_json_has_exactly_the_documented_keys() {
    var r = jmail().run("list", "--json", "-f", fixture("mbox/mboxrd-quoting.mbox")).succeeded();
    assertEquals(
        "[\n"
            + "{\"index\":1,\"from\":\"Alice <alice@example.com>\",\"subject\":\"first\","
            + "\"date\":\"2024-01-01T10:00:00+01:00\",\"message_id\":\"<1@example.com>\",\"size\":170,\"flags\":[\"new\"]},\n"
            + "{\"index\":2,\"from\":\"bob@example.com\",\"subject\":\"second\",\"date\":\"2024-01-01T11:00:00-00:00\","
            + "\"message_id\":null,\"size\":73,\"flags\":[\"seen\",\"answered\",\"flagged\"]}\n"
            + "]\n",
        r.out());
  }

  @Test
  void filters_select_messages_for_scripts() {
    String f = fixture("mbox/mboxrd-quoting.mbox");
    assertEquals(1, jmail().run("list", "--unread", "-f", f).succeeded().out().lines().count());
    assertTrue(jmail().run("list", "--from", "BOB", "-f", f).succeeded().out().contains("second"));
    assertTrue(
        jmail()
            .run("list", "--subject", "fir", "--json", "-f", f)
            .succeeded()
            .out()
            .contains("\"index\":1"));
    assertEquals(
        "[]\n", jmail().run("list", "--since", "2030-01-01", "--json", "-f", f).succeeded().out());
    jmail().run("list", "--since", "yesterday", "-f", f).exits(64);
  }

  @Test
  void an_empty_or_missing_spool_says_no_mail_and_exits_1() throws IOException {
    jmail().run("-H").exits(1).errContains("No mail for alice");
    jmail().run("list").exits(1).errContains("No mail for alice");
    jmail().run("-e").exits(1);
    Files.writeString(home.resolve("spool"), "");
    jmail().run("-H").exits(1).errContains("No mail for alice");
    assertEquals("", jmail().run("-e").exits(1).out());
  }

  @Test
  void e_exits_0_when_there_is_mail() throws IOException {
    Files.copy(Fixtures.path("mbox/crlf.mbox"), home.resolve("spool"));
    var r = jmail().run("-e").exits(0);
    assertEquals("", r.out() + r.err());
    assertTrue(jmail().run("-H").exits(0).out().contains("crlf two"));
  }

  @Test
  void a_file_that_is_not_an_mbox_is_a_data_error() {
    jmail()
        .run("list", "-f", fixture("mbox/not-an-mbox.txt"))
        .exits(65)
        .errIsOneLine()
        .errContains("not an mbox");
    jmail().run("-H", "-f", fixture("mbox/not-an-mbox.txt")).exits(65);
  }

  @Test
  void a_missing_named_folder_is_no_input() {
    jmail().run("list", "-f", home.resolve("nope").toString()).exits(66).errIsOneLine();
  }

  @Test
  void f_alone_reads_the_secondary_mailbox() throws IOException {
    Files.copy(Fixtures.path("mbox/crlf.mbox"), home.resolve("mbox"));
    assertTrue(jmail().run("-H", "-f").succeeded().out().contains("crlf one"));
    assertTrue(jmail().run("list", "-f").succeeded().out().contains("crlf one"));
  }

  @Test
  void header_escape_sequences_never_reach_the_terminal() throws IOException {
    Path mbox = home.resolve("evil.mbox");
    Files.write(
        mbox,
        ("From x Mon Jan  1 10:00:00 2024\nFrom: \u001b[2J<e@example.com>\n"
                + "Subject: hi \u001b]0;pwned\u0007 \u202eevil\n\nbody\n")
            .getBytes(StandardCharsets.UTF_8));
    String out = jmail().run("list", "-f", mbox.toString()).succeeded().out();
    assertFalse(out.contains("\u001b") || out.contains("\u0007") || out.contains("\u202e"), out);
    String json = jmail().run("list", "--json", "-f", mbox.toString()).succeeded().out();
    assertFalse(json.contains("\u001b"), json);
  }

  @Test
  void lines_fit_the_terminal_width_with_wide_characters() throws IOException {
    Path mbox = home.resolve("cjk.mbox");
    Files.write(
        mbox,
        ("From x Mon Jan  1 10:00:00 2024\nFrom: 山田太郎 <y@example.jp>\n"
                + "Subject: "
                + "日本語の件名".repeat(10)
                + "😀\n\nbody\n")
            .getBytes(StandardCharsets.UTF_8));
    String line =
        jmail().env("COLUMNS", "60").run("list", "-f", mbox.toString()).succeeded().out().strip();
    assertTrue(dev.jmail.render.DisplayWidth.of(line) <= 59, line);
    assertTrue(line.contains("山田太郎"), line);
  }

  @Test
  void a_maildir_is_detected_and_listed() throws IOException {
    Path md = home.resolve("Maildir");
    for (String s : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(s));
    Files.writeString(md.resolve("new/1.a.host"), "From: n@example.com\nSubject: fresh\n\nx\n");
    Files.writeString(md.resolve("cur/0.a.host:2,S"), "From: o@example.com\nSubject: old\n\nx\n");
    var r = jmail().run("list", "--json", "-f", md.toString()).succeeded();
    assertTrue(
        r.out()
            .contains(
                "\"subject\":\"old\",\"date\":null,\"message_id\":null,\"size\":36,\"flags\":[\"seen\"]"),
        r.out());
    assertTrue(r.out().indexOf("old") < r.out().indexOf("fresh"));
  }

  @Test
  void maildirplusplus_subfolders_are_listed_and_listable() throws IOException {
    Path md = home.resolve("Maildir");
    for (String f : List.of("", ".Sent", ".Lists.dev")) {
      for (String s : List.of("cur", "new", "tmp"))
        Files.createDirectories(md.resolve(f).resolve(s));
    }
    Files.writeString(
        md.resolve(".Sent/cur/1.a.host:2,S"), "From: me@example.com\nSubject: sent\n\nx\n");
    assertEquals(
        ".Lists.dev\n.Sent\n",
        jmail().run("list", "--folders", "-f", md.toString()).succeeded().out());
    assertEquals(
        "[\".Lists.dev\",\".Sent\"]\n",
        jmail().run("list", "--folders", "--json", "-f", md.toString()).succeeded().out());
    assertTrue(
        jmail()
            .run("list", "-f", md.resolve(".Sent").toString())
            .succeeded()
            .out()
            .contains("sent"));
  }
}
