package dev.jmail.transport;

import java.io.PrintStream;

/**
 * Where a transport reports what is not a failure: warnings ({@code jmail: warning: …} on stderr,
 * written by the command) and, with {@code -v}, the protocol dialogue.
 */
public interface Diagnostics {
  void warn(String text);

  /** The stream for the SMTP dialogue, or null when not verbose. */
  PrintStream verbose();

  static Diagnostics quiet() {
    return new Diagnostics() {
      @Override
      public void warn(String text) {}

      @Override
      public PrintStream verbose() {
        return null;
      }
    };
  }
}
