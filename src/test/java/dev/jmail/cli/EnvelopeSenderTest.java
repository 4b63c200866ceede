package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.store.Fixtures;
import dev.jmail.testing.InProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message without a usable {@code From:} is listed under its Sender, else its envelope sender
 * (the mbox From_ line's, or a Maildir message's Return-Path), as s-nail and mailx list it.
 */
class EnvelopeSenderTest {
  @TempDir Path home;

  InProcess jmail() {
    return InProcess.isolated(home, "alice");
  }

  static String fixture(String name) {
    return Fixtures.path(name).toString();
  }

  static List<String> senders(String listing) {
    return listing.lines().map(l -> l.substring(7, 25).strip()).toList();
  }

  @Test
  void an_mbox_message_without_a_from_field_is_listed_under_its_from_line_sender() {
    var r = jmail().run("list", "-f", fixture("mbox/no-from-header.mbox")).succeeded();
    assertEquals(
        List.of("alice@example.com", "carol@example.org", "Secretary", "MAILER-DAEMON", "Erin"),
        senders(r.out()));
  }

  @Test
  void list_json_from_falls_back_to_sender_then_the_from_line() {
    String out =
        jmail().run("list", "--json", "-f", fixture("mbox/no-from-header.mbox")).succeeded().out();
    assertTrue(out.contains("\"index\":1,\"from\":\"alice@example.com\""), out);
    assertTrue(out.contains("\"index\":2,\"from\":\"carol@example.org\""), out);
    assertTrue(out.contains("\"index\":3,\"from\":\"Secretary <sec@example.net>\""), out);
    assertTrue(out.contains("\"index\":5,\"from\":\"Erin <erin@example.com>\""), out);
  }

  @Test
  void a_maildir_message_without_a_from_field_is_listed_under_sender_then_return_path() {
    String f = fixture("maildir/no-from-header");
    assertEquals(
        List.of("Secretary", "rp@example.com", ""),
        senders(jmail().run("list", "-f", f).succeeded().out()));
    String json = jmail().run("list", "--json", "-f", f).succeeded().out();
    assertTrue(json.contains("\"index\":1,\"from\":\"Secretary <sec@example.com>\""), json);
    assertTrue(json.contains("\"index\":2,\"from\":\"rp@example.com\""), json);
    assertTrue(json.contains("\"index\":3,\"from\":\"\""), json); // Return-Path: <> names no one
  }

  @Test
  void the_interactive_header_listing_uses_the_same_fallback() {
    var r =
        jmail().stdin("h\nq\n").run("-N", "-f", fixture("mbox/no-from-header.mbox")).succeeded();
    List<String> lines = r.out().lines().filter(l -> l.matches("^.. +[0-9]+ .*")).toList();
    assertEquals(5, lines.size(), r.out());
    assertTrue(lines.get(0).contains("alice@example.com"), lines.get(0));
    assertTrue(lines.get(3).contains("MAILER-DAEMON"), lines.get(3));
  }
}
