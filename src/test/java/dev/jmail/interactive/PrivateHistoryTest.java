package dev.jmail.interactive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/** The history over JLine's dumb terminal: no secret assignments, nothing typed while composing. */
class PrivateHistoryTest {
  @Test
  void secret_assignments_and_compose_lines_are_not_recorded() throws Exception {
    TerminalInput.PrivateHistory history = new TerminalInput.PrivateHistory();
    try (Terminal t =
        TerminalBuilder.builder()
            .dumb(true)
            .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
            .build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(t).history(history).build();
      history.attach(reader);
      history.add(Instant.now(), "from 1");
      history.add(Instant.now(), "set smtp-auth-password=hunter2");
      history.add(Instant.now(), "set mta=smtps://bob:PW@mail.example.org");
      history.recording = false;
      history.add(Instant.now(), "Dear Bob, the merger is off");
      history.recording = true;
      history.add(Instant.now(), "q");
    }
    List<String> lines = new ArrayList<>();
    for (History.Entry e : history) lines.add(e.line());
    assertEquals(List.of("from 1", "q"), lines);
  }
}
