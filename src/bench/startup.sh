#!/bin/sh
# Start-up benchmark: jmail next to a Java "hello world" on the same JVM (the floor), in one
# hyperfine run, reported as median ratios to the floor. Targets: --version <= 2.5x,
# -H on a 10-message mbox <= 3x, one send to a loopback SMTP server <= 4x.
#
#   src/bench/startup.sh                       # after mvn package; uses target/jmail
#   JMAIL=/usr/local/bin/jmail src/bench/startup.sh
#   VARIANTS=1 src/bench/startup.sh            # also: without CDS, default GC and JIT
#   BIG=~/big.mbox src/bench/startup.sh        # also: C1-only vs full JIT listing a big folder
#   RUNS=20 ROUNDS=5 WARMUP=5 src/bench/startup.sh
#   BEFORE=/tmp/old/jmail src/bench/startup.sh # also times another build, in the same rounds
#
# Needs hyperfine, javac, python3. The SMTP sink is ../shared/bench/smtp_sink.py or $SMTP_SINK
# (the send is skipped without one); JMAIL_SEND_OPTS overrides how jmail is pointed at it
# (default: -S mta=smtp://127.0.0.1:$PORT). A command that fails its check is reported, not timed.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
jmail=${JMAIL:-$root/target/jmail}
runs=${RUNS:-15}
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

# Every command runs as "$work/in COMMAND": stdin from body.txt (the send's body; the others
# ignore it), the same small exec for all of them, floor included.
printf '#!/bin/sh\nexec "$@" <"%s"\n' "$work/body.txt" >"$work/in"
chmod +x "$work/in"
names=""
cmds=""
add() { # add NAME COMMAND: checked once, then timed
  if sh -c "$work/in $2" >"$work/check.out" 2>&1; then
    names="$names|$1"
    cmds="$cmds|$work/in $2"
  else
    echo "not timed: $1: '$2' failed: $(head -c 300 "$work/check.out")" >&2
  fi
}
add floor "$java -cp $work/hello Hello"
add version "$jmail --version"
add help "$jmail --help"
add H "$jmail -H -f $work/ten.mbox"
if [ -n "${BEFORE:-}" ]; then
  add version-before "$BEFORE --version"
  add H-before "$BEFORE -H -f $work/ten.mbox"
fi

if [ -f "$sink" ]; then
  python3 "$sink" --port 0 --out "$work/sink" --port-file "$work/port" --quiet --quickack >/dev/null 2>&1 &
  sink_pid=$!
  i=0
  while [ ! -s "$work/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  port=$(cat "$work/port")
  send_opts=$(printf '%s' "${JMAIL_SEND_OPTS:--S mta=smtp://127.0.0.1:\$PORT}" | sed "s/\\\$PORT/$port/g")
  add send "$jmail $send_opts -s bench you@example.com"
  [ -n "${BEFORE:-}" ] && add send-before "$BEFORE $send_opts -s bench you@example.com"
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
  add send-no-cds "env JMAIL_CDS=0 $jmail $send_opts -s bench you@example.com"
  add H-g1 "$java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$lib/jmail.jsa -Xlog:cds=off -cp '$lib/*' dev.jmail.Main -H -f $work/ten.mbox"
fi

set --
old_ifs=$IFS
IFS='|'
for c in ${cmds#|}; do set -- "$@" "$c"; done
i=0
for n in ${names#|}; do set -- "$@" --command-name "$n"; done
IFS=$old_ifs
# Several short rounds, each timing every command: on a shared machine the load drifts, and a
# ratio taken within one round drifts much less than absolute times.
rounds=${ROUNDS:-3}
r=1
while [ $r -le "$rounds" ]; do
  hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$work/round$r.json" \
    "$@" >"$work/round$r.log" 2>&1 || { cat "$work/round$r.log" >&2; exit 70; }
  r=$((r + 1))
done
python3 - "$work"/round*.json <<'PY'
import json, statistics, sys
rounds = [json.load(open(f))["results"] for f in sys.argv[1:]]
targets = {"version": 2.5, "H": 3.0, "send": 4.0}
print("| command | median ms | ratio to floor (median of %d rounds) | per round | target |" % len(rounds))
print("|---|---:|---:|---|---:|")
for i, r in enumerate(rounds[0]):
    name = r["command"]
    times = [rd[i]["median"] for rd in rounds]
    ratios = [rd[i]["median"] / next(x for x in rd if x["command"] == "floor")["median"] for rd in rounds]
    ratio = statistics.median(ratios)
    t = targets.get(name)
    mark = "" if t is None else ("%.1fx %s" % (t, "ok" if ratio <= t else "MISSED"))
    print("| %s | %.1f | %.2fx | %s | %s |" % (name, statistics.median(times) * 1000, ratio,
          " ".join("%.2f" % x for x in ratios), mark))
PY

if [ -n "${BIG:-}" ]; then
  lib=$(dirname "$(readlink -f "$jmail")")/lib
  [ -d "$lib" ] || lib=$(dirname "$(readlink -f "$jmail")")/../lib/jmail
  hyperfine -N --warmup 1 --runs "${BIG_RUNS:-5}" \
    --command-name "list big, C1 only (launcher)" "$jmail list -f $BIG" \
    --command-name "list big, full JIT" "$java -Xshare:auto -XX:+UseSerialGC -XX:SharedArchiveFile=$lib/jmail.jsa -Xlog:cds=off -cp $lib/* dev.jmail.Main list -f $BIG" >&2
fi
