package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What dead.letter keeps of a draft jmail refused to send: everything the user gave. */
class UnsentDraftTest {
  @TempDir Path dir;

  private Settings settings(String... sets) {
    Settings s = new Settings(Env.of(Map.of("HOME", dir.toString(), "USER", "alice")));
    for (String kv : sets) {
      String[] p = kv.split("=", 2);
      s.set(p[0], p[1]);
    }
    return s;
  }

  private static Draft draft(
      String from,
      List<String> to,
      String subject,
      List<String> headers,
      List<String> attachments,
      byte[] body,
      boolean readHeaders) {
    return new Draft(
        from, to, List.of(), List.of(), subject, headers, attachments, body, readHeaders, false);
  }

  private static Draft text(String subject, String body, String... attachments) {
    return draft(
        "me@example.org",
        List.of("a@example.org"),
        subject,
        List.of(),
        List.of(attachments),
        body.getBytes(StandardCharsets.UTF_8),
        false);
  }

  private static MimeMessage parse(byte[] bytes) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
  }

  private static byte[] content(Part p) throws Exception {
    try (InputStream in = p.getInputStream()) {
      return in.readAllBytes();
    }
  }

  private static String fixture(String name) throws Exception {
    try (InputStream in = UnsentDraftTest.class.getResourceAsStream("/fixtures/compose/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void a_text_draft_keeps_every_field_as_typed_and_its_body_as_text() throws Exception {
    Draft d =
        new Draft(
            "me@example.org",
            List.of("a@example.org", "not an address"),
            List.of("c@example.org"),
            List.of("b@example.org"),
            "Lunch on Friday?",
            List.of("Reply-To: r@example.org", "no colon here"),
            List.of(),
            "See you at noon.\nGrüße\n".getBytes(StandardCharsets.UTF_8),
            false,
            false);
    assertEquals(
        fixture("unsent-text.eml"),
        new String(UnsentDraft.bytes(d, settings()), StandardCharsets.UTF_8));
  }

  @Test
  void without_a_from_option_the_from_variable_is_the_sender_and_without_either_there_is_none()
      throws Exception {
    Draft d = draft(null, List.of("a@example.org"), "s", List.of(), List.of(), new byte[0], false);
    assertEquals(
        "set@example.org",
        parse(UnsentDraft.bytes(d, settings("from=set@example.org"))).getHeader("From", null));
    MimeMessage none = parse(UnsentDraft.bytes(d, settings()));
    assertNull(none.getHeader("From"));
    assertNull(none.getHeader("Cc"));
    assertNull(none.getHeader("Bcc"));
  }

  @Test
  void a_draft_with_no_recipients_and_no_subject_writes_no_empty_fields() throws Exception {
    Draft d = draft("me@example.org", List.of(), null, List.of(), List.of(), new byte[0], false);
    MimeMessage m = parse(UnsentDraft.bytes(d, settings()));
    assertNull(m.getHeader("To"));
    assertNull(m.getHeader("Subject"));
    assertEquals("me@example.org", m.getHeader("From", null));
  }

  @Test
  void a_line_break_or_control_in_a_field_is_encoded_so_no_field_is_injected() throws Exception {
    MimeMessage m =
        parse(UnsentDraft.bytes(text("Hi\nBcc: victim@example.org", "x\n"), settings()));
    assertNull(m.getHeader("Bcc"));
    assertEquals(
        "Hi\nBcc: victim@example.org", MimeUtility.decodeText(m.getHeader("Subject", null)));
    String del =
        new String(UnsentDraft.bytes(text("a\u007fb", "x\n"), settings()), StandardCharsets.UTF_8);
    assertFalse(del.contains("\u007f"), del);
  }

  @Test
  void blanks_and_tabs_in_a_field_are_kept_as_typed() throws Exception {
    String out =
        new String(UnsentDraft.bytes(text("a  b\tc", "x\n"), settings()), StandardCharsets.UTF_8);
    assertTrue(out.contains("\nSubject: a  b\tc\n"), out);
  }

  @Test
  void a_header_line_that_is_not_a_field_is_kept_under_x_jmail_header() throws Exception {
    Draft d =
        draft(
            "me@example.org",
            List.of("a@example.org"),
            "s",
            List.of(": no name", "Two Words: value", "X-Ok:  trimmed  "),
            List.of(),
            "x\n".getBytes(StandardCharsets.UTF_8),
            false);
    MimeMessage m = parse(UnsentDraft.bytes(d, settings()));
    assertArrayEquals(
        new String[] {": no name", "Two Words: value"}, m.getHeader("X-Jmail-Header"));
    assertEquals("trimmed", m.getHeader("X-Ok", null));
  }

  @Test
  void with_t_a_text_stdin_is_kept_exactly_after_the_command_line_fields() throws Exception {
    byte[] stdin =
        "To: b@example.org\nSubject: from stdin\n\nbody\r\nno end".getBytes(StandardCharsets.UTF_8);
    Draft d = draft(null, List.of("a@example.org"), null, List.of(), List.of(), stdin, true);
    byte[] out = UnsentDraft.bytes(d, settings());
    assertEquals(
        "To: a@example.org\n" + new String(stdin, StandardCharsets.UTF_8),
        new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void a_binary_body_is_kept_byte_exact_as_an_attachment_named_stdin() throws Exception {
    byte[] body = {'a', 0, 'b', (byte) 0xff, '\n', 0};
    Draft d =
        draft("me@example.org", List.of("a@example.org"), "s", List.of(), List.of(), body, false);
    MimeMessage m = parse(UnsentDraft.bytes(d, settings()));
    MimeMultipart mp = (MimeMultipart) m.getContent();
    assertEquals(1, mp.getCount());
    BodyPart p = mp.getBodyPart(0);
    assertEquals("stdin", p.getFileName());
    assertTrue(p.isMimeType("application/octet-stream"));
    assertArrayEquals(body, content(p));
  }

  @Test
  void a_latin1_body_under_utf8_is_kept_as_bytes_but_under_input_charset_latin1_as_text()
      throws Exception {
    byte[] body = "Gr\u00fc\u00dfe\n".getBytes(StandardCharsets.ISO_8859_1);
    Draft d =
        draft("me@example.org", List.of("a@example.org"), "s", List.of(), List.of(), body, false);
    assertTrue(parse(UnsentDraft.bytes(d, settings())).getContent() instanceof MimeMultipart);
    MimeMessage latin = parse(UnsentDraft.bytes(d, settings("input-charset=ISO-8859-1")));
    assertEquals("Grüße\n", latin.getContent());
  }

  @Test
  void each_attachment_is_named_and_kept_byte_exact_and_a_missing_one_is_still_named()
      throws Exception {
    byte[] bytes = new byte[300];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
    Path file = Files.write(dir.resolve("say \"hi\".bin"), bytes);
    Path missing = dir.resolve("gone.pdf");
    Path directory = Files.createDirectory(dir.resolve("folder"));
    byte[] out =
        UnsentDraft.bytes(
            text(
                "s", "text without end", file.toString(), missing.toString(), directory.toString()),
            settings());
    MimeMessage m = parse(out);
    assertArrayEquals(
        new String[] {file.toString(), missing.toString(), directory.toString()},
        m.getHeader("X-Jmail-Attachment"));
    MimeMultipart mp = (MimeMultipart) m.getContent();
    assertEquals(2, mp.getCount());
    assertEquals("text without end", mp.getBodyPart(0).getContent());
    assertEquals("say \"hi\".bin", mp.getBodyPart(1).getFileName());
    assertArrayEquals(bytes, content(mp.getBodyPart(1)));
    for (String line : new String(out, StandardCharsets.UTF_8).split("\n"))
      assertTrue(line.length() <= 76, line);
  }

  @Test
  void an_attachment_whose_name_has_a_control_character_is_named_attachment() throws Exception {
    Path file = Files.write(dir.resolve("a\u0001b.txt"), new byte[] {1, 2, 3});
    MimeMultipart mp =
        (MimeMultipart)
            parse(UnsentDraft.bytes(text("s", "x\n", file.toString()), settings())).getContent();
    assertEquals("attachment", mp.getBodyPart(1).getFileName());
    assertArrayEquals(new byte[] {1, 2, 3}, content(mp.getBodyPart(1)));
  }

  @Test
  void a_text_beside_an_attachment_reads_back_exactly_with_or_without_its_last_line_break()
      throws Exception {
    Path file = Files.write(dir.resolve("f.txt"), new byte[] {'z'});
    for (String body : new String[] {"", "\n", "one line\n", "no end", "two\n\n"}) {
      MimeMultipart mp =
          (MimeMultipart)
              parse(UnsentDraft.bytes(text("s", body, file.toString()), settings())).getContent();
      assertEquals(body, mp.getBodyPart(0).getContent(), body);
    }
  }

  @Test
  void with_t_and_an_attachment_the_stdin_becomes_the_text_part() throws Exception {
    Path file = Files.write(dir.resolve("f.txt"), new byte[] {'z'});
    byte[] stdin = "Subject: x\n\nbody\n".getBytes(StandardCharsets.UTF_8);
    Draft d =
        draft(
            null, List.of("a@example.org"), null, List.of(), List.of(file.toString()), stdin, true);
    MimeMessage m = parse(UnsentDraft.bytes(d, settings()));
    MimeMultipart mp = (MimeMultipart) m.getContent();
    assertEquals("Subject: x\n\nbody\n", mp.getBodyPart(0).getContent());
  }
}
