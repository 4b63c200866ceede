package dev.jmail.cli;

import dev.jmail.error.UnavailableException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code jmail read N…}: show messages decoded for a human, or raw, or as JSON. */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Show messages.")
final class ReadCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnavailableException("read is not implemented yet");
  }
}
