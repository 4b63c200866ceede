package dev.jmail.cli;

import dev.jmail.app.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code jmail --help} and {@code jmail COMMAND --help} without picocli: building the model of
 * every command by reflection takes most of a help run's time, and the text it renders for a pipe
 * or file (no colour, 80 columns) is always the same. That text is kept in the jar ({@code
 * /dev/jmail/help/NAME.txt}, rendered by picocli from the model; PrerenderedHelpTest fails when one
 * differs from what picocli renders now, and regenerates them). Coloured help, a set {@code
 * picocli.usage.width} or a command without a text go through picocli as before.
 */
final class PrerenderedHelp {
  private PrerenderedHelp() {}

  /** Where the texts live in the jar: {@code RESOURCES + name + ".txt"}. */
  static final String RESOURCES = "/dev/jmail/help/";

  /**
   * The name of the command whose help these arguments ask for and nothing else: {@code jmail} for
   * {@code --help} or {@code -h} alone, the subcommand's name for {@code SUB --help}; else null.
   */
  static String command(String[] args, String[] subcommands) {
    if (args.length == 1 && isHelp(args[0])) return "jmail";
    if (args.length == 2 && isHelp(args[1])) {
      for (String sub : subcommands) if (sub.equals(args[0])) return sub;
    }
    return null;
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }

  /** The pre-rendered text for this invocation, or null when picocli must render it. */
  static String text(Context context, String[] args, String[] subcommands) {
    if (context.stdoutIsTerminal() || Colour.enabled(context)) return null;
    if (System.getProperty("picocli.usage.width") != null) return null;
    String name = command(args, subcommands);
    if (name == null) return null;
    try (InputStream in = PrerenderedHelp.class.getResourceAsStream(RESOURCES + name + ".txt")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
