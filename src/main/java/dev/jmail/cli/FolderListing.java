package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.ExitStatus;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageNumbers;
import dev.jmail.message.MessageSummary;
import dev.jmail.render.Json;
import dev.jmail.render.Summaries;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderLocator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The header summary shared by {@code jmail list} and {@code jmail -H}: streamed, never buffered.
 */
final class FolderListing {
  private FolderListing() {}

  /** Which messages to show; all when every field is null/false. */
  record Filter(boolean unread, String from, String subject, LocalDate since) {
    static final Filter ALL = new Filter(false, null, null, null);

    /** No filter: every message shown (not equals(): a record's costs a bootstrap at start-up). */
    boolean all() {
      return !unread && from == null && subject == null && since == null;
    }

    Predicate<MessageSummary> predicate() {
      return s -> {
        if (unread && s.entry().has(Flag.SEEN)) return false;
        if (from != null && !contains(s.from(), from)) return false;
        if (subject != null && !contains(s.subject(), subject)) return false;
        if (since != null) {
          if (s.date() == null) return false;
          if (s.date()
              .toInstant()
              .isBefore(since.atStartOfDay(ZoneId.systemDefault()).toInstant())) {
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

  private static int printSelected(
      Invocation inv,
      String folderName,
      boolean json,
      Filter filter,
      List<String> messages,
      boolean cached) {
    List<MessageSummary> all = new ArrayList<>();
    boolean system;
    Path path;
    boolean fromCache;
    try (Folder folder = open(inv, folderName, cached)) {
      folder.summaries(Summaries::detached, all::add);
      fromCache = folder.fromCache();
      system = folder.isSystemMailbox();
      path = folder.path();
    }
    PrintStream out = inv.context().out();
    if (all.isEmpty()) {
      if (json) {
        out.println("[]");
        return ExitStatus.OK.code();
      }
      inv.warn(system ? "No mail for " + inv.context().env().user() : path + ": no messages");
      return ExitStatus.NO_MAIL.code();
    }
    Predicate<MessageSummary> keep = filter.predicate();
    List<MessageSummary> shown = new ArrayList<>();
    for (int n : MessageNumbers.select(messages, selection(all), false)) {
      if (keep.test(all.get(n - 1))) shown.add(all.get(n - 1));
    }
    if (json) {
      // the streamed listing's layout: one message per line
      out.print("[");
      for (int i = 0; i < shown.size(); i++)
        out.print((i == 0 ? "\n" : ",\n") + Json.write(toJson(shown.get(i), fromCache)));
      out.println(shown.isEmpty() ? "]" : "\n]");
    } else {
      int columns = inv.context().columns();
      for (MessageSummary s : shown) out.println(Summaries.line(s, false, columns));
    }
    return ExitStatus.OK.code();
  }

  /**
   * A plain listing from the folder's summary index ({@link Folder#listingRows}): each line made
   * from the display columns the index keeps, into large blocks of bytes. False when the folder has
   * no such index; nothing was printed then.
   */
  private static boolean listRows(
      Folder folder,
      PrintStream out,
      int columns,
      int[] total,
      ProgressLine progress,
      Ahead ahead) {
    int ready = ahead == null ? -1 : folder.rowsAhead();
    if (ready >= 0) {
      progress.end();
      if (ahead.lines != null) out.write(ahead.lines.bytes(), 0, ahead.lines.size());
      total[0] = ready;
      return true;
    }
    Summaries.LineBytes lines = new Summaries.LineBytes();
    int n;
    try {
      n =
          folder.listingRows(
              (number, flags, count, size, display) -> {
                lines.add(flags, number, count, size, display, columns);
                if (lines.size() >= 1 << 16) {
                  out.write(lines.bytes(), 0, lines.size());
                  lines.clear();
                }
              });
    } finally {
      progress.end();
    }
    if (n < 0) return false;
    out.write(lines.bytes(), 0, lines.size());
    total[0] = n;
    return true;
  }

  /**
   * The lines of a plain listing made while a remote folder is being opened, from its cached rows
   * ({@link dev.jmail.store.FolderLocator.Ref#open(Folder.Row)}): held, and printed only when the
   * folder says they are its listing ({@link Folder#rowsAhead}). (A named class: no lambda on the
   * listing's way.)
   */
  private static final class Ahead implements Folder.Row {
    private final int columns;
    private Summaries.LineBytes lines; // made on the first row: none for a local folder

    Ahead(int columns) {
      this.columns = columns;
    }

    @Override
    public void row(int number, int flags, long count, long size, java.nio.ByteBuffer display) {
      if (lines == null) lines = new Summaries.LineBytes();
      lines.add(flags, number, count, size, display, columns);
    }
  }

  /** The listed folder as a message list sees it: nothing is current. */
  private static MessageNumbers.Selection selection(List<MessageSummary> all) {
    return new MessageNumbers.Selection() {
      @Override
      public int count() {
        return all.size();
      }

      @Override
      public int current() {
        return 0;
      }

      @Override
      public boolean deleted(int n) {
        return all.get(n - 1).entry().has(Flag.DELETED);
      }

      @Override
      public boolean has(int n, Flag flag) {
        return all.get(n - 1).entry().has(flag);
      }

      @Override
      public String subject(int n) {
        return all.get(n - 1).subject();
      }

      @Override
      public String from(int n) {
        return all.get(n - 1).from();
      }
    };
  }

  /** {@code list --folders}: Maildir++ sub-folder names, one per line or a JSON array. */
  static int printSubfolders(Invocation inv, String folderName, boolean json) {
    try (Folder folder = open(inv, folderName)) {
      List<Folder.Counted> all = folder.subfolderCounts();
      boolean counted = all.stream().anyMatch(c -> c.messages() >= 0);
      if (json && counted) {
        List<Object> objects = new ArrayList<>();
        for (Folder.Counted c : all) {
          java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
          o.put("name", c.name());
          o.put("messages", c.messages());
          o.put("unseen", c.unseen());
          objects.add(o);
        }
        inv.context().out().println(Json.write(objects));
      } else if (json) {
        inv.context().out().println(Json.write(all.stream().map(Folder.Counted::name).toList()));
      } else {
        for (Folder.Counted c : all) {
          String n = dev.jmail.render.Sanitizer.line(c.name());
          inv.context()
              .out()
              .println(c.messages() < 0 ? n : n + "\t" + c.messages() + "\t" + c.unseen());
        }
      }
      return all.isEmpty() && !json ? ExitStatus.NO_MAIL.code() : ExitStatus.OK.code();
    }
  }

  static Folder open(Invocation inv, String folder) {
    return open(inv, folder, false);
  }

  private static Folder open(Invocation inv, String folder, boolean cached) {
    return open(inv, folder, cached, null);
  }

  private static Folder open(Invocation inv, String folder, boolean cached, Ahead ahead) {
    FolderLocator.Ref ref = MessageChangeOptions.locator(inv).resolve(folder);
    Folder f = cached ? ref.openCached() : ref.open(ahead);
    if (f.fromCache()) inv.warn(ref.name() + ": cached summaries (the server was not asked)");
    return f;
  }

  private static java.util.Map<String, Object> toJson(MessageSummary s, boolean cached) {
    java.util.Map<String, Object> m = Summaries.toJson(s);
    if (cached) m.put("cached", true);
    return m;
  }

  /**
   * Prints the summary; returns 0, or 1 when the folder has no messages ("No mail for USER" for the
   * system mailbox, as mailx). JSON is for programs, which read a status other than 0 as failure:
   * an empty folder is {@code []} and 0.
   */
  static int print(Invocation inv, String folderName, boolean json, Filter filter) {
    return print(inv, folderName, json, filter, List.of());
  }

  /**
   * As {@link #print(Invocation, String, boolean, Filter)}, only the messages of a mailx message
   * list when one is given ({@link MessageNumbers#select}, as at the prompt): then the summaries
   * are held until the list is known ({@code $}, {@code :u} need the whole folder).
   */
  static int print(
      Invocation inv, String folderName, boolean json, Filter filter, List<String> messages) {
    return print(inv, folderName, json, filter, messages, false);
  }

  /**
   * As above; with {@code cached}, a remote folder's summaries come from the on-disk cache alone
   * (no connection, nothing changed), noted on stderr and as {@code "cached": true} in JSON.
   */
  static int print(
      Invocation inv,
      String folderName,
      boolean json,
      Filter filter,
      List<String> messages,
      boolean cached) {
    if (!messages.isEmpty()) return printSelected(inv, folderName, json, filter, messages, cached);
    PrintStream out = inv.context().out();
    int columns = inv.context().columns();
    Predicate<MessageSummary> keep = filter.predicate();
    int[] total = {0};
    int[] shown = {0};
    ProgressLine progress = ProgressLine.whileListing(inv.context(), "summaries fetched");
    // a remote folder's lines made from its cache while it is opened (printed if still current)
    Ahead ahead = !json && filter.all() && !cached ? new Ahead(columns) : null;
    try (Folder folder = open(inv, folderName, cached, ahead)) {
      boolean fromCache = folder.fromCache();
      folder.progress(progress::update);
      if (!json && filter.all() && listRows(folder, out, columns, total, progress, ahead)) {
        // listed from the index's display columns
      } else {
        if (json) out.print("[");
        try {
          folder.summaries(
              Summaries::detached,
              s -> {
                total[0]++;
                if (!keep.test(s)) return;
                if (json) {
                  out.print(shown[0] == 0 ? "\n" : ",\n");
                  out.print(Json.write(toJson(s, fromCache)));
                } else {
                  out.println(Summaries.line(s, false, columns));
                }
                shown[0]++;
              });
        } finally {
          progress.end();
        }
        if (json) out.println(shown[0] == 0 ? "]" : "\n]");
      }
      if (total[0] == 0 && !json) {
        if (folder.isSystemMailbox()) inv.warn("No mail for " + inv.context().env().user());
        else inv.warn(folder.path() + ": no messages");
        return ExitStatus.NO_MAIL.code();
      }
    }
    return ExitStatus.OK.code();
  }
}
