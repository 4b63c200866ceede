package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.lock.LockPolicy;
import picocli.CommandLine.Option;

/** The folder option shared by flag, delete, save and move: {@code -f} as in list and read. */
final class MessageChangeOptions {
  @Option(
      names = {"-f", "--folder"},
      arity = "0..1",
      fallbackValue = "&",
      paramLabel = "FOLDER",
      description =
          "Folder to change (mbox file, Maildir or imap[s]:// URL; %%, &, +name, mbox:, maildir:); default: the system mailbox; alone: $MBOX or ~/mbox.")
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
