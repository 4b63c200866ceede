package dev.jmail.cli;

import dev.jmail.app.Invocation;
import dev.jmail.error.UsageException;
import dev.jmail.net.ServerLogin;
import dev.jmail.net.ServerUrl;
import dev.jmail.store.DeliveryTarget;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.pop3.Pop3Fetch;
import dev.jmail.store.pop3.UidlState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jmail fetch pop3s://bob@pop.example.com}: new POP3 mail into a local folder. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Copy new messages from a POP3 mailbox (each once, by UIDL) into the system mailbox or"
          + " FOLDER; with --delete, remove from the server what is safely stored.",
      "Passwords: password-USER@HOST, password-HOST, password, password-eval…, ~/.netrc."
    },
    footer = {
      "%nExamples:",
      "  jmail fetch pop3s://bob@pop.example.com",
      "  jmail fetch pop3s://bob%40example.com@pop.example.com -f ~/Maildir --delete",
      "  jmail fetch -S password-eval='pass show mail' pop3s://bob@pop.example.com"
    })
class FetchCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;

  @Option(
      names = {"-f", "--folder"},
      paramLabel = "FOLDER",
      description =
          "Local folder receiving the messages (mbox or Maildir); default: the system mailbox.")
  String folder;

  @Option(
      names = "--delete",
      description = "Delete fetched messages from the server once stored (fsynced).")
  boolean delete;

  @Parameters(
      paramLabel = "URL",
      description = "pop3s://[user@]host[:port] or pop3://… (STLS required).")
  String url;

  @Override
  public Integer call() {
    Invocation inv = root.invocation(global);
    if (!ServerUrl.isServerUrl(url))
      throw new UsageException(url + ": not a pop3:// or pop3s:// URL");
    ServerUrl server = ServerUrl.parse(url);
    if (!server.protocol().equals("pop3")) {
      throw new UsageException(url + ": fetch reads POP3 mailboxes (pop3:// or pop3s://)");
    }
    ServerLogin login =
        new ServerLogin(
            server, inv.settings(), inv::warn, global.verbose() ? inv.context().err() : null);
    FolderLocator.Ref target =
        new FolderLocator(inv.context().env(), inv.settings()).resolve(folder);
    var state = UidlState.fileFor(inv.context().env(), login.user(), server.host(), server.port());
    ProgressLine progress = ProgressLine.onStderr(inv.context(), "fetched");
    Pop3Fetch.Outcome o;
    try {
      o =
          Pop3Fetch.run(
              login,
              new DeliveryTarget(target, MessageChangeOptions.policy(inv)),
              state,
              delete,
              progress::update);
    } finally {
      progress.end();
    }
    if (global.verbose() || progress.enabled()) {
      inv.warn(
          o.fetched()
              + " new of "
              + o.onServer()
              + " message(s) into "
              + target.path()
              + (delete ? ", " + o.deleted() + " deleted on the server" : ""));
    }
    return 0;
  }
}
