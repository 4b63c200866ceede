#!/bin/sh
# The outgoing queue against a real MTA: a private Postfix instance (under target/postfix-queue,
# 127.0.0.1 only) is the relay target; it is stopped while jmail sends (the mail is queued), then
# started again, and the queue is flushed by the next send and by `jmail queue --flush`. Every
# message must arrive exactly once in the Maildir Postfix delivers to. Not in `mvn verify` or
# .ci/run: it needs root and downloads the postfix package (unpacked under target/, not
# installed). Usage, after `mvn -B -o package`:
#
#   sudo src/test/mta/postfix-queue-check.sh      # one line per check, exit 0 when all pass
set -eu
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
JMAIL=${JMAIL:-$ROOT/target/jmail}
[ -x "$JMAIL" ] || { echo "no $JMAIL: run mvn -B -o package first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (postfix master)" >&2; exit 2; }
PORT=${POSTFIX_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
D=$ROOT/target/postfix-queue
rm -rf "$D"
mkdir -p "$D/etc" "$D/queue" "$D/data" "$D/mail" "$D/home" "$D/man"
chmod 755 "$D"
# The distribution's package unpacked here, never installed (no /usr/sbin/sendmail appears), as
# src/test/mta/postfix-spool-check.sh does.
(cd "$D" && apt-get download postfix >/dev/null 2>&1) || { echo "cannot download the postfix package" >&2; exit 2; }
dpkg-deb -x "$D"/postfix_*.deb "$D/root"
chown daemon "$D/data" "$D/mail"
cp "$D/root/usr/share/postfix/master.cf.dist" "$D/etc/master.cf"
cp -r "$D/root/etc/postfix/postfix-files" "$D/root/etc/postfix/postfix-files.d" "$D/etc/"
sed -i 's/^smtp      inet/#smtp      inet/' "$D/etc/master.cf"
echo "127.0.0.1:$PORT inet n - n - - smtpd" >> "$D/etc/master.cf"
cat > "$D/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $D/queue
data_directory = $D/data
command_directory = $D/root/usr/sbin
daemon_directory = $D/root/usr/lib/postfix/sbin
shlib_directory = $D/root/usr/lib/postfix
meta_directory = $D/etc
sendmail_path = $D/root/usr/sbin/sendmail
newaliases_path = $D/root/usr/bin/newaliases
mailq_path = $D/root/usr/bin/mailq
manpage_directory = $D/man
sample_directory = $D/etc
readme_directory = no
html_directory = no
mail_owner = daemon
setgid_group = mail
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = mta.test
mydestination =
alias_maps =
alias_database =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
virtual_mailbox_domains = example.com
virtual_mailbox_base = $D/mail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:$(id -u daemon)
virtual_gid_maps = static:$(id -g daemon)
virtual_minimum_uid = 1
maillog_file = $D/maillog
maillog_file_prefixes = $D
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME LD_LIBRARY_PATH=$D/root/usr/lib/postfix
EOF
export LD_LIBRARY_PATH="$D/root/usr/lib/postfix"
POSTFIX="$D/root/usr/sbin/postfix"
trap '"$POSTFIX" -c "$D/etc" stop >/dev/null 2>&1 || true' EXIT
export HOME="$D/home" MAILRC="$D/home/.mailrc" JMAIL_SYSTEM_RC=/dev/null
printf 'set queue\nset mta=smtp://127.0.0.1:%s\nset from=cron@example.org\nset smtp-timeout=5\n' "$PORT" > "$MAILRC"
pf() { "$POSTFIX" -c "$D/etc" "$@" >/dev/null 2>&1; }
fails=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi; }
send() { echo "body of $1" | "$JMAIL" -s "$1" ops@example.com 2>"$D/err"; }
queued() { ls "$HOME/.local/state/jmail/queue/queued" 2>/dev/null | wc -l; }
delivered() { cat "$D"/mail/inbox/new/* "$D"/mail/inbox/cur/* 2>/dev/null | grep -c "^Subject: $1\$" || true; }
up() { pf start; i=0; until python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT)).close()" 2>/dev/null; do i=$((i+1)); [ $i -lt 100 ] || return 1; sleep 0.1; done; }

check "postfix is down: a send is queued, exit 0" 'send down-1 && grep -q "queued (1 in queue)" "$D/err"'
check "a second one too" 'send down-2 && [ "$(queued)" = 2 ]'
check "postfix starts" up
check "the next send flushes the queue first, then sends its own" 'send up-1 && [ "$(queued)" = 0 ] && [ ! -s "$D/err" ]'
pf stop
check "postfix stopped again: queued" 'send down-3 && [ "$(queued)" = 1 ]'
up
check "jmail queue --flush sends it" '"$JMAIL" queue --flush && [ "$(queued)" = 0 ]'
i=0; until [ "$(cat "$D"/mail/inbox/new/* 2>/dev/null | grep -c '^Subject: ')" -ge 4 ] || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done
for s in down-1 down-2 up-1 down-3; do check "postfix delivered $s exactly once" '[ "$(delivered $s)" = 1 ]'; done
pf stop
[ "$fails" = 0 ] && echo "all passed" || { echo "$fails failed; see $D/maillog" >&2; exit 1; }
