package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.lock.LockPolicy;
import picocli.CommandLine.Option;

/** The folder option shared by flag, delete, save and move (only the long form for flag). */
final class MessageChangeOptions {
  @Option(
      names = {"--folder"},
      paramLabel = "FOLDER",
      description = "Folder to change (mbox file or Maildir; %%, &, +name, mbox:, maildir:); default: the system mailbox.")
  String folder;

  FolderLocator.Ref resolve(Invocation inv, String rootFolder) {
    FolderLocator loc = new FolderLocator(inv.context().env(), inv.settings());
    return loc.resolve(folder != null ? folder : rootFolder);
  }

  static LockPolicy policy(Invocation inv) {
    return LockPolicy.from(inv.settings(), inv.context().env());
  }
}
