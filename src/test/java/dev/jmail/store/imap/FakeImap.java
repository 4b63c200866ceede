package dev.jmail.store.imap;

import dev.jmail.testing.ScriptedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small IMAP server script (no TLS: the tests set net-allow-plaintext) that answers jmail's
 * commands correctly, except where a test puts an answer of its own for a command ({@link #on}):
 * the base of the hostile-server tests.
 */
final class FakeImap implements ScriptedServer.Script {
  /** An answer of a test's own: the bytes to send for a command, or null to stop answering. */
  interface Answer {
    String answer(String tag, String line) throws IOException;
  }

  record Message(long uid, String flags, String header, String body) {
    String text() {
      return header + "\r\n" + body;
    }
  }

  String greeting = "* OK fake IMAP ready\r\n";
  String capabilities = "IMAP4rev1 UIDPLUS IDLE";
  long uidValidity = 7;

  /** HIGHESTMODSEQ reported by SELECT (0: none, a server without CONDSTORE). */
  long highestModSeq;

  /** Untagged lines added to the SELECT answer (QRESYNC's FETCH and VANISHED). */
  String selectExtra = "";

  // copy-on-write: a watch test adds a message on the IDLE connection while another lists
  final List<Message> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, Answer> answers = new HashMap<>();

  FakeImap message(long uid, String subject) {
    return message(uid, "", "From: Alice <alice@example.org>\r\nSubject: " + subject + "\r\n");
  }

  FakeImap message(long uid, String flags, String header) {
    messages.add(new Message(uid, flags, header, "body of " + uid + "\r\n"));
    return this;
  }

  /**
   * Answers {@code verb} (CAPABILITY, LOGIN, SELECT, FETCH for headers, FLAGS for the flags fetch,
   * BODY for a body fetch, SEARCH, STORE, EXPUNGE, LIST, IDLE) with {@code answer}.
   */
  FakeImap on(String verb, Answer answer) {
    answers.put(verb, answer);
    return this;
  }

  /**
   * An answer of a test's own that goes on talking with the client (a SASL exchange, an APPEND's
   * literal): it reads what follows the command itself.
   */
  interface Dialogue {
    void answer(ScriptedServer.Peer peer, String tag, String line) throws IOException;
  }

  private final Map<String, Dialogue> dialogues = new HashMap<>();

  /** Answers {@code verb} (as {@link #on}, and APPEND, AUTHENTICATE, CREATE) by a dialogue. */
  FakeImap talk(String verb, Dialogue dialogue) {
    dialogues.put(verb, dialogue);
    return this;
  }

  /** A copy with the same messages and answers (the next connection's server). */
  FakeImap copy() {
    FakeImap c = new FakeImap();
    c.greeting = greeting;
    c.capabilities = capabilities;
    c.uidValidity = uidValidity;
    c.highestModSeq = highestModSeq;
    c.selectExtra = selectExtra;
    c.messages.addAll(messages);
    c.answers.putAll(answers);
    c.dialogues.putAll(dialogues);
    return c;
  }

  /** A server that advertises QRESYNC but refuses its SELECT parameter (BAD). */
  FakeImap refusingQresyncSelect() {
    return on(
        "SELECT",
        (tag, line) ->
            line.contains("QRESYNC")
                ? tag + " BAD no such parameter\r\n"
                : answer(tag, "SELECT", line));
  }

  static String literal(String s) {
    return "{" + s.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + s;
  }

  @Override
  public void serve(ScriptedServer.Peer peer) throws IOException {
    peer.send(greeting);
    String idling = null;
    for (String line; (line = peer.line()) != null; ) {
      if (line.equals("DONE") && idling != null) {
        peer.send(idling + " OK idle done\r\n");
        idling = null;
        continue;
      }
      String[] w = line.split(" ");
      String tag = w[0];
      String verb = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
      if (verb.equals("UID") && w.length > 2) verb = w[2].toUpperCase(Locale.ROOT);
      if (verb.equals("FETCH") && line.contains("BODY.PEEK[]")) verb = "BODY";
      else if (verb.equals("FETCH") && !line.contains("HEADER.FIELDS")) verb = "FLAGS";
      if (verb.equals("EXAMINE")) verb = "SELECT";
      Dialogue d = dialogues.get(verb);
      if (d != null) {
        d.answer(peer, tag, line);
        continue;
      }
      Answer a = answers.get(verb);
      if (a != null) {
        String text = a.answer(tag, line);
        if (text == null) {
          peer.hang();
          return;
        }
        peer.send(text);
        if (text.contains("* BYE")) return;
        continue;
      }
      switch (verb) {
        case "LOGOUT" -> {
          peer.send("* BYE bye\r\n" + tag + " OK done\r\n");
          return;
        }
        case "IDLE" -> {
          idling = tag;
          peer.send("+ idling\r\n");
        }
        case "STARTTLS" -> {
          // the test key's certificate (CN=localhost, SAN 127.0.0.1): tls-ca-file trusts it
          peer.send(tag + " OK begin TLS now\r\n").startTls("/tls/localhost.p12");
        }
        default -> peer.send(answer(tag, verb, line));
      }
    }
  }

  /** The correct answer to a command (for a test's own answer that changes only a detail). */
  String answer(String tag, String verb, String line) {
    StringBuilder b = new StringBuilder();
    switch (verb) {
      case "CAPABILITY" -> b.append("* CAPABILITY ").append(capabilities).append("\r\n");
      case "SELECT" -> {
        long next = messages.isEmpty() ? 1 : messages.get(messages.size() - 1).uid() + 1;
        b.append("* ").append(messages.size()).append(" EXISTS\r\n");
        b.append("* OK [UIDVALIDITY ").append(uidValidity).append("] ok\r\n");
        b.append("* OK [UIDNEXT ").append(next).append("] ok\r\n");
        if (highestModSeq > 0)
          b.append("* OK [HIGHESTMODSEQ ").append(highestModSeq).append("] ok\r\n");
        b.append(selectExtra);
      }
      case "FETCH" -> {
        for (int i = 0; i < messages.size(); i++) {
          Message m = messages.get(i);
          b.append("* ").append(i + 1).append(" FETCH (UID ").append(m.uid());
          b.append(" FLAGS (").append(m.flags()).append(") RFC822.SIZE ");
          b.append(m.text().length()).append(" BODY[HEADER.FIELDS (").append(ImapFolder.FIELDS);
          b.append(")] ").append(literal(m.header() + "\r\n")).append(")\r\n");
        }
      }
      case "FLAGS" -> {
        for (int i = 0; i < messages.size(); i++) {
          Message m = messages.get(i);
          b.append("* ").append(i + 1).append(" FETCH (UID ").append(m.uid());
          b.append(" FLAGS (").append(m.flags()).append("))\r\n");
        }
      }
      case "BODY" -> {
        for (int i = 0; i < messages.size(); i++) {
          Message m = messages.get(i);
          if (!line.contains(" FETCH " + m.uid() + " ")) continue;
          b.append("* ").append(i + 1).append(" FETCH (UID ").append(m.uid());
          b.append(" BODY[] ").append(literal(m.text())).append(")\r\n");
        }
      }
      case "SEARCH" -> {
        b.append("* SEARCH");
        for (Message m : messages) b.append(' ').append(m.uid());
        b.append("\r\n");
      }
      case "ENABLE" -> {
        if (capabilities.contains("QRESYNC")) b.append("* ENABLED QRESYNC\r\n");
      }
      case "LOGIN", "STORE", "EXPUNGE", "LIST", "STATUS", "NOOP" -> {}
      default -> {
        return tag + " BAD unknown command\r\n";
      }
    }
    return b.append(tag).append(" OK done\r\n").toString();
  }
}
