package dev.jmail.store.pop3;

import dev.jmail.testing.ScriptedServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small POP3 server script (no TLS: the tests set net-allow-plaintext) answering correctly except
 * where a test puts an answer of its own for a command ({@link #on}): the hostile-server tests'
 * base.
 */
final class FakePop3 implements ScriptedServer.Script {
  /** An answer of a test's own: the text to send for a command line, or null to stop answering. */
  interface Answer {
    String answer(String line) throws IOException;
  }

  String greeting = "+OK fake POP3 ready\r\n";
  final List<String> ids = new ArrayList<>();
  final List<String> texts = new ArrayList<>();
  private final Map<String, Answer> answers = new HashMap<>();

  FakePop3 message(String id, String subject) {
    ids.add(id);
    texts.add("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n");
    return this;
  }

  /** Answers {@code verb} (CAPA, USER, PASS, UIDL, LIST, RETR, DELE, QUIT) with {@code answer}. */
  FakePop3 on(String verb, Answer answer) {
    answers.put(verb, answer);
    return this;
  }

  @Override
  public void serve(ScriptedServer.Peer peer) throws IOException {
    peer.send(greeting);
    for (String line; (line = peer.line()) != null; ) {
      String verb = line.split(" ")[0].toUpperCase(Locale.ROOT);
      Answer a = answers.get(verb);
      String text = a != null ? a.answer(line) : answer(verb, line);
      if (text == null) {
        peer.hang();
        return;
      }
      peer.send(text);
      if (verb.equals("QUIT")) return;
    }
  }

  /** The correct answer to a command line (for a test's own answer that changes one case). */
  String answer(String verb, String line) {
    StringBuilder b = new StringBuilder();
    switch (verb) {
      case "CAPA" -> b.append("-ERR no capabilities\r\n");
      case "USER", "PASS", "DELE", "QUIT" -> b.append("+OK\r\n");
      case "UIDL", "LIST" -> {
        b.append("+OK\r\n");
        for (int i = 0; i < ids.size(); i++) {
          b.append(i + 1).append(' ');
          b.append(verb.equals("UIDL") ? ids.get(i) : texts.get(i).length()).append("\r\n");
        }
        b.append(".\r\n");
      }
      case "RETR" -> {
        int n = Integer.parseInt(line.substring(5).strip());
        if (n < 1 || n > texts.size()) return "-ERR no such message\r\n";
        b.append("+OK\r\n").append(texts.get(n - 1)).append(".\r\n");
      }
      default -> b.append("-ERR unknown\r\n");
    }
    return b.toString();
  }
}
