package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.store.Fixtures;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5322 Appendix A's address examples (fixtures/rfc5322, the RFC's bytes) in every place an
 * address is read: comments stripped from the address, the phrase as name, else a lone comment.
 */
class AddressCommentsTest {
  static final List<String> EXAMPLES =
      List.of(
          "A.1.1-simple-addressing.eml",
          "A.1.2-different-types-of-mailboxes.eml",
          "A.1.3-group-addresses.eml",
          "A.2-reply-messages.eml",
          "A.5-white-space-comments-and-other-oddities.eml",
          "A.6.1-obsolete-addressing.eml",
          "A.6.3-obsolete-white-space-and-comments.eml");

  @TempDir Path home;
  Path box;

  @BeforeEach
  void mbox() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String name : EXAMPLES) {
      b.write("From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n".getBytes(StandardCharsets.US_ASCII));
      b.write(Files.readAllBytes(Fixtures.path("rfc5322/" + name)));
      b.write('\n');
    }
    box = home.resolve("box");
    Files.write(box, b.toByteArray());
  }

  InProcess jmail() {
    return InProcess.isolated(home, "alice");
  }

  List<String> headers(int n) {
    String out =
        jmail().run("read", "--peek", "-f", box.toString(), String.valueOf(n)).succeeded().out();
    return out.substring(0, out.indexOf("\n\n")).lines().toList();
  }

  @Test
  void list_shows_the_appendix_a_senders_by_name_and_json_gives_bare_addresses() {
    String json = jmail().run("list", "--json", "-f", box.toString()).succeeded().out();
    for (String from :
        List.of(
            "\"from\":\"John Doe <jdoe@machine.example>\"",
            "\"from\":\"\\\"Joe Q. Public\\\" <john.q.public@example.com>\"",
            "\"from\":\"Pete <pete@silly.example>\"",
            "\"from\":\"Mary Smith <mary@example.net>\"",
            "\"from\":\"Pete <pete@silly.test>\"")) {
      assertTrue(json.contains(from), from + " in " + json);
    }
    List<String> lines =
        jmail().run("list", "-f", box.toString()).succeeded().out().lines().toList();
    assertTrue(
        lines.get(4).startsWith(" N   5 Pete               "),
        lines.get(4)); // not "Pete(A nice ) chap)"
    assertTrue(lines.get(5).startsWith(" N   6 Joe Q. Public      "), lines.get(5));
  }

  @Test
  void read_shows_address_fields_without_comments_and_with_groups_and_routes_resolved() {
    assertEquals(
        List.of(
            "From: \"Joe Q. Public\" <john.q.public@example.com>",
            "To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>",
            "Cc: boss@nil.test, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>"),
        headers(2).subList(0, 3));
    assertEquals(
        List.of(
            "From: Pete <pete@silly.example>",
            "To: A Group: Ed Jones <c@a.test>, joe@where.test, John <jdoe@one.test>;",
            "Cc: Undisclosed recipients:;"),
        headers(3).subList(0, 3));
    assertEquals(
        List.of(
            "From: Pete <pete@silly.test>",
            "To: A Group: Chris Jones <c@public.example>, joe@example.org, John <jdoe@one.test>;",
            "Cc: Hidden recipients:;"),
        headers(5).subList(0, 3));
    assertEquals("To: Mary Smith <mary@example.net>, jdoe@test.example", headers(6).get(1));
    assertEquals(
        List.of("From: John Doe <jdoe@machine.example>", "To: Mary Smith <mary@example.net>"),
        headers(7).subList(0, 2));
  }

  Result session(String script) throws Exception {
    Path sent = home.resolve("sent.txt");
    Path sendmail = home.resolve("fake-sendmail");
    Files.writeString(
        sendmail, "#!/bin/sh\necho \"ARGS: $*\" >> '" + sent + "'\ncat >> '" + sent + "'\n");
    Files.setPosixFilePermissions(sendmail, PosixFilePermissions.fromString("rwx------"));
    return jmail()
        .stdin(script)
        .run(
            "-S",
            "sendmail=" + sendmail,
            "-S",
            "from=me@example.net",
            "-S",
            "flipr",
            "-N",
            "-f",
            box.toString());
  }

  @Test
  void replies_go_to_the_bare_addresses_of_the_rfc_examples() throws Exception {
    session("R 5\nThanks\n~.\nr 4\nOK\n~.\nx\n").succeeded();
    String sent = Files.readString(home.resolve("sent.txt"));
    assertTrue(
        sent.contains(
            "ARGS: -oi -f me@example.net -- pete@silly.test c@public.example joe@example.org jdoe@one.test\n"),
        sent);
    assertTrue(
        sent.contains(
            "To: Pete <pete@silly.test>, Chris Jones <c@public.example>, joe@example.org,\n\tJohn <jdoe@one.test>\n"),
        sent);
    assertTrue(sent.contains("ARGS: -oi -f me@example.net -- smith@home.example\n"), sent);
    assertTrue(sent.contains("To: \"Mary Smith: Personal Account\" <smith@home.example>"), sent);
  }

  @Test
  void a_typed_address_with_a_comment_is_sent_to_the_bare_address_with_the_comment_as_name() {
    String out =
        jmail()
            .stdin("hi\n")
            .run(
                "--dry-run",
                "-s",
                "x",
                "-c",
                "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
                "bob@example.com (Bob Smith)")
            .succeeded()
            .out();
    assertTrue(out.contains("To: Bob Smith <bob@example.com>"), out);
    assertTrue(out.contains("Cc: Pete <pete@silly.test>"), out);
    assertTrue(out.contains("RCPT TO:<bob@example.com>\nRCPT TO:<pete@silly.test>\n"), out);
  }
}
