package dev.jmail.cli;

import dev.jmail.error.UnavailableException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jmail list}: the header summary of a folder. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Print the header summary of a folder.")
final class ListCommand implements Callable<Integer> {
  @ParentCommand JmailCommand root;
  @Mixin GlobalOptions global;

  @Option(names = {"-f", "--folder"}, paramLabel = "FOLDER", description = "Folder to list.")
  String folder;

  @Override
  public Integer call() {
    throw new UnavailableException("list is not implemented yet");
  }
}
