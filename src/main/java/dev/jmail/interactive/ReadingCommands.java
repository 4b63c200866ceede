package dev.jmail.interactive;

import dev.jmail.config.HeaderFilter;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.UsageException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.render.MessageBytes;
import dev.jmail.render.MessageView;
import dev.jmail.render.MimeWalker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Handlers of {@link CommandTable}. Reading: print, top, next and previous, header summaries,
 * sizes.
 */
final class ReadingCommands {
  private ReadingCommands() {}

  static void print(Repl r, CommandTable.Call c) {
    show(r, c.messages(), false);
  }

  static void printAll(Repl r, CommandTable.Call c) {
    show(r, c.messages(), true);
  }

  static void show(Repl r, List<Integer> numbers, boolean allHeaders) {
    StringBuilder text = new StringBuilder();
    for (int n : numbers) {
      if (text.length() > 0) text.append('\n');
      text.append("Message ").append(n).append(":\n").append(view(r, n, allHeaders).toText());
      r.session.markRead(n);
      r.session.setCurrent(n);
    }
    r.screen.page(text.toString());
  }

  /** The message as printed: retain/ignore decide the headers once either is used. */
  static MessageView view(Repl r, int n, boolean allHeaders) {
    HeaderFilter filter = r.settings.headerFilter();
    boolean filtered = !filter.retained().isEmpty() || !filter.ignored().isEmpty();
    MessageView v;
    try (MessageBytes source = r.session.openSource(n)) {
      v = MimeWalker.view(n, source, allHeaders || filtered);
    } catch (IOException e) {
      throw new IoFailureException(r.session.name() + ": message " + n + ": " + e.getMessage(), e);
    }
    if (filtered && !allHeaders) {
      List<MessageView.Header> kept = new ArrayList<>();
      for (MessageView.Header h : v.headers()) if (filter.shows(h.name())) kept.add(h);
      v = new MessageView(v.number(), kept, v.body(), v.parts(), v.problems());
    }
    return v;
  }

  static void top(Repl r, CommandTable.Call c) {
    int lines = r.settings.intValue("toplines", 5);
    StringBuilder text = new StringBuilder();
    for (int n : c.messages()) {
      if (text.length() > 0) text.append('\n');
      MessageView v = view(r, n, false);
      MessageView shortened =
          new MessageView(n, v.headers(), firstLines(v.body(), lines), List.of(), List.of());
      text.append("Message ").append(n).append(":\n").append(shortened.toText());
      r.session.setCurrent(n);
    }
    r.screen.page(text.toString());
  }

  private static String firstLines(String body, int lines) {
    int at = 0;
    for (int i = 0; i < lines; i++) {
      int nl = body.indexOf('\n', at);
      if (nl < 0) return body;
      at = nl + 1;
    }
    return body.substring(0, at);
  }

  static void next(Repl r, CommandTable.Call c) {
    if (!c.messages().isEmpty()) {
      show(r, List.of(c.messages().get(0)), false);
      return;
    }
    nextOne(r, c);
  }

  static void nextOne(Repl r, CommandTable.Call c) {
    Session s = r.session;
    if (s == null) throw new UsageException("no messages");
    // the current message itself when it has not been read yet (start of a session)
    int from = s.current();
    if (from >= 1 && !s.deleted(from) && !s.has(from, Flag.SEEN) && !r.advanced) {
      r.advanced = true;
      show(r, List.of(from), false);
      return;
    }
    for (int i = from + 1; i <= s.count(); i++) {
      if (!s.deleted(i)) {
        r.advanced = true;
        show(r, List.of(i), false);
        return;
      }
    }
    throw new UsageException("at EOF");
  }

  static void previous(Repl r, CommandTable.Call c) {
    Session s = r.session;
    for (int i = s.current() - 1; i >= 1; i--) {
      if (!s.deleted(i)) {
        r.advanced = true;
        show(r, List.of(i), false);
        return;
      }
    }
    throw new UsageException("no previous message");
  }

  static void headers(Repl r, CommandTable.Call c) {
    int n = c.messages().isEmpty() ? r.session.current() : c.messages().get(0);
    r.printHeaderPage(n);
  }

  static void z(Repl r, CommandTable.Call c) {
    List<Integer> shown = r.session.undeleted();
    int size = r.screen.headerLines();
    int start = r.headerPageStart < 0 ? 0 : r.headerPageStart;
    boolean back = !c.words().isEmpty() && c.words().get(0).startsWith("-");
    start = back ? start - size : start + size;
    if (start < 0 || start >= shown.size()) {
      throw new UsageException(
          back ? "On first screenful of messages" : "On last screenful of messages");
    }
    r.headerPageStart = start;
    r.printHeaderLines(shown.subList(start, Math.min(shown.size(), start + size)));
  }

  static void from(Repl r, CommandTable.Call c) {
    r.printHeaderLines(c.messages());
  }

  static void size(Repl r, CommandTable.Call c) {
    for (int n : c.messages()) {
      MessageEntry e = r.session.entry(n);
      r.out.println(n + ": " + (e.lines() >= 0 ? e.lines() + "/" : "") + e.size());
    }
  }

  static void currentNumber(Repl r, CommandTable.Call c) {
    r.out.println(r.session.current());
  }
}
