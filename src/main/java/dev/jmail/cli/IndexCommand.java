package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.config.Variable;
import dev.jmail.error.IoFailureException;
import dev.jmail.render.Json;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.cache.CacheFiles;
import dev.jmail.store.cache.IndexInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jmail index [-f FOLDER] [--clear]}: the summary index of a local folder. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Show the summary index of a local folder (the system mailbox unless -f): its file and size,"
          + " the messages it holds, and whether it is current or stale and why; with --clear,"
          + " remove it (the next listing scans the folder and writes it again).",
      "The index is a cache kept under $XDG_CACHE_HOME/jmail; set noindex turns it off."
    },
    footer = {
      "%nExamples:",
      "  jmail index",
      "  jmail index -f ~/Maildir --json",
      "  jmail index -f +lists/archive --clear"
    })
final class IndexCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;

  @Option(
      names = {"-f", "--folder"},
      paramLabel = "FOLDER",
      description =
          "Folder whose index to show (mbox file or Maildir); default: the system mailbox.")
  String folder;

  @Option(names = "--clear", description = "Remove the index of the folder.")
  boolean clear;

  @Option(
      names = "--json",
      description = "Print a JSON object: folder, file, bytes, folder_bytes, messages, state, why.")
  boolean json;

  @Override
  public Integer call() {
    Invocation inv = root.invocation(global);
    FolderLocator.Ref ref =
        MessageChangeOptions.locator(inv).resolve(folder != null ? folder : root.folder);
    Optional<IndexInfo> info = ref.store().index(CacheFiles.root(inv.context().env()));
    PrintStream out = inv.context().out();
    if (info.isEmpty()) {
      inv.warn(ref.name() + ": not a local folder: it has no summary index");
      return 0;
    }
    IndexInfo i = info.get();
    if (clear) {
      try {
        boolean removed = i.clear();
        if (global.verbose()) inv.warn(removed ? "removed " + i.file() : "no index to remove");
      } catch (IOException e) {
        throw new IoFailureException(i.file() + ": cannot remove: " + e.getMessage(), e);
      }
      return 0;
    }
    boolean off = inv.settings().isSet(Variable.NOINDEX.varName());
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("folder", ref.path().toString());
      m.put("file", i.file().toString());
      m.put("bytes", i.bytes());
      m.put("folder_bytes", i.folderBytes());
      m.put("messages", i.messages());
      m.put("state", i.state());
      m.put("why", i.why());
      m.put("enabled", !off);
      out.println(Json.write(m));
      return 0;
    }
    out.println("folder    " + ref.path());
    String share =
        i.folderBytes() > 0 && i.bytes() > 0
            ? String.format(", %.1f%% of the folder", 100.0 * i.bytes() / i.folderBytes())
            : "";
    out.println(
        "file      " + i.file() + (i.bytes() > 0 ? " (" + i.bytes() + " bytes" + share + ")" : ""));
    if (i.messages() >= 0) out.println("messages  " + i.messages());
    out.println("state     " + i.state() + (i.why().isEmpty() ? "" : ": " + i.why()));
    if (off) out.println("note      noindex is set: the index is neither read nor written");
    return 0;
  }
}
