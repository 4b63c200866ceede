package dev.jmail.interactive;

import java.util.List;

/**
 * Where the session's lines come from: JLine on a terminal ({@link TerminalInput}), plain stdin
 * otherwise ({@link StreamInput}: no prompt, no escape codes, so scripts drive it).
 */
interface LineInput extends AutoCloseable {
  /** Thrown when the user presses Ctrl-C while a line is being typed. */
  final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Interrupted() {
      super("interrupted", null, false, false);
    }
  }

  /**
   * Reads one line.
   *
   * @param prompt shown on a terminal only
   * @return the line without its end, or null at end of input (Ctrl-D)
   * @throws Interrupted on Ctrl-C
   */
  String readLine(String prompt);

  /** Reads a line with an editable initial text (~h); a stream input ignores the initial text. */
  default String readLine(String prompt, String initial) {
    return readLine(prompt);
  }

  boolean isTerminal();

  /**
   * Whether the lines read from now on may go into the history: off while a message is composed
   * (its text, recipients and subject are never recorded).
   */
  default void recordHistory(boolean on) {}

  /** Terminal rows, or 0 when unknown. */
  default int rows() {
    return 0;
  }

  /** Terminal columns, or 0 when unknown. */
  default int columns() {
    return 0;
  }

  /** Words to complete (commands, folders after +, aliases after m); ignored without a terminal. */
  default void completions(Completions c) {}

  /** Suspends line editing while a child program (pager, editor, shell) owns the terminal. */
  default void pause() {}

  default void resume() {}

  @Override
  default void close() {}

  /** What tab completion offers. */
  interface Completions {
    List<String> commands();

    List<String> folders();

    List<String> addresses();

    /** The accounts of the rc files (after {@code account}). */
    default List<String> accounts() {
      return List.of();
    }
  }
}
