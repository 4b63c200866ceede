#!/bin/sh
# Compares jmail's local delivery into a shared spool directory with Postfix local(8) on this
# machine: the same distribution's postfix package is unpacked into a scratch directory (never
# installed: no /usr/sbin/sendmail appears) and run there with its own configuration, an SMTP
# listener on 127.0.0.1 only and a scratch spool directory (mode 2775, group mail, as /var/mail on
# Debian); it is stopped at the end. Not part of `mvn verify` or .ci/run: it needs root and
# downloads the package. Usage, after `mvn -B -o package`:
#
#   sudo src/test/mta/postfix-spool-check.sh     # one line per check, exit 0 when all pass
#
# Checks: a spool file created by each has the same mode, owner and group (Postfix 3.7 on
# Debian 12: 0600 nobody:mail); each refuses a planted symbolic link and a planted hard link and
# writes nothing to their targets.
set -eu
JMAIL=${JMAIL:-$(cd "$(dirname "$0")/../../.." && pwd)/target/jmail}
[ -x "$JMAIL" ] || { echo "no $JMAIL: run mvn -B -o package first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
PORT=${POSTFIX_PORT:-10025}
D=$(mktemp -d /tmp/jmail-postfix.XXXXXX)
chmod 755 "$D"
cd "$D"
apt-get download postfix >/dev/null 2>&1 || { echo "cannot download the postfix package" >&2; exit 2; }
dpkg-deb -x postfix_*.deb root
mkdir -p etc queue data man pf-spool jm-spool home
chown daemon data
for s in pf-spool jm-spool; do chgrp mail $s; chmod 2775 $s; done
cp root/usr/share/postfix/master.cf.dist etc/master.cf
cp -r root/etc/postfix/postfix-files root/etc/postfix/postfix-files.d etc/
sed -i 's/^smtp      inet/#smtp      inet/' etc/master.cf
echo "127.0.0.1:$PORT inet n - n - - smtpd" >> etc/master.cf
cat > etc/main.cf <<EOF
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
mail_spool_directory = $D/pf-spool
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = localhost
mydestination = localhost
alias_maps =
alias_database =
local_recipient_maps =
biff = no
maillog_file = $D/maillog
maillog_file_prefixes = $D
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME LD_LIBRARY_PATH=$D/root/usr/lib/postfix
EOF
export LD_LIBRARY_PATH="$D/root/usr/lib/postfix"
root/usr/sbin/postfix -c "$D/etc" start >/dev/null 2>&1 || { echo "postfix did not start: see $D/maillog" >&2; exit 2; }
trap 'root/usr/sbin/postfix -c "$D/etc" stop >/dev/null 2>&1 || true' EXIT
for i in $(seq 1 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break; sleep 0.2; done

postfix_send() { # user
  python3 - "$PORT" "$1" <<'EOF'
import smtplib, sys
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)
s.sendmail('root@localhost', [sys.argv[2] + '@localhost'], b'Subject: check\n\nfrom postfix\n')
s.quit()
EOF
}
jmail_send() { # user
  printf 'from jmail\n' | env -i PATH=/usr/bin:/bin HOME="$D/home" MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null \
    JMAIL_SPOOL_DIR="$D/jm-spool" "$JMAIL" -S mta=local -s check "$1" 2>>"$D/jmail.err"
}
settled() { # file pattern: wait until Postfix logged the delivery attempt
  for i in $(seq 1 100); do grep -q "to=<$1@localhost>.*status=" "$D/maillog" 2>/dev/null && return 0; sleep 0.2; done
  return 1
}
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1: $2"; else echo "FAIL $1: postfix '$2', jmail '$3'"; fail=1; fi; }

postfix_send nobody; settled nobody
jmail_send nobody
check "new spool file (mode owner group)" "$(stat -c '%a %U %G' pf-spool/nobody)" "$(stat -c '%a %U %G' jm-spool/nobody)"

echo precious > target
for s in pf-spool jm-spool; do ln -s "$D/target" $s/daemon; done
postfix_send daemon; settled daemon || true
jmail_send daemon && st=0 || st=$?
check "planted symbolic link: target untouched" "$(cat target)" "precious"
check "planted symbolic link: postfix bounced / jmail exit" "$(grep -c 'to=<daemon@localhost>.*status=bounced' maillog)" "$([ $st = 73 ] && echo 1 || echo "exit $st")"

cp target target2; chown bin target2
ln target2 pf-spool/bin; cp -p target2 target3; ln target3 jm-spool/bin
postfix_send bin; settled bin || true
jmail_send bin && st=0 || st=$?
check "planted hard link: targets untouched" "$(cat target2)" "$(cat target3)"
check "planted hard link: postfix bounced / jmail exit" "$(grep -c 'to=<bin@localhost>.*status=bounced' maillog)" "$([ $st = 73 ] && echo 1 || echo "exit $st")"
grep -o 'status=bounced (.*)' maillog | sed 's/^/     postfix: /'
sed 's/^/     /' "$D/jmail.err"
root/usr/sbin/postfix -c "$D/etc" stop >/dev/null 2>&1 || true
trap - EXIT
for i in $(seq 1 50); do [ -e "$D/data/master.lock" ] && pgrep -f "$D/root/usr/lib/postfix/sbin/master" >/dev/null || break; sleep 0.2; done
[ $fail = 0 ] && cd / && rm -rf "$D"
exit $fail
