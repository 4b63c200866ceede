package dev.jmail.cli;

import picocli.CommandLine.Command;

/** {@code jmail move 8 +projects}: save, then delete from the source once the copy is safe. */
@Command(
    name = "move",
    mixinStandardHelpOptions = true,
    description = {
      "Move messages to TARGET: append them there (fsync'ed), then delete them here. If the source"
          + " changed meanwhile, nothing is deleted (exit 65) and the copies stay."
    })
final class MoveCommand extends SaveCommand {
  @Override
  boolean deleteAfter() {
    return true;
  }
}
