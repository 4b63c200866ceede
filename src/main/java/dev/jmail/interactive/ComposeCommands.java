package dev.jmail.interactive;

import dev.jmail.error.UsageException;
import dev.jmail.message.Flag;

/** Handlers of {@link CommandTable}. Answering and sending: reply, Reply, mail. */
final class ComposeCommands {
  private ComposeCommands() {}

  // The (and mutt's) habit: r answers the sender, R everyone. POSIX has it the other way
  // round; `set noflipr` gives that.
  static void lowercaseReply(Repl r, CommandTable.Call c) {
    reply(r, c, !r.settings.isSet("flipr"));
  }

  static void uppercaseReply(Repl r, CommandTable.Call c) {
    reply(r, c, r.settings.isSet("flipr"));
  }

  private static void reply(Repl r, CommandTable.Call c, boolean all) {
    int n = c.messages().get(0);
    r.session.setCurrent(n);
    ComposePrompt.State draft = Replies.draft(r, n, all);
    if (new ComposePrompt(r.inv, r.input, r).run(draft)) r.session.change(n, Flag.ANSWERED, true);
  }

  static void mail(Repl r, CommandTable.Call c) {
    ComposePrompt.State draft = new ComposePrompt.State();
    draft.to.addAll(c.words());
    if (draft.to.isEmpty() && !r.input.isTerminal())
      throw new UsageException("mail: give an address");
    new ComposePrompt(r.inv, r.input, r).run(draft);
  }
}
