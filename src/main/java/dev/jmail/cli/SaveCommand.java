package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.UsageException;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageNumbers;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderChanges;
import dev.jmail.store.FolderCopier;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.MessageEdit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jmail save 8 ~/archive.mbox}: append copies of messages to another folder. */
@Command(
    name = "save",
    mixinStandardHelpOptions = true,
    description = {
      "Append copies of messages to TARGET (an mbox file, a Maildir or an imap[s]:// mailbox,"
          + " created if missing;"
          + " +name, ~/name, mbox:, maildir:)."
    })
class SaveCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;
  @Mixin MessageChangeOptions where;

  @Parameters(
      paramLabel = "NUMBER... TARGET",
      hideParamSyntax = true,
      arity = "2..*",
      description = "Message numbers, then the target folder.")
  List<String> args = new ArrayList<>();

  boolean deleteAfter() {
    return false;
  }

  @Override
  public Integer call() {
    Invocation inv = root.invocation(global);
    if (args.size() < 2) throw new UsageException("give message numbers and a target folder");
    String targetName = args.get(args.size() - 1);
    List<String> numbers = args.subList(0, args.size() - 1);
    FolderLocator.Ref source = where.resolve(inv, root.folder);
    FolderLocator.Ref target = MessageChangeOptions.locator(inv).resolve(targetName);
    List<MessageEntry> all;
    List<MessageEntry> chosen = new ArrayList<>();
    boolean moved = false;
    try (Folder f = source.open()) {
      all = f.entries();
      for (int n : MessageNumbers.parse(numbers, all.size())) chosen.add(all.get(n - 1));
      // one server holding both folders moves them itself (IMAP MOVE): nothing to delete after
      if (deleteAfter()) moved = FolderCopier.moveWithin(f, chosen, target);
      if (!moved) copy(inv, f, chosen, target);
    }
    if (deleteAfter() && !moved) {
      // The copies are safely written (fsync'ed) before anything is removed: a failure from here
      // on leaves the messages in both folders, never in neither.
      FolderChanges.apply(
          source,
          MessageChangeOptions.policy(inv),
          all,
          now -> {
            Map<Integer, MessageEdit> edits = new HashMap<>();
            for (MessageEntry e : chosen) edits.put(e.number(), MessageEdit.deleteIt());
            return edits;
          },
          !inv.settings().isSet("keep"));
    }
    if (global.verbose())
      inv.warn(
          chosen.size()
              + " message(s) "
              + (deleteAfter() ? "moved" : "saved")
              + " to "
              + target.path());
    return 0;
  }

  /** Copies, with a progress line on a terminal when there are many messages (to a server…). */
  private void copy(Invocation inv, Folder f, List<MessageEntry> chosen, FolderLocator.Ref target) {
    ProgressLine progress =
        chosen.size() >= PROGRESS_FROM
            ? ProgressLine.onStderr(inv.context(), deleteAfter() ? "moving" : "copying")
            : null;
    try {
      FolderCopier.copy(
          f,
          chosen,
          Map.of(),
          target,
          MessageChangeOptions.policy(inv),
          progress == null ? FolderCopier.Progress.NONE : progress::update);
    } finally {
      if (progress != null) progress.end();
    }
  }

  /** Copies of fewer messages are quick: no progress line. */
  static final int PROGRESS_FROM = 20;
}
