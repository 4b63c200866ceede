#!/bin/sh
# Builds jmail's start-up cache for one Java, so that each run of jmail maps the classes it needs
# instead of loading and verifying them from the jars (about half the start-up time):
#   Java 17-23: a class data sharing archive, LIBDIR/jmail.jsa (AppCDS, from a class list);
#   Java 24+:   an ahead-of-time cache, LIBDIR/jmail-FEATURE.aot (JEP 483/514/515: classes loaded
#               and linked, method profiles), from a training run (-XX:AOTCacheOutput).
# And small ones of the same kind, which the launcher picks by the command line: jmail-help for
# --version, --help and COMMAND --help, jmail-list for the header summary of a local folder (-H,
# -e, list), jmail-read for reading its messages (read), jmail-send for a send (-s, recipients,
# send). Each small cache holds only what its
# commands load (no TLS, no IMAP): an AOT cache loads every class it holds at start (3,700 for the
# full one), and each start relocates the whole archive or cache (JDK 17 and 25 map it at a random
# address), about 1 ms per megabyte.
# Beside each, a .key file: the directory, the Java (its real path and the build its release file
# names), the JVM flags (LIBDIR/jvm.options, read by the launcher too) and the jars. The launcher
# uses a cache only when all of these match and no jar is newer; otherwise it starts without one.
# The build runs this for target/lib with the building Java (and again with JDK 25 when it is
# installed), install.sh for PREFIX/lib/jmail; run it again after moving the jars or updating Java.
#
# usage: [JAVA_HOME=DIR] cds.sh LIBDIR
# (CDS_KEEP=1 keeps the work files; AOT_OPTS adds JVM options to the AOT training run, to try some.)
set -eu
lib=${1:?usage: cds.sh LIBDIR}
lib=$(cd "$lib" && pwd -P)
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java=$JAVA_HOME/bin/java
else
  java=$(command -v java) || { echo "cds.sh: no java" >&2; exit 69; }
fi
# The launcher checks the Java by its real path and its release file (no process to start).
real_java=$(readlink -f "$java")
release=${real_java%/bin/java}/release
runtime=
feature=
if [ -r "$release" ]; then
  while IFS= read -r line; do
    case $line in
      JAVA_RUNTIME_VERSION=*) runtime=${line#*=} ;;
      JAVA_VERSION=*) feature=${line#*=} ;;
    esac
  done <"$release"
fi
feature=${feature#\"}
feature=${feature%%[.\"]*}
case $feature in
  '' | *[!0-9]*) echo "cds.sh: cannot tell the version of $real_java from $release" >&2; exit 69 ;;
esac
flags=
[ -r "$lib/jvm.options" ] && IFS= read -r flags <"$lib/jvm.options"
jars=
for j in "$lib"/*.jar; do jars="$jars ${j##*/}"; done
# The class path, as the launcher builds it (angus-mail.jar first: see there); a cache holds it.
cp=
for j in "$lib"/*.jar; do
  case ${j##*/} in
    angus-mail.jar) cp=$j${cp:+:$cp} ;;
    *) cp=${cp:+$cp:}$j ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/jmail-cds.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
[ -n "${CDS_KEEP:-}" ] && trap - EXIT INT TERM && echo "cds.sh: work files in $work" >&2
mkdir "$work/home"
box=$work/box.mbox
for i in 1 2 3; do
  printf 'From a@example.com Mon Jan  1 00:00:00 2024\nFrom: A <a@example.com>\nTo: b@example.com\nSubject: training %s\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <%s@example.com>\n\nbody %s\n\n' "$i" "$i" "$i" >>"$box"
done

# The training: the commands scripts and cron jobs run most, as they run them (the system rc
# file looked up, a ~/.mailrc read; a send to an SMTP server when python3 can play one), listed
# in $work/commands (one a line, words separated by tabs) and run by dev.jmail.cli.Training one
# after another in one JVM: an AOT cache records one run. Failures do not matter (a subcommand
# may not exist yet); the classes they loaded and the methods they ran are what counts.
t=$(printf '\t')
norc="JMAIL_SYSTEM_RC=/dev/null${t}MAILRC=/dev/null${t}"
cmd() { # cmd WORD...: one command line, tab-separated
  line=
  for w in "$@"; do line="$line${line:+$t}$w"; done
  printf '%s\n' "$line" >>"$work/${commands:-commands}"
}
printf 'training body\n' >"$work/body"
printf 'set folder=mail\nalias training a@example.com b@example.com\n' >"$work/home/.mailrc"
printf 'h\np 1\nq\n' >"$work/interactive"
: >"$work/commands"
# Commands that change nothing outside $work, with the system rc file (/etc/mail.rc) as users have it.
cmd -H
cmd -e
cmd list
# The rest without it: what it sets must not send or write anywhere.
cmd "${norc}--version"
cmd "${norc}--help"
cmd "${norc}-H"
cmd "${norc}-e"
cmd "${norc}list"
cmd "${norc}list" --json
cmd "${norc}read" 1
# Interactive start without a terminal: commands from standard input.
cmd "${norc}JMAIL_TRAINING_STDIN=$work/interactive${t}-f" "$box"
# Changes to an mbox (journal, flock through JNA): on a copy, so the box above stays as it is.
cp "$box" "$work/change.mbox"
cmd "${norc}flag" --folder "$work/change.mbox" 1 flagged
cmd "${norc}move" -f "$work/change.mbox" 1 "$work/moved.mbox"
cmd "${norc}delete" -f "$work/change.mbox" 1
# A Maildir large enough for the reader threads (64 messages and more), listed and read.
mkdir -p "$work/Maildir/cur" "$work/Maildir/new" "$work/Maildir/tmp"
i=0
while [ $i -lt 70 ]; do
  i=$((i + 1))
  printf 'From: A <a@example.com>\nSubject: training %s\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nbody\n' "$i" \
    >"$work/Maildir/cur/$((1700000000 + i)).M1P1Q$i.training:2,S"
done
cmd "${norc}list" -f "$work/Maildir"
cmd "${norc}list" -f "$work/Maildir" --json
cmd "${norc}read" -f "$work/Maildir" --peek 70
cmd "${norc}--dry-run" -s training -r a@example.com b@example.com
cmd "${norc}-S" mta=smtp://127.0.0.1:9 -S smtp-timeout=1 -s training b@example.com
for sub in send list read flag delete save move queue fetch watch index; do cmd "${norc}$sub" --help; done
# The small caches' trainings: only what the command lines the launcher picks each for run (an AOT
# cache loads all its classes at every start). --version, --help and COMMAND --help:
commands=help-commands
: >"$work/help-commands"
cmd "${norc}--version"
cmd "${norc}--help"
for sub in send list read flag delete save move queue fetch watch index; do cmd "${norc}$sub" --help; done
# The header summary of a local folder: -H, -e, list (mbox and Maildir).
commands=list-commands
: >"$work/list-commands"
cmd -H
cmd -e
cmd list
cmd "${norc}-H"
cmd "${norc}-e"
cmd "${norc}-H" -f "$box"
cmd "${norc}list"
cmd "${norc}list" --json
cmd "${norc}list" -f "$work/Maildir"
cmd "${norc}list" -f "$work/Maildir" --json
# and an mbox another program appended to since it was indexed (list_index_training makes it)
cmd "${norc}list" -f "$work/grow.mbox"
# Reading messages of a local folder: read (which marks them read: a change of the mbox).
commands=read-commands
: >"$work/read-commands"
cp "$box" "$work/read.mbox"
# and a message as most mail is sent today (multipart/alternative, quoted-printable text and HTML):
# the MIME walk of a plain message loads fewer classes, and each one missing from the cache is
# read from its jar at run time (jakarta.mail's ParameterList, the multipart splitter: ~10 ms)
printf 'From a@example.com Mon Jan  1 00:00:00 2024\nFrom: A <a@example.com>\nTo: b@example.com\nSubject: training 4\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMIME-Version: 1.0\nContent-Type: multipart/alternative;\n boundary="b4"\n\n--b4\nContent-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\nbody 4 =C3=A9t=C3=A9\n--b4\nContent-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n<p>body 4 =C3=A9t=C3=A9</p>\n--b4--\n\n' >>"$work/read.mbox"
cmd read -f "$work/read.mbox" 1
cmd "${norc}read" -f "$work/read.mbox" 2
cmd "${norc}read" -f "$work/read.mbox" --peek 2
cmd "${norc}read" -f "$work/read.mbox" --json 3
cmd "${norc}read" -f "$work/read.mbox" --peek 4
cmd "${norc}read" -f "$work/Maildir" --peek 70
cmd "${norc}read" -f "$work/Maildir" 69
# A send (the one to a loopback server is added below), mailx command lines only: what picocli
# parses (long options, the send subcommand) loads picocli's classes from the jar anyway (JDK 24+
# cannot cache them), and a class in the cache that names one of them would cost every send.
commands=send-commands
: >"$work/send-commands"
printf '#!/bin/sh\ncat >/dev/null\n' >"$work/sendmail"
chmod +x "$work/sendmail"
cmd "${norc}-S" sendmail="$work/sendmail" -s training -c training b@example.com
commands=
# A send that succeeds: a minimal SMTP server on a loopback port (every reply positive).
sink=
if command -v python3 >/dev/null 2>&1; then
  python3 - "$work/port" <<'PY' >/dev/null 2>&1 &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
s.settimeout(120)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:  # one connection per training that sends, until killed (or idle for 2 minutes)
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
    c.close()
PY
  sink=$!
  i=0
  while [ ! -s "$work/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  if [ -s "$work/port" ]; then
    mta="mta=smtp://127.0.0.1:$(cat "$work/port")"
    cmd "${norc}-S" "$mta" -S smtp-timeout=5 -s training b@example.com
    commands=send-commands
    cmd "${norc}-S" "$mta" -S smtp-timeout=5 -s training b@example.com
    commands=
  fi
fi

# The list training starts with grow.mbox indexed before a message was appended, so that it
# extends an index (the scan of the new messages, the index's tail): classes that loads are
# otherwise read from the jars at run time. It does not start without the indexes: the classes of
# a cold listing (the reader threads, Maildir, ~150 with their lambda forms) made -H on a
# one-message mbox 7 ms slower on JDK 25, whose AOT cache loads every class it holds.
list_index_training() {
  cp "$box" "$work/grow.mbox"
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$work/home" USER=jmail JMAIL_SYSTEM_RC=/dev/null MAILRC=/dev/null \
    "$java" $flags -cp "$cp" dev.jmail.Main list -f "$work/grow.mbox" >/dev/null 2>&1 </dev/null || true
  printf 'From b@example.com Mon Jan  1 00:00:00 2024\nFrom: B <b@example.com>\nSubject: appended\n\nbody\n\n' >>"$work/grow.mbox"
}
train() { # train COMMANDS JVM-OPTION...: runs the training of this command list with these options
  commands=$1
  shift
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$work/home" USER=jmail MAIL="$box" DEAD="$work/dead.letter" \
    "$java" $flags "$@" -cp "$cp" dev.jmail.cli.Training "$work/$commands" "$work/body" \
    >>"$work/train.log" 2>&1 </dev/null || true
}
stop_sink() {
  if [ -n "$sink" ]; then
    kill "$sink" 2>/dev/null || true
    wait "$sink" 2>/dev/null || true
  fi
}
# Writes the key the launcher compares: directory, Java, its build, flags, jars.
write_key() { # write_key CACHE-FILE-NAME
  printf '%s\n' "$lib" "$real_java" "$runtime" "$flags" "$jars" >"$lib/$1.key.tmp"
  mv -f "$lib/$1.key.tmp" "$lib/$1.key"
}
# Moves a built cache into LIBDIR with its key; without one, removes the old cache and says so.
install_cache() { # install_cache NAME WHAT LOG
  if [ -s "$work/$1" ]; then
    cp "$work/$1" "$lib/$1.tmp" && mv -f "$lib/$1.tmp" "$lib/$1"
    write_key "$1"
    return 0
  fi
  # a cache of older jars would only be refused at every start
  rm -f "$lib/$1" "$lib/$1.key"
  echo "cds.sh: could not build the $2 $1 (jmail works, starts slower):" >&2
  tail -n 5 "$3" >&2
  return 1
}

# The full cache, then the small ones (no TLS handshakes, no IMAP classes in their training).
if [ "$feature" -ge 24 ]; then
  # JDK 24+: the training run writes the AOT cache itself (JDK 25: -XX:AOTCacheOutput, one step;
  # JDK 24: record a configuration, then create the cache from it).
  aot() { # aot NAME COMMANDS JVM-OPTION...
    name=$1
    list=$2
    shift 2
    rm -f "$lib/$name.key"
    if [ "$feature" -ge 25 ]; then
      # shellcheck disable=SC2086
      train "$list" -XX:AOTCacheOutput="$work/$name" "$@" ${AOT_OPTS:-}
    else
      train "$list" -XX:AOTMode=record -XX:AOTConfiguration="$work/$name.conf" "$@"
      # shellcheck disable=SC2086
      "$java" $flags -XX:AOTMode=create -XX:AOTConfiguration="$work/$name.conf" \
        -XX:AOTCache="$work/$name" -cp "$cp" >>"$work/train.log" 2>&1 || true
    fi
    install_cache "$name" "ahead-of-time cache" "$work/train.log"
  }
  status=0
  aot "jmail-$feature.aot" commands || status=1
  aot "jmail-send-$feature.aot" send-commands -Djmail.training.tls=false || status=1
  stop_sink
  aot "jmail-help-$feature.aot" help-commands -Djmail.training.tls=false || status=1
  list_index_training
  aot "jmail-list-$feature.aot" list-commands -Djmail.training.tls=false || status=1
  aot "jmail-read-$feature.aot" read-commands -Djmail.training.tls=false || status=1
  exit $status
fi

# Java 17-23: the classes a training loaded, dumped into a static archive.
jsa() { # jsa NAME COMMANDS MAIN-ARGUMENT JVM-OPTION...
  name=$1
  list=$2
  main_arg=$3
  shift 3
  rm -f "$work"/*.classlist
  train "$list" -Xshare:auto -XX:DumpLoadedClassList="$work/1.classlist" "$@"
  # And those of one real start through Main (standard streams, terminal checks).
  # shellcheck disable=SC2086
  env -i PATH="$PATH" HOME="$work/home" USER=jmail MAIL="$box" JMAIL_SYSTEM_RC=/dev/null MAILRC=/dev/null \
    "$java" $flags -Xshare:auto -XX:DumpLoadedClassList="$work/2.classlist" -cp "$cp" dev.jmail.Main $main_arg \
    >/dev/null 2>&1 </dev/null || true

  # One list: no comments, each line once (the JDK 17 dumper crashes on repeated lambda lines),
  # and no lambda proxies of picocli interfaces: picocli's classes are Java 5 class files, which
  # JDK 17 can archive only if the dump does not link them, and resolving those lambdas would.
  cat "$work"/*.classlist | grep -v '^#' | grep -v '^@lambda-proxy.*picocli' |
    awk '!seen[$0]++' >"$work/$name.classlist"

  # The dump occasionally fails on a loaded machine (seen once in a few dozen builds, with no
  # trace left): try three times before giving up.
  rm -f "$work/$name"
  for attempt in 1 2 3; do
    if "$java" -Xshare:dump -XX:SharedClassListFile="$work/$name.classlist" \
      -XX:SharedArchiveFile="$work/$name" $flags -cp "$cp" >"$work/dump.log" 2>&1 &&
      [ -s "$work/$name" ]; then
      break
    fi
    rm -f "$work/$name"
    cp "$work/dump.log" "$work/dump.$attempt.log"
  done
  # The launcher uses an archive only from this directory: a static archive whose class path
  # does not match is refused by the JVM, and then even the JDK's own archive is not mapped.
  install_cache "$name" "class data sharing archive" "$work/dump.log"
}
status=0
jsa jmail.jsa commands -H || status=1
jsa jmail-send.jsa send-commands "-S sendmail=$work/sendmail -s training b@example.com" -Djmail.training.tls=false || status=1
stop_sink
jsa jmail-help.jsa help-commands --version -Djmail.training.tls=false || status=1
list_index_training
jsa jmail-list.jsa list-commands -H -Djmail.training.tls=false || status=1
jsa jmail-read.jsa read-commands "read --peek 1" -Djmail.training.tls=false || status=1
exit $status
