package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.store.Fixtures;
import dev.jmail.testing.Bounds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs found by {@link FuzzTest} and by the pathological sizes, each a fixture under
 * fixtures/fuzz/.
 */
class FuzzRegressionTest {
  @TempDir Path tmp;

  static MessageView view(String fixture) throws IOException {
    return MimeWalker.view(1, Files.newInputStream(Fixtures.path("fuzz/" + fixture)), false);
  }

  /** Saves the only attachment of a fixture as {@code read --save-attachments} does. */
  private Path saveAttachment(String fixture) throws IOException {
    List<MessageView.Part> att = view(fixture).attachments();
    assertEquals(1, att.size());
    MessageView.Part p = att.get(0);
    return AttachmentFiles.save(
        tmp, AttachmentFiles.safeName(p.name(), "part-" + p.index()), p.content());
  }

  @Test
  void an_attachment_name_cut_to_length_inside_a_character_is_still_saved() throws IOException {
    Path saved = saveAttachment("attachment-name-cut-inside-a-character.eml");
    assertEquals("hello\n", Files.readString(saved));
    String name = saved.getFileName().toString();
    assertEquals("a".repeat(199), name); // the emoji did not fit whole: it is left out, not halved
  }

  @Test
  void an_attachment_name_longer_than_a_file_name_may_be_is_cut_to_fit_and_saved()
      throws IOException {
    Path saved = saveAttachment("attachment-name-longer-than-a-file-name.eml");
    assertEquals("hello\n", Files.readString(saved));
    byte[] name = saved.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    assertTrue(name.length <= AttachmentFiles.MAX_NAME_BYTES, name.length + " bytes");
    assertTrue(saved.getFileName().toString().startsWith("日日日"));
  }

  @Test
  void a_parameter_after_120000_semicolons_is_found() throws IOException {
    MessageView v = view("parameter-after-120000-semicolons.eml");
    assertEquals(List.of("x.bin"), v.attachments().stream().map(MessageView.Part::name).toList());
  }

  @Test
  void a_parameter_after_400000_semicolons_is_found_in_linear_time() {
    // the fixture's shape, made larger: each ';' used to search the rest of the value for '='
    String value = "application/octet-stream; x" + "&amp;".repeat(400_000) + " name=x.bin";
    String name =
        assertTimeoutPreemptively(
            Bounds.of(Duration.ofSeconds(2)), () -> Rfc2231.parameter(value, "name"));
    assertEquals("x.bin", name);
  }

  @Test
  void
      a_sender_after_5000_commas_and_a_subject_of_5000_unclosed_encoded_words_are_listed_as_written()
          throws IOException {
    byte[] b = Files.readAllBytes(Fixtures.path("fuzz/commas-and-unclosed-encoded-words.eml"));
    int end = new String(b, StandardCharsets.ISO_8859_1).indexOf("\n\n") + 1;
    Summaries.Fields f = Summaries.fields(new dev.jmail.message.RawHeaders(b, end, false));
    // no '@' before the '<': the commas are the name's, as before (a display name, not a list)
    assertTrue(
        f.fromName().equals("a,".repeat(5000) + "Bob"),
        "name ends " + f.fromName().substring(9990));
    assertEquals("bob@example.com", f.fromAddress());
    assertTrue(
        f.subject().equals("=?a?q? ".repeat(5000) + "end"),
        "subject ends " + f.subject().substring(34_990));
    MessageView v = view("commas-and-unclosed-encoded-words.eml");
    assertTrue(
        v.headers().stream()
            .anyMatch(h -> h.name().equals("Subject") && h.value().endsWith("=?a?q? end")));
  }

  @Test
  void unclosed_encoded_words_and_commas_are_decoded_in_linear_time() {
    // the fixture's shapes, made larger: each "=?" searched the rest of the value for "?=", and
    // each ',' copied the name read so far to look for an '@'
    String words = "=?a?q? ".repeat(200_000);
    String commas = "a,".repeat(300_000) + "Bob <bob@example.com>";
    assertTimeoutPreemptively(
        Bounds.of(Duration.ofSeconds(2)),
        () -> {
          assertEquals(words, Rfc2047.decodeHeader(words));
          assertEquals(words.strip(), Mailbox.decodeList(words).strip());
          assertEquals("bob@example.com", Mailbox.parseFirst(commas).address());
          Mailbox.decodeList(commas);
        });
  }

  @Test
  void an_html_row_of_20000_empty_cells_is_shown_as_its_text() throws IOException {
    MessageView v = view("html-row-of-20000-empty-cells.eml");
    assertEquals("last cell\n", v.body());
  }

  @Test
  void html_with_long_runs_of_blanks_is_made_text_in_linear_time() {
    // the fixture's shape, made larger: the blank-trimming regex backtracked over each run
    String html = "<table><tr>" + "<td></td>".repeat(100_000) + "<td>x</td></tr></table>";
    String text =
        assertTimeoutPreemptively(Bounds.of(Duration.ofSeconds(3)), () -> HtmlText.toText(html));
    assertEquals("x\n", text); // the blanks before it are leading: stripped
  }

  @Test
  void html_text_is_tidied_as_the_regular_expressions_did() {
    java.util.Random rnd = new java.util.Random(1);
    char[] alphabet = {' ', '\t', '\n', 'a'};
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder();
      for (int n = rnd.nextInt(30); n > 0; n--) b.append(alphabet[rnd.nextInt(alphabet.length)]);
      String s = b.toString();
      assertEquals(
          s.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n"), HtmlText.tidy(s), s);
    }
  }

  @Test
  void a_date_with_an_eleven_digit_day_is_listed_undated_instead_of_ending_the_listing() {
    List<String> listed = new java.util.ArrayList<>();
    new dev.jmail.store.mbox.MboxFolder(
            Fixtures.path("fuzz/date-with-an-eleven-digit-day.mbox"), false)
        .scanMapped(Summaries::fields, (e, f) -> listed.add(f.subject() + " " + f.date()));
    // no usable Date: the From_ line's date, as for any unparseable Date
    assertEquals(
        List.of("a day of eleven digits 2024-01-01T10:00Z", "the next message 2024-01-01T11:00Z"),
        listed);
  }

  @Test
  void an_html_link_with_100000_blanks_in_its_target_is_shown_quickly() {
    // found by FuzzTest (seed 13): the blank-trimming regex backtracked over the blanks
    MessageView v =
        assertTimeoutPreemptively(
            Bounds.of(Duration.ofSeconds(3)), () -> view("html-link-with-100000-blanks.eml"));
    assertTrue(v.body().startsWith("See the site <https://e   "), v.body().substring(0, 40));
  }

  @Test
  void a_multipart_with_a_100000_character_parameter_is_shown() throws IOException {
    assertEquals("the text\n", view("multipart-with-a-100000-character-parameter.eml").body());
  }

  @Test
  void a_multipart_with_a_2_megabyte_parameter_is_read_in_linear_time() {
    // found by FuzzTest (seed 21): the Content-Type was re-written for MimeMultipart through
    // Jakarta Mail's ContentType.toString(), which folds parameters in quadratic time
    String m =
        "Content-Type: multipart/mixed; boundary=b; x="
            + "=".repeat(2 << 20)
            + "\n\n--b\nContent-Type: text/plain\n\nthe text\n--b--\n";
    MessageView v =
        assertTimeoutPreemptively(
            Bounds.of(Duration.ofSeconds(2)),
            () ->
                MimeWalker.view(1, MessageBytes.of(m.getBytes(StandardCharsets.US_ASCII)), false));
    assertEquals("the text\n", v.body());
  }
}
