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
    return locator(inv).resolve(folder != null ? folder : rootFolder);
  }

  /** The resolver, with remote folders reporting warnings and the -v dialogue here. */
  static FolderLocator locator(Invocation inv) {
    return new FolderLocator(inv.context().env(), inv.settings())
        .reporting(inv::warn, inv.global().verbose() ? inv.context().err() : null);
  }

  static LockPolicy policy(Invocation inv) {
    return LockPolicy.from(inv.settings(), inv.context().env());
  }
}
