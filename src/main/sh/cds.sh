#!/bin/sh
# Builds jmail's class data sharing archive, LIBDIR/jmail.jsa, so that each run of jmail maps
# the classes it needs instead of loading and verifying them from the jars (about half the
# start-up time). The build runs it for target/lib, install.sh for PREFIX/lib/jmail: the archive
# records where the jars are and which Java made it, so run it again after moving the jars or
# updating Java. Without a valid archive the launcher simply starts slower.
#
# usage: cds.sh LIBDIR
set -eu
lib=${1:?usage: cds.sh LIBDIR}
lib=$(cd "$lib" && pwd -P)
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java=$JAVA_HOME/bin/java
else
  java=java
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/jmail-cds.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
[ -n "${CDS_KEEP:-}" ] && trap - EXIT INT TERM && echo "cds.sh: work files in $work" >&2
mkdir "$work/home"
box=$work/box.mbox
for i in 1 2 3; do
  printf 'From a@example.com Mon Jan  1 00:00:00 2024\nFrom: A <a@example.com>\nTo: b@example.com\nSubject: training %s\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <%s@example.com>\n\nbody %s\n\n' "$i" "$i" "$i" >>"$box"
done

# Training runs: the commands scripts and cron jobs run most, as they run them (the system rc
# file looked up, a ~/.mailrc read; a send to an SMTP server when python3 can play one).
# Failures do not matter (a subcommand may not exist yet); the classes they loaded are what counts.
n=0
rc_env="JMAIL_SYSTEM_RC=/dev/null MAILRC=/dev/null"
train() {
  n=$((n + 1))
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$work/home" USER=jmail $rc_env MAIL="$box" DEAD="$work/dead.letter" \
    "$java" -Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Djakarta.mail.util.StreamProvider=org.eclipse.angus.mail.util.MailStreamProvider \
    -XX:DumpLoadedClassList="$work/$n.classlist" -cp "$lib/*" dev.jmail.Main "$@" \
    <"$work/body" >/dev/null 2>&1 || true
}
printf 'training body\n' >"$work/body"
printf 'set folder=mail\nalias training a@example.com b@example.com\n' >"$work/home/.mailrc"
# Commands that change nothing outside $work, with the system rc file (/etc/mail.rc) as users have it.
rc_env=
train -H
train -e
train list
# The rest without it: what it sets must not send or write anywhere.
rc_env="JMAIL_SYSTEM_RC=/dev/null MAILRC=/dev/null"
train --version
train --help
train -H
train -e
train list
train list --json
train read 1
# Changes to an mbox (journal, flock through JNA): on a copy, so the box above stays as it is.
cp "$box" "$work/change.mbox"
train flag --folder "$work/change.mbox" 1 flagged
train move -f "$work/change.mbox" 1 "$work/moved.mbox"
train delete -f "$work/change.mbox" 1
# A Maildir large enough for the reader threads (64 messages and more), listed and read.
mkdir -p "$work/Maildir/cur" "$work/Maildir/new" "$work/Maildir/tmp"
i=0
while [ $i -lt 70 ]; do
  i=$((i + 1))
  printf 'From: A <a@example.com>\nSubject: training %s\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n' "$i" \
    >"$work/Maildir/cur/$((1700000000 + i)).M1P1Q$i.training:2,S"
done
train list -f "$work/Maildir"
train list -f "$work/Maildir" --json
train read -f "$work/Maildir" --peek 70
train --dry-run -s training -r a@example.com b@example.com
train -S mta=smtp://127.0.0.1:9 -S smtp-timeout=1 -s training b@example.com
train send --help
# A send that succeeds: a minimal SMTP server on a loopback port (every reply positive).
if command -v python3 >/dev/null 2>&1; then
  python3 - "$work/port" <<'PY' >/dev/null 2>&1 &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
s.settimeout(30)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
c, _ = s.accept()
c.settimeout(30)
f = c.makefile("rb")
c.sendall(b"220 training ESMTP\r\n")
data = False
for line in f:
    if data:
        if line == b".\r\n":
            data = False
            c.sendall(b"250 queued\r\n")
        continue
    verb = line[:4].upper()
    if verb == b"EHLO":
        c.sendall(b"250-training\r\n250 8BITMIME\r\n")
    elif verb == b"DATA":
        data = True
        c.sendall(b"354 go ahead\r\n")
    elif verb == b"QUIT":
        c.sendall(b"221 bye\r\n")
        break
    else:
        c.sendall(b"250 ok\r\n")
PY
  sink=$!
  i=0
  while [ ! -s "$work/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  if [ -s "$work/port" ]; then
    train -S "mta=smtp://127.0.0.1:$(cat "$work/port")" -S smtp-timeout=5 -s training b@example.com
  fi
  kill "$sink" 2>/dev/null || true
  wait "$sink" 2>/dev/null || true
fi

# One list: no comments, each line once (the JDK 17 dumper crashes on repeated lambda lines),
# and no lambda proxies of picocli interfaces: picocli's classes are Java 5 class files, which
# JDK 17 can archive only if the dump does not link them, and resolving those lambdas would.
cat "$work"/*.classlist | grep -v '^#' | grep -v '^@lambda-proxy.*picocli' |
  awk '!seen[$0]++' >"$work/jmail.classlist"

# The dump occasionally fails on a loaded machine (seen once in a few dozen builds, with no
# trace left): try three times before giving up.
dumped=
for attempt in 1 2 3; do
  if "$java" -Xshare:dump -XX:SharedClassListFile="$work/jmail.classlist" \
    -XX:SharedArchiveFile="$work/jmail.jsa" -cp "$lib/*" >"$work/dump.log" 2>&1 &&
    [ -s "$work/jmail.jsa" ]; then
    dumped=yes
    break
  fi
  cp "$work/dump.log" "$work/dump.$attempt.log"
done
if [ -n "$dumped" ]; then
  cp "$work/jmail.jsa" "$lib/jmail.jsa.tmp" && mv -f "$lib/jmail.jsa.tmp" "$lib/jmail.jsa"
  # The launcher uses the archive only from this directory: a static archive whose class path
  # does not match is refused by the JVM, and then even the JDK's own archive is not mapped.
  printf '%s\n' "$lib" >"$lib/jmail.jsa.key"
else
  # An archive of older jars would only be refused at every start: remove it.
  rm -f "$lib/jmail.jsa" "$lib/jmail.jsa.key"
  echo "cds.sh: could not build the class data sharing archive (jmail works, starts slower):" >&2
  tail -n 5 "$work/dump.log" >&2
  exit 1
fi
