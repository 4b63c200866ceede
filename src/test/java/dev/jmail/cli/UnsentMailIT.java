package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Launcher;
import dev.jmail.testing.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail refused after its body was read, run as cron runs jmail (a clean environment, no terminal,
 * umask 000): the text is in dead.letter (0600), the error line says so, the status is the
 * refusal's. And a dead letter that cannot be written on a full disk leaves nothing behind.
 */
class UnsentMailIT {
  @TempDir Path home;

  private Launcher cron() {
    return new Launcher(home).env("USER", null).env("LANG", null).env("LC_ALL", null).umask("000");
  }

  private String deadLetter() throws Exception {
    return Files.readString(home.resolve("dead.letter"), StandardCharsets.UTF_8);
  }

  private void refusedAndKept(Result r, int status, String body) throws Exception {
    r.exits(status).errIsOneLine().errContains("message saved in " + home.resolve("dead.letter"));
    assertTrue(deadLetter().contains(body), deadLetter());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("dead.letter"))));
  }

  @Test
  void an_invalid_cc_address_exits_64_with_the_body_in_dead_letter() throws Exception {
    refusedAndKept(
        cron()
            .stdin("nightly report 1\n")
            .run("-s", "report", "-c", "bad@@address", "ops@example.com"),
        64,
        "nightly report 1\n");
    assertTrue(
        deadLetter().contains("Cc: bad@@address\n"), "the address as given: " + deadLetter());
  }

  @Test
  void a_cr_in_the_subject_exits_64_and_the_subject_is_kept_encoded_not_injected()
      throws Exception {
    refusedAndKept(
        cron()
            .stdin("nightly report 2\n")
            .run("-s", "report\rBcc: victim@example.com", "ops@example.com"),
        64,
        "nightly report 2\n");
    assertFalse(
        deadLetter().contains("\nBcc:"), "no injected field in dead.letter: " + deadLetter());
    assertTrue(deadLetter().contains("Subject: =?UTF-8?B?"), deadLetter());
  }

  @Test
  void latin1_bytes_on_stdin_exit_65_and_are_kept_byte_exact() throws Exception {
    byte[] latin1 =
        "Gr\u00fc\u00dfe aus K\u00f6ln\nFrom the night shift\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    Result r = cron().stdin(latin1).run("-s", "latin1", "ops@example.com");
    r.exits(65).errIsOneLine().errContains("message saved in " + home.resolve("dead.letter"));
    String dead = deadLetter();
    assertTrue(dead.contains("Content-Type: application/octet-stream"), dead);
    Matcher m = Pattern.compile("filename=\"stdin\"\n\n([A-Za-z0-9+/=\n]+)\n--").matcher(dead);
    assertTrue(m.find(), dead);
    assertArrayEquals(latin1, Base64.getMimeDecoder().decode(m.group(1)));
  }

  @Test
  void a_missing_attachment_exits_66_and_the_text_and_the_file_name_are_kept() throws Exception {
    refusedAndKept(
        cron()
            .stdin("see attached\n")
            .run("-s", "att", "-a", home.resolve("gone.pdf").toString(), "ops@example.com"),
        66,
        "see attached\n");
    assertTrue(
        deadLetter().contains("X-Jmail-Attachment: " + home.resolve("gone.pdf")), deadLetter());
  }

  @Test
  void with_json_a_refusal_prints_a_refused_object_naming_the_dead_letter() throws Exception {
    Result r =
        cron().stdin("x\n").run("--json", "-s", "r", "-c", "bad@@x", "ops@example.com").exits(64);
    assertTrue(r.out().startsWith("{\"status\":\"refused\",\"error\":\"invalid address"), r.out());
    assertTrue(
        r.out()
            .contains(
                "\"exit_status\":64,\"dead_letter\":\"" + home.resolve("dead.letter") + "\"}"),
        r.out());
  }

  @Test
  void an_unknown_transport_exits_78_with_the_message_in_dead_letter() throws Exception {
    refusedAndKept(
        cron()
            .stdin("nightly report 3\n")
            .run("-S", "mta=bogus://host", "-s", "r", "ops@example.com"),
        78,
        "nightly report 3\n");
  }

  @Test
  void a_message_on_stdin_with_minus_t_and_a_bad_address_is_kept_exactly_as_given()
      throws Exception {
    String given =
        "To: ops@@example.com\nSubject: disk usage\nX-Job: nightly\n\n/ 93%\nFrom the backup job\n";
    refusedAndKept(cron().stdin(given).run("-t"), 64, "X-Job: nightly\n\n/ 93%\n");
    String dead = deadLetter();
    assertTrue(
        dead.contains("\n" + given.replace("\nFrom the", "\n>From the")),
        "mboxrd-quoted, otherwise as given: " + dead);
  }

  @Test
  void a_dead_letter_that_cannot_be_written_on_a_full_disk_is_removed_or_cut_back()
      throws Exception {
    Path disk = home.resolve("full");
    Files.createDirectories(disk);
    Assumptions.assumeTrue(
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", disk.toString())
                .start()
                .waitFor()
            == 0,
        "cannot mount a tmpfs here (needs root)");
    try {
      String big = "x".repeat(70) + "\n";
      String body = big.repeat(2000); // 142 kB: more than the disk holds
      Path dead = disk.resolve("dead.letter");
      cron()
          .env("DEAD", dead.toString())
          .stdin(body)
          .run("-S", "mta=bogus://host", "-s", "big", "ops@example.com")
          .exits(78)
          .errContains("could NOT be saved to " + dead);
      assertFalse(Files.exists(dead), "a dead.letter created and not written is removed");

      Files.writeString(dead, "From me Mon Jan  1 00:00:00 2024\n\nearlier\n\n");
      long before = Files.size(dead);
      cron()
          .env("DEAD", dead.toString())
          .stdin(body)
          .run("-S", "mta=bogus://host", "-s", "big", "ops@example.com")
          .exits(78)
          .errContains("could NOT be saved");
      assertEquals(before, Files.size(dead), "an existing dead.letter is cut back to its length");
    } finally {
      new ProcessBuilder("umount", disk.toString()).start().waitFor();
    }
  }
}
