package dev.jmail.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Examples shown at the end of {@code --help}, per command. A command that declares its own {@code
 * footer} keeps it; these fill in for the others.
 */
final class HelpExamples {
  private HelpExamples() {}

  private static final Map<String, List<String>> EXAMPLES =
      Map.of(
          "jmail",
          List.of(
              "jmail -s \"Backup finished\" ops@example.com <<< \"All 42 volumes OK\"",
              "df -h | jmail -s \"Disk report\" -c lead@example.com root",
              "jmail -s Logs -a syslog.gz -r bot@example.com you@example.com < body.txt",
              "jmail -H                   header summary of the system mailbox",
              "jmail -e && echo \"you have mail\"",
              "jmail -f +archive          the folder 'archive' in the folder directory",
              "man jmail                  the whole manual"),
          "jmail send",
          List.of(
              "jmail send -s \"Same thing\" you@example.com <<< \"body\"",
              "jmail send --dry-run -s Test -b audit@example.com you@example.com < body.txt",
              "jmail send -t < message.eml     recipients from the message's headers",
              "jmail send --json -s Report boss@example.com < report.txt | jq -r .message_id"),
          "jmail list",
          List.of(
              "jmail list                      the system mailbox",
              "jmail list -f ~/Maildir",
              "jmail list -f box 5 7-9 :u       messages 5, 7 to 9 and the unread ones",
              "jmail list -f ~/old.mbox --json | jq '.[] | select(.flags | index(\"new\"))'"),
          "jmail flag",
          List.of(
              "jmail flag 4 flagged            set a flag",
              "jmail flag 4 -seen              clear one",
              "jmail flag -f ~/Maildir 2 5-7 seen"),
          "jmail delete",
          List.of(
              "jmail delete 2 5-7",
              "jmail list --unread --json | jq '.[].index' | xargs jmail delete"),
          "jmail save",
          List.of(
              "jmail save 8 ~/archive.mbox     append a copy (created if missing)",
              "jmail save -f ~/Maildir 3-5 +projects"),
          "jmail move",
          List.of(
              "jmail move 8 +projects          save, then delete, as one safe operation",
              "jmail move -f ~/old.mbox '*' maildir:~/Maildir/.Archive"),
          "jmail read",
          List.of(
              "jmail read 3                    message 3, decoded for a human",
              "jmail read -f ~/Maildir 12 --raw > message.eml",
              "jmail read 3 --json | jq ."));

  static void apply(CommandLine cl) {
    CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
    List<String> examples = EXAMPLES.get(cl.getCommandSpec().qualifiedName(" "));
    if (examples != null && usage.footer().length == 0) {
      String[] footer = new String[examples.size() + 1];
      footer[0] = "%nExamples:";
      for (int i = 0; i < examples.size(); i++) {
        footer[i + 1] = "  " + examples.get(i).replace("%", "%%");
      }
      usage.footer(footer);
    }
    for (CommandLine sub : cl.getSubcommands().values()) apply(sub);
  }
}
