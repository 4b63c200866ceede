#!/bin/sh
# Flush N queued messages (default 1000) to a loopback SMTP sink: `jmail queue --flush` against
# msmtp's `msmtp-queue -r` (Debian package msmtp) on the same messages, then the cost `set queue`
# adds to a send that succeeds at once (hyperfine). Run from the repository root after
# `mvn -B -q package -DskipTests`:   src/bench/queue-flush.sh [N]
set -eu
N=${1:-1000}
JMAIL=${JMAIL:-$PWD/target/jmail}
SINK=${SINK:-}
for d in "$PWD/../shared/bench" "$PWD/../../shared/bench"; do
  [ -z "$SINK" ] && [ -f "$d/smtp_sink.py" ] && SINK="$d/smtp_sink.py"
done
[ -n "$SINK" ] || { echo "set SINK=/path/to/smtp_sink.py" >&2; exit 1; }
MSMTPQ_DIR=/usr/libexec/msmtp/msmtpq
work=$(mktemp -d /tmp/jmail-queue-bench.XXXXXX)
trap 'kill "$sinkpid" 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME="$work/home" MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null
mkdir -p "$HOME"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mta="mta=smtp://127.0.0.1:$port"

# One message queued while nothing listens, copied into N entries with their own ids and subjects.
printf 'nightly report\nall volumes OK\n' | "$JMAIL" -S queue -S "$mta" -r bench@example.org \
  -s "report 0" ops@example.com 2>/dev/null
python3 - "$HOME/.local/state/jmail/queue/queued" "$N" "$work/msmtp.queue" <<'PY'
import os, sys
q, n, mq = sys.argv[1], int(sys.argv[2]), sys.argv[3]
first = os.listdir(q)[0]
data = open(os.path.join(q, first), "rb").read()
os.makedirs(mq, mode=0o700)
for i in range(n):
    d = data.replace(b"Subject: report 0\r\n", b"Subject: report %d\r\n" % i)
    name = "%s-%06d" % (first[:19], i)
    open(os.path.join(q, name), "wb").write(d)
    msg = d.split(b"\n\n", 1)[1].replace(b"\r\n", b"\n")
    open(os.path.join(mq, "%s.mail" % name), "wb").write(msg)
    open(os.path.join(mq, "%s.msmtp" % name), "w").write("-oi -f bench@example.org -- ops@example.com\n")
os.remove(os.path.join(q, first))
PY

python3 "$SINK" --port "$port" --out "$work/sink" --quiet &
sinkpid=$!
while ! python3 -c "import socket; socket.create_connection(('127.0.0.1',$port)).close()" 2>/dev/null; do
  kill -0 "$sinkpid" || exit 1
  sleep 0.1
done

count() { find "$work/sink" -maxdepth 1 -type f | wc -l; }
echo "jmail queue --flush, $N messages:"
start=$(date +%s.%N)
"$JMAIL" -S queue -S "$mta" queue --flush
end=$(date +%s.%N)
echo "  $(echo "$end - $start" | bc) s, $(count) delivered, $(ls "$HOME/.local/state/jmail/queue/queued" | wc -l) left"

printf 'account default\nhost 127.0.0.1\nport %s\nfrom bench@example.org\nauth off\ntls off\n' "$port" > "$HOME/.msmtprc"
chmod 600 "$HOME/.msmtprc"
echo "msmtp-queue -r, $N messages:"
before=$(count)
start=$(date +%s.%N)
PATH="$MSMTPQ_DIR:$PATH" MSMTPQ_Q="$work/msmtp.queue" MSMTPQ_LOG="" EMAIL_CONN_TEST=x \
  "$MSMTPQ_DIR/msmtp-queue" -r >/dev/null
end=$(date +%s.%N)
echo "  $(echo "$end - $start" | bc) s, $(( $(count) - before )) delivered, $(ls "$work/msmtp.queue" | grep -c '\.mail$' || true) left"

if command -v hyperfine >/dev/null; then
  echo "a send that succeeds at once, without and with 'set queue' (empty queue):"
  printf 'x\n' > "$work/body"
  # 'set queue' in the rc file, as in use: '-S queue' on the command line names a subcommand,
  # which sends the command line through picocli's slower parser (about 100 ms).
  : > "$work/rc-plain"
  echo "set queue" > "$work/rc-queue"
  hyperfine -w 3 -r "${RUNS:-20}" \
    "MAILRC=$work/rc-plain $JMAIL -S $mta -s direct ops@example.com < $work/body" \
    "MAILRC=$work/rc-queue $JMAIL -S $mta -s queued ops@example.com < $work/body"
fi
