#!/usr/bin/env bash
# Summary-index benchmark (issue 14's target table), side by side with `grep -c '^From '` and
# mblaze (`mlist DIR | mscan`) in the same hyperfine runs (output through a pipe: GNU grep stops at
# the first match when its output is /dev/null), on a copy of a bench corpus (the mbox
# is appended to; the corpus itself is never changed).
#
# usage: src/bench/index.sh [CORPUS_DIR]
#   CORPUS_DIR   made by ../shared/bench/gen_corpus.py (corpus.mbox, Maildir/, manifest.json);
#                default /tmp/jmail-bench/corpus-s42-n20000
# Env: RUNS (default 10), JMAIL (default target/jmail), WORK (a directory to copy the corpus to;
# default a fresh temporary one, removed at the end; an existing copy there is reused),
# RESULTS (default /tmp): index-*.json / .md per table row.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-/tmp/jmail-bench/corpus-s42-n20000}
jmail=${JMAIL:-$root/target/jmail}
runs=${RUNS:-10}
results=${RESULTS:-/tmp}
if [ -n "${WORK:-}" ]; then
  work=$WORK
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/jmail-index.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
[ -f "$work/corpus.mbox" ] || cp "$corpus/corpus.mbox" "$work/corpus.mbox"
[ -d "$work/Maildir" ] || cp -a "$corpus/Maildir" "$work/Maildir"
n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["count"])' "$corpus/manifest.json")
export HOME=$work MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null XDG_CACHE_HOME=$work/cache
mbox=$work/corpus.mbox md=$work/Maildir
j="$jmail -n"
hf() { local name=$1; shift; hyperfine --runs "$runs" --warmup 1 --output=pipe --export-json "$results/index-$name.json" --export-markdown "$results/index-$name.md" "$@"; }
# one message, as another program (procmail, Python's mailbox) appends it
printf 'From bench@example.org Mon Jan  6 10:00:00 2025\nFrom: bench@example.org\nSubject: appended\n\nbody\n\n' >"$work/one.msg"
# the floor: the same commands on a one-message mbox (JVM start-up and the command's own classes)
cp "$work/one.msg" "$work/one.mbox"

hf list-mbox -n one-message "$j list -f $work/one.mbox" -n grep "grep -c '^From ' $mbox" -n no-index "$j -S noindex list -f $mbox" -n index "$j list -f $mbox"
hf list-appended -n grep "grep -c '^From ' $mbox" -n no-index "$j -S noindex list -f $mbox" \
  -n index-after-append --prepare "cat $work/one.msg >>$mbox; sleep 0.05" "$j list -f $mbox"
last=$((n - 1))
hf read-mbox -n one-message "$j read --peek 1 -f $work/one.mbox" -n no-index "$j -S noindex read --peek $last -f $mbox" -n index "$j read --peek $last -f $mbox"
hf list-maildir -n mblaze "mlist $md | mscan" -n no-index "$j -S noindex list -f $md" -n index "$j list -f $md"
hf read-maildir -n one-message "$j read --peek 1 -f $work/one.mbox" -n no-index "$j -S noindex read --peek $last -f $md" -n index "$j read --peek $last -f $md"
hf cold-mbox -n no-index "$j -S noindex list -f $mbox" -n index-cold --prepare "$j index --clear -f $mbox" "$j list -f $mbox"
hf cold-maildir -n no-index "$j -S noindex list -f $md" -n index-cold --prepare "$j index --clear -f $md" "$j list -f $md"
$j list -f $mbox >/dev/null; $j list -f $md >/dev/null
$j index -f $mbox
$j index -f $md
ls -l $mbox; du -sb $md
