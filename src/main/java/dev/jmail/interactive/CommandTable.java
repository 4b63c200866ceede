package dev.jmail.interactive;

import java.util.List;
import java.util.Optional;

/**
 * The interactive commands, one row each (as OpenBSD mail's {@code cmdtab.c}): name, what its
 * arguments are, synopsis and help line, handler. Table order decides abbreviations: a word names
 * the first command it is a prefix of ({@code n} next, {@code p} print, {@code s} save, {@code f}
 * from). Message lists are parsed once, centrally, by {@link Repl} before the handler runs.
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

  record Command(String name, Args args, String synopsis, String help, Handler handler) {}

  static final List<Command> COMMANDS =
      List.of(
          new Command("next", Args.MESSAGES, "next [msglist]", "go to and print the next message (also Enter, +)", Commands::next),
          new Command("print", Args.MESSAGES, "print [msglist]", "print messages (also a bare number)", Commands::print),
          new Command("type", Args.MESSAGES, "type [msglist]", "the same as print", Commands::print),
          new Command("Print", Args.MESSAGES, "Print [msglist]", "print messages with all headers", Commands::printAll),
          new Command("Type", Args.MESSAGES, "Type [msglist]", "the same as Print", Commands::printAll),
          new Command("top", Args.MESSAGES, "top [msglist]", "print the first toplines (5) lines of messages", Commands::top),
          new Command("delete", Args.MESSAGES, "delete [msglist]", "delete messages (removed on quit)", Commands::delete),
          new Command("dp", Args.MESSAGES, "dp [msglist]", "delete, then print the next message", Commands::deletePrint),
          new Command("dt", Args.MESSAGES, "dt [msglist]", "the same as dp", Commands::deletePrint),
          new Command("undelete", Args.DELETED, "undelete [msglist]", "undelete messages", Commands::undelete),
          new Command("unread", Args.MESSAGES, "unread [msglist]", "mark messages as not read", Commands::unread),
          new Command("save", Args.MESSAGES_AND_WORD, "save [msglist] [folder]", "append messages to a folder (default &), delete them on quit", Commands::save),
          new Command("copy", Args.MESSAGES_AND_WORD, "copy [msglist] [folder]", "append messages to a folder, keep them here", Commands::copy),
          new Command("write", Args.MESSAGES_AND_WORD, "write [msglist] file", "append message texts without headers to a file", Commands::write),
          new Command("reply", Args.MESSAGES, "reply [message]", "reply to the sender (R: to the sender and all recipients; noflipr swaps)", Commands::lowercaseReply),
          new Command("Reply", Args.MESSAGES, "Reply [message]", "reply to the sender and all recipients", Commands::uppercaseReply),
          new Command("respond", Args.MESSAGES, "respond [message]", "the same as reply", Commands::lowercaseReply),
          new Command("from", Args.MESSAGES, "from [msglist]", "print the header summary lines of messages", Commands::from),
          new Command("mail", Args.WORDS, "mail address...", "compose and send a new message", Commands::mail),
          new Command("headers", Args.MESSAGES, "headers [message]", "print the page of the header summary holding the message", Commands::headers),
          new Command("help", Args.NONE, "help", "list the commands", Commands::help),
          new Command("hold", Args.MESSAGES, "hold [msglist]", "keep messages in the system mailbox on quit", Commands::hold),
          new Command("preserve", Args.MESSAGES, "preserve [msglist]", "the same as hold", Commands::hold),
          new Command("pipe", Args.MESSAGES_AND_WORD, "pipe [msglist] command", "pipe messages to a shell command (also |)", Commands::pipe),
          new Command("z", Args.WORDS, "z [-]", "print the next (z-: previous) page of the header summary", Commands::z),
          new Command("quit", Args.NONE, "quit", "leave, applying deletions and the mbox/hold rules", Commands::quit),
          new Command("xit", Args.NONE, "xit", "leave without changing the folder (also exit)", Commands::exit),
          new Command("exit", Args.NONE, "exit", "leave without changing the folder", Commands::exit),
          new Command("folder", Args.WORDS, "folder [name]", "show the folder, or quit it and open another (% & # +name)", Commands::folder),
          new Command("folders", Args.NONE, "folders", "list the folders in the folder directory", Commands::folders),
          new Command("file", Args.WORDS, "file [name]", "the same as folder", Commands::folder),
          new Command("set", Args.WORDS, "set [name[=value]]...", "set variables, or list them", Commands::set),
          new Command("unset", Args.WORDS, "unset name...", "unset variables", Commands::unset),
          new Command("shell", Args.NONE, "shell", "start an interactive shell", Commands::interactiveShell),
          new Command("retain", Args.WORDS, "retain [header...]", "show only these headers when printing", Commands::retain),
          new Command("ignore", Args.WORDS, "ignore [header...]", "hide these headers when printing", Commands::ignore),
          new Command("discard", Args.WORDS, "discard [header...]", "the same as ignore", Commands::ignore),
          new Command("unretain", Args.WORDS, "unretain header...", "undo retain", Commands::unretain),
          new Command("unignore", Args.WORDS, "unignore header...", "undo ignore", Commands::unignore),
          new Command("alias", Args.WORDS, "alias [name [address...]]", "define or show address aliases", Commands::alias),
          new Command("group", Args.WORDS, "group name address...", "the same as alias", Commands::alias),
          new Command("unalias", Args.WORDS, "unalias name...", "remove aliases", Commands::unalias),
          new Command("edit", Args.MESSAGES, "edit [msglist]", "edit messages with $EDITOR (the edited text replaces the message on quit)", Commands::edit),
          new Command("visual", Args.MESSAGES, "visual [msglist]", "edit messages with $VISUAL (replaced on quit)", Commands::visual),
          new Command("mbox", Args.MESSAGES, "mbox [msglist]", "move messages to MBOX on quit, even unread", Commands::mbox),
          new Command("touch", Args.MESSAGES, "touch [msglist]", "move messages to MBOX on quit as if read", Commands::touch),
          new Command("source", Args.WORDS, "source file", "read commands (as in ~/.mailrc) from a file", Commands::source),
          new Command("cd", Args.WORDS, "cd [directory]", "change the directory for relative file names (default: home)", Commands::cd),
          new Command("chdir", Args.WORDS, "chdir [directory]", "the same as cd", Commands::cd),
          new Command("echo", Args.WORDS, "echo word...", "print the words", Commands::echo),
          new Command("list", Args.NONE, "list", "list the command names", Commands::list),
          new Command("size", Args.MESSAGES, "size [msglist]", "print the sizes of messages", Commands::size),
          new Command("account", Args.WORDS, "account [name]", "list the accounts, or switch to one (opens its inbox or folder)", Commands::account),
          new Command("!", Args.RAW, "!command", "run a shell command", Commands::shell),
          new Command("|", Args.MESSAGES_AND_WORD, "| [msglist] command", "pipe messages to a shell command", Commands::pipe),
          new Command("=", Args.NONE, "=", "print the current message number", Commands::currentNumber),
          new Command("?", Args.NONE, "?", "list the commands", Commands::help),
          new Command("-", Args.NONE, "-", "go to and print the previous message", Commands::previous),
          new Command("+", Args.NONE, "+", "go to and print the next message", Commands::nextOne));

  /** The command a word names: exact match first, else the first in table order it prefixes. */
  static Optional<Command> find(String word) {
    for (Command c : COMMANDS) if (c.name().equals(word)) return Optional.of(c);
    if (word.equals("x")) return find("xit");
    if (word.equals("ex")) return find("exit");
    if (word.equals("ho")) return find("hold");
    if (word.equals("pre")) return find("preserve");
    if (word.equals("fo")) return find("folder");
    if (word.equals("c")) return find("copy");
    if (word.equals("e")) return find("edit");
    if (word.equals("v")) return find("visual");
    if (word.equals("se")) return find("set");
    for (Command c : COMMANDS) {
      if (Character.isLetter(c.name().charAt(0)) && c.name().startsWith(word)) return Optional.of(c);
    }
    return Optional.empty();
  }

  /** Command names, for completion and {@code list}. */
  static List<String> names() {
    return COMMANDS.stream().map(Command::name).filter(n -> Character.isLetter(n.charAt(0))).toList();
  }
}
