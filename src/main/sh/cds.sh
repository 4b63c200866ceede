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
mkdir "$work/home"
box=$work/box.mbox
for i in 1 2 3; do
  printf 'From a@example.com Mon Jan  1 00:00:00 2024\nFrom: A <a@example.com>\nTo: b@example.com\nSubject: training %s\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <%s@example.com>\n\nbody %s\n\n' "$i" "$i" "$i" >>"$box"
done

# Training runs: the commands scripts and cron jobs run most. Failures do not matter (a
# subcommand may not exist yet); the classes they loaded are what counts.
n=0
train() {
  n=$((n + 1))
  env -i PATH="$PATH" HOME="$work/home" USER=jmail MAILRC=/dev/null JMAIL_SYSTEM_RC=/dev/null \
    MAIL="$box" DEAD="$work/dead.letter" \
    "$java" -Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:DumpLoadedClassList="$work/$n.classlist" -cp "$lib/*" dev.jmail.Main "$@" \
    <"$work/body" >/dev/null 2>&1 || true
}
printf 'training body\n' >"$work/body"
train --version
train --help
train -H
train -e
train list
train list --json
train read 1
train --dry-run -s training -r a@example.com b@example.com
train -S mta=smtp://127.0.0.1:9 -S smtp-timeout=1 -s training b@example.com
train send --help

# One list: no comments, each line once (the JDK 17 dumper crashes on repeated lambda lines),
# and no lambda proxies of picocli interfaces: picocli's classes are Java 5 class files, which
# JDK 17 can archive only if the dump does not link them, and resolving those lambdas would.
cat "$work"/*.classlist | grep -v '^#' | grep -v '^@lambda-proxy.*picocli' |
  awk '!seen[$0]++' >"$work/jmail.classlist"

if "$java" -Xshare:dump -XX:SharedClassListFile="$work/jmail.classlist" \
  -XX:SharedArchiveFile="$work/jmail.jsa" -cp "$lib/*" >"$work/dump.log" 2>&1 &&
  [ -s "$work/jmail.jsa" ]; then
  cp "$work/jmail.jsa" "$lib/jmail.jsa.tmp" && mv -f "$lib/jmail.jsa.tmp" "$lib/jmail.jsa"
else
  echo "cds.sh: could not build the class data sharing archive (jmail works, starts slower):" >&2
  tail -n 3 "$work/dump.log" >&2
  exit 1
fi
