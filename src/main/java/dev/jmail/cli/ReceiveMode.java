package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.ExitStatus;
import dev.jmail.interactive.Repl;
import dev.jmail.store.Folder;

/** The root command's reading modes: {@code -e}, {@code -H} and the interactive prompt. */
final class ReceiveMode {
  private ReceiveMode() {}

  /** mailx -e: exit 0 when the folder has mail, 1 when not; prints nothing. */
  static int checkMail(Invocation inv, String folder) {
    try (Folder f = FolderListing.open(inv, folder)) {
      return f.hasMessages() ? ExitStatus.OK.code() : ExitStatus.NO_MAIL.code();
    }
  }

  /** mailx -H: the header summary, then exit. */
  static int headerSummary(Invocation inv, String folder) {
    return FolderListing.print(inv, folder, false, FolderListing.Filter.ALL);
  }

  /** The mailx session: the prompt on a terminal, the same commands from stdin otherwise. */
  static int interactive(Invocation inv, String folder, boolean noHeaderSummary) {
    return Repl.run(inv, folder, noHeaderSummary);
  }
}
