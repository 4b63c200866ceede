package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jmail.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code -t}: where the header section given on stdin ends and the body begins. */
class TemplateHeadersTest {
  private static TemplateHeaders parse(String stdin) {
    return TemplateHeaders.parse(stdin.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static List<String> fields(TemplateHeaders t) {
    return t.fields().stream().map(f -> f[0] + "=" + f[1]).collect(Collectors.toList());
  }

  private static String body(TemplateHeaders t) {
    return new String(t.body(), StandardCharsets.UTF_8);
  }

  @Test
  void crlf_header_lines_and_blank_line_are_taken_off_and_the_body_is_kept_exactly() {
    TemplateHeaders t = parse("To: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n\r\nend\r\n");
    assertEquals(List.of("To=a@example.org", "Subject=hi"), fields(t));
    assertEquals("body\r\n\r\nend\r\n", body(t));
  }

  @Test
  void a_folded_field_is_unfolded_by_dropping_only_the_line_break() {
    TemplateHeaders t = parse("Subject: a long\n\tsubject\nTo: a@example.org\n\nbody\n");
    assertEquals(List.of("Subject=a long\tsubject", "To=a@example.org"), fields(t));
    assertEquals("body\n", body(t));
  }

  @Test
  void header_lines_without_a_final_newline_leave_an_empty_body() {
    TemplateHeaders t = parse("To: a@example.org\nSubject: no end");
    assertEquals(List.of("To=a@example.org", "Subject=no end"), fields(t));
    assertEquals("", body(t));
  }

  @Test
  void a_blank_first_line_means_no_fields_and_everything_after_it_is_the_body() {
    TemplateHeaders t = parse("\nTo: a@example.org\n");
    assertEquals(List.of(), fields(t));
    assertEquals("To: a@example.org\n", body(t));
  }

  @Test
  void without_a_blank_line_the_body_starts_at_the_first_line_that_is_not_a_field() {
    TemplateHeaders t = parse("To: a@example.org\nhello: there and more\nnot a field\n");
    assertEquals(List.of("To=a@example.org", "hello=there and more"), fields(t));
    TemplateHeaders u = parse("To: a@example.org\nHello there, Bob\nline 2\n");
    assertEquals("Hello there, Bob\nline 2\n", body(u));
  }

  @Test
  void stdin_that_does_not_start_with_a_header_line_is_refused() {
    UsageException e = assertThrows(UsageException.class, () -> parse("Dear Bob,\n\nhi\n"));
    assertEquals("-t: stdin must start with header lines (To:, Subject:, …)", e.getMessage());
  }

  @Test
  void a_leading_mbox_from_line_is_skipped() {
    TemplateHeaders t =
        parse("From alice@example.org Mon Jan  1 10:00:00 2024\nTo: b@example.org\n\nbody\n");
    assertEquals(List.of("To=b@example.org"), fields(t));
    assertEquals("body\n", body(t));
  }
}
