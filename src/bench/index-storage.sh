#!/usr/bin/env bash
# Issue 14's storage decision: the same mbox summaries read from SQLite (sqlite-jdbc, a throwaway
# prototype: src/bench/index-storage/) against jmail's own mmap'd index file, side by side in one
# hyperfine run: JVM start-up alone, then start-up + validation + every summary (the warm listing
# without its formatting, which is the same for both) and start-up + message N only (read N).
#
# usage: src/bench/index-storage.sh MBOX [N]
#   MBOX  an mbox jmail has listed once (so that its index is current), e.g. the copy
#         src/bench/index.sh keeps with WORK=DIR; XDG_CACHE_HOME as when it was listed.
# Env: RUNS (default 10), SQLITE_VERSION (default 3.54.1.0; fetched by mvn dependency:get),
# RESULTS (default /tmp).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mbox=$(realpath "$1")
n=${2:-99999}
runs=${RUNS:-10}
results=${RESULTS:-/tmp}
ver=${SQLITE_VERSION:-3.54.1.0}
repo=${MAVEN_REPO:-$HOME/.m2/repository}
sqlite=$repo/org/xerial/sqlite-jdbc/$ver/sqlite-jdbc-$ver.jar
slf4j=$repo/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar
[ -f "$sqlite" ] || mvn -B -q dependency:get -Dartifact=org.xerial:sqlite-jdbc:$ver
[ -f "$slf4j" ] || mvn -B -q dependency:get -Dartifact=org.slf4j:slf4j-api:1.7.36
work=$(mktemp -d "${TMPDIR:-/tmp}/jmail-storage.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp=$root/target/classes:$(ls "$root"/target/lib/*.jar | tr '\n' ':')$sqlite:$slf4j
javac -nowarn -d "$work/classes" -cp "$cp" \
  "$root/src/bench/index-storage/dev/jmail/store/mbox/IndexStorageBench.java"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/jmail
key=$(printf '%s' "$mbox" | sha256sum | cut -d' ' -f1)
index=$cache/mbox/$key.index
[ -f "$index" ] || { echo "no index for $mbox: list it with jmail first" >&2; exit 66; }
# jmail's own start-up flags (its launcher's jvm.options), without its class data archive
flags=$(cat "$root/target/lib/jvm.options")
run="java $flags -cp $work/classes:$cp dev.jmail.store.mbox.IndexStorageBench"
db=$work/index.sqlite
$run sqlite import "$mbox" "$index" "$db"
echo "sizes: mmap'd file $(stat -c %s "$index") bytes, SQLite database $(stat -c %s "$db") bytes"
echo "answers: file $($run file list "$mbox" "$index"), sqlite $($run sqlite list "$mbox" "$db")"
echo "message $n: file $($run file one "$n" "$mbox" "$index"), sqlite $($run sqlite one "$n" "$mbox" "$db")"
hyperfine --runs "$runs" --warmup 1 --output=pipe \
  --export-json "$results/index-storage.json" --export-markdown "$results/index-storage.md" \
  -n jvm-start "$run start" \
  -n file-list "$run file list $mbox $index" \
  -n sqlite-list "$run sqlite list $mbox $db" \
  -n file-one "$run file one $n $mbox $index" \
  -n sqlite-one "$run sqlite one $n $mbox $db"
