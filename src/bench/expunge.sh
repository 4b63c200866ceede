#!/usr/bin/env bash
# Expunge benchmark: delete message 1 of the 20,000-message bench mbox (282 MB), side by side with
# s-nail and mutt, each run on a fresh copy (cp + sync in hyperfine's --prepare, not timed).
#
# usage: src/bench/expunge.sh [CORPUS_DIR] [OTHER_JMAIL]
#   CORPUS_DIR   made by ../shared/bench/gen_corpus.py -n 20000 -s 7 -o DIR (generated if missing)
#   OTHER_JMAIL  a second launcher to compare with (e.g. a build of main)
# Env: RUNS (default 5), JMAIL (default target/jmail), NO_SNAIL=1 (s-nail takes ~40 s a run). Results: JSON/markdown in $RESULTS (default /tmp).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-/tmp/jmail-bench-expunge/c20000}
other=${2:-}
jmail=${JMAIL:-$root/target/jmail}
runs=${RUNS:-5}
results=${RESULTS:-/tmp}
[ -f "$corpus/corpus.mbox" ] || python3 "$root/../shared/bench/gen_corpus.py" -n 20000 -s 7 -o "$corpus"
work=$(mktemp -d "${TMPDIR:-/tmp}/jmail-expunge.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME=$work MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null
box=$work/box
cat >"$work/mutt.sh" <<MUTT
cd "$work" && TERM=xterm exec mutt -n -F /dev/null -e 'set folder=$work mbox_type=mbox delete=yes move=no mark_old=no' -e 'push "<quit>"' -e 'push "<delete-message><sync-mailbox>"' -f ./box
MUTT
cmds=(-n jmail "$jmail delete --folder $box 1")
[ -n "$other" ] && cmds+=(-n jmail-other "$other delete --folder $box 1")
[ -z "${NO_SNAIL:-}" ] && command -v s-nail >/dev/null && cmds+=(-n s-nail "printf 'd 1\nq\n' | s-nail -n -N -Sv15-compat -Shold -Skeep -f $box")
command -v mutt >/dev/null && cmds+=(-n mutt "script -qec 'sh $work/mutt.sh' /dev/null")
hyperfine --runs "$runs" --prepare "cp $corpus/corpus.mbox $box && sync" \
  --export-json "$results/expunge.json" --export-markdown "$results/expunge.md" "${cmds[@]}"
