package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MailboxTest {

  static Stream<Arguments> fromHeaders() throws IOException {
    try (InputStream in = MailboxTest.class.getResourceAsStream("/fixtures/addresses/first-mailbox.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#"))
          .map(l -> l.split("\\|", -1))
          .map(f -> Arguments.of(f[0], f[1], f[2]))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "[{0}] lists as name [{1}], address [{2}]")
  @MethodSource("fromHeaders")
  void the_first_mailbox_of_a_from_header_gives_the_name_and_address_the_listing_shows(
      String raw, String name, String address) {
    assertEquals(new Mailbox(name, address), Mailbox.parseFirst(raw));
  }

  @Test
  void a_missing_header_has_an_empty_mailbox() {
    assertEquals(new Mailbox("", ""), Mailbox.parseFirst(null));
  }

  @Test
  void the_summary_shows_the_name_else_the_address_and_full_shows_both() {
    assertEquals("Alice <a@example.com>", new Mailbox("Alice", "a@example.com").full());
    assertEquals("a@example.com", new Mailbox("", "a@example.com").full());
    assertEquals("Alice", new Mailbox("Alice", "").full());
    assertEquals("Alice", new Mailbox("Alice", "a@example.com").display());
    assertEquals("a@example.com", new Mailbox("", "a@example.com").display());
  }

  @Test
  void a_header_without_encoded_words_is_shown_as_written() {
    String raw = "Alice  <a@example.com>, (x) b@example.com";
    assertEquals(raw, Mailbox.decodeList(raw));
  }

  @Test
  void encoded_words_are_decoded_in_names_groups_and_comments_but_never_in_an_address() {
    assertEquals(
        "Café <c@example.com>, =?UTF-8?Q?alice?=@example.com",
        Mailbox.decodeList("=?UTF-8?Q?Caf=C3=A9?= <c@example.com>, =?UTF-8?Q?alice?=@example.com"));
    assertEquals(
        "Bob <=?UTF-8?Q?alice?=@example.com>",
        Mailbox.decodeList("=?UTF-8?Q?Bob?= <=?UTF-8?Q?alice?=@example.com>"));
    assertEquals("Team: a@example.com;", Mailbox.decodeList("=?UTF-8?Q?Team?=: a@example.com;"));
    assertEquals("Café", Mailbox.decodeList("=?UTF-8?Q?Caf=C3=A9?="));
    assertEquals(
        "a@example.com (Café)", Mailbox.decodeList("a@example.com (=?UTF-8?Q?Caf=C3=A9?=)"));
    assertEquals(
        "Caf\u00e9 (x) <a@example.com>, b@example.com",
        Mailbox.decodeList("=?UTF-8?Q?Caf=C3=A9?= (x) <a@example.com>, b@example.com"));
    assertEquals(
        "\"a, =?x\" <q@example.com>, Café",
        Mailbox.decodeList("\"a, =?x\" <q@example.com>, =?UTF-8?Q?Caf=C3=A9?="));
    assertEquals(
        "x@example.com (a \\) b (c) Café)",
        Mailbox.decodeList("x@example.com (a \\) b (c) =?UTF-8?Q?Caf=C3=A9?=)"));
  }
}
