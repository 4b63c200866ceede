#!/usr/bin/env python3
"""Writers that share an mbox with jmail, each taking the locks one real program takes, and the
checker that judges the result.

  foreign_writers.py append MODE BOX STOP   until the file STOP exists; MODE: mailbox (Python's mailbox, dotlock + lockf, + flock),
                                         fcntl (lockf only), flock (flock only), dotlock (only)
  foreign_writers.py opened-early BOX ID  opens BOX, prints "opened", waits for a line on stdin, then
                                         takes lockf and appends message ID through the descriptor
  foreign_writers.py message ID           the bytes of message ID (for s-nail / mutt sources)
  foreign_writers.py original N           an mbox of N messages orig-0 … orig-N-1
  foreign_writers.py check-crash BOX N MAYBE_GONE FOREIGN_IDS
      after a crash: no NUL byte, every foreign message once and byte-exact, every original but
      MAYBE_GONE (comma-separated) once; prints lost/duplicated/unparseable counts
  foreign_writers.py check BOX MOVED FIRST_KEPT N_ORIG MOVED_IDS FOREIGN_IDS
      every foreign message once and byte-exact (Status, X-Status and mutt's Content-Length, Lines
      aside), every original from
      FIRST_KEPT on once, none before it, MOVED_IDS once each in MOVED; prints counts.
"""
import fcntl
import mailbox
import os
import random
import sys
import time


def message(ident):
    lines = "".join("line %d of %s\n" % (k, ident) for k in range(12 + len(ident) % 9))
    return ("From: <%s@foreign.example>\nSubject: %s\nMessage-ID: <%s@t>\n\n%s" % (ident, ident, ident, lines)).encode()


def from_line(ident):
    return ("From %s@foreign.example Mon Jan  1 10:00:00 2024\n" % ident).encode()


def separator(fd):
    size = os.fstat(fd).st_size
    if size == 0:
        return b""
    tail = os.pread(fd, 2, max(0, size - 2))
    if tail.endswith(b"\n\n") or (size == 1 and tail == b"\n"):
        return b""
    return b"\n" if tail.endswith(b"\n") else b"\n\n"


def append_raw(box, ident, locks):
    fd = os.open(box, os.O_RDWR | os.O_APPEND)  # opened before locking, as s-nail does
    dot = box + ".lock"
    try:
        if "dotlock" in locks:
            while True:
                try:
                    d = os.open(dot, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                    os.write(d, b"%d\n" % os.getpid())
                    os.close(d)
                    break
                except FileExistsError:
                    time.sleep(0.005)
        if "fcntl" in locks:
            fcntl.lockf(fd, fcntl.LOCK_EX)
        if "flock" in locks:
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, separator(fd) + from_line(ident) + message(ident) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)  # drops fcntl and flock
        if "dotlock" in locks:
            os.unlink(dot)


def append_mailbox(box, ident):
    while True:
        mb = mailbox.mbox(box, create=False)
        try:
            mb.lock()
        except mailbox.ExternalClashError:
            mb.close()
            time.sleep(0.005)
            continue
        # Python's mailbox seeks to the end and writes (no O_APPEND): a flock-only writer, which
        # shares no lock with it, would be overwritten. That race is between those two programs,
        # not jmail's, so this writer also takes flock; jmail is still raced by each lock alone.
        fcntl.flock(mb._file.fileno(), fcntl.LOCK_EX)
        try:
            mb.add(from_line(ident) + message(ident))
            mb.flush()
        finally:
            mb.unlock()
            mb.close()
        return


def append(mode, box, stop):
    """Appends until the file STOP exists; prints each id once it is written."""
    rnd = random.Random(mode)
    i = 0
    while not os.path.exists(stop):
        ident = "%s-%d" % (mode, i)
        if mode == "mailbox":
            append_mailbox(box, ident)
        else:
            append_raw(box, ident, {mode})
        print(ident, flush=True)
        i += 1
        time.sleep(rnd.uniform(0, 0.3))


def strip_status(b):
    head, sep, body = b.partition(b"\n\n")
    head = b"\n".join(l for l in head.split(b"\n") if not l.lower().startswith((b"status:", b"x-status:", b"content-length:", b"lines:")))
    return head + sep + body


def ids(box):
    out = []
    mb = mailbox.mbox(box, create=False)
    for key in mb.iterkeys():
        raw = mb.get_bytes(key)
        m = mb.get_message(key)
        mid = m.get("Message-ID")
        out.append((mid.strip()[1:-3] if mid else None, raw))
    mb.close()
    return out


def tally(found, errors):
    """How often each id occurs; unparseable and not byte-exact foreign messages go to errors."""
    seen = {}
    for ident, raw in found:
        if ident is None:
            errors.append("a message without Message-ID (unparseable): %r" % raw[:80])
            continue
        seen[ident] = seen.get(ident, 0) + 1
        if not ident.startswith("orig-") and strip_status(raw).rstrip(b"\n") != strip_status(message(ident)).rstrip(b"\n"):
            errors.append("%s is not byte-exact" % ident)
    return seen


def check(box, moved, first_kept, n_orig, moved_ids, foreign_ids):
    found = ids(box)
    errors = []
    seen = tally(found, errors)
    for ident, count in seen.items():
        if count > 1:
            errors.append("%s present %d times" % (ident, count))
    for ident in foreign_ids:
        if ident not in seen:
            errors.append("foreign %s lost" % ident)
    for i in range(n_orig):
        ident = "orig-%d" % i
        if i < first_kept and ident in seen:
            errors.append("%s should have been removed" % ident)
        if i >= first_kept and ident not in seen:
            errors.append("%s lost" % ident)
    moved_found = [i for i, _ in ids(moved)] if os.path.exists(moved) else []
    if sorted(moved_found) != sorted(moved_ids):
        errors.append("moved box holds %s, expected %s" % (moved_found, moved_ids))
    print("messages=%d foreign=%d originals_kept=%d moved=%d" % (
        len(found), sum(1 for i in foreign_ids if i in seen), n_orig - first_kept, len(moved_found)))
    for e in errors[:20]:
        print("ERROR " + e)
    return 1 if errors else 0


def check_crash(box, n_orig, maybe_gone, foreign_ids):
    """After a crash and the next jmail run: the change happened or not, nothing else differs."""
    data = open(box, "rb").read()
    errors = []
    if b"\0" in data:
        errors.append("NUL bytes left in the folder")
    found = ids(box)
    seen = tally(found, errors)
    dup = [i for i, c in seen.items() if c > 1]
    lost = [i for i in foreign_ids if i not in seen]
    lost += ["orig-%d" % i for i in range(n_orig) if "orig-%d" % i not in seen and "orig-%d" % i not in maybe_gone]
    unparseable = sum(1 for i, _ in found if i is None)
    print("lost=%d duplicated=%d unparseable=%d foreign=%d" % (len(lost), len(dup), unparseable, len(foreign_ids)))
    for e in errors[:10] + ["lost " + i for i in lost[:10]] + ["duplicated " + i for i in dup[:10]]:
        print("ERROR " + e)
    return 1 if errors or lost or dup else 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "append":
        append(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "opened-early":
        box, ident = sys.argv[2], sys.argv[3]
        fd = os.open(box, os.O_RDWR | os.O_APPEND)
        print("opened", flush=True)
        sys.stdin.readline()
        fcntl.lockf(fd, fcntl.LOCK_EX)
        os.write(fd, separator(fd) + from_line(ident) + message(ident) + b"\n")
        os.fsync(fd)
        os.close(fd)
    elif cmd == "message":
        sys.stdout.buffer.write(from_line(sys.argv[2]) + message(sys.argv[2]) + b"\n")
    elif cmd == "original":
        n = int(sys.argv[2])
        out = sys.stdout.buffer
        for i in range(n):
            out.write(b"From orig@example.org Mon Jan  1 10:00:00 2024\n" + message("orig-%d" % i) + b"\n")
    elif cmd == "check-crash":
        sys.exit(check_crash(sys.argv[2], int(sys.argv[3]), sys.argv[4].split(","),
                             [x for x in sys.argv[5].split(",") if x]))
    elif cmd == "check":
        split = lambda s: [x for x in s.split(",") if x]
        sys.exit(check(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), split(sys.argv[6]),
                       split(sys.argv[7])))
