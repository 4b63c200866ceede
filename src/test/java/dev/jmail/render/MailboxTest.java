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
    try (InputStream in =
        MailboxTest.class.getResourceAsStream("/fixtures/addresses/first-mailbox.txt")) {
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
}
