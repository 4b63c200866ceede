package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.InProcess;
import dev.jmail.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving and moving into an IMAP mailbox (a scripted server on 127.0.0.1): APPEND waits for the
 * server's go-ahead only where it must (no LITERAL+, or LITERAL- above 4096 bytes), MULTIAPPEND
 * sends a batch in one command, a missing mailbox is created once on TRYCREATE, every message
 * arrives once and byte for byte, and a refusal is 69 naming the mailbox.
 */
class ImapAppendDialogueTest {
  @TempDir Path home;

  private InProcess jmail() {
    return ScriptedImap.jmail(home);
  }

  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)}$");

  /** What the server side of the APPENDs saw. */
  static final class Appends {
    /** Each message's bytes, in the order they arrived. */
    final List<String> stored = new CopyOnWriteArrayList<>();

    /** For each literal: whether the client waited for a go-ahead ("sync") or not ("+"). */
    final List<String> literals = new CopyOnWriteArrayList<>();

    /** The APPEND commands answered. */
    int commands;

    /** Answers the first APPEND with this (then every one with OK), or null. */
    String firstAnswer;

    /**
     * The server side of one APPEND (RFC 3501 6.3.11) or MULTIAPPEND (RFC 3502): each literal read,
     * a synchronising one after a "+"; the command ends with an empty line.
     */
    FakeImap.Dialogue dialogue() {
      return (peer, tag, line) -> {
        List<String> these = new ArrayList<>();
        String l = line;
        boolean refuse = commands++ == 0 && firstAnswer != null;
        while (true) {
          Matcher m = LITERAL.matcher(l);
          if (!m.find()) {
            peer.send(tag + " BAD no literal\r\n");
            return;
          }
          boolean sync = m.group(2).isEmpty();
          literals.add(sync ? "sync" : "+");
          if (sync && refuse) {
            // refused before the literal: the client sends none
            peer.send(tag + " " + firstAnswer + "\r\n");
            return;
          }
          if (sync) peer.send("+ go ahead\r\n");
          these.add(new String(peer.bytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8));
          l = peer.line();
          if (l.isEmpty()) break;
        }
        if (refuse) {
          peer.send(tag + " " + firstAnswer + "\r\n");
          return;
        }
        stored.addAll(these);
        peer.send(tag + " OK [APPENDUID 7 1] stored\r\n");
      };
    }
  }

  private static FakeImap server(String capabilities, Appends appends) {
    FakeImap f = new FakeImap().message(1, "on the server");
    f.capabilities = capabilities;
    f.talk("APPEND", appends.dialogue());
    f.on("CREATE", (tag, line) -> tag + " OK created\r\n");
    return f;
  }

  /** An mbox of {@code n} messages, message i with subject "saved i" and a body of bodyBytes. */
  private Path mbox(int n, int... bodyBytes) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      int size = i - 1 < bodyBytes.length ? bodyBytes[i - 1] : 10;
      b.append("From x@example.org Thu Jan  4 09:05:02 2024\nSubject: saved ")
          .append(i)
          .append(i == 1 ? "\nStatus: RO\n" : "\n")
          .append("\n")
          .append("b".repeat(size))
          .append("\n\n");
    }
    Path p = home.resolve("out.mbox");
    Files.writeString(p, b.toString());
    return p;
  }

  private Path mbox(int n) throws Exception {
    return mbox(n, new int[0]);
  }

  private String[] save(ScriptedServer s, Path from, String list) {
    return new String[] {
      "-S",
      "password=x",
      "-S",
      "net-allow-plaintext",
      "-S",
      "net-timeout=5",
      "save",
      "-f",
      from.toString(),
      list,
      ScriptedImap.url(s) + "/Archive"
    };
  }

  private static long count(ScriptedServer s, String regex) {
    return s.received().stream().filter(l -> l.replaceFirst("^J\\d+ ", "").matches(regex)).count();
  }

  @Test
  void without_literal_plus_each_append_waits_for_the_go_ahead_and_arrives_byte_for_byte()
      throws Exception {
    Appends a = new Appends();
    try (ScriptedServer s = new ScriptedServer(server("IMAP4rev1", a))) {
      jmail().run(save(s, mbox(3), "1-3")).succeeded();
      assertEquals(List.of("sync", "sync", "sync"), a.literals);
      assertEquals(3, a.stored.size(), a.stored.toString());
      assertEquals(
          "Subject: saved 1\r\nStatus: RO\r\n\r\nbbbbbbbbbb\r\n", a.stored.get(0), "CRLF, exact");
      assertTrue(a.stored.get(2).startsWith("Subject: saved 3\r\n"), a.stored.toString());
      // the read message carries \Seen and the From line's date
      assertEquals(
          1,
          count(
              s,
              "APPEND \"Archive\" \\(\\\\Seen\\) \"\\d\\d-Jan-2024 \\d\\d:\\d\\d:02 [-+]\\d{4}\" \\{\\d+}"),
          s.received().toString());
      assertEquals(
          2, count(s, "APPEND \"Archive\" \"\\d\\d-Jan-2024 [0-9:]+ [-+]\\d{4}\" \\{\\d+}"));
    }
  }

  @Test
  void with_literal_plus_no_append_waits_for_a_go_ahead() throws Exception {
    Appends a = new Appends();
    try (ScriptedServer s = new ScriptedServer(server("IMAP4rev1 LITERAL+", a))) {
      jmail().run(save(s, mbox(3), "1-3")).succeeded();
      assertEquals(List.of("+", "+", "+"), a.literals);
      assertEquals(3, a.commands);
      assertEquals(3, a.stored.size());
    }
  }

  @Test
  void a_missing_mailbox_is_created_once_on_trycreate_and_each_message_stored_once()
      throws Exception {
    for (String caps : List.of("IMAP4rev1", "IMAP4rev1 LITERAL+", "IMAP4rev1 MULTIAPPEND")) {
      Appends a = new Appends();
      a.firstAnswer = "NO [TRYCREATE] no such mailbox";
      try (ScriptedServer s = new ScriptedServer(server(caps, a))) {
        jmail().run(save(s, mbox(3), "1-3")).succeeded();
        assertEquals(1, count(s, "CREATE \"Archive\""), caps + ": " + s.received());
        assertEquals(3, a.stored.size(), caps + ": " + a.stored);
        assertTrue(a.stored.get(0).startsWith("Subject: saved 1\r\n"), a.stored.toString());
      }
    }
  }

  @Test
  void with_multiappend_and_literal_plus_a_batch_is_one_command_after_the_first_message()
      throws Exception {
    Appends a = new Appends();
    try (ScriptedServer s = new ScriptedServer(server("IMAP4rev1 MULTIAPPEND LITERAL+", a))) {
      jmail().run(save(s, mbox(4), "1-4")).succeeded();
      // the first alone (a TRYCREATE would resend only it), then the other three together
      assertEquals(2, a.commands);
      assertEquals(List.of("+", "+", "+", "+"), a.literals);
      assertEquals(4, a.stored.size());
      for (int i = 0; i < 4; i++)
        assertTrue(
            a.stored.get(i).startsWith("Subject: saved " + (i + 1) + "\r\n"), a.stored.toString());
    }
  }

  @Test
  void literal_minus_spares_the_go_ahead_up_to_4096_bytes_only() throws Exception {
    Appends a = new Appends();
    try (ScriptedServer s = new ScriptedServer(server("IMAP4rev1 MULTIAPPEND LITERAL-", a))) {
      // message 2 is 4096 bytes with its header and CRLFs, message 3 one byte more
      String header2 = "Subject: saved 2\r\n\r\n";
      int body2 = 4096 - header2.length() - 2;
      jmail().run(save(s, mbox(3, 10, body2, body2 + 1), "1-3")).succeeded();
      assertEquals(4096, a.stored.get(1).length());
      assertEquals(4097, a.stored.get(2).length());
      assertEquals(List.of("+", "+", "sync"), a.literals);
    }
  }

  @Test
  void a_refused_append_is_69_naming_the_mailbox_with_the_servers_words() throws Exception {
    for (String caps : List.of("IMAP4rev1", "IMAP4rev1 LITERAL+", "IMAP4rev1 MULTIAPPEND")) {
      Appends a = new Appends();
      a.firstAnswer = "NO [OVERQUOTA] quota exceeded";
      try (ScriptedServer s = new ScriptedServer(server(caps, a))) {
        jmail()
            .run(save(s, mbox(2), "1-2"))
            .exits(69)
            .errIsOneLine()
            .errContains("APPEND to Archive failed: [OVERQUOTA] quota exceeded");
        assertEquals(0, count(s, "CREATE .*"), caps);
        assertEquals(0, a.stored.size(), caps + ": nothing after the refused first message");
      }
    }
  }

  // --- copies inside the server

  private String[] inside(ScriptedServer s, String verb) {
    return ScriptedImap.args(s, 5, verb, "1", ScriptedImap.url(s) + "/Archive");
  }

  @Test
  void a_copy_to_a_missing_mailbox_creates_it_on_trycreate_and_copies_once_more() throws Exception {
    int[] copies = {0};
    FakeImap f =
        new FakeImap()
            .message(1, "to archive")
            .on("CREATE", (tag, line) -> tag + " OK created\r\n")
            .on(
                "COPY",
                (tag, line) ->
                    tag + (copies[0]++ == 0 ? " NO [TRYCREATE] no such mailbox\r\n" : " OK\r\n"));
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail().run(inside(s, "save")).succeeded();
      assertEquals(2, count(s, "UID COPY 1 \"Archive\""), s.received().toString());
      assertEquals(1, count(s, "CREATE \"Archive\""), s.received().toString());
      assertEquals(0, count(s, "UID STORE .*"), "a save changes nothing in the folder");
    }
  }

  @Test
  void a_refused_copy_or_move_is_69_naming_the_mailbox_and_nothing_is_created_or_deleted()
      throws Exception {
    FakeImap f =
        new FakeImap()
            .message(1, "to archive")
            .on("COPY", (tag, line) -> tag + " NO [CANNOT] not here\r\n")
            .on("MOVE", (tag, line) -> tag + " NO [CANNOT] not there\r\n");
    f.capabilities = "IMAP4rev1 UIDPLUS MOVE";
    try (ScriptedServer s = new ScriptedServer(f)) {
      jmail()
          .run(inside(s, "save"))
          .exits(69)
          .errIsOneLine()
          .errContains("COPY to Archive failed: [CANNOT] not here");
      jmail()
          .run(inside(s, "move"))
          .exits(69)
          .errIsOneLine()
          .errContains("MOVE to Archive failed: [CANNOT] not there");
      assertEquals(0, count(s, "CREATE .*"), s.received().toString());
      assertFalse(s.receivedLineContaining("EXPUNGE"), s.received().toString());
      assertFalse(s.receivedLineContaining("STORE"), s.received().toString());
    }
  }
}
