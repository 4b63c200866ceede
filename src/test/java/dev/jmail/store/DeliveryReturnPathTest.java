package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The sender a delivered message's From_ line names: its first Return-Path, else none. */
class DeliveryReturnPathTest {
  private static String sender(String message) {
    return DeliveryTarget.returnPath(message.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void the_address_in_angle_brackets_of_the_first_return_path_is_the_sender() {
    assertEquals(
        "bounce@example.org",
        sender(
            "From: a@example.org\nReturn-Path: <bounce@example.org>\nReturn-Path: <x@y>\n\nb\n"));
    assertEquals("r@example.org", sender("return-path:<r@example.org>\n\nbody\n"));
    assertEquals("r@example.org", sender("Return-Path: r@example.org \n\nbody\n"));
  }

  @Test
  void crlf_line_ends_are_read_like_lf() {
    assertEquals(
        "r@example.org", sender("Subject: s\r\nReturn-Path: <r@example.org>\r\n\r\nb\r\n"));
    assertEquals("", sender("Subject: s\r\n\r\nReturn-Path: <r@example.org>\r\n"));
  }

  @Test
  void a_return_path_in_the_body_is_not_the_sender() {
    assertEquals("", sender("Subject: s\n\nReturn-Path: <r@example.org>\n"));
    assertEquals("", sender("\nReturn-Path: <r@example.org>\n"));
  }

  @Test
  void a_bounce_with_an_empty_return_path_names_no_one() {
    assertEquals("", sender("Return-Path: <>\n\nbody\n"));
    assertEquals("", sender("Subject: no return path\n\nbody\n"));
    assertEquals("", sender(""));
  }

  @Test
  void an_empty_return_path_field_is_passed_over_for_a_later_one() {
    assertEquals("r@example.org", sender("Return-Path:\nReturn-Path: <r@example.org>\n\n"));
  }

  @Test
  void a_header_section_without_a_final_line_break_is_still_read() {
    assertEquals("r@example.org", sender("Subject: s\nReturn-Path: <r@example.org>"));
  }

  @Test
  void brackets_out_of_order_leave_the_value_as_written() {
    assertEquals("r@example.org> <", sender("Return-Path: r@example.org> <\n\n"));
    assertEquals("<unclosed@example.org", sender("Return-Path: <unclosed@example.org\n\n"));
  }
}
