package dev.jmail.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jmail.message.AddressList.Address;
import dev.jmail.message.AddressList.Group;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The one address parser: RFC 5322 3.4 with comments (CFWS) and the obsolete forms of 4.4. */
class AddressListTest {
  @Test
  void comments_are_no_part_of_the_address_and_the_phrase_is_the_name() {
    // RFC 5322 A.5
    assertEquals(
        List.of(new Address("Pete", "pete@silly.test")),
        AddressList.parse("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>"));
    assertEquals(
        List.of(
            new Group(
                "A Group",
                List.of(
                    new Address("Chris Jones", "c@public.example"),
                    new Address("", "joe@example.org"),
                    new Address("John", "jdoe@one.test")))),
        AddressList.parse(
            "A Group(Some people)\n     :Chris Jones <c@(Chris's host.)public.example>,\n"
                + "         joe@example.org,\n  John <jdoe@one.test> (my dear friend); (the end of the group)"));
    assertEquals(
        List.of(new Group("Hidden recipients", List.of())),
        AddressList.parse("(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;"));
  }

  @Test
  void a_lone_comment_is_the_name_as_mutt_shows_it() {
    assertEquals(
        new Address("Bob Smith", "bob@example.com"),
        AddressList.first("bob@example.com (Bob Smith)"));
    assertEquals(
        new Address("Bob", "bob@example.com"), AddressList.first("(Bob) <bob@example.com>"));
    assertEquals(
        new Address("Bob (work)", "bob@example.com"),
        AddressList.first("bob@example.com (Bob (work))"));
    assertEquals(
        new Address("Real", "r@example.com"),
        AddressList.first("Real <r@example.com> (not the name)"));
  }

  @Test
  void quoted_names_are_unquoted_and_written_again_quoted_when_they_hold_specials() {
    // RFC 5322 A.1.2, A.2
    Address giant = AddressList.first("\"Giant; \\\"Big\\\" Box\" <sysservices@example.net>");
    assertEquals(new Address("Giant; \"Big\" Box", "sysservices@example.net"), giant);
    assertEquals("\"Giant; \\\"Big\\\" Box\" <sysservices@example.net>", giant.full());
    assertEquals(
        "\"Mary Smith: Personal Account\" <smith@home.example>",
        AddressList.first("\"Mary Smith: Personal Account\" <smith@home.example>").full());
    assertEquals(
        List.of(
            new Address("Mary Smith", "mary@x.test"),
            new Address("", "jdoe@example.org"),
            new Address("Who?", "one@y.test")),
        AddressList.parse("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>"));
  }

  @Test
  void obsolete_phrases_routes_empty_members_and_spaced_dots_are_read() {
    // RFC 5322 A.6.1, A.6.3
    assertEquals(
        new Address("Joe Q. Public", "john.q.public@example.com"),
        AddressList.first("Joe Q. Public <john.q.public@example.com>"));
    assertEquals(
        List.of(
            new Address("Mary Smith", "mary@example.net"), new Address("", "jdoe@test.example")),
        AddressList.parse("Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example"));
    assertEquals(
        new Address("John Doe", "jdoe@machine.example"),
        AddressList.first("John Doe <jdoe@machine(comment).  example>"));
    assertEquals(
        new Address("Mary Smith", "mary@example.net"),
        AddressList.first("Mary Smith\n    \n <mary@example.net>"));
  }

  @Test
  void text_that_is_not_an_address_stays_as_written() {
    // a hostile sender: the ';' is no group's end, the words keep their space
    assertEquals(
        new Address("", "\u001b]52;c;aGVsbG8=\u0007 evil@example.com"),
        AddressList.first("\u001b]52;c;aGVsbG8=\u0007 evil@example.com"));
    assertEquals(new Address("", "root"), AddressList.first("root"));
    assertEquals(
        new Address("Undisclosed recipients", ""), AddressList.first("Undisclosed recipients"));
    assertEquals(
        new Address("Doe, John", "j@example.com"), AddressList.first("Doe, John <j@example.com>"));
    assertEquals(
        List.of(new Address("", "a@example.com"), new Address("", "b@example.com")),
        AddressList.parse("a@example.com, b@example.com"));
    assertEquals(
        "\"john smith\"@example.com", AddressList.first("\"john smith\"@example.com").address());
    assertEquals(
        "MAILER DAEMON <>", AddressList.first("MAILER DAEMON <>").full()); // a bounce's null path
    assertEquals("", AddressList.first("<> (bounce)").address());
  }

  @Test
  void unclosed_comments_quotes_and_literals_end_at_the_end_in_linear_time() {
    String s = "(".repeat(50_000) + "\"".repeat(50_001) + "[".repeat(100_000) + ")".repeat(100_000);
    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> AddressList.parse(s));
    assertEquals(List.of(new Address("x", "a@[1.2.3.4]")), AddressList.parse("a@[1.2.3.4] (x"));
  }
}
