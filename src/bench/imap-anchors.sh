#!/usr/bin/env bash
# imap-anchors.sh - time established mail clients listing and reading a large IMAP folder
# (and downloading over POP3) from a private Dovecot on loopback, and jmail next to them
# in the same hyperfine invocations when JMAIL is set.
#
# jmail's copy of ../shared/bench/imap-anchors.sh (whose helpers, imap_ref.py, gen_corpus.py
# and report.py, it uses: BENCH_DIR, default ../shared/bench beside the repository). Added:
# jmail-cold (empty summary cache), jmail-maildir (the same messages as a local Maildir),
# jmail fetch over POP3, the same anchors over STARTTLS/STLS as jmail connects (mutt-cold-tls,
# mutt-warm-tls, fetchmail-tls; SKIP_TOOLS="mutt-tls fetchmail-tls" leaves them out), and
# after the timings the bytes Dovecot sent to one cold and one warm jmail listing, s-nail and
# mutt (its "Logged out ... out=N" log lines; TRAFFIC=0 skips it), the size of jmail's
# summary cache file, and the TLS version and cipher Dovecot's login line names for one run of
# jmail, s-nail-imaps, mutt over STARTTLS and fetchmail over STLS (results: traffic.tsv, tls.tsv
# and run.log).  Same conventions as anchors.sh:
# every command is run once and checked before it is timed (the check run doubles as
# the peak-RSS measurement with GNU time -v); a command whose check fails is reported
# ("check failed, not timed") and the run carries on.
#
#   bench/imap-anchors.sh                       20,000-message INBOX, POP3 on a 2,000 subset
#   JMAIL=/path/to/jmail bench/imap-anchors.sh  add jmail to list-imap and read-imap
#   TASKS="list-imap" RUNS=10 bench/imap-anchors.sh
#   python3 bench/report.py "$RESULTS"          markdown tables (done at the end anyway)
#
# Tasks:
#   list-imap   header summary of the whole INBOX (s-nail -H; mutt opening the folder and
#               quitting, without and with a primed header cache; python imaplib reference)
#   read-imap   fetch and print the last message of the INBOX
#   pop3-fetch  download every message of a mailbox over POP3 into one local file
#               (POP3_N messages, default 2,000: a full 20k download takes minutes per run
#               for getmail, which forks one delivery process per message)
#
# The server: a private Dovecot (dovecot -c $CACHE/imap-dovecot/dovecot.conf) listening on
# 127.0.0.1 only - IMAP $IMAP_PORT (plain, STARTTLS offered), IMAPS $IMAPS_PORT (self-signed
# certificate), POP3 $POP3_PORT - and on PLAIN_HOST (127.0.0.2, loopback too) the same IMAP and
# POP3 ports without STARTTLS/STLS (checked at start) for jmail's plain rows - passwd-file with two test users (bench: the whole
# corpus; bench2k: the POP3 subset), plain auth allowed.  Mail lives in a fresh COPY of the
# corpus Maildir (the corpus itself is only read), owned by nobody:nogroup.  The system's
# Dovecot configuration is not read or touched.  Dovecot is stopped on exit (trap).
# Before timing, the index is primed once (SELECT + FETCH 1:* (FLAGS), timed and reported).
# The verification runs and hyperfine's warm-up then fill Dovecot's cache file with the
# header fields each client asks for, so the timings are for a warm server.  Only the
# client is measured: Dovecot's own CPU time and memory are not in the RSS column.
# "ref:" rows are stdlib-Python clients doing the minimum protocol work, not physical limits.
#
# Environment (all optional):
#   JMAIL              jmail launcher; unset = jmail skipped.  Its cache and state are in
#                      $CACHE/imap-work/jmail-* (XDG_CACHE_HOME, XDG_STATE_HOME).  Timed as
#                        jmail-cold: the same list with the summary cache removed first
#                        jmail-maildir: list -f of the corpus Maildir itself (local, index warm)
#                        jmail (pop3-fetch): fetch pop3://bench2k@... -f a new mbox, UIDL state
#                        removed first, so every run downloads all POP3_N messages
#                        $JMAIL list -f imap://bench@127.0.0.1:$IMAP_PORT/INBOX
#                        $JMAIL read -f imap://bench@127.0.0.1:$IMAP_PORT/INBOX <last number>
#                      all over STARTTLS/STLS (jmail uses it whenever offered), and the same as
#                        jmail-plain-cold, jmail-plain: over plain IMAP/POP3 to PLAIN_HOST with
#                        -S net-allow-plaintext, as the anchors without -tls connect
#                      the password is in $HOME/.netrc (HOME is the scratch home) and in
#                      JMAIL_IMAP_PASSWORD; JMAIL_IMAP_OPTS is inserted after the verb
#   JMAIL_BENCH_CACHE  corpora and scratch (default /tmp/jmail-bench)
#   RESULTS            output folder (default /tmp/imap-bench-results; its json/ is emptied)
#   N (20000), SEED (42)      corpus; generated with gen_corpus.py if missing, never modified
#   POP3_N (2000)             POP3 subset size (0 = the whole corpus)
#   TASKS="list-imap read-imap pop3-fetch";  SKIP_TOOLS="getmail mutt-cold"
#   RUNS (5, minimum), MAX_RUNS (20), WARMUP (1)   hyperfine -m / -M / -w
#   SLOW_LIMIT (150 s)   a command whose check run takes longer is not timed
#   IMAP_PORT (11143) IMAPS_PORT (11993) POP3_PORT (11110) PLAIN_HOST (127.0.0.2)
#   KEEP_MAILDIR=1       reuse the server's Maildir copy and index from the previous run
#   VERIFY_ONLY=1        run and check every command once, time nothing
#   S_NAIL MUTT FETCHMAIL GETMAIL: tool names/paths
#
# Needs: dovecot (dovecot-imapd, dovecot-pop3d), openssl, hyperfine, python3, GNU time,
# script(1); optional fetchmail, getmail6.  Must run as root (Dovecot drops to nobody).

set -uo pipefail

HERE=${BENCH_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../shared/bench" 2>/dev/null && pwd)}
[[ -f $HERE/imap_ref.py ]] || { echo "imap-anchors.sh: set BENCH_DIR to the shared bench folder (imap_ref.py)" >&2; exit 1; }
CACHE=${JMAIL_BENCH_CACHE:-/tmp/jmail-bench}
SEED=${SEED:-42}
N=${N:-20000}
POP3_N=${POP3_N:-2000}
RUNS=${RUNS:-5}
MAX_RUNS=${MAX_RUNS:-20}
WARMUP=${WARMUP:-1}
SLOW_LIMIT=${SLOW_LIMIT:-150}
TASKS=${TASKS:-"list-imap read-imap pop3-fetch"}
SKIP_TOOLS=${SKIP_TOOLS:-}
RESULTS=${RESULTS:-/tmp/imap-bench-results}
JMAIL=${JMAIL:-}
JMAIL_IMAP_OPTS=${JMAIL_IMAP_OPTS:-}
IMAP_PORT=${IMAP_PORT:-11143}
PLAIN_HOST=${PLAIN_HOST:-127.0.0.2}
IMAPS_PORT=${IMAPS_PORT:-11993}
POP3_PORT=${POP3_PORT:-11110}
S_NAIL=${S_NAIL:-s-nail}
MUTT=${MUTT:-mutt}
FETCHMAIL=${FETCHMAIL:-fetchmail}
GETMAIL=${GETMAIL:-getmail}

# fixed test credentials of a loopback-only throw-away server
USER1=bench USER2=bench2k PASS=bench-pw
export JMAIL_IMAP_PASSWORD=$PASS

D=$CACHE/imap-dovecot          # server: config, certificate, Maildir copies, logs
W=$CACHE/imap-work             # client side: header cache, download targets
C=$CACHE/corpus-s$SEED-n$N
CONF=$D/dovecot.conf
URL="imap://$USER1@127.0.0.1:$IMAP_PORT/INBOX"
URLS="imaps://$USER1@127.0.0.1:$IMAPS_PORT/INBOX"
URLP="imap://$USER1@$PLAIN_HOST:$IMAP_PORT/INBOX"   # the same server without STARTTLS

mkdir -p "$RESULTS"/{json,log,verify} "$W" || exit 1
rm -f "$RESULTS"/json/*.json
export HOME=$CACHE/imap-home MAILRC=/dev/null LC_ALL=C.UTF-8 TZ=UTC COLUMNS=80 LINES=24
export MAIL=$HOME/no-inbox MBOX=$HOME/mbox
unset MAILPATH NAILRC PAGER EDITOR VISUAL 2>/dev/null || true
export PAGER=cat
mkdir -p "$HOME/Mail"            # mutt asks "~/Mail does not exist. Create it?" otherwise
: >"$RESULTS/run.log"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RESULTS/run.log" >&2; }
die() { log "FATAL: $*"; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
skipped_tool() { [[ " $SKIP_TOOLS " == *" $1 "* ]]; }
want_task() { [[ " $TASKS " == *" $1 "* ]]; }

[[ $(id -u) == 0 ]] || die "run as root (Dovecot is started privately and drops to nobody)"
for t in hyperfine python3 dovecot doveconf openssl script; do have "$t" || die "$t missing"; done
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) missing; install the Debian package 'time'"
NOBODY_UID=$(id -u nobody) NOGROUP_GID=$(getent group nogroup | cut -d: -f3)
[[ -n $NOBODY_UID && -n $NOGROUP_GID ]] || die "user nobody / group nogroup missing"

# ---------------------------------------------------------------- corpus (read only)
if [[ ! -f $C/manifest.json ]]; then
    log "generating corpus of $N messages in $C"
    python3 "$HERE/gen_corpus.py" -n "$N" -s "$SEED" -o "$C" 2>>"$RESULTS/run.log" ||
        die "gen_corpus.py failed"
fi
[[ -d $C/Maildir/cur && -f $C/index.tsv ]] || die "$C has no Maildir/ or index.tsv"
if ((POP3_N <= 0 || POP3_N >= N)); then POP3_N=$N; POP3_USER=$USER1; else POP3_USER=$USER2; fi

# ---------------------------------------------------------------- machine facts
{
    echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "mem_total: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel: $(uname -sr)"
    echo "loadavg_at_start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "dovecot: $(dovecot --version 2>&1)"
    echo "hyperfine: $(hyperfine --version)"
    echo "s-nail: $($S_NAIL -:/ -V 2>&1 | head -1)"
    echo "mutt: $($MUTT -v 2>&1 | head -1)"
    echo "fetchmail: $($FETCHMAIL --version 2>/dev/null | grep -m1 release || echo '?')"
    echo "getmail: $($GETMAIL --version 2>&1 | head -1)"
    echo "python3: $(python3 --version 2>&1)"
    [[ -n $JMAIL ]] && echo "jmail: $($JMAIL --version 2>&1 | head -1)"
    echo "settings: messages=$N pop3_subset=$POP3_N seed=$SEED warmup=$WARMUP min_runs=$RUNS" \
        "max_runs=$MAX_RUNS slow_limit=${SLOW_LIMIT}s imap=$IMAP_PORT imaps=$IMAPS_PORT pop3=$POP3_PORT"
} >"$RESULTS/machine.txt"
log "results -> $RESULTS"

# ---------------------------------------------------------------- Dovecot
port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

stop_dovecot() {
    [[ -f $D/run/master.pid ]] || return 0
    local pid; pid=$(cat "$D/run/master.pid" 2>/dev/null)
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    dovecot -c "$CONF" stop 2>/dev/null || kill "$pid" 2>/dev/null
    local k
    for k in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { log "Dovecot (pid $pid) still running; sending KILL"; kill -9 "$pid"; }
    log "private Dovecot stopped"
}

write_conf() {
    local dh=""
    [[ -f /usr/share/dovecot/dh.pem ]] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
    cat >"$CONF" <<EOF
# private Dovecot for jmail's IMAP/POP3 benchmark (written by imap-anchors.sh);
# loopback only, test credentials, nothing shared with the system's configuration
instance_name = jmail-bench
base_dir = $D/run
state_dir = $D/state
log_path = $D/log/dovecot.log
info_log_path = $D/log/dovecot.log
protocols = imap pop3
listen = 127.0.0.1, $PLAIN_HOST
ssl = yes
ssl_cert = <$D/cert.pem
ssl_key = <$D/key.pem
$dh
disable_plaintext_auth = no
auth_mechanisms = plain login
# the default login line and %k: which TLS version and cipher each client negotiated (tls_used)
login_log_format_elements = user=<%u> method=%m rip=%r lip=%l mpid=%e %c %k session=<%{session}>
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/passwd
}
userdb {
  driver = static
  args = uid=$NOBODY_UID gid=$NOGROUP_GID home=$D/mail/%u
}
first_valid_uid = $NOBODY_UID
first_valid_gid = $NOGROUP_GID
mail_location = maildir:$D/mail/%u/Maildir
# POP3 must not change flags between runs (RETR would otherwise set \\Seen)
pop3_no_flag_updates = yes
pop3_uidl_format = %08Xu%08Xv
mail_max_userip_connections = 50
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imapplain {
    address = $PLAIN_HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $POP3_PORT
  }
  inet_listener pop3plain {
    address = $PLAIN_HOST
    port = $POP3_PORT
  }
  inet_listener pop3s {
    port = 0
  }
}
# the same ports on PLAIN_HOST (another loopback address) offer no STARTTLS/STLS: the anchors
# that log in unencrypted have a jmail row beside them that does the same (net-allow-plaintext)
local $PLAIN_HOST {
  ssl = no
}
EOF
}

start_dovecot() {
    mkdir -p "$D"/{run,state,log}
    stop_dovecot                                   # a stale instance of this script
    local p
    for p in "$IMAP_PORT" "$IMAPS_PORT" "$POP3_PORT"; do
        port_busy "$p" && die "port $p is already in use on this machine; set IMAP_PORT/IMAPS_PORT/POP3_PORT"
    done
    if [[ ! -s $D/cert.pem || ! -s $D/key.pem ]]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=127.0.0.1 \
            -keyout "$D/key.pem" -out "$D/cert.pem" >/dev/null 2>&1 || die "openssl req failed"
        chmod 600 "$D/key.pem"
    fi
    printf '%s:{PLAIN}%s::::::\n' "$USER1" "$PASS" "$USER2" "$PASS" >"$D/passwd"
    write_conf
    doveconf -c "$CONF" -n >"$D/log/doveconf-n.txt" 2>&1 || die "doveconf rejects $CONF: $(tail -3 "$D/log/doveconf-n.txt")"
    : >"$D/log/dovecot.log"
    dovecot -c "$CONF" || die "dovecot -c $CONF failed: $(tail -5 "$D/log/dovecot.log")"
    trap 'stop_dovecot' EXIT
    trap 'exit 130' INT TERM
    local k
    for k in $(seq 100); do
        port_busy "$IMAP_PORT" && port_busy "$POP3_PORT" && port_busy "$IMAPS_PORT" && break
        sleep 0.1
    done
    port_busy "$IMAP_PORT" && port_busy "$POP3_PORT" || die "Dovecot did not listen: $(tail -5 "$D/log/dovecot.log")"
    log "private Dovecot $(dovecot --version | cut -d' ' -f1) up: imap 127.0.0.1:$IMAP_PORT," \
        "imaps :$IMAPS_PORT, pop3 :$POP3_PORT, without STARTTLS/STLS on $PLAIN_HOST (pid $(cat "$D/run/master.pid"))"
    # the plain rows must really be plain: no STARTTLS/STLS offered there, for jmail to use
    python3 - "$PLAIN_HOST" "$IMAP_PORT" "$POP3_PORT" <<'PY' || die "$PLAIN_HOST still offers STARTTLS or STLS (or does not answer)"
import imaplib, poplib, sys
h, ip, pp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
i = imaplib.IMAP4(h, ip); caps = i.capabilities; i.logout()
p = poplib.POP3(h, pp); stls = "STLS" in p.capa(); p.quit()
sys.exit(1 if "STARTTLS" in caps or stls else 0)
PY
}

copy_maildirs() {
    if [[ ${KEEP_MAILDIR:-0} == 1 && -f $D/mail/copied-from ]] &&
        [[ $(cat "$D/mail/copied-from") == "$C $POP3_N" ]]; then
        log "KEEP_MAILDIR=1: reusing the server's Maildir copies and index"
        return
    fi
    local t0; t0=$(date +%s.%N)
    rm -rf "$D/mail" && mkdir -p "$D/mail/$USER1" "$D/mail/$USER2/Maildir"/{cur,new,tmp} || die "mkdir"
    cp -a "$C/Maildir" "$D/mail/$USER1/Maildir" || die "copying the corpus Maildir failed"
    if [[ $POP3_USER == "$USER2" ]]; then       # the first POP3_N messages in folder order
        (cd "$C/Maildir" && awk -F'\t' -v n="$POP3_N" 'NR > 1 && NR <= n + 1 {print $5}' ../index.tsv |
            xargs -d '\n' cp --parents -t "$D/mail/$USER2/Maildir") || die "copying the POP3 subset failed"
    fi
    chown -R "$NOBODY_UID:$NOGROUP_GID" "$D/mail"
    echo "$C $POP3_N" >"$D/mail/copied-from"
    log "copied the corpus Maildir (+ $POP3_N-message POP3 subset) for the server in" \
        "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b-a}') s"
}

# read files so the page cache holds them (this VM pages out idle page cache, see anchors.sh)
warm() { local f; for f in "$@"; do [[ -e $f ]] && find "$f" -type f -exec cat {} + >/dev/null; done; }

# ---------------------------------------------------------------- checks (as anchors.sh)
c_rc0()      { [[ $rc == 0 ]]; }
c_nonempty() { [[ $rc == 0 && -s $out ]]; }
c_lines()    { [[ $rc == 0 ]] && (($(wc -l <"$out") == $1)); }
c_lines_ge() { [[ $rc == 0 ]] && (($(wc -l <"$out") >= $1)); }
c_grep_any() { [[ $rc == 0 ]] && { grep -aqF -- "$1" "$out" || grep -aqF -- "$2" "$out"; }; }
c_grep_anyrc() { grep -aqF -- "$1" "$out"; }            # exit status ignored (mutt under script)
c_grep_re_anyrc() { grep -aqE -- "$1" "$out"; }
c_file_count() { # rc==0 and FILE has exactly N lines matching ERE
    [[ $rc == 0 ]] && (($(grep -acE -- "$2" "$1") == $3)); }

# ---------------------------------------------------------------- task builder (as anchors.sh)
NAMES=(); ROLES=(); CHECKS=(); CMDS=(); NOTES=()
reset_task() { NAMES=(); ROLES=(); CHECKS=(); CMDS=(); NOTES=(); }
add() { NAMES+=("$1"); ROLES+=("$2"); CHECKS+=("$3"); CMDS+=("$4"); NOTES+=("${5:-}"); }
CMDS_TSV=$RESULTS/commands.tsv MEM_TSV=$RESULTS/mem.tsv LOAD_TSV=$RESULTS/load.tsv
printf 'task\tsize\tname\trole\tstatus\tverify_s\tnote\tcommand\n' >"$CMDS_TSV"
printf 'task\tsize\tname\tmaxrss_kb\n' >"$MEM_TSV"
printf 'task\tsize\tloadavg_before\tloadavg_after\tcpu_pressure_avg10_after\n' >"$LOAD_TSV"
display() {
    local s=$1
    [[ -n $JMAIL ]] && s=${s//"$JMAIL"/'$JMAIL'}
    s=${s//"$CACHE"/'$CACHE'}
    s=${s//"$HERE"/'$BENCH'}
    printf '%s' "$s"
}
needs_shell() {
    case $1 in
        *[\|\<\>\;\&\$\*\?]* | *'`'*) return 0 ;;
    esac
    [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]
}
hf_cmd() {
    if needs_shell "$1"; then
        local sq="'" esc="'\\''"
        printf "sh -c '%s'" "${1//$sq/$esc}"
    else
        printf '%s' "$1"
    fi
}
shrink() {
    local f=$1 n
    n=$(wc -l <"$f")
    if ((n > 60)); then
        { head -n 25 "$f"; printf '[... %d lines in all; middle removed by imap-anchors.sh ...]\n' "$n"
          tail -n 25 "$f"; } >"$f.tmp" && mv "$f.tmp" "$f"
    fi
    if (($(wc -c <"$f") > 65536)); then
        { printf '[... %d bytes in all; only the last 4096 kept by imap-anchors.sh ...]\n' \
              "$(wc -c <"$f")"; tail -c 4096 "$f"; } >"$f.tmp" && mv "$f.tmp" "$f"
    fi
}

run_task() { # TASK SIZE WORKDIR
    local task=$1 size=$2 wd=$3
    local -a hf=() ok_idx=()
    local i
    for i in "${!NAMES[@]}"; do
        local name=${NAMES[$i]} cmd=${CMDS[$i]} check=${CHECKS[$i]}
        local vdir=$RESULTS/verify/$task-$size fname=${name//[^A-Za-z0-9._-]/_}
        mkdir -p "$vdir"
        local out=$vdir/$fname.out err=$vdir/$fname.err rc t0 t1 status note=${NOTES[$i]}
        local tf=$vdir/$fname.time
        t0=$(date +%s.%N)
        (cd "$wd" && /usr/bin/time -v -o "$tf" timeout -k 5 "$SLOW_LIMIT" sh -c "$cmd" \
            </dev/null >"$out" 2>"$err")
        rc=$?
        t1=$(date +%s.%N)
        local vs; vs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b-a}')
        if [[ $rc == 124 || $rc == 137 ]]; then
            status=slow
            note="${note:+$note; }verification run exceeded SLOW_LIMIT=${SLOW_LIMIT}s"
        elif eval "$check"; then
            status=ok
            ok_idx+=("$i")
            hf+=(-n "$name" "$(hf_cmd "$cmd")")
            local kb; kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
            printf '%s\t%s\t%s\t%s\n' "$task" "$size" "$name" "${kb:-}" >>"$MEM_TSV"
        else
            status=failed
            note="${note:+$note; }check '$check' failed (rc=$rc): $(head -c 200 "$err" | tr '\n\t' '  ')"
        fi
        shrink "$out"
        if [[ $status == ok ]]; then
            log "  verify $task/$size $name: ok (${vs}s)"
        elif [[ $status == failed ]]; then
            log "  verify $task/$size $name: check failed, not timed (${vs}s) - $note"
        else
            log "  verify $task/$size $name: too slow, not timed (${vs}s) - $note"
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$task" "$size" "$name" "${ROLES[$i]}" \
            "$status" "$vs" "$(display "$note")" "$(display "$cmd")" >>"$CMDS_TSV"
    done
    [[ ${#hf[@]} -gt 0 ]] || { log "  $task/$size: nothing to time"; return; }
    [[ ${VERIFY_ONLY:-0} == 1 ]] && return
    local -a opts=(--style basic -w "$WARMUP" -m "$RUNS" -M "$MAX_RUNS" --output=pipe -i -N
                   --export-json "$RESULTS/json/$task-$size.json")
    local la0; la0=$(cut -d' ' -f1 /proc/loadavg)
    log "  hyperfine $task/$size: ${#ok_idx[@]} commands"
    (cd "$wd" && hyperfine "${opts[@]}" "${hf[@]}" </dev/null) >"$RESULTS/log/$task-$size.txt" 2>&1 ||
        log "  hyperfine $task/$size returned $? (see log/$task-$size.txt)"
    local la1 psi
    la1=$(cut -d' ' -f1 /proc/loadavg)
    psi=$(awk '/^some/ {sub("avg10=", "", $2); print $2}' /proc/pressure/cpu 2>/dev/null)
    printf '%s\t%s\t%s\t%s\t%s\n' "$task" "$size" "$la0" "$la1" "${psi:-}" >>"$LOAD_TSV"
    grep -E '^(Benchmark|  Time)' "$RESULTS/log/$task-$size.txt" | paste - - |
        sed -E 's/^Benchmark [0-9]+: //; s/ +Time \(mean ± σ\): +/  mean /' |
        while read -r l; do log "    $l"; done
}

# ---------------------------------------------------------------- client commands
SNAIL_IMAP="$S_NAIL -:/ -R -N -S v15-compat -S 'password-$USER1@127.0.0.1:$IMAP_PORT=$PASS'"
SNAIL_IMAPS="$S_NAIL -:/ -R -N -S v15-compat -S tls-verify=ignore -S 'password-$USER1@127.0.0.1:$IMAPS_PORT=$PASS'"
HC=$W/mutt-hcache
mutt_cmd() { # extra-settings push-keys
    printf '%s' "env TERM=vt100 script -qec \"$MUTT -n -F /dev/null -R -e 'set imap_pass=$PASS ssl_starttls=no ssl_force_tls=no wait_key=no${1:+ $1}' -f $URL -e 'push $2'\" /dev/null"
}
MUTT_TLS="ssl_starttls=yes ssl_force_tls=yes ssl_verify_host=no certificate_file=$W/mutt-certs.pem"
REF="python3 $HERE/imap_ref.py"
JENV="env XDG_CACHE_HOME=$W/jmail-cache XDG_STATE_HOME=$W/jmail-state"
JOPTS=${JMAIL_IMAP_OPTS:+$JMAIL_IMAP_OPTS }
JPLAIN="-S net-allow-plaintext "   # jmail's explicit opt-in to a password over plain IMAP/POP3
REF_ARGS="--port $IMAP_PORT --user $USER1 --password $PASS"

task_list_imap() {
    reset_task
    warm "$D/mail/$USER1"
    if have "$S_NAIL" && ! skipped_tool s-nail; then
        add s-nail anchor "c_lines $IMAP_COUNT" "$SNAIL_IMAP -H -f $URL" \
            "plain IMAP, password in s-nail's password-USER@HOST:PORT variable (v15-compat)"
        skipped_tool s-nail-imaps ||
            add s-nail-imaps anchor "c_lines $IMAP_COUNT" "$SNAIL_IMAPS -H -f $URLS" "IMAP over TLS (self-signed)"
    fi
    if have "$MUTT" && ! skipped_tool mutt; then
        skipped_tool mutt-cold ||
            add mutt-cold anchor "c_grep_re_anyrc 'Msgs:$IMAP_COUNT[^0-9]'" "$(mutt_cmd "" "<quit>")" \
                "pseudo-tty via script(1); no header cache: fetches every header, draws one screen, quits"
        skipped_tool mutt-warm ||
            add mutt-warm anchor "c_grep_re_anyrc 'Msgs:$IMAP_COUNT[^0-9]'" \
                "$(mutt_cmd "header_cache=$HC" "<quit>")" \
                "header cache (tokyocabinet) primed before timing: fetches UIDs and flags only"
    fi
    if have "$MUTT" && ! skipped_tool mutt && ! skipped_tool mutt-tls; then
        cp "$D/cert.pem" "$W/mutt-certs.pem"
        skipped_tool mutt-cold ||
            add mutt-cold-tls anchor "c_grep_re_anyrc 'Msgs:$IMAP_COUNT[^0-9]'" "$(mutt_cmd "$MUTT_TLS" "<quit>")" \
                "as mutt-cold, over STARTTLS (the self-signed certificate in certificate_file), as jmail connects"
        skipped_tool mutt-warm ||
            add mutt-warm-tls anchor "c_grep_re_anyrc 'Msgs:$IMAP_COUNT[^0-9]'" \
                "$(mutt_cmd "header_cache=$HC $MUTT_TLS" "<quit>")" "as mutt-warm, over STARTTLS"
    fi
    add "ref:imaplib" ref "c_lines $IMAP_COUNT" "$REF list $REF_ARGS" \
        "UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)]), one line per message"
    if [[ -n $JMAIL ]]; then
        add jmail-cold jmail "c_lines_ge $IMAP_COUNT" \
            "rm -rf $W/jmail-cold && env XDG_CACHE_HOME=$W/jmail-cold $JMAIL list $JOPTS-f $URL" \
            "summary cache removed before each run: every summary fetched and decoded"
        add jmail jmail "c_lines_ge $IMAP_COUNT" "$JENV $JMAIL list $JOPTS-f $URL" \
            "summary cache filled by the check run"
        add jmail-maildir jmail "c_lines_ge $IMAP_COUNT" "$JENV $JMAIL list -f $C/Maildir" \
            "the same messages as a local Maildir (the corpus), summary index filled by the check run"
        add jmail-plain-cold jmail "c_lines_ge $IMAP_COUNT" \
            "rm -rf $W/jmail-plain-cold && env XDG_CACHE_HOME=$W/jmail-plain-cold $JMAIL list $JPLAIN-f $URLP" \
            "as jmail-cold, over plain IMAP as the anchors without -tls log in (net-allow-plaintext; no STARTTLS offered on $PLAIN_HOST)"
        add jmail-plain jmail "c_lines_ge $IMAP_COUNT" "$JENV $JMAIL list $JPLAIN-f $URLP" \
            "as jmail, over plain IMAP (net-allow-plaintext)"
    fi
    run_task list-imap "$IMAP_COUNT" "$W"
}

task_read_imap() {
    reset_task
    warm "$D/mail/$USER1"
    local chk="c_grep_any $(printf %q "$IMAP_LAST_MID") $(printf %q "${IMAP_LAST_SUBJ:0:24}")"
    if have "$S_NAIL" && ! skipped_tool s-nail; then
        add s-nail anchor "$chk" "$SNAIL_IMAP -Y 'p \$' -Y x -f $URL" "'p \$' = print the last message"
        skipped_tool s-nail-imaps ||
            add s-nail-imaps anchor "$chk" "$SNAIL_IMAPS -Y 'p \$' -Y x -f $URLS" "IMAP over TLS"
    fi
    if have "$MUTT" && ! skipped_tool mutt && ! skipped_tool mutt-warm; then
        add mutt-warm anchor "c_grep_anyrc $(printf %q "$IMAP_LAST_MID")" \
            "$(mutt_cmd "header_cache=$HC" "<last-entry><pipe-message>cat<enter><quit>")" \
            "primed header cache; opens the folder, pipes the last message to cat, quits"
    fi
    add "ref:imaplib" ref "$chk" "$REF read $REF_ARGS" "EXAMINE, UID FETCH <last> BODY.PEEK[]"
    if [[ -n $JMAIL ]]; then
        add jmail jmail "$chk" "$JENV $JMAIL read $JOPTS-f $URL $IMAP_COUNT" "STARTTLS"
        add jmail-plain jmail "$chk" "$JENV $JMAIL read $JPLAIN-f $URLP $IMAP_COUNT" \
            "plain IMAP as s-nail (net-allow-plaintext)"
    fi
    run_task read-imap "$IMAP_COUNT" "$W"
}

task_pop3_fetch() {
    reset_task
    warm "$D/mail/$POP3_USER"
    local P=$W/pop3 re_from='^From ' re_bsmtp='^MAIL FROM:'
    rm -rf "$P" && mkdir -p "$P"/{fetchmail,getmail}
    if have "$FETCHMAIL" && ! skipped_tool fetchmail; then
        printf 'set no syslog\npoll 127.0.0.1 service %s protocol pop3 auth password user "%s" password "%s" is "root" here keep fetchall no rewrite sslproto ""\n' \
            "$POP3_PORT" "$POP3_USER" "$PASS" >"$P/fetchmail/rc"
        chmod 600 "$P/fetchmail/rc"
        add fetchmail anchor "c_file_count $P/fetchmail/out.bsmtp '$re_bsmtp' $POP3_N" \
            ": >$P/fetchmail/out.bsmtp && $FETCHMAIL -f $P/fetchmail/rc -i $P/fetchmail/ids --nodetach -s --bsmtp $P/fetchmail/out.bsmtp" \
            "keep + fetchall, STARTTLS off (sslproto \"\"); written as one BSMTP file (no MDA process per message)"
    fi
    if have "$FETCHMAIL" && ! skipped_tool fetchmail && ! skipped_tool fetchmail-tls; then
        mkdir -p "$P/fetchmail-tls"
        printf 'set no syslog\npoll 127.0.0.1 service %s protocol pop3 auth password user "%s" password "%s" is "root" here keep fetchall no rewrite sslproto "tls1.2+" no sslcertck\n' \
            "$POP3_PORT" "$POP3_USER" "$PASS" >"$P/fetchmail-tls/rc"
        chmod 600 "$P/fetchmail-tls/rc"
        add fetchmail-tls anchor "c_file_count $P/fetchmail-tls/out.bsmtp '$re_bsmtp' $POP3_N" \
            ": >$P/fetchmail-tls/out.bsmtp && rm -f $P/fetchmail-tls/ids && $FETCHMAIL -f $P/fetchmail-tls/rc -i $P/fetchmail-tls/ids --nodetach -s --bsmtp $P/fetchmail-tls/out.bsmtp" \
            "as fetchmail, over STLS (certificate not checked), as jmail connects"
    fi
    if have "$GETMAIL" && ! skipped_tool getmail; then
        cat >"$P/getmail/getmailrc" <<EOF
[retriever]
type = SimplePOP3Retriever
server = 127.0.0.1
port = $POP3_PORT
username = $POP3_USER
password = $PASS

[destination]
type = Mboxrd
path = $P/getmail/out.mbox
user = nobody

[options]
read_all = true
delete = false
verbose = 0
delivered_to = false
received = false
EOF
        : >"$P/getmail/out.mbox" && chown nobody:nogroup "$P/getmail/out.mbox"
        add getmail anchor "c_file_count $P/getmail/out.mbox '$re_from' $POP3_N" \
            ": >$P/getmail/out.mbox && $GETMAIL --getmaildir=$P/getmail --rcfile=getmailrc" \
            "getmail6, Mboxrd destination; getmail refuses to deliver as root, so user = nobody (one delivery fork per message)"
    fi
    [[ -n $JMAIL ]] && add jmail jmail "c_file_count $P/jmail/out.mbox '$re_from' $POP3_N" \
        "rm -rf $P/jmail && mkdir -p $P/jmail && env XDG_STATE_HOME=$P/jmail/state $JMAIL fetch $JOPTS-S password=$PASS pop3://$POP3_USER@127.0.0.1:$POP3_PORT -f $P/jmail/out.mbox" \
        "STLS (jmail requires TLS), keep on the server; UIDL state removed first; an mbox file"
    [[ -n $JMAIL ]] && add jmail-plain jmail "c_file_count $P/jmail-plain/out.mbox '$re_from' $POP3_N" \
        "rm -rf $P/jmail-plain && mkdir -p $P/jmail-plain && env XDG_STATE_HOME=$P/jmail-plain/state $JMAIL fetch $JPLAIN-S password=$PASS pop3://$POP3_USER@$PLAIN_HOST:$POP3_PORT -f $P/jmail-plain/out.mbox" \
        "as jmail, over plain POP3 as fetchmail (net-allow-plaintext; no STLS offered on $PLAIN_HOST)"
    add "ref:poplib" ref "c_file_count $P/poplib.mbox '$re_from' $POP3_N" \
        "$REF pop3 --port $POP3_PORT --user $POP3_USER --password $PASS --out $P/poplib.mbox" \
        "USER/PASS, RETR 1..N, mboxrd file; no DELE"
    run_task pop3-fetch "$POP3_N" "$W"
}

# ---------------------------------------------------------------- main
T_START=$(date +%s)
copy_maildirs
start_dovecot
t0=$(date +%s.%N)
PRIME=$(python3 "$HERE/imap_ref.py" prime $REF_ARGS) || die "priming the index failed: $(tail -5 "$D/log/dovecot.log")"
t1=$(date +%s.%N)
eval "$PRIME"
PRIME_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b-a}')
log "index primed: SELECT + FETCH 1:* (FLAGS) of $IMAP_COUNT messages took ${IMAP_PRIME_S}s" \
    "(${PRIME_WALL}s with the header lookup of the last message and the Python start)"
echo "index_priming: SELECT + FETCH 1:* (FLAGS), $IMAP_COUNT messages, ${IMAP_PRIME_S}s" >>"$RESULTS/machine.txt"
[[ $IMAP_COUNT == "$N" ]] || log "WARNING: the server sees $IMAP_COUNT messages, the corpus has $N"
log "last message: #$IMAP_COUNT UID $IMAP_LAST_UID $IMAP_LAST_MID '$IMAP_LAST_SUBJ'"
if [[ $POP3_USER == "$USER2" ]] && want_task pop3-fetch; then
    python3 "$HERE/imap_ref.py" prime --port "$IMAP_PORT" --user "$USER2" --password "$PASS" >/dev/null ||
        die "priming the POP3 subset failed"
fi
printf 'machine %s\nlogin %s\npassword %s\n' 127.0.0.1 "$USER1" "$PASS" "$PLAIN_HOST" "$USER1" "$PASS" >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
if want_task list-imap || want_task read-imap; then
    if have "$MUTT" && ! skipped_tool mutt && ! skipped_tool mutt-warm; then
        rm -rf "$HC" && mkdir -p "$HC"
        t0=$(date +%s.%N)
        eval "$(mutt_cmd "header_cache=$HC" "<quit>")" </dev/null >"$W/mutt-prime.out" 2>&1
        log "mutt header cache primed in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b-a}') s" \
            "($(du -sk "$HC" | cut -f1) KiB)"
    fi
fi
want_task list-imap && { log "task list-imap $IMAP_COUNT"; task_list_imap; }
want_task read-imap && { log "task read-imap $IMAP_COUNT"; task_read_imap; }
want_task pop3-fetch && { log "task pop3-fetch $POP3_N"; task_pop3_fetch; }
traffic() { # NAME COMMAND: bytes Dovecot sent to one run of COMMAND
    local before after
    before=$(grep -c 'Logged out' "$D/log/dovecot.log")
    (cd "$W" && sh -c "$2" </dev/null >/dev/null 2>&1)
    for _ in $(seq 50); do
        after=$(grep -c 'Logged out' "$D/log/dovecot.log"); ((after > before)) && break; sleep 0.1
    done
    local line; line=$(grep 'Logged out' "$D/log/dovecot.log" | tail -1)
    local out; out=$(sed -nE 's/.*out=([0-9]+).*/\1/p' <<<"$line")
    log "traffic $1: $(awk -v b="${out:-0}" 'BEGIN {printf "%.2f MB", b/1e6}') from the server (out=${out:-?})"
    printf '%s\t%s\n' "$1" "${out:-}" >>"$RESULTS/traffic.tsv"
}
if want_task list-imap && [[ ${TRAFFIC:-1} == 1 ]]; then
    printf 'name\tbytes_from_server\n' >"$RESULTS/traffic.tsv"
    if [[ -n $JMAIL ]]; then
        traffic jmail-cold "rm -rf $W/jmail-cold && env XDG_CACHE_HOME=$W/jmail-cold $JMAIL list $JOPTS-f $URL"
        traffic jmail-warm "env XDG_CACHE_HOME=$W/jmail-cold $JMAIL list $JOPTS-f $URL"
        traffic jmail-plain-cold "rm -rf $W/jmail-plain-cold && env XDG_CACHE_HOME=$W/jmail-plain-cold $JMAIL list $JPLAIN-f $URLP"
        f=$(find "$W/jmail-cold" -name '*.summaries' | head -1)
        [[ -n $f ]] && log "jmail summary cache: $(stat -c %s "$f") bytes for $IMAP_COUNT messages" \
            "($(awk -v b="$(stat -c %s "$f")" -v n="$IMAP_COUNT" 'BEGIN {printf "%.1f KB", b/n}') per 1,000)"
    fi
    have "$S_NAIL" && traffic s-nail "$SNAIL_IMAP -H -f $URL"
    have "$MUTT" && traffic mutt-cold "$(mutt_cmd "" "<quit>")"
    have "$MUTT" && traffic mutt-warm "$(mutt_cmd "header_cache=$HC" "<quit>")"
fi
tls_used() { # NAME COMMAND: the TLS Dovecot's login line names for one run of COMMAND
    local before after line
    before=$(grep -c ' Login: ' "$D/log/dovecot.log")
    (cd "$W" && sh -c "$2" </dev/null >/dev/null 2>&1)
    after=$(grep -c ' Login: ' "$D/log/dovecot.log")
    line=$(grep ' Login: ' "$D/log/dovecot.log" | tail -1)
    ((after > before)) || line="mpid=? (no login seen)"
    line=$(sed -E 's/.*mpid=[0-9?]*,? *//; s/, session=.*//' <<<"$line")
    log "tls $1: $line"
    printf '%s\t%s\n' "$1" "$line" >>"$RESULTS/tls.tsv"
}
if [[ ${TRAFFIC:-1} == 1 ]]; then    # which TLS each client negotiates (cipher; the group is not logged)
    printf 'name\tdovecot_login\n' >"$RESULTS/tls.tsv"
    [[ -n $JMAIL ]] && tls_used jmail "$JENV $JMAIL list $JOPTS-f $URL"
    have "$S_NAIL" && ! skipped_tool s-nail-imaps && tls_used s-nail-imaps "$SNAIL_IMAPS -H -f $URLS"
    have "$MUTT" && ! skipped_tool mutt-tls && tls_used mutt-tls "$(mutt_cmd "header_cache=$HC $MUTT_TLS" "<quit>")"
    [[ -f $W/pop3/fetchmail-tls/rc ]] && tls_used fetchmail-tls \
        "rm -f $W/pop3/fetchmail-tls/ids && $FETCHMAIL -f $W/pop3/fetchmail-tls/rc -i $W/pop3/fetchmail-tls/ids --nodetach -s --bsmtp /dev/null"
    [[ -n $JMAIL ]] && want_task pop3-fetch && tls_used jmail-pop3 \
        "rm -rf $W/pop3/jmail-tls && mkdir -p $W/pop3/jmail-tls && env XDG_STATE_HOME=$W/pop3/jmail-tls/state $JMAIL fetch $JOPTS-S password=$PASS pop3://$POP3_USER@127.0.0.1:$POP3_PORT -f $W/pop3/jmail-tls/out.mbox"
fi
grep -E ' (Fatal|Panic|Error):' "$D/log/dovecot.log" | head -5 | while read -r l; do log "dovecot.log: $l"; done
cp "$D/log/doveconf-n.txt" "$RESULTS/dovecot-doveconf-n.txt"
stop_dovecot
trap - EXIT
log "done in $(($(date +%s) - T_START)) s"
find "$RESULTS" -type f \( -name '*.out' -o -name '*.err' -o -name '*.time' -o -name '*.txt' \
    -o -name '*.log' -o -name '*.tsv' \) -exec sed -i -e "s|$CACHE|\$CACHE|g" -e "s|$HERE|\$BENCH|g" \
    ${JMAIL:+-e "s|$JMAIL|\$JMAIL|g"} {} +
[[ ${VERIFY_ONLY:-0} == 1 ]] || python3 "$HERE/report.py" "$RESULTS" | tee "$RESULTS/report.md"
