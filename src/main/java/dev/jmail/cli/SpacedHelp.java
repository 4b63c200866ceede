package dev.jmail.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.IParamLabelRenderer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Usage text as people write options and as mailx's manual shows them: {@code -f FOLDER} and {@code
 * -f [FOLDER]}, not picocli's {@code -f=FOLDER}. Only the help changes: {@code --folder=X} is still
 * parsed.
 */
final class SpacedHelp extends CommandLine.Help {
  SpacedHelp(CommandSpec spec, ColorScheme colors) {
    super(spec, colors);
  }

  @Override
  public IParamLabelRenderer parameterLabelRenderer() {
    IParamLabelRenderer plain = super.parameterLabelRenderer();
    return new IParamLabelRenderer() {
      @Override
      public Ansi.Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<Ansi.IStyle> styles) {
        Ansi.Text label = plain.renderParameterLabel(arg, ansi, styles);
        String text = label.plainString();
        String sep = plain.separator();
        if (!arg.isOption() || sep.equals(" ")) return label;
        if (text.startsWith(sep))
          return colorScheme().optionParamText(" " + text.substring(sep.length()));
        if (text.startsWith("[" + sep))
          return colorScheme().optionParamText(" [" + text.substring(sep.length() + 1));
        return label;
      }

      @Override
      public String separator() {
        return " ";
      }
    };
  }
}
