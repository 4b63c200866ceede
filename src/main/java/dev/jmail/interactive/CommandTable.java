package dev.jmail.interactive;

import java.util.List;
import java.util.Optional;

/**
 * The interactive commands, one row each (as OpenBSD mail's {@code cmdtab.c}): name, what its
 * abbreviation, what its arguments are, synopsis and help line, handler. Table order decides
 * abbreviations (a word names the first command it is a prefix of: {@code n} next, {@code p} print,
 * {@code s} save, {@code f} from) except where a row names its own ({@code x} xit). Message lists
 * are parsed once, centrally, by {@link Repl} before the handler runs.
 */
final class CommandTable {
  private CommandTable() {}

  /** What a command's arguments are. */
  enum Args {
    /** A message list; the current message when none is given. */
    MESSAGES,
    /** A message list of deleted messages (undelete). */
    DELETED,
    /** A message list, then one last word (a file, a command); the list defaults to current. */
    MESSAGES_AND_WORD,
    /** Words, split as the shell would. */
    WORDS,
    /** The rest of the line as typed. */
    RAW,
    NONE
  }

  /** One parsed command: the messages (when it takes a list), the words, the raw rest of line. */
  record Call(String name, List<Integer> messages, List<String> words, String rest) {
    String word(int i) {
      return i < words.size() ? words.get(i) : null;
    }
  }

  @FunctionalInterface
  interface Handler {
    void run(Repl r, Call c);
  }

  /**
   * One row. {@code abbreviation}: the short form mailx accepts although an earlier row would claim
   * it by table order ({@code c} copy, not {@code cd}; {@code x} xit); null when table order
   * decides.
   */
  record Command(
      String name, String abbreviation, Args args, String synopsis, String help, Handler handler) {
    Command(String name, Args args, String synopsis, String help, Handler handler) {
      this(name, null, args, synopsis, help, handler);
    }
  }

  static final List<Command> COMMANDS =
      List.of(
          new Command(
              "next",
              Args.MESSAGES,
              "next [msglist]",
              "go to and print the next message (also Enter, +)",
              ReadingCommands::next),
          new Command(
              "print",
              Args.MESSAGES,
              "print [msglist]",
              "print messages (also a bare number)",
              ReadingCommands::print),
          new Command(
              "type", Args.MESSAGES, "type [msglist]", "the same as print", ReadingCommands::print),
          new Command(
              "Print",
              Args.MESSAGES,
              "Print [msglist]",
              "print messages with all headers",
              ReadingCommands::printAll),
          new Command(
              "Type",
              Args.MESSAGES,
              "Type [msglist]",
              "the same as Print",
              ReadingCommands::printAll),
          new Command(
              "top",
              Args.MESSAGES,
              "top [msglist]",
              "print the first toplines (5) lines of messages",
              ReadingCommands::top),
          new Command(
              "delete",
              Args.MESSAGES,
              "delete [msglist]",
              "delete messages (removed on quit)",
              ChangeCommands::delete),
          new Command(
              "dp",
              Args.MESSAGES,
              "dp [msglist]",
              "delete, then print the next message",
              ChangeCommands::deletePrint),
          new Command(
              "dt", Args.MESSAGES, "dt [msglist]", "the same as dp", ChangeCommands::deletePrint),
          new Command(
              "undelete",
              Args.DELETED,
              "undelete [msglist]",
              "undelete messages",
              ChangeCommands::undelete),
          new Command(
              "unread",
              Args.MESSAGES,
              "unread [msglist]",
              "mark messages as not read",
              ChangeCommands::unread),
          new Command(
              "save",
              Args.MESSAGES_AND_WORD,
              "save [msglist] [folder]",
              "append messages to a folder (default &), delete them on quit",
              FolderCommands::save),
          new Command(
              "copy",
              "c",
              Args.MESSAGES_AND_WORD,
              "copy [msglist] [folder]",
              "append messages to a folder, keep them here",
              FolderCommands::copy),
          new Command(
              "write",
              Args.MESSAGES_AND_WORD,
              "write [msglist] file",
              "append message texts without headers to a file",
              FolderCommands::write),
          new Command(
              "reply",
              Args.MESSAGES,
              "reply [message]",
              "reply to the sender (R: to the sender and all recipients; noflipr swaps)",
              ComposeCommands::lowercaseReply),
          new Command(
              "Reply",
              Args.MESSAGES,
              "Reply [message]",
              "reply to the sender and all recipients",
              ComposeCommands::uppercaseReply),
          new Command(
              "respond",
              Args.MESSAGES,
              "respond [message]",
              "the same as reply",
              ComposeCommands::lowercaseReply),
          new Command(
              "from",
              Args.MESSAGES,
              "from [msglist]",
              "print the header summary lines of messages",
              ReadingCommands::from),
          new Command(
              "mail",
              Args.WORDS,
              "mail address...",
              "compose and send a new message",
              ComposeCommands::mail),
          new Command(
              "headers",
              Args.MESSAGES,
              "headers [message]",
              "print the page of the header summary holding the message",
              ReadingCommands::headers),
          new Command("help", Args.NONE, "help", "list the commands", PromptCommands::help),
          new Command(
              "hold",
              "ho",
              Args.MESSAGES,
              "hold [msglist]",
              "keep messages in the system mailbox on quit",
              ChangeCommands::hold),
          new Command(
              "preserve",
              "pre",
              Args.MESSAGES,
              "preserve [msglist]",
              "the same as hold",
              ChangeCommands::hold),
          new Command(
              "pipe",
              Args.MESSAGES_AND_WORD,
              "pipe [msglist] command",
              "pipe messages to a shell command (also |)",
              PromptCommands::pipe),
          new Command(
              "z",
              Args.WORDS,
              "z [-]",
              "print the next (z-: previous) page of the header summary",
              ReadingCommands::z),
          new Command(
              "quit",
              Args.NONE,
              "quit",
              "leave, applying deletions and the mbox/hold rules",
              FolderCommands::quit),
          new Command(
              "xit",
              "x",
              Args.NONE,
              "xit",
              "leave without changing the folder (also exit)",
              FolderCommands::exit),
          new Command(
              "exit",
              "ex",
              Args.NONE,
              "exit",
              "leave without changing the folder",
              FolderCommands::exit),
          new Command(
              "folder",
              "fo",
              Args.WORDS,
              "folder [name]",
              "show the folder, or quit it and open another (% & # +name)",
              FolderCommands::folder),
          new Command(
              "folders",
              Args.NONE,
              "folders",
              "list the folders in the folder directory",
              FolderCommands::folders),
          new Command(
              "file", Args.WORDS, "file [name]", "the same as folder", FolderCommands::folder),
          new Command(
              "set",
              "se",
              Args.WORDS,
              "set [name[=value]]...",
              "set variables, or list them",
              SettingCommands::set),
          new Command(
              "unset", Args.WORDS, "unset name...", "unset variables", SettingCommands::unset),
          new Command(
              "shell",
              Args.NONE,
              "shell",
              "start an interactive shell",
              PromptCommands::interactiveShell),
          new Command(
              "retain",
              Args.WORDS,
              "retain [header...]",
              "show only these headers when printing",
              SettingCommands::retain),
          new Command(
              "ignore",
              Args.WORDS,
              "ignore [header...]",
              "hide these headers when printing",
              SettingCommands::ignore),
          new Command(
              "discard",
              Args.WORDS,
              "discard [header...]",
              "the same as ignore",
              SettingCommands::ignore),
          new Command(
              "unretain",
              Args.WORDS,
              "unretain header...",
              "undo retain",
              SettingCommands::unretain),
          new Command(
              "unignore",
              Args.WORDS,
              "unignore header...",
              "undo ignore",
              SettingCommands::unignore),
          new Command(
              "alias",
              Args.WORDS,
              "alias [name [address...]]",
              "define or show address aliases",
              SettingCommands::alias),
          new Command(
              "group",
              Args.WORDS,
              "group name address...",
              "the same as alias",
              SettingCommands::alias),
          new Command(
              "unalias", Args.WORDS, "unalias name...", "remove aliases", SettingCommands::unalias),
          new Command(
              "edit",
              "e",
              Args.MESSAGES,
              "edit [msglist]",
              "edit messages with $EDITOR (the edited text replaces the message on quit)",
              ChangeCommands::edit),
          new Command(
              "visual",
              "v",
              Args.MESSAGES,
              "visual [msglist]",
              "edit messages with $VISUAL (replaced on quit)",
              ChangeCommands::visual),
          new Command(
              "mbox",
              Args.MESSAGES,
              "mbox [msglist]",
              "move messages to MBOX on quit, even unread",
              ChangeCommands::mbox),
          new Command(
              "touch",
              Args.MESSAGES,
              "touch [msglist]",
              "move messages to MBOX on quit as if read",
              ChangeCommands::touch),
          new Command(
              "move",
              Args.MESSAGES_AND_WORD,
              "move [msglist] folder",
              "append messages to a folder (s-nail), then delete them here",
              FolderCommands::move),
          new Command(
              "mv",
              Args.MESSAGES_AND_WORD,
              "mv [msglist] folder",
              "the same as move",
              FolderCommands::move),
          new Command(
              "source",
              Args.WORDS,
              "source file",
              "read commands (as in ~/.mailrc) from a file",
              SettingCommands::source),
          new Command(
              "cd",
              Args.WORDS,
              "cd [directory]",
              "change the directory for relative file names (default: home)",
              FolderCommands::cd),
          new Command(
              "chdir", Args.WORDS, "chdir [directory]", "the same as cd", FolderCommands::cd),
          new Command("echo", Args.WORDS, "echo word...", "print the words", PromptCommands::echo),
          new Command("list", Args.NONE, "list", "list the command names", PromptCommands::list),
          new Command(
              "size",
              Args.MESSAGES,
              "size [msglist]",
              "print the sizes of messages",
              ReadingCommands::size),
          new Command(
              "account",
              Args.WORDS,
              "account [name]",
              "list the accounts, or switch to one (opens its inbox or folder)",
              FolderCommands::account),
          new Command("!", Args.RAW, "!command", "run a shell command", PromptCommands::shell),
          new Command(
              "|",
              Args.MESSAGES_AND_WORD,
              "| [msglist] command",
              "pipe messages to a shell command",
              PromptCommands::pipe),
          new Command(
              "=",
              Args.NONE,
              "=",
              "print the current message number",
              ReadingCommands::currentNumber),
          new Command("?", Args.NONE, "?", "list the commands", PromptCommands::help),
          new Command(
              "-",
              Args.NONE,
              "-",
              "go to and print the previous message",
              ReadingCommands::previous),
          new Command(
              "+", Args.NONE, "+", "go to and print the next message", ReadingCommands::nextOne));

  /**
   * The command a word names: exact match first, then a row's abbreviation, else the first in table
   * order it prefixes.
   */
  static Optional<Command> find(String word) {
    for (Command c : COMMANDS) if (c.name().equals(word)) return Optional.of(c);
    for (Command c : COMMANDS) if (word.equals(c.abbreviation())) return Optional.of(c);
    for (Command c : COMMANDS) {
      if (Character.isLetter(c.name().charAt(0)) && c.name().startsWith(word))
        return Optional.of(c);
    }
    return Optional.empty();
  }

  /** Command names, for completion and {@code list}. */
  static List<String> names() {
    return COMMANDS.stream()
        .map(Command::name)
        .filter(n -> Character.isLetter(n.charAt(0)))
        .toList();
  }
}
