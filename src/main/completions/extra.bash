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
