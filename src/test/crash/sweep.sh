#!/usr/bin/env bash
# Crash sweep: kills one jmail expunge and one jmail flag change with SIGKILL at every mutating
# system call it makes (strace -e inject=SYSCALL:signal=SIGKILL:when=N, for each SYSCALL and every
# N up to the number of times the run makes it), while two Python writers (one taking only fcntl,
# one only flock) keep appending; then runs `jmail list` (which completes or undoes the journal)
# and checks the folder with Python's mailbox: 0 lost, 0 duplicated, 0 unparseable, no NUL byte,
# no journal or temporary left. Prints one line per kill point and a summary.
#
# usage: src/test/crash/sweep.sh [-s EVERY] [-o expunge|flag|both] [-j JMAIL]
#   -s EVERY  only every EVERY-th kill point (CI samples with -s 4); default 1: all of them
# Needs strace and python3; runs from anywhere; about 2 s per kill point.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
every=1
ops=both
jmail=$root/target/jmail
while getopts "s:o:j:" o; do
  case $o in
    s) every=$OPTARG ;;
    o) ops=$OPTARG ;;
    j) jmail=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 64 ;;
  esac
done
command -v strace >/dev/null || { echo "sweep.sh: strace is not installed" >&2; exit 69; }
command -v python3 >/dev/null || { echo "sweep.sh: python3 is not installed" >&2; exit 69; }
writers=$root/src/test/python/foreign_writers.py
syscalls="write pwrite64 sendfile copy_file_range fsync fdatasync ftruncate rename renameat2 link linkat unlink unlinkat"
work=$(mktemp -d "${TMPDIR:-/tmp}/jmail-sweep.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME=$work/home MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null
mkdir -p "$HOME"
n_orig=200
python3 "$writers" original $n_orig >"$work/base.mbox"

run_op() { # OP -> the jmail command line
  case $1 in
    expunge) echo delete --folder "$work/box" 1 ;;
    flag) echo flag --folder "$work/box" 2 3 flagged seen ;;
  esac
}

points=0 failed=0 lost=0 dup=0 unparseable=0
for op in expunge flag; do
  [ "$ops" = both ] || [ "$ops" = "$op" ] || continue
  # How often the uninterrupted run makes each mutating call (all threads; counters are per thread,
  # so this is an upper bound, and a point past the last call just lets the run finish).
  cp "$work/base.mbox" "$work/box"
  # shellcheck disable=SC2046
  strace -f -qq -o "$work/count" -e trace="${syscalls// /,}" "$jmail" $(run_op $op) >/dev/null 2>&1
  k=0
  for sc in $syscalls; do
    count=$(grep -v -- '---\|+++\|resumed' "$work/count" | grep -c "^[0-9]* *$sc(" || true)
    for n in $(seq 1 "$count"); do
      k=$((k + 1))
      [ $((k % every)) -eq 0 ] || [ "$every" = 1 ] || continue
      rm -rf "$work/box" "$work/box.lock" "$work"/.box.* "$work/stop" "$work"/*.log "$HOME/.local"
      cp "$work/base.mbox" "$work/box"
      python3 "$writers" append fcntl "$work/box" "$work/stop" >"$work/fcntl.log" 2>&1 &
      w1=$!
      python3 "$writers" append flock "$work/box" "$work/stop" >"$work/flock.log" 2>&1 &
      w2=$!
      # shellcheck disable=SC2046
      (strace -f -qq -o /dev/null -e inject="$sc":signal=SIGKILL:when="$n" "$jmail" $(run_op $op) \
        >/dev/null 2>"$work/op.err") 2>/dev/null
      status=$?
      # the writers keep going a moment after the crash, then stop
      python3 -c 'import time; time.sleep(0.3)'
      touch "$work/stop"
      wait $w1 $w2
      "$jmail" list -f "$work/box" >/dev/null 2>"$work/list.err"
      lstatus=$?
      foreign=$(cat "$work/fcntl.log" "$work/flock.log" | paste -sd, -)
      result=$(python3 "$writers" check-crash "$work/box" $n_orig orig-0 "$foreign")
      cstatus=$?
      left=$(cd "$work" && ls -A | grep -c '^\.box\.\(jmail\|lock\)' || true)
      points=$((points + 1))
      read -r l d u <<<"$(echo "$result" | sed -n 's/^lost=\([0-9]*\) duplicated=\([0-9]*\) unparseable=\([0-9]*\).*/\1 \2 \3/p')"
      lost=$((lost + ${l:-0})) dup=$((dup + ${d:-0})) unparseable=$((unparseable + ${u:-0}))
      verdict=ok
      if [ $cstatus -ne 0 ] || [ $lstatus -ne 0 ] || [ "$left" -ne 0 ]; then
        verdict=FAIL failed=$((failed + 1))
      fi
      printf '%s %-8s %-15s when=%-3s exit=%-3s list=%s left=%s %s %s\n' "$verdict" $op "$sc" "$n" $status $lstatus \
        "$left" "$(echo "$result" | head -1)" "$(head -c 200 "$work/list.err")"
      [ $verdict = ok ] || echo "$result" | sed 's/^/    /'
    done
  done
done
echo "kill points: $points, failed: $failed, lost: $lost, duplicated: $dup, unparseable: $unparseable"
[ $failed -eq 0 ]
