#!/bin/sh
# Sends with target/jmail through a real MTA (exim 4, started here on 127.0.0.1 only) and has
# other programs read what arrives: Python's email/mailbox (policy default) and s-nail. Not part of `mvn verify` or .ci/run: it needs root (exim's -C daemon and
# delivery users), exim4, python3 and s-nail. Usage, after `mvn -B -o package`:
#
#   sudo src/test/mta/real-mta-check.sh        # prints one line per check, exit 0 when all pass
#
# What it covers: submission with STARTTLS (tls-ca-file) and AUTH PLAIN and LOGIN (UTF-8
# password, from ~/.netrc), implicit TLS, plain SMTP; UTF-8 subject, display names, body, an
# attachment with a non-ASCII name, long lines, a bare CR, lines "From ", ">From ", "." and "..";
# -c and -b (no Bcc header, Bcc delivered); wrong password (77), rejected recipient (69), 4xx (75),
# STARTTLS not offered (69), each leaving the message in dead.letter; the sendmail transport
# through exim's own sendmail interface into an mbox exim writes (mboxo), and jmail's local
# delivery (mboxrd) into the same mbox: every reader must see the same lines.
set -eu
JMAIL=${JMAIL:-$(cd "$(dirname "$0")/../../.." && pwd)/target/jmail}
EXIM=$(command -v exim4 || command -v exim || true)
[ -x "$JMAIL" ] || { echo "no $JMAIL: run mvn -B -o package first" >&2; exit 2; }
[ -n "$EXIM" ] || { echo "exim4 is not installed" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (exim -C daemon)" >&2; exit 2; }
EUSER=$(id -un Debian-exim 2>/dev/null || id -un exim 2>/dev/null || echo mail)
P=${MTA_PORT_BASE:-10000}
D=$(mktemp -d /tmp/jmail-mta.XXXXXX)
chmod 755 "$D"
mkdir -p "$D/spool" "$D/mail" "$D/log" "$D/home" "$D/in"
chown -R "$EUSER" "$D/spool" "$D/mail" "$D/log"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$D/key.pem" -out "$D/cert.pem" -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
chown "$EUSER" "$D/key.pem"; chmod 644 "$D/cert.pem"
cat > "$D/exim.conf" <<EOF
keep_environment =
primary_hostname = mta.test
spool_directory = $D/spool
log_file_path = $D/log/%slog
exim_user = $EUSER
exim_group = $(id -gn "$EUSER")
local_interfaces = <; 127.0.0.1.$((P+25)) ; 127.0.0.1.$((P+587)) ; 127.0.0.1.$((P+465))
tls_on_connect_ports = $((P+465))
tls_certificate = $D/cert.pem
tls_privatekey = $D/key.pem
tls_advertise_hosts = \${if eq{\$received_port}{$((P+25))}{}{*}}
auth_advertise_hosts = *
trusted_users = root
acl_smtp_rcpt = acl_rcpt
begin acl
acl_rcpt:
  deny    local_parts = reject
          message = 550 5.1.1 recipient rejected
  defer   local_parts = tempfail
          message = 451 4.3.0 try later
  accept
begin routers
local_submission:
  driver = accept
  condition = \${if eq{\$received_protocol}{local}}
  transport = mbox_t
all:
  driver = accept
  transport = maildir_t
begin transports
maildir_t:
  driver = appendfile
  directory = $D/mail/Maildir
  maildir_format
  create_directory
  envelope_to_add
  user = $EUSER
mbox_t:
  driver = appendfile
  file = $D/mail/spool.mbox
  user = $EUSER
  mode = 0666
begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and{{eq{\$auth2}{jtest}}{eq{\$auth3}{s3cret pässword}}}}
  server_set_id = \$auth2
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and{{eq{\$auth1}{jtest}}{eq{\$auth2}{s3cret pässword}}}}
  server_set_id = \$auth1
EOF
"$EXIM" -C "$D/exim.conf" -bd -q1m -oP "$D/exim.pid"
trap 'kill "$(cat "$D/exim.pid")" 2>/dev/null || true' EXIT
sleep 1
printf '#!/bin/sh\nexec %s -C %s "$@"\n' "$EXIM" "$D/exim.conf" > "$D/sendmail"; chmod 755 "$D/sendmail"
printf 'machine 127.0.0.1 login jtest password "s3cret pässword"\n' > "$D/home/.netrc"; chmod 600 "$D/home/.netrc"
python3 - "$D/in" <<'EOF'
import sys
d = sys.argv[1]
body = ("From the start of the line\n>From quoted\n>>From deep\n.\n..\n. \n.lone dot above\n"
        "progress 10%\r50%\r100%\nGrüße, naïve café — 日本語\n" + "x" * 1200 + "\n" + "ä" * 600 + "\nend\n")
open(d + '/body.txt', 'wb').write(body.encode())
open(d + '/Prüfbericht ñ 日本.bin', 'wb').write(bytes(range(256)) * 40)
EOF
export HOME="$D/home" MAILRC=/dev/null
unset LANG LC_ALL || true
cd "$D/in"
fail=0
check() { # name expected-status actual-status
  if [ "$2" = "$3" ]; then echo "ok   $1 (exit $3)"; else echo "FAIL $1: exit $3, expected $2"; fail=1; fi
}
CA="-S tls-ca-file=$D/cert.pem"
set +e
"$JMAIL" -n -S mta=submission://jtest@127.0.0.1:$((P+587)) $CA \
  -s 'Grüße aus Köln — 日本語 subject long enough to be folded somewhere along the way' \
  -r 'Jörg Müller-Lüdenscheidt <joerg@example.org>' -c 'Zoë Ådahl <zoe@example.org>' -b hidden@example.org \
  -C 'Reply-To: Ünïcode Name <r@example.org>' -a 'Prüfbericht ñ 日本.bin' 'Señor Niño <nino@example.org>' < body.txt
check "submission STARTTLS + AUTH PLAIN (netrc, UTF-8 password)" 0 $?
echo login | "$JMAIL" -n -S mta=smtps://jtest@127.0.0.1:$((P+465)) $CA -S smtp-auth=login -s login a@example.org
check "implicit TLS + AUTH LOGIN" 0 $?
echo plain | "$JMAIL" -n -S smtp=127.0.0.1:$((P+25)) -s plain a@example.org
check "plain SMTP (heirloom smtp=)" 0 $?
echo x | "$JMAIL" -n -S mta=submission://jtest@127.0.0.1:$((P+587)) $CA -S smtp-auth-password=wrong -s wrongpw a@example.org 2>/dev/null
check "wrong password" 77 $?
echo x | "$JMAIL" -n -S mta=submission://jtest@127.0.0.1:$((P+587)) $CA -s rej a@example.org reject@example.org 2>/dev/null
check "rejected recipient" 69 $?
echo x | "$JMAIL" -n -S mta=submission://jtest@127.0.0.1:$((P+587)) $CA -s tmp tempfail@example.org 2>/dev/null
check "4xx recipient" 75 $?
echo x | "$JMAIL" -n -S mta=submission://jtest@127.0.0.1:$((P+25)) $CA -s nostarttls a@example.org 2>/dev/null
check "STARTTLS required, not offered" 69 $?
n=$(python3 -c "import mailbox,sys; print(len(mailbox.mbox(sys.argv[1])))" "$HOME/dead.letter")
check "dead.letter holds the 4 failed messages" 4 "$n"
"$JMAIL" -n -S sendmail="$D/sendmail" -s 'via sendmail: Grüße' -r 'Jörg <joerg@example.org>' -a 'Prüfbericht ñ 日本.bin' jtest@mta.test < body.txt
check "sendmail transport (exim -oi -f … --)" 0 $?
MAIL="$D/mail/spool.mbox" USER=jtest "$JMAIL" -n -S mta=local -s 'local: Grüße' -a 'Prüfbericht ñ 日本.bin' jtest < body.txt
check "local delivery into the same mbox" 0 $?
set -e
sleep 2
python3 - "$D" <<'EOF' || fail=1
import email, glob, mailbox, sys
from email import policy
from email.utils import parsedate_to_datetime
d = sys.argv[1]
body = open(d + '/in/body.txt', 'rb').read()
att = open(d + '/in/Prüfbericht ñ 日本.bin', 'rb').read()
ok = True
def say(good, what):
    global ok
    ok &= bool(good)
    print(('ok   ' if good else 'FAIL ') + what)
def parts(m):
    text = [p for p in m.walk() if p.get_content_type() == 'text/plain' and not p.get_filename()]
    files = [p for p in m.walk() if p.get_filename()]
    return text[0].get_payload(decode=True) if text else None, files
big = [m for m in (email.message_from_bytes(open(f, 'rb').read(), policy=policy.default)
       for f in glob.glob(d + '/mail/Maildir/new/*')) if m['Subject'].startswith('Grüße aus')]
say(sorted(m['Envelope-to'] for m in big) == ['hidden@example.org', 'nino@example.org', 'zoe@example.org'],
    'one copy per envelope recipient, Bcc included')
for m in big:
    raw = m.as_bytes()
    t, files = parts(m)
    say(m['Bcc'] is None and b'hidden@' not in raw.split(b'\n\n')[0].replace(b'Envelope-to: hidden', b''),
        f"{m['Envelope-to']}: no Bcc in the header")
    say(str(m['Subject']).startswith('Grüße aus Köln — 日本語') and str(m['From']) == 'Jörg Müller-Lüdenscheidt <joerg@example.org>'
        and m['Reply-To'].addresses[0].addr_spec == 'r@example.org', f"{m['Envelope-to']}: headers decode")
    say(all(not v.defects for k, v in m.items() if hasattr(v, 'defects')), f"{m['Envelope-to']}: no header defects")
    say(parsedate_to_datetime(m['Date']) is not None and m['Message-ID'].startswith('<'), f"{m['Envelope-to']}: Date, Message-ID")
    say(t == body, f"{m['Envelope-to']}: body bytes identical (From lines, dots, bare CR, long lines)")
    say(files and files[0].get_filename() == 'Prüfbericht ñ 日本.bin' and files[0].get_payload(decode=True) == att,
        f"{m['Envelope-to']}: attachment name and bytes identical")
spool = list(mailbox.mbox(d + '/mail/spool.mbox', factory=lambda f: email.message_from_binary_file(f, policy=policy.default)))
say(len(spool) == 2, 'spool: 2 messages (exim mboxo + jmail mboxrd)')
for m in spool:
    t, files = parts(m)
    say(t == body and files[0].get_payload(decode=True) == att, f"spool {m['Subject']}: body and attachment identical")
sys.exit(0 if ok else 1)
EOF
if command -v s-nail >/dev/null; then
  out=$(printf 'print 1\nprint 2\nquit\n' | LC_ALL=C.UTF-8 s-nail -n -N -R -Sttycharset=utf-8 -f "$D/mail/spool.mbox" 2>&1)
  n=$(printf '%s\n' "$out" | grep -c -x -e 'From the start of the line' -e '>From quoted' -e '>>From deep' || true)
  check "s-nail shows From/>From/>>From lines as sent in both spool messages" 6 "$n"
fi
echo "logs: $D/log/mainlog"
exit $fail
