package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.app.MessageOpener;
import dev.jmail.message.MessageEntry;
import dev.jmail.store.Folder;
import dev.jmail.store.maildir.MaildirFolder;
import dev.jmail.store.mbox.MboxFolder;
import dev.jmail.testing.Bounds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes that are legal (or nearly) but pathological: each message is listed (mbox and Maildir) and
 * read (text and JSON) in well under the bound, which catches quadratic work; the text held stays
 * within {@link MimeWalker#TEXT_LIMIT}. Run with {@code -Djmail.sizes.print=true} for times.
 */
class PathologicalSizesTest {
  static final Duration BOUND = Bounds.of(Duration.ofSeconds(5));
  static final boolean PRINT = Boolean.getBoolean("jmail.sizes.print");

  @TempDir Path tmp;

  static final String HEAD = "From: a@example.com\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n";

  @Test
  void a_header_of_100000_folded_lines_is_listed_and_read_quickly() throws IOException {
    StringBuilder b = new StringBuilder(HEAD).append("Subject: start\n");
    for (int i = 0; i < 100_000; i++) b.append(" folded line ").append(i).append('\n');
    b.append("\nbody\n");
    MessageView v = check("100,000 folded lines", b.toString().getBytes(StandardCharsets.US_ASCII));
    assertTrue(v.body().contains("body"));
  }

  @Test
  void ten_thousand_received_fields_before_the_subject_are_listed_and_read_quickly()
      throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      b.append("Received: from relay")
          .append(i)
          .append(".example.com by mx.example.com; Mon, 1 Jan 2024 00:00:00 +0000\n");
    }
    b.append(HEAD).append("Subject: after the relays\n\nbody\n");
    check("10,000 Received", b.toString().getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void a_multipart_of_100000_parts_is_read_quickly_showing_the_first_10000() throws IOException {
    StringBuilder b =
        new StringBuilder(HEAD)
            .append("Subject: parts\nContent-Type: multipart/mixed; boundary=b\n\n");
    for (int i = 0; i < 100_000; i++)
      b.append("--b\nContent-Type: text/plain\n\npart ").append(i).append('\n');
    b.append("--b--\n");
    MessageView v = check("100,000 parts", b.toString().getBytes(StandardCharsets.US_ASCII));
    assertEquals(MimeWalker.PART_LIMIT, v.parts().size());
    assertTrue(v.body().contains("part 9999\n") && !v.body().contains("part 10000"), "cut there");
    assertTrue(
        v.problems()
            .contains(
                "multipart/mixed with more parts than 10000 in the message: the last 90000 not shown"),
        v.problems().toString());
  }

  @Test
  void a_header_section_of_a_million_folded_encoded_words_is_cut_at_four_mebibytes()
      throws IOException {
    StringBuilder b = new StringBuilder(HEAD).append("Subject: =?UTF-8?B?w6k=?=");
    for (int i = 1; i < 1_000_000; i++) b.append("\n =?UTF-8?B?w6k=?=");
    b.append("\nTo: after@example.com\n\nthe body\n");
    MessageView v =
        check("1,000,000 folded encoded words", b.toString().getBytes(StandardCharsets.US_ASCII));
    assertEquals("the body\n", v.body());
    String subject = header(v, "Subject");
    assertTrue(subject.startsWith("éé") && subject.length() < 4 << 20, subject.length() + "");
    assertEquals(null, header(v, "To"), "fields after the cut are not shown");
    assertTrue(
        v.problems().stream().anyMatch(p -> p.startsWith("header section over 4.0 MiB")),
        v.problems().toString());
  }

  @Test
  void a_header_line_of_64_megabytes_is_dropped_and_the_body_still_shown() throws IOException {
    byte[] head = (HEAD + "X-Long: ").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\nSubject: after\n\nthe body\n".getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[head.length + (64 << 20) + tail.length];
    System.arraycopy(head, 0, m, 0, head.length);
    java.util.Arrays.fill(m, head.length, head.length + (64 << 20), (byte) 'x');
    System.arraycopy(tail, 0, m, m.length - tail.length, tail.length);
    MessageView v = check("one 64 MB header line", m);
    assertEquals("the body\n", v.body());
    assertEquals("a@example.com", header(v, "From"));
    assertTrue(
        v.problems().stream().anyMatch(p -> p.startsWith("header section over 4.0 MiB")),
        v.problems().toString());
  }

  private static String header(MessageView v, String name) {
    return v.headers().stream()
        .filter(h -> h.name().equals(name))
        .map(MessageView.Header::value)
        .findFirst()
        .orElse(null);
  }

  @Test
  void multiparts_nested_10000_deep_are_read_quickly_down_to_the_depth_limit() throws IOException {
    StringBuilder head = new StringBuilder(HEAD).append("Subject: deep\n");
    StringBuilder tail = new StringBuilder();
    for (int d = 0; d < 10_000; d++) {
      head.append("Content-Type: multipart/mixed; boundary=\"n")
          .append(d)
          .append("\"\n\n--n")
          .append(d)
          .append('\n');
      tail.insert(0, "--n" + d + "--\n");
    }
    head.append("Content-Type: text/plain\n\ninnermost\n");
    MessageView v =
        check("10,000 deep", (head.toString() + tail).getBytes(StandardCharsets.US_ASCII));
    assertTrue(
        v.problems().stream().anyMatch(p -> p.contains("nesting deeper")), v.problems().toString());
  }

  @Test
  void a_body_of_one_50_megabyte_line_is_read_quickly_and_cut_at_the_text_limit()
      throws IOException {
    byte[] head = (HEAD + "Subject: long line\n\n").getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[head.length + (50 << 20) + 1];
    System.arraycopy(head, 0, m, 0, head.length);
    java.util.Arrays.fill(m, head.length, m.length - 1, (byte) 'a');
    m[m.length - 1] = '\n';
    MessageView v = check("one 50 MB line", m);
    assertTrue(v.body().length() <= MimeWalker.TEXT_LIMIT + 1, "text held: " + v.body().length());
  }

  @Test
  void a_20_megabyte_base64_part_with_a_line_break_after_every_byte_is_read_quickly()
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(42 << 20);
    out.writeBytes(
        (HEAD
                + "Subject: base64\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
                + "Content-Type: application/octet-stream; name=x.bin\nContent-Transfer-Encoding: base64\n\n")
            .getBytes(StandardCharsets.US_ASCII));
    byte[] alphabet = "QUJD".getBytes(StandardCharsets.US_ASCII); // "ABC", again and again
    byte[] body = new byte[(20 << 20) * 2];
    for (int i = 0; i < 20 << 20; i++) {
      body[2 * i] = alphabet[i % 4];
      body[2 * i + 1] = '\n';
    }
    out.writeBytes(body);
    out.writeBytes("--b--\n".getBytes(StandardCharsets.US_ASCII));
    MessageView v = check("20 MB base64, a line per byte", out.toByteArray());
    assertEquals(
        List.of((20L << 20) / 4 * 3),
        v.attachments().stream().map(MessageView.Part::size).toList());
  }

  @Test
  void a_subject_of_100000_encoded_words_is_listed_and_read_quickly() throws IOException {
    StringBuilder b = new StringBuilder(HEAD).append("Subject:");
    for (int i = 0; i < 100_000; i++)
      b.append(i % 2 == 0 ? " =?UTF-8?Q?caf=C3=A9?=" : " =?ISO-8859-1?B?6Q==?=");
    b.append("\n\nbody\n");
    MessageView v =
        check("100,000 encoded words", b.toString().getBytes(StandardCharsets.US_ASCII));
    assertTrue(
        v.headers().stream()
            .anyMatch(h -> h.name().equals("Subject") && h.value().startsWith("caféécafé")));
  }

  /**
   * Lists the message in an mbox and a Maildir, reads it from both (as {@code read} does) and
   * renders it; each step within the bound. Returns the Maildir view.
   */
  private MessageView check(String what, byte[] message) throws IOException {
    Path mbox = tmp.resolve("mbox");
    try (OutputStream o = Files.newOutputStream(mbox)) {
      o.write("From a@example.com Mon Jan  1 00:00:00 2024\n".getBytes(StandardCharsets.US_ASCII));
      o.write(message);
    }
    Path md = tmp.resolve("Maildir");
    for (String s : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(s));
    Files.write(md.resolve("new/1700000000.M1P1.host"), message);
    List<MessageView> views = new ArrayList<>();
    for (Folder f : List.of(new MboxFolder(mbox, false), new MaildirFolder(md, false))) {
      long t0 = System.nanoTime();
      List<String> lines = new ArrayList<>();
      assertTimeoutPreemptively(
          BOUND,
          () ->
              f.scanMapped(
                  Summaries::fields,
                  (e, s) -> lines.add(Summaries.line(Summaries.of(e, s), false, 80))));
      long t1 = System.nanoTime();
      assertEquals(1, lines.size(), lines.toString());
      MessageEntry e = f.entries().get(0);
      MessageView v =
          assertTimeoutPreemptively(
              BOUND,
              () -> {
                try (var source = MessageOpener.open(f, e)) {
                  MessageView view = MimeWalker.view(1, source, false);
                  view.toText();
                  Json.write(view.toJson());
                  return view;
                }
              });
      long t2 = System.nanoTime();
      views.add(v);
      if (PRINT) {
        System.out.printf(
            "%-32s %-7s list %5d ms, read %5d ms%n",
            what, f.type(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
      }
    }
    return views.get(1);
  }

  static void drain(java.io.InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }
}
