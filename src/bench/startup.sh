#!/bin/sh
# Start-up benchmark: jmail next to a Java "hello world" on the same JVM (the floor), for each
# Java in JDKS, all in one hyperfine run (several rounds), reported as median ratios to that
# Java's floor. Targets (issue 18):            JDK 17-23   JDK 24+
#   --version                                  <= 1.5x     <= 1.3x
#   -H on a one-message mbox                   <= 2x       <= 1.5x
#   one send to a loopback SMTP server         <= 3x       <= 2x
#   --help                                     <= 2x       <= 2x
#   list of the 20,000-message bench mbox      no slower than before; on 24+ no slower than 17
#   (also timed: list --help, read --peek of the one message, list -S noindex)
#
#   src/bench/startup.sh                       # after mvn package; uses target/jmail
#   JDKS="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64" src/bench/startup.sh
#                                              # default: JAVA_HOME (else PATH's java), and
#                                              # temurin 25 when installed
#   JMAIL=/usr/local/bin/jmail src/bench/startup.sh
#   VARIANTS=1 src/bench/startup.sh            # also: without a cache, default GC and full JIT
#   LIST_MBOX=none src/bench/startup.sh        # without the list (default: the 20k bench corpus,
#                                              # generated once into $TMPDIR/jmail-corpus-20000)
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
shared=$root/../shared/bench
[ -d "$shared" ] || shared=$root/../../shared/bench
sink=${SMTP_SINK:-$shared/smtp_sink.py}
gen=${GEN_CORPUS:-$shared/gen_corpus.py}
for tool in hyperfine python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "startup.sh: $tool is needed" >&2; exit 69; }
done
[ -x "$jmail" ] || { echo "startup.sh: no $jmail: run mvn -B package -DskipTests" >&2; exit 66; }
if [ -z "${JDKS:-}" ]; then
  if [ -n "${JAVA_HOME:-}" ]; then JDKS=$JAVA_HOME; else JDKS=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")"); fi
  t25=/usr/lib/jvm/temurin-25-jdk-amd64
  if [ -x "$t25/bin/java" ] && ! [ "$t25/bin/java" -ef "$JDKS/bin/java" ]; then JDKS="$JDKS $t25"; fi
fi
list=${LIST_MBOX:-${TMPDIR:-/tmp}/jmail-corpus-20000/corpus.mbox}
if [ "$list" != none ] && [ ! -f "$list" ] && [ -z "${LIST_MBOX:-}" ] && [ -f "$gen" ]; then
  echo "startup.sh: generating the 20k bench corpus (once) into ${list%/*}" >&2
  python3 "$gen" -n 20000 -s 42 -o "${list%/*}" >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/jmail-startup.XXXXXX")
sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A one-message mbox and a clean environment (no rc files, HOME in the work dir).
mkdir "$work/home"
printf 'From sender@example.com Mon Jan  1 00:00:00 2024\nFrom: Sender <sender@example.com>\nTo: you@example.com\nSubject: Message number 1\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <1@bench.example>\n\nBody of message 1.\n\n' >"$work/one.mbox"
printf 'Start-up benchmark body.\n' >"$work/body.txt"
export HOME="$work/home" MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null MAIL="$work/one.mbox" DEAD="$work/dead.letter"
unset JMAIL_JAVA_OPTS JMAIL_CDS

names=""
cmds=""
add() { # add NAME COMMAND: checked once, then timed
  if sh -c "$in $2" >"$work/check.out" 2>&1; then
    names="$names|$1"
    cmds="$cmds|$in $2"
  else
    echo "not timed: $1: '$2' failed: $(head -c 300 "$work/check.out")" >&2
  fi
}
if [ -f "$sink" ]; then
  python3 "$sink" --port 0 --out "$work/sink" --port-file "$work/port" --quiet --quickack >/dev/null 2>&1 &
  sink_pid=$!
  i=0
  while [ ! -s "$work/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  port=$(cat "$work/port")
  send_opts=$(printf '%s' "${JMAIL_SEND_OPTS:--S mta=smtp://127.0.0.1:\$PORT}" | sed "s/\\\$PORT/$port/g")
else
  echo "not timed: send: no SMTP sink at $sink (set SMTP_SINK)" >&2
fi

for home in $JDKS; do
  java=$home/bin/java
  v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  # Every command runs as "$work/in-V COMMAND": this Java as JAVA_HOME, stdin from body.txt (the
  # send's body; the others ignore it), the same small exec for all of them, floor included.
  in=$work/in-$v
  printf '#!/bin/sh\nJAVA_HOME=%s; export JAVA_HOME\nexec "$@" <"%s"\n' "$home" "$work/body.txt" >"$in"
  chmod +x "$in"
  # The floor: hello world, compiled by the same JDK.
  mkdir "$work/hello-$v"
  printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$work/hello-$v/Hello.java"
  "$home/bin/javac" -d "$work/hello-$v" "$work/hello-$v/Hello.java"
  add "floor-$v" "$java -cp $work/hello-$v Hello"
  add "version-$v" "$jmail --version"
  add "help-$v" "$jmail --help"
  add "sub-help-$v" "$jmail list --help"
  add "H-$v" "$jmail -H -f $work/one.mbox"
  add "read-$v" "$jmail read --peek -f $work/one.mbox 1"
  if [ -n "${BEFORE:-}" ]; then
    add "version-before-$v" "$BEFORE --version"
    add "H-before-$v" "$BEFORE -H -f $work/one.mbox"
    add "read-before-$v" "$BEFORE read --peek -f $work/one.mbox 1"
  fi
  if [ -n "$sink_pid" ]; then
    add "send-$v" "$jmail $send_opts -s bench you@example.com"
    [ -n "${BEFORE:-}" ] && add "send-before-$v" "$BEFORE $send_opts -s bench you@example.com"
  fi
  if [ "$list" != none ] && [ -f "$list" ]; then
    add "list20k-$v" "$jmail list -f $list"
    add "list20k-noindex-$v" "$jmail -S noindex list -f $list"
  fi
  if [ "${VARIANTS:-0}" = 1 ]; then
    lib=$(dirname "$(readlink -f "$jmail")")/lib
    [ -d "$lib" ] || lib=$(dirname "$(readlink -f "$jmail")")/../lib/jmail
    base="$java -XX:+UseSerialGC -XX:-UsePerfData -cp '$lib/*' dev.jmail.Main"
    add "version-no-cache-$v" "env JMAIL_CDS=0 $jmail --version"
    add "help-no-cache-$v" "env JMAIL_CDS=0 $jmail --help"
    add "H-no-cache-$v" "env JMAIL_CDS=0 $jmail -H -f $work/one.mbox"
    [ -n "$sink_pid" ] && add "send-no-cache-$v" "env JMAIL_CDS=0 $jmail $send_opts -s bench you@example.com"
    add "H-full-jit-no-cache-$v" "$base -H -f $work/one.mbox"
    [ "$list" != none ] && [ -f "$list" ] && add "list20k-full-jit-no-cache-$v" "$base list -f $list"
  fi
done

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
import json, re, statistics, sys
rounds = [json.load(open(f))["results"] for f in sys.argv[1:]]
targets = {17: {"version": 1.5, "H": 2.0, "send": 3.0, "help": 2.0, "sub-help": 2.0},
           25: {"version": 1.3, "H": 1.5, "send": 2.0, "help": 2.0, "sub-help": 2.0}}
print("| command | median ms | ratio to its Java's floor (median of %d rounds) | per round | target | CPU ms (user+sys) | CPU ratio |" % len(rounds))
print("|---|---:|---:|---|---:|---:|---:|")
for i, r in enumerate(rounds[0]):
    name = r["command"]
    base, v = name.rsplit("-", 1)
    floor = "floor-" + v
    times = [rd[i]["median"] for rd in rounds]
    ratios = [rd[i]["median"] / next(x for x in rd if x["command"] == floor)["median"] for rd in rounds]
    ratio = statistics.median(ratios)
    t = targets[25 if int(v) >= 24 else 17].get(base)
    mark = "" if t is None else ("%.1fx %s" % (t, "ok" if ratio <= t else "MISSED"))
    # CPU time (mean user+system): on a loaded machine it drifts less than wall time.
    cpu = lambda x: x["user"] + x["system"]
    cpus = [cpu(rd[i]) for rd in rounds]
    cpu_ratios = [cpu(rd[i]) / cpu(next(x for x in rd if x["command"] == floor)) for rd in rounds]
    print("| %s | %.1f | %.2fx | %s | %s | %.1f | %.2fx |" % (name, statistics.median(times) * 1000, ratio,
          " ".join("%.2f" % x for x in ratios), mark, statistics.median(cpus) * 1000,
          statistics.median(cpu_ratios)))
PY
