package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.UsageException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageNumbers;
import dev.jmail.store.FolderChanges;
import dev.jmail.store.MessageEdit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/** {@code jmail flag 4 flagged}, {@code jmail flag 2 5-7 -seen +answered}: change flags. */
@Command(
    name = "flag",
    mixinStandardHelpOptions = true,
    description = {
      "Set (FLAG or +FLAG) or clear (-FLAG or unFLAG) flags of messages: seen, answered, flagged,"
          + " draft, deleted. Numbers as in list: 3, 2 5-7, 4,9, $, *."
    })
final class FlagCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;
  @Mixin MessageChangeOptions where;

  @Parameters(
      paramLabel = "NUMBER|FLAG",
      description = "Message numbers and flag changes, in any order.")
  List<String> args = new ArrayList<>();

  @Unmatched List<String> unmatched = new ArrayList<>();

  @Override
  public Integer call() {
    Invocation inv = root.invocation(global);
    List<String> numbers = new ArrayList<>();
    EnumSet<Flag> add = EnumSet.noneOf(Flag.class);
    EnumSet<Flag> remove = EnumSet.noneOf(Flag.class);
    List<String> all = new ArrayList<>(args);
    all.addAll(unmatched);
    for (String a : all) {
      String w = a.toLowerCase(Locale.ROOT);
      if (w.startsWith("-") && w.length() > 1 && !Character.isDigit(w.charAt(1)))
        remove.add(flag(a, w.substring(1)));
      else if (w.startsWith("+")) add.add(flag(a, w.substring(1)));
      else if (w.startsWith("un") && w.length() > 2) remove.add(flag(a, w.substring(2)));
      else if (!w.isEmpty() && Character.isLetter(w.charAt(0))) add.add(flag(a, w));
      else numbers.add(a);
    }
    if (add.isEmpty() && remove.isEmpty())
      throw new UsageException("flag: no flag given (seen, answered, flagged, draft, deleted)");
    if (numbers.isEmpty()) throw new UsageException("flag: no message number given");
    FolderChanges.apply(
        where.resolve(inv, root.folder),
        MessageChangeOptions.policy(inv),
        null,
        now -> {
          Map<Integer, MessageEdit> edits = new HashMap<>();
          for (int n : MessageNumbers.parse(numbers, now.size())) {
            MessageEntry e = now.get(n - 1);
            EnumSet<Flag> f =
                e.flags().isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(e.flags());
            f.addAll(add);
            f.removeAll(remove);
            if (add.contains(Flag.SEEN)) f.remove(Flag.NEW);
            edits.put(n, MessageEdit.flags(f));
          }
          return edits;
        },
        false);
    return 0;
  }

  static Flag flag(String arg, String word) {
    switch (word) {
      case "seen", "read":
        return Flag.SEEN;
      case "answered", "replied":
        return Flag.ANSWERED;
      case "flagged", "flag", "important":
        return Flag.FLAGGED;
      case "draft":
        return Flag.DRAFT;
      case "deleted", "trashed":
        return Flag.DELETED;
      case "new":
        return Flag.NEW;
      default:
        throw new UsageException(
            "flag: unknown flag or option: "
                + arg
                + " (seen, answered, flagged, draft, deleted, new)");
    }
  }
}
