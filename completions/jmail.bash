# shellcheck shell=bash
# jmail completion, generated from the picocli model by
# src/test/java/dev/jmail/docs/CompletionGenerator.java and the hand-written
# src/main/completions/extra.* — do not edit; regenerate: mvn -B -q -o test -Dtest=DocsTest,CompletionTest -Dsurefire.failIfNoSpecifiedTests=false -Djmail.regenerate=true

if [ -n "$BASH_VERSION" ]; then
  # Enable programmable completion facilities when using bash (see [3])
  shopt -s progcomp
elif [ -n "$ZSH_VERSION" ]; then
  # Make alias a distinct command for completion purposes when using zsh (see [4])
  setopt COMPLETE_ALIASES
  alias compopt=complete

  # Enable bash completion in zsh (see [7])
  # Only initialize completions module once to avoid unregistering existing completions.
  if ! type compdef > /dev/null; then
    autoload -U +X compinit && compinit
  fi
  autoload -U +X bashcompinit && bashcompinit
fi

# CompWordsContainsArray takes an array and then checks
# if all elements of this array are in the global COMP_WORDS array.
#
# Returns zero (no error) if all elements of the array are in the COMP_WORDS array,
# otherwise returns 1 (error).
function CompWordsContainsArray() {
  declare -a localArray
  localArray=("$@")
  local findme
  for findme in "${localArray[@]}"; do
    if ElementNotInCompWords "$findme"; then return 1; fi
  done
  return 0
}
function ElementNotInCompWords() {
  local findme="$1"
  local element
  for element in "${COMP_WORDS[@]}"; do
    if [[ "$findme" = "$element" ]]; then return 1; fi
  done
  return 0
}

# The `currentPositionalIndex` function calculates the index of the current positional parameter.
#
# currentPositionalIndex takes three parameters:
# the command name,
# a space-separated string with the names of options that take a parameter, and
# a space-separated string with the names of boolean options (that don't take any params).
# When done, this function echos the current positional index to std_out.
#
# Example usage:
# local currIndex=$(currentPositionalIndex "mysubcommand" "$ARG_OPTS" "$FLAG_OPTS")
function currentPositionalIndex() {
  local commandName="$1"
  local optionsWithArgs="$2"
  local booleanOptions="$3"
  local previousWord
  local result=0

  for i in $(seq $((COMP_CWORD - 1)) -1 0); do
    previousWord=${COMP_WORDS[i]}
    if [ "${previousWord}" = "$commandName" ]; then
      break
    fi
    if [[ "${optionsWithArgs}" =~ ${previousWord} ]]; then
      ((result-=2)) # Arg option and its value not counted as positional param
    elif [[ "${booleanOptions}" =~ ${previousWord} ]]; then
      ((result-=1)) # Flag option itself not counted as positional param
    fi
    ((result++))
  done
  echo "$result"
}

# compReplyArray generates a list of completion suggestions based on an array, ensuring all values are properly escaped.
#
# compReplyArray takes a single parameter: the array of options to be displayed
#
# The output is echoed to std_out, one option per line.
#
# Example usage:
# local options=("foo", "bar", "baz")
# local IFS=$'\n'
# COMPREPLY=($(compReplyArray "${options[@]}"))
function compReplyArray() {
  declare -a options
  options=("$@")
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local i
  local quoted
  local optionList=()

  for (( i=0; i<${#options[@]}; i++ )); do
    # Double escape, since we want escaped values, but compgen -W expands the argument
    printf -v quoted %q "${options[i]}"
    quoted=\'${quoted//\'/\'\\\'\'}\'

    optionList[i]=$quoted
  done

  # We also have to add another round of escaping to $curr_word.
  curr_word=${curr_word//\\/\\\\}
  curr_word=${curr_word//\'/\\\'}

  # Actually generate completions.
  local IFS=$'\n'
  echo -e "$(compgen -W "${optionList[*]}" -- "$curr_word")"
}

# Bash completion entry point function.
# _complete_jmail finds which commands and subcommands have been specified
# on the command line and delegates to the appropriate function
# to generate possible options and subcommands for the last specified subcommand.
function _complete_jmail() {
  # Edge case: if command line has no space after subcommand, then don't assume this subcommand is selected (remkop/picocli#1468).
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} send" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} list" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} read" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} flag" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} delete" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} save" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} move" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} fetch" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} watch" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} queue" ];    then _picocli_jmail; return $?; fi
  if [ "${COMP_LINE}" = "${COMP_WORDS[0]} index" ];    then _picocli_jmail; return $?; fi

  # Find the longest sequence of subcommands and call the bash function for that subcommand.
  local cmds0=(send)
  local cmds1=(list)
  local cmds2=(read)
  local cmds3=(flag)
  local cmds4=(delete)
  local cmds5=(save)
  local cmds6=(move)
  local cmds7=(fetch)
  local cmds8=(watch)
  local cmds9=(queue)
  local cmds10=(index)

  if CompWordsContainsArray "${cmds10[@]}"; then _picocli_jmail_index; return $?; fi
  if CompWordsContainsArray "${cmds9[@]}"; then _picocli_jmail_queue; return $?; fi
  if CompWordsContainsArray "${cmds8[@]}"; then _picocli_jmail_watch; return $?; fi
  if CompWordsContainsArray "${cmds7[@]}"; then _picocli_jmail_fetch; return $?; fi
  if CompWordsContainsArray "${cmds6[@]}"; then _picocli_jmail_move; return $?; fi
  if CompWordsContainsArray "${cmds5[@]}"; then _picocli_jmail_save; return $?; fi
  if CompWordsContainsArray "${cmds4[@]}"; then _picocli_jmail_delete; return $?; fi
  if CompWordsContainsArray "${cmds3[@]}"; then _picocli_jmail_flag; return $?; fi
  if CompWordsContainsArray "${cmds2[@]}"; then _picocli_jmail_read; return $?; fi
  if CompWordsContainsArray "${cmds1[@]}"; then _picocli_jmail_list; return $?; fi
  if CompWordsContainsArray "${cmds0[@]}"; then _picocli_jmail_send; return $?; fi

  # No subcommands were specified; generate completions for the top-level command.
  _picocli_jmail; return $?;
}

# Generates completions for the options and subcommands of the `jmail` command.
function _picocli_jmail() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands="send list read flag delete save move fetch watch queue index"
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '-E' '--skip-empty' '-t' '--read-recipients' '--dry-run' '--json' '-H' '-e' '-N' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-s' '--subject' '-c' '--cc' '-b' '--bcc' '-a' '--attach' '-r' '--from' '-C' '--header' '-f'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-s'|'--subject')
      return
      ;;
    '-c'|'--cc')
      return
      ;;
    '-b'|'--bcc')
      return
      ;;
    '-a'|'--attach')
      return
      ;;
    '-r'|'--from')
      return
      ;;
    '-C'|'--header')
      return
      ;;
    '-f')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `send` subcommand.
function _picocli_jmail_send() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '-E' '--skip-empty' '-t' '--read-recipients' '--dry-run' '--json' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-s' '--subject' '-c' '--cc' '-b' '--bcc' '-a' '--attach' '-r' '--from' '-C' '--header'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-s'|'--subject')
      return
      ;;
    '-c'|'--cc')
      return
      ;;
    '-b'|'--bcc')
      return
      ;;
    '-a'|'--attach')
      return
      ;;
    '-r'|'--from')
      return
      ;;
    '-C'|'--header')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `list` subcommand.
function _picocli_jmail_list() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '--json' '--unread' '--folders' '--cached' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder' '--from' '--subject' '--since'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
    '--from')
      return
      ;;
    '--subject')
      return
      ;;
    '--since')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `read` subcommand.
function _picocli_jmail_read() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '--raw' '--json' '--peek' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder' '--headers' '--save-attachments'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
    '--headers')
      return
      ;;
    '--save-attachments')
      local IFS=$'\n'
      type compopt &>/dev/null && compopt -o filenames
      COMPREPLY=( $( compgen -f -- "${curr_word}" ) ) # files
      return $?
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `flag` subcommand.
function _picocli_jmail_flag() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `delete` subcommand.
function _picocli_jmail_delete() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `save` subcommand.
function _picocli_jmail_save() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `move` subcommand.
function _picocli_jmail_move() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `fetch` subcommand.
function _picocli_jmail_fetch() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '--delete' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `watch` subcommand.
function _picocli_jmail_watch() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '--json' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder' '--idle-renew' '--count' '--give-up'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
    '--idle-renew')
      return
      ;;
    '--count')
      return
      ;;
    '--give-up')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `queue` subcommand.
function _picocli_jmail_queue() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '--flush' '--any-transport' '--json' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '--drop'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '--drop')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Generates completions for the options and subcommands of the `index` subcommand.
function _picocli_jmail_index() {
  # Get completion data
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}

  local commands=""
  local flag_opts="'-n' '--no-system-rc' '-d' '--debug' '-v' '--verbose' '--clear' '--json' '-h' '--help' '-V' '--version'"
  local arg_opts="'-S' '--set' '-A' '--account' '-f' '--folder'"

  type compopt &>/dev/null && compopt +o default

  case ${prev_word} in
    '-S'|'--set')
      return
      ;;
    '-A'|'--account')
      return
      ;;
    '-f'|'--folder')
      return
      ;;
  esac

  if [[ "${curr_word}" == -* ]]; then
    COMPREPLY=( $(compgen -W "${flag_opts} ${arg_opts}" -- "${curr_word}") )
  else
    local positionals=""
    local IFS=$'\n'
    COMPREPLY=( $(compgen -W "${commands// /$'\n'}${IFS}${positionals}" -- "${curr_word}") )
  fi
}

# Define a completion specification (a compspec) for the
# `jmail`, `jmail.sh`, and `jmail.bash` commands.
# Uses the bash `complete` builtin (see [6]) to specify that shell function
# `_complete_jmail` is responsible for generating possible completions for the
# current word on the command line.
# The `-o default` option means that if the function generated no matches, the
# default Bash completions and the Readline default filename completions are performed.

# --- generated: what each option and command takes
_jmail_value_kind() {
  case $1 in
    -A|--account) echo account ;;
    -c|--cc|-b|--bcc|-r|--from) echo address ;;
    -a|--attach) echo file ;;
    -f|--folder) echo folder ;;
    --save-attachments) echo directory ;;
  esac
}

_jmail_children() {
  case $1 in
    '') echo 'send list read flag delete save move fetch watch queue index' ;;
  esac
}

_jmail_positional_kinds() {
  case $1 in
    '') echo 'address' ;;
    'send') echo 'address' ;;
    'save') echo 'folder' ;;
    'move') echo 'folder' ;;
  esac
}

# --- hand-written: src/main/completions/extra.bash
# The folder directory: the last `set folder=...` in $MAILRC or ~/.mailrc, made absolute
# (mailx: relative to $HOME).
_jmail_sed_folder='s/^[[:space:]]*(set|se|s)[[:space:]](.*[[:space:]])?folder=("([^"]*)"|'\''([^'\'']*)'\''|([^[:space:]]+)).*/\4\5\6/p'
_jmail_folder_dir() {
  local rc=${MAILRC:-$HOME/.mailrc} dir
  [ -r "$rc" ] || return 1
  dir=$(sed -n -E "$_jmail_sed_folder" "$rc" | tail -n 1)
  [ -n "$dir" ] || return 1
  case $dir in
    "~") dir=$HOME ;;
    "~/"*) dir=$HOME/${dir#"~/"} ;;
    /*) ;;
    *) dir=$HOME/$dir ;;
  esac
  printf '%s\n' "${dir%/}"
}

# +name completions for the folders under the folder directory.
_jmail_folders() {
  local dir word f base IFS=$'\n'
  dir=$(_jmail_folder_dir) || return 0
  word=${1#+}
  for f in $(compgen -f -- "$dir/$word"); do
    base=${f#"$dir"/}
    if [ -d "$f" ] && [ ! -d "$f/cur" ]; then COMPREPLY+=("+$base/"); else COMPREPLY+=("+$base"); fi
  done
  if [ ${#COMPREPLY[@]} -eq 1 ] && [[ ${COMPREPLY[0]} == */ ]]; then
    compopt -o nospace 2>/dev/null
  fi
  return 0
}

# Alias names defined in the start-up file (alias/group lines).
_jmail_aliases() {
  local rc=${MAILRC:-$HOME/.mailrc}
  [ -r "$rc" ] || return 0
  sed -n -E 's/^[[:space:]]*(alias|a|group|g)[[:space:]]+([^[:space:]]+).*/\2/p' "$rc"
}

# Account names: the account NAME { blocks of the start-up file.
_jmail_accounts() {
  local rc=${MAILRC:-$HOME/.mailrc}
  [ -r "$rc" ] || return 0
  sed -n -E 's/^[[:space:]]*(account|acc)[[:space:]]+([^[:space:]{]+)[[:space:]]*\{[[:space:]]*$/\2/p' "$rc"
}

# Completes a value of the given kind (see _jmail_value_kind).
_jmail_complete_value() {
  local IFS=$'\n'
  case $1 in
    folder)
      if [[ $2 == +* ]]; then
        _jmail_folders "$2"
      else
        compopt -o filenames 2>/dev/null
        COMPREPLY+=($(compgen -f -- "$2"))
        [ -z "$2" ] && _jmail_folders "+"
      fi
      ;;
    file)
      compopt -o filenames 2>/dev/null
      COMPREPLY+=($(compgen -f -- "$2"))
      ;;
    directory)
      compopt -o filenames 2>/dev/null
      COMPREPLY+=($(compgen -d -- "$2"))
      ;;
    address)
      COMPREPLY+=($(compgen -W "$(_jmail_aliases)" -- "$2"))
      ;;
    account)
      COMPREPLY+=($(compgen -W "$(_jmail_accounts)" -- "$2"))
      ;;
  esac
  return 0
}

# Entry point: option values and +folders first, then picocli's completion of options and
# subcommands, then what the command's positional parameters take.
_jmail() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev="" kind path="" i w k
  [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  kind=$(_jmail_value_kind "$prev")
  if [ -n "$kind" ]; then
    _jmail_complete_value "$kind" "$cur"
    return 0
  fi
  if [[ $cur == +* ]]; then
    _jmail_folders "$cur"
    return 0
  fi
  _complete_jmail "$@"
  [[ $cur == -* ]] && return 0
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    case " $(_jmail_children "$path") " in
      *" $w "*) path=${path:+$path }$w ;;
    esac
  done
  for k in $(_jmail_positional_kinds "$path"); do
    _jmail_complete_value "$k" "$cur"
  done
  return 0
}

complete -F _jmail -o default jmail
