package dev.jmail.cli;

import dev.jmail.error.UnavailableException;

/** The root command's reading modes: {@code -e}, {@code -H} and the interactive prompt. */
final class ReceiveMode {
  private ReceiveMode() {}

  static int checkMail(Invocation inv, String folder) {
    throw new UnavailableException("-e is not implemented yet");
  }

  static int headerSummary(Invocation inv, String folder) {
    throw new UnavailableException("-H is not implemented yet");
  }

  static int interactive(Invocation inv, String folder, boolean noHeaderSummary) {
    throw new UnavailableException("interactive mode is not implemented yet");
  }
}
