package dev.jmail.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message jmail builds, seen through --dry-run: headers, encodings, refusals. */
class ComposeTest {
  @TempDir Path home;

  private InProcess jmail() {
    return new InProcess()
        .env("HOME", home.toString())
        .env("USER", "tester")
        .env("HOSTNAME", "box.example")
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null");
  }

  private Result dry(String stdin, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--dry-run";
    System.arraycopy(args, 0, all, 1, args.length);
    return jmail().stdin(stdin).run(all);
  }

  private static String headers(Result r) {
    String out = r.out();
    int start = out.indexOf("\n\n") + 2;
    return out.substring(start, out.indexOf("\n\n", start) + 1);
  }

  @Test
  void the_envelope_lists_every_recipient_but_the_message_has_no_bcc_header() {
    Result r =
        dry(
                "hi\n",
                "-s",
                "s",
                "-c",
                "c@example.com",
                "-b",
                "b1@example.com,b2@example.com",
                "t@example.com")
            .succeeded();
    assertTrue(
        r.out()
            .startsWith(
                "MAIL FROM:<tester@box.example>\nRCPT TO:<t@example.com>\nRCPT TO:<c@example.com>\n"
                    + "RCPT TO:<b1@example.com>\nRCPT TO:<b2@example.com>\n\n"),
        r.out());
    assertFalse(headers(r).toLowerCase().contains("bcc"), headers(r));
    assertFalse(r.out().contains("b1@example.com>\n\n") && headers(r).contains("b1@"));
  }

  @Test
  void required_headers_are_present_and_the_subject_is_rfc2047_encoded() {
    String h = headers(dry("x\n", "-s", "Grüße", "t@example.com").succeeded());
    for (String name :
        new String[] {
          "Date: ",
          "From: tester@box.example",
          "To: t@example.com",
          "Message-ID: <",
          "MIME-Version: 1.0",
          "Content-Type: text/plain; charset=utf-8",
          "User-Agent: jmail/",
          "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?="
        }) {
      assertTrue(h.contains(name), name + " in\n" + h);
    }
  }

  @Test
  void message_ids_are_unique() {
    String a = headers(dry("x\n", "t@example.com").succeeded());
    String b = headers(dry("x\n", "t@example.com").succeeded());
    String ida = a.lines().filter(l -> l.startsWith("Message-ID:")).findFirst().orElseThrow();
    String idb = b.lines().filter(l -> l.startsWith("Message-ID:")).findFirst().orElseThrow();
    assertFalse(ida.equals(idb));
  }

  @Test
  void ascii_text_is_7bit_and_lines_over_998_octets_are_quoted_printable_not_broken() {
    assertTrue(
        headers(dry("plain\n.\nFromage\n", "t@example.com"))
            .contains("Content-Transfer-Encoding: 7bit"));
    Result r = dry("y".repeat(1500) + "\n", "t@example.com").succeeded();
    assertTrue(headers(r).contains("Content-Transfer-Encoding: quoted-printable"));
    assertTrue(r.out().lines().allMatch(l -> l.length() <= 998));
  }

  @Test
  void a_body_line_starting_with_from_goes_out_encoded_so_mbox_delivery_cannot_quote_it()
      throws Exception {
    Result r = dry("plain\nFrom here\n>From there\n", "t@example.com").succeeded();
    assertTrue(headers(r).contains("Content-Transfer-Encoding: quoted-printable"), headers(r));
    assertTrue(r.out().endsWith("\n\nplain\n=46rom here\n=3EFrom there\n"), r.out());
    Path a = home.resolve("a.txt");
    Files.writeString(a, "attached\n");
    Result multi =
        jmail()
            .stdin("From here\n")
            .run("--dry-run", "-a", a.toString(), "t@example.com")
            .succeeded();
    assertTrue(multi.out().contains("\n\n=46rom here\n"), multi.out());
  }

  @Test
  void an_address_field_from_C_or_t_keeps_its_address_outside_the_encoded_words() throws Exception {
    Result r =
        dry(
                "x\n",
                "-C",
                "Reply-To: Ünïcode Name <r@example.org>, \"Doe, J\" <j@bücher.example>",
                "-C",
                "Sender: Zoë <z@example.org>",
                "t@example.com")
            .succeeded();
    String h = headers(r).replace("\n\t", " ");
    jakarta.mail.internet.InternetAddress[] replyTo =
        jakarta.mail.internet.InternetAddress.parseHeader(
            h.lines()
                .filter(l -> l.startsWith("Reply-To: "))
                .findFirst()
                .orElseThrow()
                .substring(10),
            true);
    assertEquals("r@example.org", replyTo[0].getAddress());
    assertEquals("Ünïcode Name", replyTo[0].getPersonal());
    assertEquals("j@xn--bcher-kva.example", replyTo[1].getAddress());
    assertEquals("Doe, J", replyTo[1].getPersonal());
    assertTrue(h.contains("Sender: =?UTF-8?Q?Zo=C3=AB?= <z@example.org>\n"), h);
    String t =
        headers(
            jmail()
                .stdin("To: a@example.com\nReply-To: =?UTF-8?Q?=C3=9Cn?= <r@example.org>\n\nbody\n")
                .run("--dry-run", "-t")
                .succeeded());
    assertTrue(
        t.contains("Reply-To: =?UTF-8?B?w5xu?= <r@example.org>\n")
            || t.contains("Reply-To: =?UTF-8?Q?=C3=9Cn?= <r@example.org>\n"),
        t);
    dry("x\n", "-C", "Reply-To: bad@@x", "t@example.com")
        .exits(64)
        .errContains("bad@@x")
        .errIsOneLine();
  }

  @Test
  void a_long_non_ascii_display_name_starts_on_the_field_line_so_grep_finds_the_address() {
    String h =
        headers(
            dry(
                    "x\n",
                    "-r",
                    "Jörg Müller-Lüdenscheidt <joerg@example.org>",
                    "-c",
                    "Zoë Ådahl Mit Einem Sehr Langen Namen <zoe@example.org>, plain@example.org",
                    "Señor Niño de la Peña y Lüdenscheidt <nino@example.org>")
                .succeeded());
    assertTrue(
        h.contains(
            "\nFrom: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller-L=C3=BCdenscheidt?= <joerg@example.org>\n"),
        h);
    assertTrue(
        h.lines().noneMatch(l -> l.matches("(From|To|Cc): *")),
        "a field line with no address in\n" + h);
  }

  @Test
  void a_local_user_name_gets_the_host_name_in_the_header_but_stays_bare_in_the_envelope() {
    Result r =
        dry("x\n", "-c", "root", "-r", "ops", "-C", "Reply-To: ops", "tester", "t@example.com")
            .succeeded();
    assertTrue(
        r.out()
            .startsWith(
                "MAIL FROM:<ops>\nRCPT TO:<tester>\nRCPT TO:<t@example.com>\nRCPT TO:<root>\n\n"),
        r.out());
    String h = headers(r);
    for (String f :
        new String[] {
          "From: ops@box.example\n",
          "To: tester@box.example, t@example.com\n",
          "Cc: root@box.example\n",
          "Reply-To: ops@box.example\n"
        }) {
      assertTrue(h.contains(f), f + " in\n" + h);
    }
  }

  @Test
  void the_from_variable_and_r_set_the_sender() {
    assertTrue(
        dry("x\n", "-S", "from=Ops <ops@example.org>", "t@example.com")
            .out()
            .startsWith("MAIL FROM:<ops@example.org>"));
    Result r = dry("x\n", "-S", "from=ops@example.org", "-r", "bot@example.org", "t@example.com");
    assertTrue(r.out().startsWith("MAIL FROM:<bot@example.org>"), r.out());
  }

  @Test
  void aliases_from_the_rc_file_expand() throws Exception {
    Path rc = home.resolve(".mailrc");
    Files.writeString(
        rc, "alias team anna@example.com, ben@example.com\nalias all team carl@example.com\n");
    Result r =
        jmail().env("MAILRC", rc.toString()).stdin("x\n").run("--dry-run", "all").succeeded();
    assertTrue(
        r.out()
            .contains(
                "RCPT TO:<anna@example.com>\nRCPT TO:<ben@example.com>\nRCPT TO:<carl@example.com>\n"),
        r.out());
  }

  @Test
  void header_injection_through_any_input_is_refused_with_64() {
    dry("x\n", "-s", "hi\nBcc: victim@example.com", "t@example.com")
        .exits(64)
        .errIsOneLine()
        .errContains("subject");
    dry("x\n", "-s", "hi\rBcc: v@example.com", "t@example.com").exits(64);
    dry("x\n", "-s", "nul\0", "t@example.com").exits(64);
    dry("x\n", "t@example.com\nBcc: v@example.com").exits(64).errIsOneLine();
    dry("x\n", "-c", "c@example.com\r\nX: y", "t@example.com").exits(64);
    dry("x\n", "-r", "me@example.com\nBcc: v@example.com", "t@example.com").exits(64);
    dry("x\n", "-C", "X-Ok: a\nBcc: v@example.com", "t@example.com").exits(64);
    dry("x\n", "-C", "Bad Name: v", "t@example.com").exits(64);
    dry("x\n", "-C", "Bcc: v@example.com", "t@example.com").exits(64).errContains("-b");
    dry("x\n", "-S", "from=a@example.com\nBcc: v@example.com", "t@example.com").exits(64);
  }

  @Test
  void an_invalid_address_is_a_usage_error_naming_it() {
    dry("x\n", "not an address@@example")
        .exits(64)
        .errIsOneLine()
        .errContains("'not an address@@example'");
  }

  @Test
  void a_missing_attachment_is_66_before_anything_is_sent_and_the_text_is_kept() throws Exception {
    jmail()
        .stdin("x\n")
        .run("-S", "smtp=127.0.0.1:1", "-a", home.resolve("nope.pdf").toString(), "t@example.com")
        .exits(66)
        .errIsOneLine()
        .errContains("nope.pdf")
        .errContains("message saved in " + home.resolve("dead.letter"));
    assertTrue(
        Files.readString(home.resolve("dead.letter")).contains("\n\nx\n"),
        "the typed text is not lost");
  }

  @Test
  void binary_stdin_is_refused_with_65_pointing_to_attachments() {
    jmail()
        .stdin(new byte[] {'a', 0, 'b'})
        .run("--dry-run", "t@example.com")
        .exits(65)
        .errContains("-a FILE");
    jmail().stdin(new byte[] {'a', (byte) 0xff, 'b'}).run("--dry-run", "t@example.com").exits(65);
  }

  @Test
  void input_charset_decodes_latin1_stdin_and_sends_utf8() {
    byte[] latin1 = "Grüße\n".getBytes(StandardCharsets.ISO_8859_1);
    Result r =
        jmail()
            .stdin(latin1)
            .run("--dry-run", "-S", "input-charset=ISO-8859-1", "t@example.com")
            .succeeded();
    assertTrue(r.out().contains("Gr=C3=BC=C3=9Fe"), r.out());
  }

  @Test
  void dash_t_reads_recipients_and_subject_from_the_headers_on_stdin() {
    Result r =
        jmail()
            .stdin(
                "To: a@example.com\nCc: c@example.com\nBcc: b@example.com\nSubject: From headers\n"
                    + "X-Custom: kept\n\nbody line\n")
            .run("--dry-run", "-t")
            .succeeded();
    assertTrue(
        r.out()
            .contains(
                "RCPT TO:<a@example.com>\nRCPT TO:<c@example.com>\nRCPT TO:<b@example.com>\n"),
        r.out());
    String h = headers(r);
    assertTrue(h.contains("Subject: From headers") && h.contains("X-Custom: kept"), h);
    assertFalse(h.contains("Bcc"), h);
    assertTrue(r.out().endsWith("\nbody line\n"), r.out());
  }

  @Test
  void dash_e_skips_an_empty_message_with_status_0() {
    Result r = jmail().stdin("").run("-E", "-S", "smtp=127.0.0.1:1", "t@example.com").succeeded();
    assertEquals("", r.out() + r.err());
  }

  @Test
  void json_dry_run_is_one_object() {
    Result r = dry("x\n", "--json", "t@example.com").succeeded();
    assertTrue(r.out().startsWith("{\"status\":\"dry-run\",\"message_id\":\"<"), r.out());
    assertEquals(1, r.out().strip().lines().count());
  }

  @Test
  void a_non_ascii_domain_goes_out_as_its_idna_a_label_in_the_header_and_the_envelope() {
    Result r = dry("x\n", "-r", "Zoë <me@exämple.org>", "Bücher <info@bücher.example>").succeeded();
    assertTrue(
        r.out()
            .startsWith(
                "MAIL FROM:<me@xn--exmple-cua.org>\nRCPT TO:<info@xn--bcher-kva.example>\n"),
        r.out());
    String h = headers(r);
    assertTrue(h.contains("To: =?UTF-8?Q?B=C3=BCcher?= <info@xn--bcher-kva.example>\n"), h);
    assertTrue(h.chars().allMatch(c -> c < 0x80), "8-bit header bytes in\n" + h);
  }

  @Test
  void a_non_ascii_local_part_is_refused_with_64_naming_the_address() {
    dry("x\n", "üser@example.org")
        .exits(64)
        .errContains("üser@example.org")
        .errContains("non-ASCII")
        .errIsOneLine();
    dry("x\n", "-c", "jörg@example.org", "t@example.com").exits(64).errContains("jörg@example.org");
  }

  @Test
  void
      a_subject_or_custom_header_with_a_word_too_long_to_fold_is_encoded_so_no_line_exceeds_998_octets()
          throws Exception {
    String word = "x".repeat(1200);
    Result r =
        dry("hi\n", "-s", "see " + word, "-C", "X-Token: " + word, "t@example.com").succeeded();
    assertTrue(r.out().lines().allMatch(l -> l.length() <= 998), "a line over 998 octets");
    String msg = r.out().substring(r.out().indexOf("\n\n") + 2);
    jakarta.mail.internet.MimeMessage m =
        new jakarta.mail.internet.MimeMessage(
            jakarta.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(msg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("see " + word, m.getSubject());
    assertEquals(
        word,
        jakarta.mail.internet.MimeUtility.decodeText(
            jakarta.mail.internet.MimeUtility.unfold(m.getHeader("X-Token", null))));
  }

  @Test
  void an_address_too_long_to_fold_is_refused_with_64() {
    dry("x\n", "N".repeat(1300) + " <t@example.com>").exits(64).errContains("998").errIsOneLine();
  }

  @Test
  void dash_t_accepts_undisclosed_recipients_and_sends_to_the_bcc_only() {
    Result r =
        jmail()
            .stdin("To: undisclosed-recipients:;\nBcc: hidden@example.com\nSubject: s\n\nbody\n")
            .run("--dry-run", "-t")
            .succeeded();
    assertTrue(
        r.out().startsWith("MAIL FROM:<tester@box.example>\nRCPT TO:<hidden@example.com>\n\n"),
        r.out());
    assertTrue(headers(r).contains("To: undisclosed-recipients:;\n"), headers(r));
  }

  @Test
  void a_group_of_recipients_is_kept_in_the_header_and_its_members_get_the_message() {
    Result r = dry("x\n", "Team: a@example.com, Bé <b@exämple.org>;", "c@example.com").succeeded();
    assertTrue(
        r.out()
            .startsWith(
                "MAIL FROM:<tester@box.example>\nRCPT TO:<a@example.com>\n"
                    + "RCPT TO:<b@xn--exmple-cua.org>\nRCPT TO:<c@example.com>\n\n"),
        r.out());
    String to =
        headers(r)
            .replace("\n\t", " ")
            .lines()
            .filter(l -> l.startsWith("To: "))
            .findFirst()
            .orElseThrow();
    assertTrue(
        to.matches(
            "To: Team: a@example\\.com, =\\?UTF-8\\?[BQ]\\?\\S+\\?= <b@xn--exmple-cua\\.org>;, c@example\\.com"),
        to);
    dry("x\n", "undisclosed-recipients:;").exits(64).errContains("no recipients");
    dry("x\n", "-r", "Team: a@example.com;", "c@example.com").exits(64).errContains("group");
  }

  @Test
  void an_attachment_whose_file_name_holds_a_newline_is_named_with_underscores_and_injects_nothing()
      throws Exception {
    Path f = home.resolve("evil\nBcc: x@evil.example\r.txt");
    Files.writeString(f, "data\n");
    Result r = dry("hi\n", "-a", f.toString(), "t@example.com").succeeded();
    assertTrue(r.out().contains("filename=\"evil_Bcc: x@evil.example_.txt\""), r.out());
    assertFalse(r.out().contains("\\\n"), "a backslash-newline inside a parameter: " + r.out());
    assertFalse(r.out().lines().anyMatch(l -> l.startsWith("Bcc")), r.out());
  }
}
