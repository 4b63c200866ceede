package dev.jmail.store.pop3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a RETR answer becomes the stored message: its lines are read in bulk from the receive buffer
 * (no array per line), so what spans two reads, dot-stuffing and line ends must come out exactly as
 * sent. (The listing is read without regular expressions: {@link Pop3Client#words}.)
 */
class Pop3BodyTest {
  @TempDir Path home;

  @Test
  void dot_stuffed_lines_and_lines_longer_than_the_receive_buffer_are_stored_exactly()
      throws Exception {
    String longLine = "x".repeat(200_000); // three times the 64 KiB receive buffer
    FakePop3 f = new FakePop3();
    f.ids.add("id-long");
    f.texts.add(
        "Subject: long\r\n\r\n..one dot\r\n...two dots\r\n..\r\n"
            + longLine
            + "\r\nlone LF\nlast\r\n");
    for (int i = 0; i < 300; i++) f.message("id-" + i, "m" + i); // answers spanning reads
    try (ScriptedServer s = new ScriptedServer(f)) {
      InProcess.isolated(home, "tester")
          .env("XDG_STATE_HOME", home.resolve("state").toString())
          .run(
              "fetch",
              "-S",
              "password=x",
              "-S",
              "net-allow-plaintext",
              "pop3://tester@127.0.0.1:" + s.port())
          .succeeded();
    }
    String spool = Spool.text(home);
    assertTrue(
        spool.contains(
            "Subject: long\n\n.one dot\n..two dots\n.\n" + longLine + "\nlone LF\nlast\n\n"),
        "unstuffed, CRLF as LF, the long line whole");
    assertEquals(301, Spool.count(spool, "Subject: "));
    assertTrue(
        spool.contains("Subject: m299\n\nbody of m299\n\n"), spool.substring(spool.length() - 200));
  }

  @Test
  void listing_words_split_as_the_grammar_says() {
    assertArrayEquals(
        new String[] {"1", "id with  spaces"}, Pop3Client.words("1 id with  spaces", 2));
    assertArrayEquals(new String[] {"2", "4096"}, Pop3Client.words("2 \t 4096", 3));
    assertArrayEquals(
        new String[] {"3", "10", "extra more"}, Pop3Client.words("3 10 extra more", 3));
    assertArrayEquals(new String[] {""}, Pop3Client.words("", 2));
    assertArrayEquals(new String[] {"7"}, Pop3Client.words("7", 2));
  }
}
