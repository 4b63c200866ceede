package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.message.MessageNumbers;
import dev.jmail.store.FolderChanges;
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

/** {@code jmail delete 2 5-7}: remove messages (mbox rewritten atomically, Maildir unlinked). */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {"Remove messages from a folder. Numbers as in list: 3, 2 5-7, 4,9, $, *."})
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;
  @Mixin MessageChangeOptions where;

  @Parameters(paramLabel = "NUMBER", arity = "1..*", description = "Message numbers.")
  List<String> numbers = new ArrayList<>();

  @Override
  public Integer call() {
    Invocation inv = root.invocation(global);
    FolderChanges.Outcome o =
        FolderChanges.apply(
            where.resolve(inv, root.folder),
            MessageChangeOptions.policy(inv),
            null,
            now -> {
              Map<Integer, MessageEdit> edits = new HashMap<>();
              for (int n : MessageNumbers.parse(numbers, now.size()))
                edits.put(n, MessageEdit.deleteIt());
              return edits;
            },
            !inv.settings().isSet("keep"));
    if (global.verbose()) inv.warn(o.deleted() + " message(s) deleted");
    return 0;
  }
}
