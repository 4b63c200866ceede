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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header summary ({@code list}, {@code list --json}, {@code -H}, interactive {@code h}) and
 * {@code read} see the same header section, and show what mailx, s-nail and mutt show.
 */
class ListReadAgreementTest {
  @TempDir Path home;

  InProcess jmail() {
    return InProcess.isolated(home, "alice");
  }

  static String fixture(String name) {
    return Fixtures.path(name).toString();
  }

  /** The 16 date columns of each listing line. */
  static List<String> dates(String listing) {
    return listing.lines().map(l -> l.substring(26, 42)).toList();
  }

  static List<String> json(String out, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(null|\"(?:[^\"\\\\]|\\\\.)*\")").matcher(out);
    List<String> values = new java.util.ArrayList<>();
    while (m.find())
      values.add(
          m.group(1).equals("null") ? null : m.group(1).substring(1, m.group(1).length() - 1));
    return values;
  }

  static List<String> headerLines(String read) {
    return read.lines().takeWhile(l -> !l.isEmpty()).toList();
  }

  @Test
  void
      an_mbox_message_without_a_usable_date_is_listed_with_its_from_line_date_as_mailx_and_mutt_list_it() {
    String f = fixture("mbox/no-usable-date.mbox");
    assertEquals(
        List.of(
            "Mon Jan  1 09:08", // no Date field
            "Tue Feb 13 14:15", // Date: garbage here
            "Sat Mar  9 01:02", // ... CET 2024: the time as written
            "Sun Mar 10 11:12", // ... 2024 +0100
            "Mon Mar 11 01:02", // ... 96 remote from uucphost
            "Wed Jan  3 10:00"), // a Date field wins over the From_ line
        dates(jmail().run("list", "-f", f).succeeded().out()));
    assertEquals(
        List.of(
            "2024-01-01T09:08:07-00:00",
            "2024-02-13T14:15:16-00:00",
            "2024-03-09T01:02:03-00:00",
            "2024-03-10T11:12:13+01:00",
            "1996-03-11T01:02:03-00:00",
            "2024-01-03T10:00:00+01:00"),
        json(jmail().run("list", "--json", "-f", f).succeeded().out(), "date"));
  }

  @Test
  void the_from_line_date_also_dates_the_mailx_summary_and_the_interactive_header_listing()
      throws IOException {
    Files.copy(Fixtures.path("mbox/no-usable-date.mbox"), home.resolve("spool"));
    String summary = jmail().run("-H").succeeded().out();
    assertTrue(summary.lines().findFirst().orElseThrow().contains("Mon Jan  1 09:08"), summary);
    String session = jmail().stdin("h\nq\n").run("-N").succeeded().out();
    List<String> lines = session.lines().filter(l -> l.matches("^.. +[0-9]+ .*")).toList();
    assertTrue(lines.get(1).contains("Tue Feb 13 14:15"), session);
  }

  @Test
  void read_still_shows_a_missing_date_as_missing_and_a_bad_one_as_written() {
    String f = fixture("mbox/no-usable-date.mbox");
    assertEquals(
        List.of("From: Alice <alice@example.com>", "Subject: no Date field"),
        headerLines(jmail().run("read", "--peek", "-f", f, "1").succeeded().out()));
    assertTrue(
        headerLines(jmail().run("read", "--peek", "-f", f, "2").succeeded().out())
            .contains("Date: garbage here"));
  }

  @Test
  void a_maildir_message_without_a_usable_date_has_no_date_as_in_mutt_and_s_nail() {
    // neither dates it by its file name's delivery time: mutt shows the epoch, s-nail the time of
    // listing
    String f = fixture("maildir/no-usable-date");
    assertEquals(
        List.of(" ".repeat(16), " ".repeat(16)),
        dates(jmail().run("list", "-f", f).succeeded().out()));
    assertEquals(
        java.util.Arrays.asList(null, null),
        json(jmail().run("list", "--json", "-f", f).succeeded().out(), "date"));
  }

  @Test
  void fields_after_a_line_without_a_colon_are_text_to_list_as_to_read() {
    String f = fixture("mbox/fields-after-a-line-without-colon.mbox");
    // the Status, Date and Message-ID lines after the stray line are body text
    String line = jmail().run("list", "-f", f).succeeded().out();
    assertTrue(line.startsWith(" N   1 Alice              Mon Jan  1 09:08 "), line);
    String json = jmail().run("list", "--json", "-f", f).succeeded().out();
    assertEquals(java.util.Collections.singletonList(null), json(json, "message_id"), json);
    assertTrue(json.contains("\"flags\":[\"new\"]"), json);
    String read = jmail().run("read", "--peek", "-f", f, "1").succeeded().out();
    assertEquals(
        List.of("From: Alice <alice@example.com>", "Subject: a stray line before the rest"),
        headerLines(read));
    assertTrue(
        read.contains("\n\nThis line has no colon\nStatus: RO\nDate: Tue, 2 Jan 2024"), read);
  }

  @Test
  void marking_such_a_message_read_writes_status_where_readers_look_for_it() throws IOException {
    Path spool = home.resolve("spool");
    Files.copy(Fixtures.path("mbox/fields-after-a-line-without-colon.mbox"), spool);
    jmail().run("flag", "1", "seen").succeeded();
    String stored = Files.readString(spool, StandardCharsets.ISO_8859_1);
    assertTrue(
        stored.contains(
            "Subject: a stray line before the rest\nStatus: RO\nThis line has no colon\nStatus: RO\nDate: Tue, 2 Jan"),
        stored);
    String json = jmail().run("list", "--json").succeeded().out();
    assertTrue(json.contains("\"flags\":[\"seen\"]"), json);
  }

  @Test
  void an_encoded_word_in_an_address_is_shown_as_written_by_list_and_read_as_mutt_shows_it() {
    // RFC 2047 5: an encoded word must not appear in an addr-spec: it is not decoded there
    String f = fixture("mbox/encoded-word-in-address.mbox");
    assertEquals(
        List.of(
            "=?UTF-8?Q?alice?=@example.com",
            "Alïce <=?UTF-8?Q?alice?=@example.com>",
            "Alïce <=?UTF-8?Q?alice?=@example.com>"),
        json(jmail().run("list", "--json", "-f", f).succeeded().out(), "from"));
    assertEquals(
        "From: =?UTF-8?Q?alice?=@example.com",
        jmail()
            .run("read", "--peek", "-f", f, "1")
            .succeeded()
            .out()
            .lines()
            .findFirst()
            .orElseThrow());
    assertEquals(
        "From: Alïce <=?UTF-8?Q?alice?=@example.com>",
        jmail()
            .run("read", "--peek", "-f", f, "2")
            .succeeded()
            .out()
            .lines()
            .findFirst()
            .orElseThrow());
    List<String> third = headerLines(jmail().run("read", "--peek", "-f", f, "3").succeeded().out());
    assertEquals("From: Alïce <=?UTF-8?Q?alice?=@example.com>", third.get(0));
    assertEquals(
        "To: =?UTF-8?Q?bob?=@example.com, Café <carol@example.com>, Friends: Dáve <dave@example.com>;",
        third.get(1));
    String readJson = jmail().run("read", "--peek", "--json", "-f", f, "3").succeeded().out();
    assertTrue(
        readJson.contains(
            "{\"name\":\"From\",\"value\":\"Alïce <=?UTF-8?Q?alice?=@example.com>\"}"),
        readJson);
  }

  @Test
  void unknown_zones_list_the_time_as_written_and_give_minus_zero_in_json() {
    String f = fixture("mbox/unknown-zones.mbox");
    List<String> shown = dates(jmail().run("list", "-f", f).succeeded().out());
    assertEquals(List.of("Mon Jan  1 10:00"), shown.stream().distinct().toList());
    assertEquals(7, shown.size());
    // MET DST, CEST, +2400, -0000, no zone: UTC with the offset unknown (RFC 5322 4.3, RFC 3339
    // 4.3)
    assertEquals(
        List.of(
            "2024-01-01T10:00:00-00:00",
            "2024-01-01T10:00:00-00:00",
            "2024-01-01T10:00:00-00:00",
            "2024-01-01T10:00:00-00:00",
            "2024-01-01T10:00:00-00:00",
            "2024-01-01T10:00:00+00:00",
            "2024-01-01T10:00:00-05:00"),
        json(jmail().run("list", "--json", "-f", f).succeeded().out(), "date"));
    assertFalse(jmail().run("list", "--json", "-f", f).succeeded().out().contains("2024-01-02"));
  }
}
