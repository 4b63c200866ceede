package dev.jmail.interactive;

import dev.jmail.config.PrivateFiles;
import dev.jmail.config.Secrets;
import dev.jmail.error.IoFailureException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The prompt on a terminal, through JLine: line editing, persistent history ({@code
 * $XDG_STATE_HOME/jmail/history}, else {@code ~/.local/state/jmail/history}; mode 0600 in a 0700
 * directory whatever the umask; never the text typed while composing, nor a line setting a
 * password, secret or token, see {@link PrivateHistory}), tab completion of command names, {@code
 * +folder} names and addresses after {@code mail}. Ctrl-C cancels the line, Ctrl-D at an empty
 * prompt is end of input, a resized window is re-read on every line. The only class that touches
 * JLine: it is not even loaded when stdin is not a terminal.
 */
final class TerminalInput implements LineInput {
  private final Terminal terminal;
  private final LineReader reader;
  private Completions completions;
  private final PrivateHistory history = new PrivateHistory();

  TerminalInput(Path historyFile) {
    this(systemTerminal(), historyFile);
  }

  private static Terminal systemTerminal() {
    try {
      return TerminalBuilder.builder()
          .system(true)
          .nativeSignals(true)
          .signalHandler(Terminal.SignalHandler.SIG_IGN)
          .build();
    } catch (IOException e) {
      throw new IoFailureException("terminal: " + e.getMessage(), e);
    }
  }

  /** Over any terminal: tests drive the JLine path in-process through a {@code DumbTerminal}. */
  TerminalInput(Terminal terminal, Path historyFile) {
    this.terminal = terminal;
    LineReaderBuilder b =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("jmail")
            .completer(this::complete)
            .history(history)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.AUTO_FRESH_LINE, true)
            .variable(LineReader.HISTORY_SIZE, 1000)
            .variable(LineReader.HISTORY_FILE_SIZE, 1000);
    if (historyFile != null) {
      try {
        PrivateFiles.directory(historyFile.getParent());
        PrivateFiles.file(historyFile);
        b.variable(LineReader.HISTORY_FILE, historyFile);
      } catch (IOException e) {
        // no history directory: session history only
      }
    }
    reader = b.build();
  }

  private void complete(LineReader r, org.jline.reader.ParsedLine line, List<Candidate> out) {
    if (completions == null) return;
    String word = line.word();
    if (line.wordIndex() == 0) {
      for (String c : completions.commands()) out.add(new Candidate(c));
      return;
    }
    if (word.startsWith("+")) {
      for (String f : completions.folders())
        out.add(new Candidate("+" + f, "+" + f, null, null, null, null, true));
      return;
    }
    String cmd = line.words().get(0);
    if (!cmd.isEmpty() && "mail".startsWith(cmd) || cmd.equals("alias") || cmd.equals("a")) {
      for (String a : completions.addresses()) out.add(new Candidate(a));
    } else if (cmd.length() >= 3 && "account".startsWith(cmd)) {
      for (String a : completions.accounts()) out.add(new Candidate(a));
    }
  }

  @Override
  public void completions(Completions c) {
    completions = c;
  }

  @Override
  public String readLine(String prompt) {
    return readLine(prompt, null);
  }

  @Override
  public String readLine(String prompt, String initial) {
    try {
      String line = reader.readLine(prompt, null, initial);
      sttyFailures = 0;
      return line;
    } catch (UserInterruptException e) {
      throw new Interrupted();
    } catch (EndOfFileException e) {
      return null;
    } catch (java.io.IOError e) {
      // A Ctrl-C typed while JLine runs stty reaches stty too (same process group), and JLine then
      // fails instead of reporting the interrupt: take it for the interrupt it was, so a double
      // Ctrl-C while composing still saves the draft. A stty that keeps failing is a real error.
      if (!mentionsStty(e) || ++sttyFailures > 3) throw e;
      throw new Interrupted();
    }
  }

  private int sttyFailures;

  private static boolean mentionsStty(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains("stty")) return true;
    }
    return false;
  }

  @Override
  public void recordHistory(boolean on) {
    history.recording = on;
  }

  /**
   * JLine's history, minus compose text and lines that set a secret (mutt, s-nail keep neither).
   */
  static final class PrivateHistory extends DefaultHistory {
    boolean recording = true;

    @Override
    public void add(java.time.Instant time, String line) {
      if (recording && !Secrets.isSecretLine(line)) super.add(time, line);
    }
  }

  @Override
  public boolean isTerminal() {
    return true;
  }

  @Override
  public int rows() {
    return terminal.getHeight();
  }

  @Override
  public int columns() {
    return terminal.getWidth();
  }

  @Override
  public void pause() {
    terminal.writer().flush();
    terminal.pause();
  }

  @Override
  public void resume() {
    terminal.resume();
  }

  @Override
  public void close() {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      // history is a convenience
    }
    try {
      terminal.close();
    } catch (IOException e) {
      // closing
    }
  }
}
