package dev.jmail.cli;

import dev.jmail.app.Context;
import dev.jmail.app.Invocation;
import dev.jmail.app.MessageOpener;
import dev.jmail.app.Pager;
import dev.jmail.error.ExitStatus;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.JmailException;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageNumbers;
import dev.jmail.render.AttachmentFiles;
import dev.jmail.render.Json;
import dev.jmail.render.MessageBytes;
import dev.jmail.render.MessageView;
import dev.jmail.render.MimeWalker;
import dev.jmail.render.MimeWarmUp;
import dev.jmail.render.Sanitizer;
import dev.jmail.store.Folder;
import dev.jmail.store.FolderChanges;
import dev.jmail.store.FolderLocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jmail read N…}: show messages decoded for a human, or raw, or as JSON. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = {
      "Show messages: headers and text decoded for a person, attachments listed.",
      "Long output goes through $PAGER when standard output is a terminal.",
      "With --json: one object per message (an array when several).",
      "Messages shown (also with --raw or --json) are marked seen, as mutt does; --peek leaves the folder untouched."
    })
final class ReadCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;

  @Parameters(
      arity = "1..*",
      paramLabel = "N",
      description = "Message numbers: 3, 2-5, 4,9, $ (last), * (all).")
  List<String> numbers = new ArrayList<>();

  @Option(
      names = {"-f", "--folder"},
      arity = "0..1",
      fallbackValue = "&",
      paramLabel = "FOLDER",
      description =
          "Folder to read (mbox file, Maildir or imap[s]:// URL); alone: $MBOX or ~/mbox.")
  String folder;

  @Option(
      names = "--raw",
      description = "The stored bytes exactly (mbox: without the From_ line, >From un-quoted).")
  boolean raw;

  @Option(names = "--json", description = "The message as a JSON object: headers, body, parts.")
  boolean json;

  @Option(
      names = "--peek",
      description = "Do not mark the messages seen: the folder is left byte for byte as it was.")
  boolean peek;

  @Option(
      names = "--headers",
      paramLabel = "shown|all",
      description = "Which headers to show: shown (default) or all.")
  String headers = "shown";

  @Option(
      names = "--save-attachments",
      paramLabel = "DIR",
      description = "Save the attachments into DIR (safe names, never overwriting: name-1.ext).")
  Path saveDir;

  @Override
  public Integer call() {
    if (!headers.equals("shown") && !headers.equals("all")) {
      throw new dev.jmail.error.UsageException("--headers: shown or all, not " + headers);
    }
    // Jakarta Mail's first use readied while the settings are read and the folder found
    MimeWarmUp warm = raw ? null : MimeWarmUp.start();
    Invocation inv = root.invocation(global);
    Context ctx = inv.context();
    String name = folder != null ? folder : root.folder;
    FolderLocator.Ref ref = MessageChangeOptions.locator(inv).resolve(name);
    List<MessageEntry> shown = new ArrayList<>();
    // the folder is closed before marking: closing a second descriptor would drop the fcntl lock
    try (Folder f = ref.open()) {
      int count = f.count();
      if (count == 0 && f.isSystemMailbox()) {
        inv.warn("No mail for " + ctx.env().user());
        return ExitStatus.NO_MAIL.code();
      }
      List<Integer> wanted = MessageNumbers.parse(numbers, count);
      if (raw) {
        for (int n : wanted) {
          MessageEntry e = f.entry(n);
          writeRaw(ctx, f, e);
          shown.add(e);
        }
        markSeen(inv, ref, shown);
        return 0;
      }
      StringBuilder text = new StringBuilder();
      List<Object> jsonViews = new ArrayList<>();
      for (int n : wanted) {
        MessageEntry e = f.entry(n);
        shown.add(e);
        MessageView view;
        warm.await();
        // the parts stay windows of the source: saved before it is closed
        try (MessageBytes source = MessageOpener.open(f, e)) {
          view = MimeWalker.view(e.number(), source, headers.equals("all"));
          if (saveDir != null) save(inv, view);
        } catch (IOException ex) {
          throw new IoFailureException(f.path() + ": message " + n + ": " + ex.getMessage(), ex);
        }
        if (json) jsonViews.add(view.toJson());
        else {
          if (wanted.size() > 1)
            text.append(text.length() > 0 ? "\n" : "").append("Message ").append(n).append(":\n");
          text.append(view.toText());
        }
      }
      if (json) {
        ctx.out().println(Json.write(jsonViews.size() == 1 ? jsonViews.get(0) : jsonViews));
      } else {
        Pager.show(inv, text.toString());
      }
    }
    markSeen(inv, ref, shown);
    return 0;
  }

  /**
   * Marks what was shown as seen, unless --peek. The messages were shown already, so a folder that
   * cannot be changed (read-only, locked for too long) is a warning, not a failure.
   */
  private void markSeen(Invocation inv, FolderLocator.Ref ref, List<MessageEntry> shown) {
    if (peek || shown.isEmpty()) return;
    try {
      FolderChanges.Outcome o =
          FolderChanges.markSeen(ref, MessageChangeOptions.policy(inv), shown);
      if (o.missed() > 0) {
        inv.warn(
            Sanitizer.line(
                ref.path() + ": " + o.missed() + " message(s) changed meanwhile, not marked seen"));
      }
    } catch (JmailException e) {
      inv.warn(Sanitizer.line(e.getMessage() + " (not marked seen)"));
    }
  }

  private static void writeRaw(Context ctx, Folder f, MessageEntry e) {
    try (InputStream in = f.open(e)) {
      if (ctx.stdoutIsTerminal()) {
        // never raw escape sequences to a terminal; in chunks, so a message of any size streams
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] buf = new char[1 << 14];
        String carry = "";
        for (int n; (n = r.read(buf)) > 0; ) {
          String chunk = carry + new String(buf, 0, n);
          // a CR at the end of a chunk may begin a CRLF: decided with the next chunk
          boolean cr = chunk.endsWith("\r");
          carry = cr ? "\r" : "";
          ctx.out().print(Sanitizer.text(cr ? chunk.substring(0, chunk.length() - 1) : chunk));
        }
        ctx.out().print(Sanitizer.text(carry));
      } else {
        in.transferTo(ctx.out());
      }
      ctx.out().flush();
    } catch (IOException ex) {
      throw new IoFailureException(
          f.path() + ": message " + e.number() + ": " + ex.getMessage(), ex);
    }
  }

  private void save(Invocation inv, MessageView view) {
    for (MessageView.Part p : view.saveable()) {
      String fallback = "message" + view.number() + "-part" + p.index();
      Path written =
          AttachmentFiles.save(saveDir, AttachmentFiles.safeName(p.name(), fallback), p.content());
      inv.warn("saved " + Sanitizer.line(written.toString()));
    }
  }
}
