# The user's start-up file.
function __jmail_rc
    if set -q MAILRC; and test -n "$MAILRC"
        echo $MAILRC
    else
        echo $HOME/.mailrc
    end
end

# The folder directory: the last `set folder=...` in the start-up file, made absolute.
function __jmail_folder_dir
    set -l rc (__jmail_rc)
    test -r $rc; or return 1
    set -l dir (sed -n -E 's/^[[:space:]]*(set|se|s)[[:space:]](.*[[:space:]])?folder=("([^"]*)"|\'([^\']*)\'|([^[:space:]]+)).*/\4\5\6/p' $rc | tail -n 1)
    test -n "$dir"; or return 1
    switch $dir
        case '~'
            set dir $HOME
        case '~/*'
            set dir $HOME/(string sub -s 3 -- $dir)
        case '/*'
        case '*'
            set dir $HOME/$dir
    end
    string replace -r '/+$' '' -- $dir
end

# A folder: +name under the folder directory, or a path.
function __jmail_folder_values
    set -l tok (commandline -ct)
    set -l dir (__jmail_folder_dir)
    if test -n "$dir"
        set -l word (string replace -r '^\+' '' -- $tok)
        for f in $dir/$word*
            set -l base (string replace -- "$dir/" '' $f)
            if test -d $f; and not test -d $f/cur
                echo +$base/
            else
                echo +$base
            end
        end
    end
    string match -q -- '+*' $tok; or __fish_complete_path $tok
end

# Alias names from the start-up file.
function __jmail_aliases
    set -l rc (__jmail_rc)
    test -r $rc; and sed -n -E 's/^[[:space:]]*(alias|a|group|g)[[:space:]]+([^[:space:]]+).*/\2/p' $rc
end

# Account names: the account NAME { blocks of the start-up file.
function __jmail_accounts
    set -l rc (__jmail_rc)
    test -r $rc; and sed -n -E 's/^[[:space:]]*(account|acc)[[:space:]]+([^[:space:]{]+)[[:space:]]*\{[[:space:]]*$/\2/p' $rc
end
