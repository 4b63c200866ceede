package dev.jmail.store.imap;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.error.PermissionException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.net.LineConnection;
import dev.jmail.net.Sasl;
import dev.jmail.net.ServerLogin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An IMAP4rev1 client (RFC 3501; STARTTLS; CONDSTORE RFC 7162; UIDPLUS RFC 4315) of our own rather
 * than Angus Mail's IMAPFolder. The reasons are the benchmark's: one {@code UID FETCH} over a UID
 * range answers a whole listing as it streams in (Angus builds an IMAPMessage object per message
 * and parses ENVELOPE we do not need: we want the raw header fields our summaries decode, into the
 * cache as bytes); a message body is streamed from the socket into a file as the literal arrives
 * (bounded memory for a 100 MB attachment); and what goes over the wire (CHANGEDSINCE, exactly
 * which UIDs are expunged) stays under our control. The dialogue with {@code -v} is ours too.
 */
public final class ImapClient implements AutoCloseable {
  /** Literals larger than this go to a temporary file, not memory. */
  static final int SPILL = 1 << 20;

  /**
   * A literal announced larger than this is refused before a byte of it is read: no message is 2
   * GiB, and a hostile {@code {999999999999}} must not fill the disk.
   */
  static final long MAX_LITERAL = Integer.MAX_VALUE;

  /** One response's lines and in-memory literals together: more is refused (bounded memory). */
  static final long MAX_RESPONSE = 64L << 20;

  /** Literals in one response (their index in the line is two bytes). */
  static final int MAX_LITERALS = 0xffff;

  private final LineConnection conn;
  private Set<String> capabilities = Set.of();
  private int tagNumber;
  private Path spillDir;

  private ImapClient(LineConnection conn) {
    this.conn = conn;
  }

  /** Connects, secures the connection (STARTTLS for imap://) and logs in. */
  public static ImapClient connect(ServerLogin login) {
    return connect(login, false);
  }

  /**
   * As {@link #connect(ServerLogin)}; with {@code pipelined}, a LOGIN's answer is read only with
   * the next command's ({@link #loginPending}): that command goes in the same round trip, and a
   * refused login fails it with the login's own failure.
   */
  public static ImapClient connect(ServerLogin login, boolean pipelined) {
    LineConnection conn = login.connect();
    ImapClient c = new ImapClient(conn);
    try {
      ImapResponse greeting = c.read(null);
      if (greeting.word(0).equals("BYE")
          || !(greeting.word(0).equals("OK") || greeting.word(0).equals("PREAUTH"))) {
        throw new UnavailableException(
            conn.where()
                + ": not an IMAP server, or it refused us: "
                + ImapResponse.clip(greeting.text()));
      }
      boolean preauth = greeting.word(0).equals("PREAUTH");
      // RFC 3501 7.1: a greeting may carry [CAPABILITY ...] (Dovecot's does): no round trip then
      c.capabilities = capabilitiesIn(greeting);
      // a server that names them in its greeting names them after LOGIN too (Dovecot): only
      // then is the LOGIN's answer left for later (else a CAPABILITY would have to follow it)
      boolean named = c.capabilities != null;
      if (c.capabilities == null) c.capabilities = c.capability();
      boolean askAgain = false;
      if (!login.url().implicitTls() && !preauth) {
        if (c.capabilities.contains("STARTTLS")) {
          c.run("STARTTLS", null);
          conn.startTls();
          askAgain = true; // RFC 3501 6.2.1: what was said before TLS is forgotten
        } else if (!login.allowPlaintext()) {
          throw new UnavailableException(
              conn.where()
                  + ": the server does not offer STARTTLS, and the password would go unencrypted"
                  + " (use imaps://, or set net-allow-plaintext)");
        }
      }
      if (preauth || login.mechanism() != Sasl.Mechanism.LOGIN) {
        // AUTHENTICATE needs to know the mechanisms offered over TLS
        if (askAgain) c.capabilities = c.capability();
        if (!preauth) c.authenticate(login);
        return c;
      }
      c.login(login, askAgain, pipelined && (named || askAgain));
      return c;
    } catch (RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  public boolean has(String capability) {
    settle();
    if (capabilitiesStale) {
      capabilitiesStale = false;
      capabilities = capability();
    }
    return capabilities.contains(capability);
  }

  /**
   * A pipelined LOGIN's answer named no capabilities: they are asked for when next needed, once the
   * commands sent with the LOGIN are answered (until then, those from before it).
   */
  private boolean capabilitiesStale;

  /**
   * The answer to a LOGIN sent and not read yet ({@link #connect(ServerLogin, boolean)}), or null:
   * read before anything else the server says, and before the capabilities are looked at.
   */
  private Runnable loginAnswer;

  /** Whether a LOGIN was sent whose answer (and the capabilities after it) is not known yet. */
  public boolean loginPending() {
    return loginAnswer != null;
  }

  private void settle() {
    Runnable r = loginAnswer;
    if (r == null) return;
    loginAnswer = null;
    r.run();
  }

  public String where() {
    return conn.where();
  }

  /**
   * From now on the server's answers are read (and decrypted) by a thread of their own while this
   * one parses them ({@link LineConnection#readAhead}): for a large fetch.
   */
  public void readAhead() {
    conn.readAhead();
  }

  /** Bytes received from the server so far. */
  public long bytesRead() {
    return conn.bytesRead();
  }

  private Set<String> capability() {
    Set<String> caps = new HashSet<>();
    run(
        "CAPABILITY",
        r -> {
          if (r.word(0).equals("CAPABILITY")) {
            for (Object v : r.values.subList(1, r.values.size()))
              if (v instanceof String a) caps.add(a.toUpperCase(Locale.ROOT));
          }
        });
    return caps;
  }

  /**
   * The capabilities a response names ({@code [CAPABILITY ...]} or {@code * CAPABILITY}), or null.
   */
  private static Set<String> capabilitiesIn(ImapResponse r) {
    String code = r.code();
    if (code.startsWith("CAPABILITY ")) {
      return new HashSet<>(List.of(code.substring(11).trim().split(" +")));
    }
    if (r.untagged() && r.word(0).equals("CAPABILITY")) {
      Set<String> caps = new HashSet<>();
      for (Object v : r.values.subList(1, r.values.size()))
        caps.add(ImapResponse.string(v).toUpperCase(Locale.ROOT));
      return caps;
    }
    return null;
  }

  /**
   * LOGIN; with {@code askFirst} (after STARTTLS) a CAPABILITY goes in the same packet before it
   * (pipelined: both answers are read after one round trip). The capabilities after login are the
   * ones the server names in its answer, else asked for.
   */
  private void login(ServerLogin login, boolean askFirst, boolean pipelined) {
    String user = login.user();
    String password = login.password();
    conn.secret(password);
    conn.secret(quote(password));
    // (after STARTTLS the capabilities known are the stale ones from before it: the server's
    // answer to LOGIN says whether it is allowed now)
    if (!askFirst && capabilities.contains("LOGINDISABLED")) {
      throw new UnavailableException(
          conn.where() + ": the server does not allow LOGIN on this connection");
    }
    String capTag = null;
    if (askFirst) {
      capTag = nextTag();
      conn.send(capTag + " CAPABILITY");
    }
    // RFC 3501 6.2.3: login = "LOGIN" SP userid SP password
    String tag = nextTag();
    conn.send(tag + " LOGIN " + quote(user) + " " + quote(password));
    conn.flush();
    LoginAnswer answer = new LoginAnswer(capTag, tag, user, pipelined);
    if (pipelined) loginAnswer = answer;
    else answer.run();
  }

  /**
   * Reads the answers to [CAPABILITY and] LOGIN: the capabilities named in them (an untagged
   * CAPABILITY, or the answer's code) are kept.
   */
  private final class LoginAnswer implements Runnable, Consumer<ImapResponse> {
    private final String capTag;
    private final String tag;
    private final String user;
    private final boolean pipelined;
    private Set<String> after;

    LoginAnswer(String capTag, String tag, String user, boolean pipelined) {
      this.capTag = capTag;
      this.tag = tag;
      this.user = user;
      this.pipelined = pipelined;
    }

    @Override
    public void accept(ImapResponse r) {
      Set<String> c = capabilitiesIn(r);
      if (c != null) after = c;
    }

    @Override
    public void run() {
      if (capTag != null) untilTagged(capTag, this);
      ImapResponse done = untilTagged(tag, this);
      loggedIn(done, user, after, pipelined);
    }
  }

  /**
   * After LOGIN or AUTHENTICATE: a refusal is 77 (75 when the server is busy); the capabilities are
   * those of the answer, else of an untagged CAPABILITY seen ({@code seen}, may be null), else
   * asked for.
   */
  private void loggedIn(ImapResponse done, String user, Set<String> seen) {
    loggedIn(done, user, seen, false);
  }

  private void loggedIn(ImapResponse done, String user, Set<String> seen, boolean later) {
    if (!done.word(0).equals("OK")) {
      String code = done.code();
      if (code.startsWith("UNAVAILABLE") || code.startsWith("INUSE")) {
        throw new TemporaryFailureException(
            conn.where() + ": login failed for " + user + ": " + done.statusText());
      }
      throw new PermissionException(
          conn.where() + ": authentication failed for " + user + ": " + done.statusText());
    }
    Set<String> inAnswer = capabilitiesIn(done);
    if (inAnswer != null) capabilities = inAnswer;
    else if (seen != null) capabilities = seen;
    else if (later) capabilitiesStale = true;
    else capabilities = capability();
  }

  /** What SELECT (or EXAMINE) says about a mailbox. */
  public record Selected(long uidValidity, long uidNext, long exists, long highestModSeq) {}

  /** Selects a mailbox read-write (CONDSTORE enabled when the server has it). */
  public Selected select(String mailbox, boolean readOnly) {
    return select(mailbox, readOnly, null, null, null);
  }

  /**
   * What a client remembers of a mailbox for a quick resynchronisation (RFC 7162 3.2.5: {@code
   * qresync-params = "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids] ")"}).
   */
  public record Resync(long uidValidity, long modSeq, String knownUids) {}

  /** Whether {@link #select} can resynchronise in the SELECT itself (QRESYNC, RFC 7162). */
  public boolean canQresync() {
    return has("QRESYNC") && !qresyncRefused;
  }

  private boolean qresyncEnabled;
  private boolean qresyncRefused;

  /**
   * SELECT (or EXAMINE); with {@code resync} on a server with QRESYNC, {@code ENABLE QRESYNC} goes
   * in the same packet as {@code SELECT mailbox (QRESYNC (uidvalidity modseq known-uids))}, and the
   * one answer carries what changed since {@code modseq}: the flags of changed messages ({@code * n
   * FETCH (UID FLAGS MODSEQ)}, to {@code changed}) and the UIDs expunged ({@code * VANISHED
   * (EARLIER) uid-set}, to {@code vanished}). A server that does not recognise the UIDVALIDITY
   * reports neither (the caller's cache is dropped anyway). A refused ENABLE or SELECT parameter
   * falls back to the plain SELECT (CONDSTORE).
   */
  public Selected select(
      String mailbox,
      boolean readOnly,
      Resync resync,
      Consumer<Fetched> changed,
      UidRanges vanished) {
    // a LOGIN not answered yet: QRESYNC is tried on the caller's word (its cache has a
    // mod-sequence: the server had CONDSTORE), and a server without it refuses the SELECT
    // parameter (BAD): the plain SELECT follows
    boolean qresync = resync != null && (loginPending() ? resync.modSeq() > 0 : canQresync());
    String enableTag = null;
    if (qresync && !qresyncEnabled) {
      // RFC 5161: ENABLE before any SELECT; pipelined with it (one round trip)
      enableTag = nextTag();
      conn.send(enableTag + " ENABLE QRESYNC");
    }
    String cmd =
        (readOnly ? "EXAMINE " : "SELECT ")
            + quote(mailbox)
            + (qresync
                ? " (QRESYNC ("
                    + resync.uidValidity()
                    + " "
                    + resync.modSeq()
                    + (resync.knownUids() == null || resync.knownUids().isEmpty()
                        ? ""
                        : " " + resync.knownUids())
                    + "))"
                : has("CONDSTORE") ? " (CONDSTORE)" : "");
    String tag = nextTag();
    conn.send(tag + " " + cmd);
    conn.flush();
    SelectAnswer answer = new SelectAnswer(qresync, changed, vanished);
    if (enableTag != null) {
      ImapResponse ok = untilTagged(enableTag, answer);
      qresyncEnabled = ok.word(0).equals("OK") && answer.enabled;
    }
    ImapResponse done = untilTagged(tag, answer);
    long[] v = answer.v;
    if (!done.word(0).equals("OK") && qresync && done.word(0).equals("BAD")) {
      qresyncRefused = true; // a server that advertises more than it does: the plain SELECT
      return select(mailbox, readOnly, null, null, null);
    }
    if (!done.word(0).equals("OK")) {
      throw new NoInputException(
          conn.where() + ": no such folder " + mailbox + ": " + done.statusText());
    }
    return new Selected(v[0], v[1], v[2], v[3]);
  }

  /**
   * The untagged answers to ENABLE and SELECT: ENABLED, the mailbox's numbers (UIDVALIDITY,
   * UIDNEXT, EXISTS, HIGHESTMODSEQ in {@link #v}) and, with QRESYNC, the changes since the
   * mod-sequence.
   */
  private final class SelectAnswer implements Consumer<ImapResponse> {
    private final boolean qresync;
    private final Consumer<Fetched> changed;
    private final UidRanges vanished;
    final long[] v = {0, 0, 0, 0};
    boolean enabled;

    SelectAnswer(boolean qresync, Consumer<Fetched> changed, UidRanges vanished) {
      this.qresync = qresync;
      this.changed = changed;
      this.vanished = vanished;
    }

    @Override
    public void accept(ImapResponse r) {
      if (r.word(0).equals("ENABLED")) {
        for (int i = 1; i < r.values.size(); i++) enabled |= r.word(i).equals("QRESYNC");
        return;
      }
      if (r.word(1).equals("EXISTS")) v[2] = number(r.word(0), "EXISTS");
      String code = r.word(0).equals("OK") ? r.code() : "";
      if (code.startsWith("UIDVALIDITY ")) v[0] = number(code.substring(12).trim(), "UIDVALIDITY");
      if (code.startsWith("UIDNEXT ")) v[1] = number(code.substring(8).trim(), "UIDNEXT");
      if (code.startsWith("HIGHESTMODSEQ "))
        v[3] = number(code.substring(14).trim(), "HIGHESTMODSEQ");
      if (!qresync) return;
      if (r.word(1).equals("FETCH")
          && r.values.size() > 2
          && r.values.get(2) instanceof List<?> data
          && changed != null) changed.accept(fetched(data));
      // RFC 7162 3.2.10: expunged-resp = "VANISHED" [SP "(EARLIER)"] SP known-uids
      if (r.word(0).equals("VANISHED") && vanished != null) {
        Object set = r.values.get(r.values.size() - 1);
        if (!(set instanceof String s)) throw malformed("VANISHED without a UID set");
        uidRanges(s, vanished);
      }
    }
  }

  /** Whether the UIDs of the selected mailbox's expunges arrive as VANISHED (QRESYNC enabled). */
  boolean qresyncEnabled() {
    return qresyncEnabled;
  }

  /** The ranges of a UID set, as (low, high) pairs. */
  interface UidRanges {
    void range(long low, long high);
  }

  /**
   * Each range of a UID set (RFC 3501 9: {@code sequence-set = (seq-number / seq-range) ["," ...]},
   * {@code seq-range = seq-number ":" seq-number}, either order), or a malformed-response failure.
   */
  void uidRanges(String set, UidRanges each) {
    for (String part : set.split(",", -1)) {
      int colon = part.indexOf(':');
      long a = number(colon < 0 ? part : part.substring(0, colon), "a UID set");
      long b = colon < 0 ? a : number(part.substring(colon + 1), "a UID set");
      each.range(Math.min(a, b), Math.max(a, b));
    }
  }

  /**
   * IDLE (RFC 2177) on the selected mailbox until the server reports new messages ({@code EXISTS})
   * or {@code renewMillis} pass (servers drop an idle client after 30 minutes, so the caller renews
   * before); then DONE. True when new messages may have arrived.
   */
  public boolean idle(long renewMillis) {
    String tag = nextTag();
    conn.send(tag + " IDLE");
    conn.flush();
    boolean arrived = false;
    ImapResponse go = read(tag);
    while (go.untagged()) { // untagged news may come before the continuation
      if (go.word(0).equals("BYE")) {
        throw new TemporaryFailureException(
            conn.where() + ": the server closed the connection: " + go.statusText());
      }
      if (go.word(1).equals("EXISTS")) arrived = true;
      go = read(tag);
    }
    if (!go.tag.equals("+")) {
      throw new UnavailableException(conn.where() + ": IDLE refused: " + go.statusText());
    }
    long deadline = System.nanoTime() + renewMillis * 1_000_000L;
    while (!arrived) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0 || !conn.awaitData(left)) break;
      ImapResponse r = read(tag);
      if (r.untagged() && r.word(0).equals("BYE")) {
        throw new TemporaryFailureException(
            conn.where() + ": the server closed the connection: " + r.statusText());
      }
      if (r.untagged() && r.word(1).equals("EXISTS")) arrived = true;
    }
    conn.send("DONE");
    conn.flush();
    ImapResponse done = untilTagged(tag, r -> {});
    if (!done.word(0).equals("OK"))
      throw new UnavailableException(conn.where() + ": IDLE failed: " + done.statusText());
    return arrived;
  }

  /** One message's data from a FETCH response. */
  public record Fetched(
      long uid, Set<String> flags, long size, String internalDate, long modSeq, Object section) {}

  /**
   * {@code UID FETCH set items} as one command; each message's data goes to {@code each} as it
   * arrives (a listing of any size streams through in one round trip).
   */
  public void uidFetch(String set, String items, Consumer<Fetched> each) {
    String command = "UID FETCH " + set + " " + items;
    String tag = nextTag();
    conn.send(tag + " " + command);
    conn.flush();
    ImapResponse done = untilTagged(tag, new FetchAnswer(each), each);
    if (!done.word(0).equals("OK")) {
      throw new UnavailableException(conn.where() + ": UID FETCH failed: " + done.statusText());
    }
  }

  /** FETCH responses of the general parse, as {@link Fetched}. */
  private final class FetchAnswer implements Consumer<ImapResponse> {
    private final Consumer<Fetched> each;

    FetchAnswer(Consumer<Fetched> each) {
      this.each = each;
    }

    @Override
    public void accept(ImapResponse r) {
      if (r.word(1).equals("FETCH")
          && r.values.size() > 2
          && r.values.get(2) instanceof List<?> data) {
        each.accept(fetched(data));
      }
    }
  }

  /**
   * Every selectable mailbox name: {@code LIST "" "*"} (RFC 3501 7.2.2: {@code mailbox-list = "("
   * [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox}), names as the server
   * writes them, without {@code \\Noselect} ones.
   */
  public List<String> listMailboxes() {
    List<String> out = new ArrayList<>();
    run(
        "LIST \"\" \"*\"",
        r -> {
          if (!r.word(0).equals("LIST") || r.values.size() < 4) return;
          if (r.values.get(1) instanceof List<?> flags) {
            for (Object f : flags) {
              String n = f instanceof String a ? a.toLowerCase(Locale.ROOT) : "";
              if (n.equals("\\noselect") || n.equals("\\nonexistent")) return;
            }
          }
          Object name = r.values.get(3);
          if (name instanceof String || name instanceof byte[]) out.add(ImapResponse.string(name));
        });
    return out;
  }

  /**
   * {@code STATUS mailbox (MESSAGES UNSEEN)} for every name, pipelined: every command is written,
   * then the answers are read (one round trip). A mailbox the server refuses is left out.
   */
  public java.util.Map<String, long[]> statusAll(List<String> names) {
    java.util.Map<String, long[]> out = new java.util.HashMap<>();
    List<String> tags = new ArrayList<>();
    for (String n : names) {
      if (n.indexOf('\r') >= 0 || n.indexOf('\n') >= 0) continue; // a server's odd name: uncounted
      String tag = nextTag();
      conn.send(tag + " STATUS " + quote(n) + " (MESSAGES UNSEEN)");
      tags.add(tag);
    }
    conn.flush();
    for (String tag : tags) {
      untilTagged(
          tag,
          r -> {
            if (!r.word(0).equals("STATUS")
                || r.values.size() < 3
                || !(r.values.get(2) instanceof List<?> items)) return;
            long[] c = {-1, -1};
            for (int i = 0; i + 1 < items.size(); i += 2) {
              String k = items.get(i) instanceof String a ? a.toUpperCase(Locale.ROOT) : "";
              long v = number(items.get(i + 1), "STATUS " + k);
              if (k.equals("MESSAGES")) c[0] = v;
              if (k.equals("UNSEEN")) c[1] = v;
            }
            out.put(ImapResponse.string(r.values.get(1)), c);
          });
    }
    return out;
  }

  /** {@code UID SEARCH ALL}: every UID in the mailbox (to find what another client expunged). */
  public List<Long> uidSearchAll() {
    List<Long> out = new ArrayList<>();
    run(
        "UID SEARCH ALL",
        r -> {
          if (r.word(0).equals("SEARCH")) {
            for (Object v : r.values.subList(1, r.values.size())) {
              if (!(v instanceof List)) out.add(number(v, "SEARCH"));
            }
          }
        });
    return out;
  }

  /** {@code UID STORE set +FLAGS.SILENT (flags)} (or -FLAGS). */
  public void uidStore(String set, boolean add, String flags) {
    run("UID STORE " + set + (add ? " +" : " -") + "FLAGS.SILENT (" + flags + ")", null);
  }

  /** A message to APPEND: CRLF text, IMAP flags ("\\Seen \\Flagged"), internal date or null. */
  public record Appended(byte[] crlf, String flags, java.time.ZonedDateTime date) {}

  private static final java.time.format.DateTimeFormatter DATE_TIME =
      java.time.format.DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

  /**
   * APPENDs messages to a mailbox (RFC 3501 6.3.11: {@code append = "APPEND" SP mailbox [SP
   * flag-list] [SP date-time] SP literal}), created when the server answers TRYCREATE. With
   * LITERAL+ (RFC 7888) every APPEND is written without waiting for a continuation, and the answers
   * are read after; otherwise each literal waits for the server's "+".
   */
  public void appendAll(String mailbox, List<Appended> messages) {
    if (messages.isEmpty()) return;
    ImapResponse first = appendBatch(mailbox, messages);
    if (first != null && first.code().startsWith("TRYCREATE")) {
      run("CREATE " + quote(mailbox), null);
      first = appendBatch(mailbox, messages);
    }
    if (first != null) {
      throw new UnavailableException(
          conn.where() + ": APPEND to " + mailbox + " failed: " + first.statusText());
    }
  }

  /** The first failed answer, or null when all were stored. */
  private ImapResponse appendBatch(String mailbox, List<Appended> messages) {
    boolean nonSync = has("LITERAL+");
    List<String> tags = new ArrayList<>();
    ImapResponse failed = null;
    for (Appended m : messages) {
      String tag = nextTag();
      StringBuilder cmd = new StringBuilder(tag).append(" APPEND ").append(quote(mailbox));
      cmd.append(appendOptions(m));
      cmd.append(" {").append(m.crlf().length).append(nonSync ? "+}" : "}");
      conn.send(cmd.toString());
      if (!nonSync) {
        conn.flush();
        ImapResponse r = read(tag);
        if (!r.tag.equals("+")) {
          if (failed == null) failed = r;
          continue;
        }
      }
      conn.sendRaw(m.crlf(), 0, m.crlf().length);
      conn.sendRaw(new byte[] {'\r', '\n'}, 0, 2);
      if (nonSync) tags.add(tag);
      else {
        conn.flush();
        ImapResponse done = untilTagged(tag, null);
        if (!done.word(0).equals("OK") && failed == null) failed = done;
      }
    }
    conn.flush();
    for (String tag : tags) {
      ImapResponse done = untilTagged(tag, null);
      if (!done.word(0).equals("OK") && failed == null) failed = done;
    }
    return failed;
  }

  // msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
  // A value that is not what its name says (UID x, RFC822.SIZE -1) is a malformed response.
  private Fetched fetched(List<?> data) {
    long uid = -1;
    long size = -1;
    long modseq = 0;
    String date = null;
    Set<String> flags = null;
    Object section = null;
    for (int i = 0; i + 1 < data.size(); i += 2) {
      String key = data.get(i) instanceof String a ? a.toUpperCase(Locale.ROOT) : "";
      Object v = data.get(i + 1);
      switch (key) {
        case "UID" -> uid = number(v, "UID");
        case "RFC822.SIZE" -> size = number(v, "RFC822.SIZE");
        case "INTERNALDATE" -> date = ImapResponse.string(v);
        case "MODSEQ" ->
            modseq = v instanceof List<?> l && !l.isEmpty() ? number(l.get(0), "MODSEQ") : 0;
        case "FLAGS" -> {
          flags = new HashSet<>();
          // flag = "\\" atom / keyword: anything else (NIL, a string, a list) is no flag of ours
          if (v instanceof List<?> l) for (Object f : l) if (f instanceof String a) flags.add(a);
        }
        default -> {
          if (key.startsWith("BODY[")) section = v;
        }
      }
    }
    return new Fetched(uid, flags, size, date, modseq, section);
  }

  /** A number in a response (RFC 3501 9), or a malformed-response failure naming {@code what}. */
  private long number(Object o, String what) {
    Long n = ImapResponse.number(o);
    if (n == null) {
      throw malformed(
          what
              + " is not a number: "
              + (o instanceof List ? "a list" : ImapResponse.clip(String.valueOf(string(o)))));
    }
    return n;
  }

  private static String string(Object o) {
    return o instanceof ImapResponse.Spilled ? "a literal" : ImapResponse.string(o);
  }

  /** The server broke the protocol: 69, the connection is not used further. */
  private UnavailableException malformed(String why) {
    return new UnavailableException(conn.where() + ": malformed response from the server: " + why);
  }

  /** The last EXISTS the server reported (in any answer), -1 before any. */
  private long exists = -1;

  /** How many EXPUNGE responses the server sent on this connection. */
  private long expunges;

  /**
   * NOOP: the server reports what changed in the selected mailbox meanwhile; returns how many
   * messages arrived since the connection began counting (the last EXISTS plus the expunges seen).
   */
  public long noop() {
    run("NOOP", null);
    return exists + expunges;
  }

  /** Runs one command; untagged responses go to {@code each}; NO or BAD is a failure. */
  void run(String command, Consumer<ImapResponse> each) {
    String tag = nextTag();
    conn.send(tag + " " + command);
    conn.flush();
    ImapResponse done = untilTagged(tag, each);
    if (!done.word(0).equals("OK")) {
      String verb =
          command.split(" ")[0].equals("UID")
              ? command.split(" ").length > 1 ? "UID " + command.split(" ")[1] : "UID"
              : command.split(" ")[0];
      throw new UnavailableException(conn.where() + ": " + verb + " failed: " + done.statusText());
    }
  }

  private ImapResponse untilTagged(String tag, Consumer<ImapResponse> each) {
    return untilTagged(tag, each, null);
  }

  /**
   * As above; with {@code fetches}, the common {@code * n FETCH (...)} responses are read straight
   * from the line's bytes ({@link FastFetch}) and handed there, without the general parse; any
   * other response, or a FETCH of unusual form, goes through the general parse to {@code each}.
   */
  private ImapResponse untilTagged(
      String tag, Consumer<ImapResponse> each, Consumer<Fetched> fetches) {
    settle();
    while (true) {
      List<Object> literals = readLines();
      if (fetches != null) {
        // read where the lines were put together: no copy of the line for the usual FETCH
        Fetched f = FastFetch.parse(lines.buf, lines.len, literals);
        if (f != null) {
          lines.release();
          fetches.accept(f);
          continue;
        }
      }
      ImapResponse r = response(raw(literals));
      if (r.tag.equals(tag)) return r;
      if (r.untagged() && r.word(0).equals("BYE")) {
        throw new TemporaryFailureException(
            conn.where() + ": the server closed the connection: " + r.statusText());
      }
      if (r.untagged() && r.word(1).equals("EXISTS")) exists = number(r.word(0), "EXISTS");
      if (r.untagged() && r.word(1).equals("EXPUNGE")) expunges++;
      // with QRESYNC enabled, expunges come as VANISHED uid-set (RFC 7162 3.2.10)
      if (r.untagged()
          && r.word(0).equals("VANISHED")
          && !(r.values.size() > 1 && r.values.get(1) instanceof List)
          && r.values.size() > 1
          && r.values.get(r.values.size() - 1) instanceof String set) {
        uidRanges(set, (lo, hi) -> expunges += hi - lo + 1);
      }
      if (each != null && r.untagged()) each.accept(r);
    }
  }

  /** Reads one response, its literals included (large ones into a temporary file). */
  private ImapResponse read(String expectedTag) {
    settle();
    return response(readRaw());
  }

  /** A response as read: the line with a marker for each literal, and the literals. */
  private record Raw(byte[] line, List<Object> literals) {}

  private static ImapResponse response(Raw raw) {
    byte[] b = raw.line;
    int sp = 0;
    while (sp < b.length && b[sp] != ' ') sp++;
    String tag = new String(b, 0, sp, StandardCharsets.US_ASCII);
    byte[] rest =
        sp + 1 <= b.length
            ? java.util.Arrays.copyOfRange(b, Math.min(sp + 1, b.length), b.length)
            : new byte[0];
    return new ImapResponse(tag, ImapResponse.parse(rest, raw.literals), b);
  }

  /**
   * A response's lines put together as they are read (straight from the receive buffer), each
   * literal replaced by its marker: one array per response, made at the end.
   */
  private static final class Lines implements LineConnection.LineSink {
    byte[] buf = new byte[1024];
    int len;
    int start; // where the last line read begins

    @Override
    public boolean line(byte[] b, int off, int n) {
      start = len;
      room(n);
      System.arraycopy(b, off, buf, len, n);
      len += n;
      return false;
    }

    void room(int n) {
      if (buf.length - len < n)
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    /** A huge response's buffer is not kept. */
    void release() {
      if (buf.length > 1 << 20) buf = new byte[1024];
    }
  }

  private final Lines lines = new Lines();

  private Raw readRaw() {
    return raw(readLines());
  }

  /** The response just read ({@link #readLines}) as a line of its own, and its literals. */
  private Raw raw(List<Object> literals) {
    Raw raw = new Raw(java.util.Arrays.copyOf(lines.buf, lines.len), literals);
    lines.release();
    return raw;
  }

  /**
   * Reads one response into {@link #lines} (its line, each literal replaced by its marker) and
   * returns its literals.
   */
  private List<Object> readLines() {
    Lines acc = lines;
    acc.len = 0;
    List<Object> literals = List.of();
    StringBuilder shown = conn.showing() ? new StringBuilder() : null;
    long inMemory = 0;
    while (true) {
      conn.readLines(acc);
      byte[] l = acc.buf;
      int from = acc.start;
      int to = acc.len;
      // RFC 3501 9: CHAR8 = %x01-ff; a NUL would also pass for our literal marker
      for (int i = from; i < to; i++)
        if (l[i] == 0) throw malformed("a NUL byte in a response line");
      long n = literalSize(l, from, to);
      inMemory += to - from + Math.max(0, Math.min(n, SPILL + 1L));
      if (n > MAX_LITERAL) throw malformed("a literal of " + n + " bytes announced (over 2 GiB)");
      if (inMemory > MAX_RESPONSE) throw malformed("one response over 64 MiB");
      if (n >= 0 && literals.size() >= MAX_LITERALS) throw malformed("too many literals");
      if (n < 0) {
        if (shown != null) shown.append(new String(l, from, to - from, StandardCharsets.UTF_8));
        break;
      }
      if (literals.isEmpty()) literals = new ArrayList<>(2);
      int brace = lastBrace(l, from, to);
      if (shown != null)
        shown
            .append(new String(l, from, brace - from, StandardCharsets.UTF_8))
            .append('{')
            .append(n)
            .append('}');
      int k = literals.size();
      acc.len = brace;
      acc.room(3);
      acc.buf[acc.len++] = ImapResponse.LITERAL;
      acc.buf[acc.len++] = (byte) (k >> 8);
      acc.buf[acc.len++] = (byte) k;
      literals.add(readLiteral(n));
    }
    if (shown != null) conn.showServer(shown.toString());
    return literals;
  }

  private Object readLiteral(long n) {
    try {
      if (n <= SPILL) {
        byte[] b = new byte[(int) n];
        conn.readExactly(b);
        return b;
      }
      Path f = Files.createTempFile(spillDir(), "body", ".eml");
      boolean whole = false;
      try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.WRITE)) {
        conn.readExactly(n, out);
        whole = true;
      } finally {
        if (!whole) Files.deleteIfExists(f); // a literal cut by a timeout or a drop: no leftover
      }
      return new ImapResponse.Spilled(f, n);
    } catch (IOException e) {
      throw new IoFailureException(
          conn.where() + ": cannot keep a message body: " + e.getMessage(), e);
    }
  }

  private Path spillDir() throws IOException {
    if (spillDir == null) {
      spillDir =
          Files.createTempDirectory(
              // the process in the name: whose leftover it is, for a person or a test
              "jmail-imap-" + ProcessHandle.current().pid() + "-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      spillDir.toFile().deleteOnExit();
    }
    return spillDir;
  }

  // literal = "{" number ["+"] "}" CRLF
  static long literalSize(byte[] l) {
    return literalSize(l, 0, l.length);
  }

  /** As above, of the line from {@code from} to {@code to} in {@code l}. */
  static long literalSize(byte[] l, int from, int to) {
    int n = to;
    if (n - from < 3 || l[n - 1] != '}') return -1;
    int i = n - 2;
    if (l[i] == '+') i--;
    int end = i;
    while (i >= from && l[i] >= '0' && l[i] <= '9') i--;
    if (i < from || l[i] != '{' || i == end) return -1;
    int first = i + 1;
    while (first < end && l[first] == '0') first++;
    if (end - first < 18) { // up to 18 digits after the zeros: no overflow, no string
      long v = 0;
      for (int k = first; k <= end; k++) v = v * 10 + (l[k] - '0');
      return v;
    }
    try {
      return Long.parseLong(new String(l, i + 1, end - i, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // more digits than a long: refused as over MAX_LITERAL
    }
  }

  private static int lastBrace(byte[] l, int from, int to) {
    for (int i = to - 1; i >= from; i--) if (l[i] == '{') return i;
    return to;
  }

  private String nextTag() {
    return "J" + (++tagNumber);
  }

  /** An IMAP quoted string (RFC 3501 9: quoted-specials are '"' and '\'). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n')
        throw new DataFormatException("IMAP: a line break in a name or password");
      if (c == '"' || c == '\\') b.append('\\');
      b.append(c);
    }
    return b.append('"').toString();
  }

  /** LOGOUT, politely; failures here change nothing. */
  @Override
  public void close() {
    try {
      conn.send(nextTag() + " LOGOUT");
      conn.flush();
    } catch (RuntimeException e) {
      // already gone
    }
    conn.close();
    deleteSpilled();
  }

  /**
   * Removes the spilled literals and their directory: a body still being read stays readable (POSIX
   * keeps an open file's data), nothing is left in the temporary directory.
   */
  private void deleteSpilled() {
    if (spillDir == null) return;
    try (var files = Files.list(spillDir)) {
      for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
      Files.deleteIfExists(spillDir);
    } catch (IOException e) {
      // a temporary directory left behind; deleteOnExit may still remove it
    }
  }

  // --- SASL: AUTHENTICATE (RFC 3501 6.2.2; SASL-IR RFC 4959)

  /**
   * {@code AUTHENTICATE mechanism [initial-response]} (RFC 4959: {@code authenticate =
   * "AUTHENTICATE" SP auth-type [SP (base64 / "=")] *(CRLF base64)}): the initial response on the
   * command line where the server has SASL-IR, else after its first "+". A refused token comes back
   * as a "+" challenge carrying the server's error (RFC 7628 3.2.2), answered so that the NO
   * follows.
   */
  private void authenticate(ServerLogin login) {
    Sasl.Mechanism m = login.mechanism();
    if (!capabilities.contains("AUTH=" + m.saslName())) {
      throw new UnavailableException(
          conn.where() + ": the server does not offer AUTH=" + m.saslName() + " (imap-auth)");
    }
    String ir = login.initialResponse();
    conn.secret(login.secret());
    conn.secret(ir);
    String tag = nextTag();
    boolean saslIr = capabilities.contains("SASL-IR");
    conn.send(tag + " AUTHENTICATE " + m.saslName() + (saslIr ? " " + ir : ""));
    conn.flush();
    String why = "";
    boolean sentIr = saslIr;
    ImapResponse r = read(tag);
    while (!r.tag.equals(tag)) {
      if (r.tag.equals("+")) {
        String challenge = r.text().length() > 1 ? r.text().substring(1).strip() : "";
        if (!sentIr && challenge.isEmpty()) {
          conn.send(ir);
          sentIr = true;
        } else {
          why = Sasl.decodeChallenge(challenge);
          conn.send(m.abortResponse());
        }
        conn.flush();
      } else if (r.untagged() && r.word(0).equals("BYE")) {
        throw new TemporaryFailureException(
            conn.where() + ": the server closed the connection: " + r.statusText());
      }
      r = read(tag);
    }
    if (!r.word(0).equals("OK") && !why.isEmpty()) {
      throw new PermissionException(
          conn.where()
              + ": authentication failed for "
              + login.user()
              + ": "
              + r.statusText()
              + " ("
              + why
              + ")");
    }
    loggedIn(r, login.user(), null);
  }

  // --- MULTIAPPEND (RFC 3502)

  /**
   * Stores messages in one command where the server has MULTIAPPEND (RFC 3502: {@code append =
   * "APPEND" SP mailbox 1*append-message}, {@code append-message = append-opts SP append-data}, all
   * stored or none), its literals non-synchronising with LITERAL+ (or LITERAL- up to 4096 bytes,
   * RFC 7888), so that a batch costs one round trip; the mailbox is created on TRYCREATE. Without
   * MULTIAPPEND: {@link #appendAll}, pipelined APPENDs.
   */
  public void multiAppend(String mailbox, List<Appended> messages) {
    if (messages.isEmpty()) return;
    if (!has("MULTIAPPEND")) {
      appendAll(mailbox, messages);
      return;
    }
    ImapResponse done = multiAppendOnce(mailbox, messages);
    if (!done.word(0).equals("OK") && done.code().startsWith("TRYCREATE")) {
      run("CREATE " + quote(mailbox), null);
      done = multiAppendOnce(mailbox, messages);
    }
    if (!done.word(0).equals("OK")) {
      throw new UnavailableException(
          conn.where() + ": APPEND to " + mailbox + " failed: " + done.statusText());
    }
  }

  private ImapResponse multiAppendOnce(String mailbox, List<Appended> messages) {
    String tag = nextTag();
    StringBuilder line = new StringBuilder(tag).append(" APPEND ").append(quote(mailbox));
    for (Appended m : messages) {
      byte[] b = m.crlf();
      boolean nonSync = has("LITERAL+") || (has("LITERAL-") && b.length <= 4096);
      line.append(appendOptions(m)).append(" {").append(b.length).append(nonSync ? "+}" : "}");
      conn.send(line.toString());
      line.setLength(0);
      if (!nonSync) {
        conn.flush();
        ImapResponse go = read(tag);
        while (go.untagged()) go = read(tag);
        if (!go.tag.equals("+")) return go; // refused before the literal (TRYCREATE, …)
      }
      conn.sendRaw(b, 0, b.length);
    }
    conn.sendRaw(new byte[] {'\r', '\n'}, 0, 2);
    conn.flush();
    return untilTagged(tag, null);
  }

  /** {@code [SP flag-list] [SP date-time]} of one message (RFC 3501 9: append-opts). */
  private static String appendOptions(Appended m) {
    StringBuilder b = new StringBuilder();
    if (!m.flags().isEmpty()) b.append(" (").append(m.flags()).append(')');
    if (m.date() != null) b.append(" \"").append(DATE_TIME.format(m.date())).append('"');
    return b.toString();
  }

  // --- copies inside the server (UIDPLUS RFC 4315, MOVE RFC 6851)

  /**
   * {@code UID COPY set mailbox} or {@code UID MOVE set mailbox} (RFC 6851 3.1: {@code move =
   * "MOVE" SP sequence-set SP mailbox}); the target is created when the server answers TRYCREATE.
   */
  public void uidCopy(String set, String mailbox, boolean move) {
    String command = (move ? "UID MOVE " : "UID COPY ") + set + " " + quote(mailbox);
    ImapResponse done = answer(command);
    if (!done.word(0).equals("OK") && done.code().startsWith("TRYCREATE")) {
      run("CREATE " + quote(mailbox), null);
      done = answer(command);
    }
    if (!done.word(0).equals("OK")) {
      throw new UnavailableException(
          conn.where()
              + ": "
              + (move ? "MOVE" : "COPY")
              + " to "
              + mailbox
              + " failed: "
              + done.statusText());
    }
  }

  /** {@code UID EXPUNGE set} (UIDPLUS): removes exactly these messages, if \\Deleted. */
  public void uidExpunge(String set) {
    run("UID EXPUNGE " + set, null);
  }

  /** Runs one command and returns its tagged answer, whatever it is. */
  private ImapResponse answer(String command) {
    String tag = nextTag();
    conn.send(tag + " " + command);
    conn.flush();
    return untilTagged(tag, null);
  }
}
