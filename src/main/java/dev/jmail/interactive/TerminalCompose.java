package dev.jmail.interactive;

import dev.jmail.app.Invocation;
import dev.jmail.compose.Draft;
import java.util.Optional;

/**
 * Send mode with stdin on a terminal ({@code jmail -s hi you@example.org} typed at a shell): the
 * body is typed at the compose prompt, with tilde escapes, instead of read to EOF.
 */
public final class TerminalCompose {
  private TerminalCompose() {}

  /**
   * The draft as the user finished it, or empty when aborted ({@code ~q} saves, {@code ~x} not).
   */
  public static Optional<Draft> draft(Invocation inv, Draft start) {
    ComposePrompt.State s = new ComposePrompt.State();
    s.from = start.from();
    s.to.addAll(start.to());
    s.cc.addAll(start.cc());
    s.bcc.addAll(start.bcc());
    s.subject = start.subject();
    s.headers.addAll(start.headers());
    s.attachments.addAll(start.attachments());
    try (LineInput in = Repl.openInput(inv)) {
      ComposePrompt p = new ComposePrompt(inv, in, null);
      if (!p.read(s)) return Optional.empty();
      Draft d = p.toDraft(s);
      return Optional.of(
          new Draft(
              d.from(),
              d.to(),
              d.cc(),
              d.bcc(),
              d.subject(),
              d.headers(),
              d.attachments(),
              d.body(),
              false,
              start.skipEmpty()));
    }
  }
}
