package dev.jmail.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sender a listing shows ({@link AddressList#first}, read without listing every mailbox) is the
 * first of {@link AddressList#mailboxes}, group members in their place, for every form of value.
 */
class FirstAddressTest {
  @Test
  void the_first_address_is_the_first_of_all_mailboxes_whatever_the_form() {
    String many = "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z@x.y.z.w.v.u.t.s.r.q.p.o.n";
    for (String v :
        List.of(
            "",
            "   ",
            "(only a comment)",
            "Joseph White <joseph.white@corp.example>",
            "\"Hill, Donna\" <dhill23@posteo.example>",
            "Walker, James <jwalker@acme.example>",
            "karen@example.net",
            "karen@example.net (Karen Q. Public)",
            "=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <user186@fastmail.example>",
            "Team: ;, after@example.org",
            "Team: first@example.org, second@example.org;, after@example.org",
            "undisclosed-recipients:;",
            "root",
            "Undisclosed recipients",
            "<>",
            "MAILER-DAEMON <>",
            "<@route.example,@b.example:pete@silly.test>",
            "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
            "a, b, c <c@example.org>",
            many,
            "\"quoted \\\" local\"@example.org",
            "x@[127.0.0.1]",
            ",,, ,a@b,,")) {
      List<AddressList.Address> all = AddressList.mailboxes(v);
      AddressList.Address expected = all.isEmpty() ? new AddressList.Address("", "") : all.get(0);
      assertEquals(expected, AddressList.first(v), v);
    }
  }

  @Test
  void a_value_of_a_thousand_one_character_tokens_is_parsed_whole() {
    String v = "a" + ".b".repeat(1000) + "@example.org";
    assertEquals(v, AddressList.first(v).address());
    String commented = "x@y " + "(c)".repeat(500);
    assertEquals(
        String.join(" ", java.util.Collections.nCopies(500, "c")),
        AddressList.first(commented).name());
  }
}
