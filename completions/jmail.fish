# jmail completion, generated from the picocli model by
# src/test/java/dev/jmail/docs/CompletionGenerator.java and the hand-written
# src/main/completions/extra.* — do not edit; regenerate: mvn -B -q -o test -Dtest=DocsTest,CompletionTest -Dsurefire.failIfNoSpecifiedTests=false -Djmail.regenerate=true

# --- hand-written: src/main/completions/extra.fish
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

# --- generated
complete -c jmail -e
complete -c jmail -f -n '__fish_use_subcommand' -a send -d 'Send a message; the body is read from stdin (UTF-8, or the input-charset variable). Binary data on stdin (a NUL byte, or bytes that are not text in the input charset) is refused with exit 65: send it with -a FILE. Transport: mta/smtp variables (SMTP), else the sendmail program, else local delivery to mbox spools. On failure, and when the message is refused after its body was read (bad address, header injection, binary stdin, missing -a file), it is saved to $DEAD or ~/dead.letter; the exit status is unchanged.'
complete -c jmail -f -n '__fish_use_subcommand' -a list -d 'Print the header summary of a folder (the system mailbox unless -f): one line per message, or a JSON array with --json; with a message list, only those messages. Exit 1 when the folder has no messages; with --json an empty folder is [] and exit 0.'
complete -c jmail -f -n '__fish_use_subcommand' -a read -d 'Show messages: headers and text decoded for a person, attachments listed. Long output goes through $PAGER when standard output is a terminal. With --json: one object per message (an array when several). Messages shown (also with --raw or --json) are marked seen, as mutt does; --peek leaves the folder untouched.'
complete -c jmail -f -n '__fish_use_subcommand' -a flag -d 'Set (FLAG or +FLAG) or clear (-FLAG or unFLAG) flags of messages: seen, answered, flagged, draft, deleted. Numbers as in list: 3, 2 5-7, 4,9, $, *.'
complete -c jmail -f -n '__fish_use_subcommand' -a delete -d 'Remove messages from a folder. Numbers as in list: 3, 2 5-7, 4,9, $, *.'
complete -c jmail -f -n '__fish_use_subcommand' -a save -d 'Append copies of messages to TARGET (an mbox file, a Maildir or an imap[s]:// mailbox, created if missing; +name, ~/name, mbox:, maildir:).'
complete -c jmail -f -n '__fish_use_subcommand' -a move -d 'Move messages to TARGET: append them there (fsync\'ed), then delete them here. If the source changed meanwhile, nothing is deleted (exit 65) and the copies stay.'
complete -c jmail -f -n '__fish_use_subcommand' -a fetch -d 'Copy new messages from a POP3 mailbox (each once, by UIDL) into the system mailbox or FOLDER; with --delete, remove from the server what is safely stored. Passwords: password-USER@HOST, password-HOST, password, password-eval…, ~/.netrc.'
complete -c jmail -f -n '__fish_use_subcommand' -a watch -d 'Wait for new messages in an IMAP mailbox (IDLE, RFC 2177) and print one summary line, or one JSON object per line with --json, for each; reconnects with back-off (1 s doubling to 60 s) when the connection drops; stops on Ctrl-C or SIGTERM. Nothing on the server is changed.'
complete -c jmail -f -n '__fish_use_subcommand' -a queue -d 'List the outgoing queue: messages that could not be sent because of a temporary failure while the queue variable was set. Each later send tries the queue first. --flush tries every queued message now (for a timer); it prints nothing unless -v or --json, or a message was given up (moved to dead.letter, the sender notified).'
complete -c jmail -f -n '__fish_use_subcommand' -a index -d 'Show the summary index of a local folder (the system mailbox unless -f): its file and size, the messages it holds, and whether it is current or stale and why; with --clear, remove it (the next listing scans the folder and writes it again). The index is a cache kept under $XDG_CACHE_HOME/jmail; set noindex turns it off.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s s -l subject -r -f -d 'Subject of the message.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s c -l cc -r -f -a '(__jmail_aliases)' -d 'Carbon-copy recipients (comma-separated or repeated).'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s b -l bcc -r -f -a '(__jmail_aliases)' -d 'Blind carbon-copy recipients: envelope only, never in a header.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s a -l attach -r -F -d 'Attach a file (repeatable). As in s-nail, Heirloom mailx and mutt; bsd-mailx and GNU mail use -a for a header: use -C here.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s r -l from -r -f -a '(__jmail_aliases)' -d 'From: address and envelope sender.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s C -l header -r -f -d 'Add a custom header (repeatable).'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s E -l skip-empty -f -d 'Do not send a message whose body is empty (exit 0).'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s t -l read-recipients -f -d 'Read To:, Cc:, Bcc: and Subject: from the headers of the message on stdin. Its Content-Type charset and Content-Transfer-Encoding are honoured; a prepared MIME message (multipart, …; 7-bit) is sent with its structure and body unchanged.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -l dry-run -f -d 'Print the envelope and the complete message instead of sending it.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -l json -f -d 'Print the result of the send as a JSON object.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s H -f -d 'Print the header summary of the folder and exit.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s e -f -d 'Exit 0 if the folder has mail, 1 if not; print nothing.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s f -r -f -a '(__jmail_folder_values)' -d 'Read FOLDER instead of the system mailbox; alone: $MBOX or ~/mbox.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s N -f -d 'Do not print the header summary on start-up.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n 'not __fish_seen_subcommand_from send list read flag delete save move fetch watch queue index' -f -a '(__jmail_aliases)'
complete -c jmail -n '__fish_seen_subcommand_from send' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from send' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from send' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from send' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from send' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from send' -s s -l subject -r -f -d 'Subject of the message.'
complete -c jmail -n '__fish_seen_subcommand_from send' -s c -l cc -r -f -a '(__jmail_aliases)' -d 'Carbon-copy recipients (comma-separated or repeated).'
complete -c jmail -n '__fish_seen_subcommand_from send' -s b -l bcc -r -f -a '(__jmail_aliases)' -d 'Blind carbon-copy recipients: envelope only, never in a header.'
complete -c jmail -n '__fish_seen_subcommand_from send' -s a -l attach -r -F -d 'Attach a file (repeatable). As in s-nail, Heirloom mailx and mutt; bsd-mailx and GNU mail use -a for a header: use -C here.'
complete -c jmail -n '__fish_seen_subcommand_from send' -s r -l from -r -f -a '(__jmail_aliases)' -d 'From: address and envelope sender.'
complete -c jmail -n '__fish_seen_subcommand_from send' -s C -l header -r -f -d 'Add a custom header (repeatable).'
complete -c jmail -n '__fish_seen_subcommand_from send' -s E -l skip-empty -f -d 'Do not send a message whose body is empty (exit 0).'
complete -c jmail -n '__fish_seen_subcommand_from send' -s t -l read-recipients -f -d 'Read To:, Cc:, Bcc: and Subject: from the headers of the message on stdin. Its Content-Type charset and Content-Transfer-Encoding are honoured; a prepared MIME message (multipart, …; 7-bit) is sent with its structure and body unchanged.'
complete -c jmail -n '__fish_seen_subcommand_from send' -l dry-run -f -d 'Print the envelope and the complete message instead of sending it.'
complete -c jmail -n '__fish_seen_subcommand_from send' -l json -f -d 'Print the result of the send as a JSON object.'
complete -c jmail -n '__fish_seen_subcommand_from send' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from send' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from send' -f -a '(__jmail_aliases)'
complete -c jmail -n '__fish_seen_subcommand_from list' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from list' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from list' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from list' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from list' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from list' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'Folder to list (mbox file, Maildir or imap[s]:// URL; %, &, +name, mbox:, maildir:); alone: $MBOX or ~/mbox.'
complete -c jmail -n '__fish_seen_subcommand_from list' -l json -f -d 'Print a JSON array: index, from, subject, date, message_id, size, flags.'
complete -c jmail -n '__fish_seen_subcommand_from list' -l unread -f -d 'Only messages not yet seen.'
complete -c jmail -n '__fish_seen_subcommand_from list' -l from -r -f -d 'Only messages whose sender contains TEXT (any case).'
complete -c jmail -n '__fish_seen_subcommand_from list' -l subject -r -f -d 'Only messages whose subject contains TEXT (any case).'
complete -c jmail -n '__fish_seen_subcommand_from list' -l since -r -f -d 'Only messages dated on or after this day.'
complete -c jmail -n '__fish_seen_subcommand_from list' -l folders -f -d 'List the Maildir++ sub-folders (.Sent, …) or the other IMAP mailboxes on the server with their message and unseen counts, instead of messages.'
complete -c jmail -n '__fish_seen_subcommand_from list' -l cached -f -d 'Offline: the summaries of a remote folder from the local cache, without connecting (noted on stderr, a cached field in JSON).'
complete -c jmail -n '__fish_seen_subcommand_from list' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from list' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from read' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from read' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from read' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from read' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from read' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from read' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'Folder to read (mbox file, Maildir or imap[s]:// URL); alone: $MBOX or ~/mbox.'
complete -c jmail -n '__fish_seen_subcommand_from read' -l raw -f -d 'The stored bytes exactly (mbox: without the From_ line, >From un-quoted).'
complete -c jmail -n '__fish_seen_subcommand_from read' -l json -f -d 'The message as a JSON object: headers, body, parts.'
complete -c jmail -n '__fish_seen_subcommand_from read' -l peek -f -d 'Do not mark the messages seen: the folder is left byte for byte as it was.'
complete -c jmail -n '__fish_seen_subcommand_from read' -l headers -r -f -d 'Which headers to show: shown (default) or all.'
complete -c jmail -n '__fish_seen_subcommand_from read' -l save-attachments -r -f -a '(__fish_complete_directories)' -d 'Save the attachments into DIR (safe names, never overwriting: name-1.ext).'
complete -c jmail -n '__fish_seen_subcommand_from read' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from read' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from flag' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from flag' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from flag' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from flag' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from flag' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from flag' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'Folder to change (mbox file, Maildir or imap[s]:// URL; %, &, +name, mbox:, maildir:); default: the system mailbox; alone: $MBOX or ~/mbox.'
complete -c jmail -n '__fish_seen_subcommand_from flag' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from flag' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from delete' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from delete' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from delete' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from delete' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from delete' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from delete' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'Folder to change (mbox file, Maildir or imap[s]:// URL; %, &, +name, mbox:, maildir:); default: the system mailbox; alone: $MBOX or ~/mbox.'
complete -c jmail -n '__fish_seen_subcommand_from delete' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from delete' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from save' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from save' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from save' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from save' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from save' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from save' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'Folder to change (mbox file, Maildir or imap[s]:// URL; %, &, +name, mbox:, maildir:); default: the system mailbox; alone: $MBOX or ~/mbox.'
complete -c jmail -n '__fish_seen_subcommand_from save' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from save' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from save' -a '(__jmail_folder_values)'
complete -c jmail -n '__fish_seen_subcommand_from move' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from move' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from move' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from move' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from move' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from move' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'Folder to change (mbox file, Maildir or imap[s]:// URL; %, &, +name, mbox:, maildir:); default: the system mailbox; alone: $MBOX or ~/mbox.'
complete -c jmail -n '__fish_seen_subcommand_from move' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from move' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from move' -a '(__jmail_folder_values)'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'Local folder receiving the messages (mbox or Maildir); default: the system mailbox.'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -l delete -f -d 'Delete fetched messages from the server once stored (fsynced).'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from fetch' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from watch' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from watch' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from watch' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from watch' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from watch' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from watch' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'The IMAP mailbox to watch: imaps://[user@]host[:port][/mailbox].'
complete -c jmail -n '__fish_seen_subcommand_from watch' -l json -f -d 'One JSON object per line: index, from, subject, date, message_id, size, flags.'
complete -c jmail -n '__fish_seen_subcommand_from watch' -l idle-renew -r -f -d 'Renew IDLE after this many seconds (default: 1740, under the 30 minutes servers allow).'
complete -c jmail -n '__fish_seen_subcommand_from watch' -l count -r -f -d 'Stop after N new messages (default: never).'
complete -c jmail -n '__fish_seen_subcommand_from watch' -l give-up -r -f -d 'Exit with 75 when the server has stayed unreachable this long (default: keep trying; a wrong password, 77, or a certificate that does not verify, 69, ends the watch at once).'
complete -c jmail -n '__fish_seen_subcommand_from watch' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from watch' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from queue' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from queue' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from queue' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from queue' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from queue' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from queue' -l flush -f -d 'Try to send every queued message now.'
complete -c jmail -n '__fish_seen_subcommand_from queue' -l any-transport -f -d 'With --flush: send messages queued for another transport (an mta since changed) through this one.'
complete -c jmail -n '__fish_seen_subcommand_from queue' -l drop -r -f -d 'Remove one queued message, into dead.letter.'
complete -c jmail -n '__fish_seen_subcommand_from queue' -l json -f -d 'Print JSON: the entries, or what --flush did.'
complete -c jmail -n '__fish_seen_subcommand_from queue' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from queue' -s V -l version -f -d 'Print version information and exit.'
complete -c jmail -n '__fish_seen_subcommand_from index' -s S -l set -r -f -d 'Set a variable as in the rc file (repeatable); overrides the rc files.'
complete -c jmail -n '__fish_seen_subcommand_from index' -s n -l no-system-rc -f -d 'Do not read the system start-up file (/etc/mail.rc).'
complete -c jmail -n '__fish_seen_subcommand_from index' -s A -l account -r -f -a '(__jmail_accounts)' -d 'Use the settings of this account (an account NAME { ... } block of the rc files).'
complete -c jmail -n '__fish_seen_subcommand_from index' -s d -l debug -f -d 'Show stack traces and internal detail on errors.'
complete -c jmail -n '__fish_seen_subcommand_from index' -s v -l verbose -f -d 'Verbose: show the SMTP dialogue on stderr (secrets masked).'
complete -c jmail -n '__fish_seen_subcommand_from index' -s f -l folder -r -f -a '(__jmail_folder_values)' -d 'Folder whose index to show (mbox file or Maildir); default: the system mailbox.'
complete -c jmail -n '__fish_seen_subcommand_from index' -l clear -f -d 'Remove the index of the folder.'
complete -c jmail -n '__fish_seen_subcommand_from index' -l json -f -d 'Print a JSON object: folder, file, bytes, folder_bytes, messages, state, why.'
complete -c jmail -n '__fish_seen_subcommand_from index' -s h -l help -f -d 'Show this help message and exit.'
complete -c jmail -n '__fish_seen_subcommand_from index' -s V -l version -f -d 'Print version information and exit.'
