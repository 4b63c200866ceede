#!/bin/sh
# Start-up benchmark: jmail next to a Java "hello world" on the same JVM (the floor), in one
# hyperfine run, reported as median ratios to the floor. Targets: --version <= 2.5x,
# -H on a 10-message mbox <= 3x, one send to a loopback SMTP server <= 4x.
#
#   src/bench/startup.sh                       # after mvn package; uses target/jmail
#   JMAIL=/usr/local/bin/jmail src/bench/startup.sh
#   VARIANTS=1 src/bench/startup.sh            # also: without CDS, default GC and JIT
#   BIG=~/big.mbox src/bench/startup.sh        # also: C1-only vs full JIT listing a big folder
#   RUNS=40 WARMUP=5 src/bench/startup.sh
#
# Needs hyperfine, javac, python3. The SMTP sink is ../shared/bench/smtp_sink.py or $SMTP_SINK
# (the send is skipped without one); JMAIL_SEND_OPTS overrides how jmail is pointed at it
# (default: -S mta=smtp://127.0.0.1:$PORT). A command that fails its check is reported, not timed.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
jmail=${JMAIL:-$root/target/jmail}
runs=${RUNS:-30}
warmup=${WARMUP:-3}
sink=${SMTP_SINK:-$root/../shared/bench/smtp_sink.py}
for tool in hyperfine javac python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "startup.sh: $tool is needed" >&2; exit 69; }
done
[ -x "$jmail" ] || { echo "startup.sh: no $jmail: run mvn -B package -DskipTests" >&2; exit 66; }
if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; javac=$JAVA_HOME/bin/javac; else java=java; javac=javac; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/jmail-startup.XXXXXX")
sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The floor: hello world, compiled by the same JDK.
mkdir "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$work/hello/Hello.java"
"$javac" -d "$work/hello" "$work/hello/Hello.java"

# A 10-message mbox and a clean environment (no rc files, HOME in the work dir).
mkdir "$work/home"
for i in 1 2 3 4 5 6 7 8 9 10; do
  printf 'From sender%s@example.com Mon Jan  1 00:00:%02d 2024\nFrom: Sender %s <sender%s@example.com>\nTo: you@example.com\nSubject: Message number %s\nDate: Mon, 1 Jan 2024 00:00:%02d +0000\nMessage-ID: <%s@bench.example>\n\nBody of message %s.\n\n' \
    "$i" "$i" "$i" "$i" "$i" "$i" "$i" "$i" >>"$work/ten.mbox"
done
printf 'Start-up benchmark body.\n' >"$work/body.txt"
export HOME="$work/home" MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null MAIL="$work/ten.mbox" DEAD="$work/dead.letter"
unset JMAIL_JAVA_OPTS JMAIL_CDS

names=""
cmds=""
add() { # add NAME COMMAND: checked once, then timed
  if sh -c "$2" </dev/null >"$work/check.out" 2>&1; then
    names="$names|$1"
    cmds="$cmds|$2"
  else
    echo "not timed: $1: '$2' failed: $(head -c 300 "$work/check.out")" >&2
  fi
}
add floor "$java -cp $work/hello Hello"
add version "$jmail --version"
add help "$jmail --help"
add H "$jmail -H -f $work/ten.mbox"

if [ -f "$sink" ]; then
  python3 "$sink" --port 0 --out "$work/sink" --port-file "$work/port" --quiet --quickack >/dev/null 2>&1 &
  sink_pid=$!
  i=0
  while [ ! -s "$work/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  port=$(cat "$work/port")
  send_opts=$(printf '%s' "${JMAIL_SEND_OPTS:--S mta=smtp://127.0.0.1:\$PORT}" | sed "s/\\\$PORT/$port/g")
  add send "$jmail $send_opts -s bench you@example.com < $work/body.txt"
else
  echo "not timed: send: no SMTP sink at $sink (set SMTP_SINK)" >&2
fi

if [ "${VARIANTS:-0}" = 1 ]; then
  lib=$(dirname "$(readlink -f "$jmail")")/lib
  [ -d "$lib" ] || lib=$(dirname "$(readlink -f "$jmail")")/../lib/jmail
  add version-no-cds "env JMAIL_CDS=0 $jmail --version"
  add version-default-jit "$java -Xshare:auto -XX:+UseSerialGC -XX:SharedArchiveFile=$lib/jmail.jsa -Xlog:cds=off -cp '$lib/*' dev.jmail.Main --version"
  add version-g1 "$java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$lib/jmail.jsa -Xlog:cds=off -cp '$lib/*' dev.jmail.Main --version"
  add help-g1 "$java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$lib/jmail.jsa -Xlog:cds=off -cp '$lib/*' dev.jmail.Main --help"
  add help-default-jit "$java -Xshare:auto -XX:+UseSerialGC -XX:SharedArchiveFile=$lib/jmail.jsa -Xlog:cds=off -cp '$lib/*' dev.jmail.Main --help"
  add H-no-cds "env JMAIL_CDS=0 $jmail -H -f $work/ten.mbox"
  add H-g1 "$java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$lib/jmail.jsa -Xlog:cds=off -cp '$lib/*' dev.jmail.Main -H -f $work/ten.mbox"
fi

set --
old_ifs=$IFS
IFS='|'
for c in ${cmds#|}; do set -- "$@" "$c"; done
i=0
for n in ${names#|}; do set -- "$@" --command-name "$n"; done
IFS=$old_ifs
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$work/startup.json" \
  --export-markdown "$work/startup.md" "$@" >&2 || true
cat "$work/startup.md"
python3 - "$work/startup.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = next(r for r in results if r["command"] == "floor")["median"]
targets = {"version": 2.5, "H": 3.0, "send": 4.0}
print()
print("| command | median ms | ratio to floor | target |")
print("|---|---:|---:|---:|")
for r in results:
    t = targets.get(r["command"])
    ratio = r["median"] / floor
    mark = "" if t is None else ("%.1fx %s" % (t, "ok" if ratio <= t else "MISSED"))
    print("| %s | %.1f | %.2fx | %s |" % (r["command"], r["median"] * 1000, ratio, mark))
PY

if [ -n "${BIG:-}" ]; then
  lib=$(dirname "$(readlink -f "$jmail")")/lib
  [ -d "$lib" ] || lib=$(dirname "$(readlink -f "$jmail")")/../lib/jmail
  hyperfine -N --warmup 1 --runs "${BIG_RUNS:-5}" \
    --command-name "list big, C1 only (launcher)" "$jmail list -f $BIG" \
    --command-name "list big, full JIT" "$java -Xshare:auto -XX:+UseSerialGC -XX:SharedArchiveFile=$lib/jmail.jsa -Xlog:cds=off -cp $lib/* dev.jmail.Main list -f $BIG" >&2
fi
