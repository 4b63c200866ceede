package dev.jmail.docs;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the shells should offer as the value of an option or positional parameter. Decided from the
 * picocli model — option names, parameter label and type — so that an option added by anyone later
 * ({@code --save-attachments DIR}, {@code save N FOLDER}) completes sensibly without touching the
 * generators.
 */
enum ValueKind {
  NONE,
  FOLDER,
  FILE,
  DIRECTORY,
  ADDRESS,
  /** An account name: the account NAME { blocks of the start-up file. */
  ACCOUNT,
  /** A fixed set: enum constants or picocli completion candidates. */
  CHOICE;

  static ValueKind of(ArgSpec arg) {
    if (arg.arity().max() == 0) return NONE;
    String label = arg.paramLabel().toUpperCase(Locale.ROOT);
    if (arg instanceof OptionSpec o) {
      List<String> names = List.of(o.names());
      if (names.contains("-f") || names.contains("--folder")) return FOLDER;
    }
    if (label.contains("FOLDER") || label.contains("MAILBOX") || label.contains("TARGET"))
      return FOLDER;
    if (label.contains("DIR")) return DIRECTORY;
    if (label.contains("FILE") || label.contains("PATH")) return FILE;
    Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
    if (type == File.class || type == Path.class) return FILE;
    if (label.equals("ACCOUNT")) return ACCOUNT;
    if (label.contains("ADDR") || label.equals("FROM") || label.contains("RECIPIENT"))
      return ADDRESS;
    if (choices(arg).iterator().hasNext()) return CHOICE;
    return NONE;
  }

  static Iterable<String> choices(ArgSpec arg) {
    Iterable<String> c = arg.completionCandidates();
    return c == null ? List.of() : c;
  }
}
