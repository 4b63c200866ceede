package dev.jmail.cli;

import dev.jmail.error.UnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jmail send}: the same as the root's send mode, spelled out for scripts. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Send a message; the body is read from stdin.")
final class SendCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;
  @Mixin SendOptions send;

  @Parameters(paramLabel = "ADDRESS", description = "Recipients.")
  List<String> recipients = new ArrayList<>();

  @Override
  public Integer call() {
    return send(root.invocation(global), send, recipients);
  }

  static int send(Invocation inv, SendOptions options, List<String> recipients) {
    throw new UnavailableException("sending is not implemented yet");
  }
}
