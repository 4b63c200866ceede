# The folder directory: the last `set folder=...` in $MAILRC or ~/.mailrc, made absolute
# (mailx: relative to $HOME).
_jmail_folder_dir() {
  local rc=${MAILRC:-$HOME/.mailrc} dir
  [[ -r $rc ]] || return 1
  dir=$(sed -n -E 's/^[[:space:]]*(set|se|s)[[:space:]](.*[[:space:]])?folder=("([^"]*)"|'\''([^'\'']*)'\''|([^[:space:]]+)).*/\4\5\6/p' "$rc" | tail -n 1)
  [[ -n $dir ]] || return 1
  case $dir in
    "~") dir=$HOME ;;
    "~/"*) dir=$HOME/${dir#"~/"} ;;
    /*) ;;
    *) dir=$HOME/$dir ;;
  esac
  print -r -- ${dir%/}
}

# A folder: +name under the folder directory, else a file or directory.
_jmail_folder() {
  local dir
  if compset -P '+'; then
    dir=$(_jmail_folder_dir) || return 1
    _files -W "$dir"
  else
    _files
  fi
}

# Alias names from the start-up file, else nothing (an address is typed).
_jmail_address() {
  local rc=${MAILRC:-$HOME/.mailrc}
  local -a names
  [[ -r $rc ]] && names=(${(f)"$(sed -n -E 's/^[[:space:]]*(alias|a|group|g)[[:space:]]+([^[:space:]]+).*/\2/p' "$rc")"})
  (( $#names )) && compadd -a names
}

# Account names: the account NAME { blocks of the start-up file.
_jmail_account() {
  local rc=${MAILRC:-$HOME/.mailrc}
  local -a names
  [[ -r $rc ]] && names=(${(f)"$(sed -n -E 's/^[[:space:]]*(account|acc)[[:space:]]+([^[:space:]{]+)[[:space:]]*\{[[:space:]]*$/\2/p' "$rc")"})
  (( $#names )) && compadd -a names
}
