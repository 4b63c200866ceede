package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.ExitStatus;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageSummary;
import dev.jmail.render.Json;
import dev.jmail.render.Summaries;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderLocator;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Predicate;

/** The header summary shared by {@code jmail list} and {@code jmail -H}: streamed, never buffered. */
final class FolderListing {
  private FolderListing() {}

  /** Which messages to show; all when every field is null/false. */
  record Filter(boolean unread, String from, String subject, LocalDate since) {
    static final Filter ALL = new Filter(false, null, null, null);

    Predicate<MessageSummary> predicate() {
      return s -> {
        if (unread && s.entry().has(Flag.SEEN)) return false;
        if (from != null && !contains(s.from(), from)) return false;
        if (subject != null && !contains(s.subject(), subject)) return false;
        if (since != null) {
          if (s.date() == null) return false;
          if (s.date().toInstant().isBefore(since.atStartOfDay(ZoneId.systemDefault()).toInstant())) {
            return false;
          }
        }
        return true;
      };
    }

    private static boolean contains(String text, String needle) {
      return text.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }
  }

  /** {@code list --folders}: Maildir++ sub-folder names, one per line or a JSON array. */
  static int printSubfolders(Invocation inv, String folderName, boolean json) {
    try (Folder folder = open(inv, folderName)) {
      java.util.List<String> names = folder.subfolders();
      if (json) inv.context().out().println(Json.write(names));
      else for (String n : names) inv.context().out().println(dev.jmail.render.Sanitizer.line(n));
      return names.isEmpty() ? ExitStatus.NO_MAIL.code() : ExitStatus.OK.code();
    }
  }

  static Folder open(Invocation inv, String folder) {
    return new FolderLocator(inv.context().env(), inv.settings()).resolve(folder).open();
  }

  /**
   * Prints the summary; returns 0, or 1 when the folder has no messages ("No mail for USER" for the
   * system mailbox, as mailx).
   */
  static int print(Invocation inv, String folderName, boolean json, Filter filter) {
    PrintStream out = inv.context().out();
    int columns = inv.context().columns();
    Predicate<MessageSummary> keep = filter.predicate();
    int[] total = {0};
    int[] shown = {0};
    try (Folder folder = open(inv, folderName)) {
      if (json) out.print("[");
      folder.summaries(
          Summaries::detached,
          s -> {
            total[0]++;
            if (!keep.test(s)) return;
            if (json) {
              out.print(shown[0] == 0 ? "\n" : ",\n");
              out.print(Json.write(Summaries.toJson(s)));
            } else {
              out.println(Summaries.line(s, false, columns));
            }
            shown[0]++;
          });
      if (json) out.println(shown[0] == 0 ? "]" : "\n]");
      if (total[0] == 0) {
        if (folder.isSystemMailbox()) inv.warn("No mail for " + inv.context().env().user());
        else if (!json) inv.warn(folder.path() + ": no messages");
        return ExitStatus.NO_MAIL.code();
      }
    }
    return ExitStatus.OK.code();
  }
}
