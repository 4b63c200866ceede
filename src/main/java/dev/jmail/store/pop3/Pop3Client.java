package dev.jmail.store.pop3;

import dev.jmail.error.PermissionException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import dev.jmail.net.LineConnection;
import dev.jmail.net.Sasl;
import dev.jmail.net.ServerLogin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A POP3 client (RFC 1939, CAPA RFC 2449, STLS RFC 2595, AUTH PLAIN RFC 5034) that pipelines: the
 * RETR and DELE commands of many messages are written before their answers are read, in windows, so
 * fetching thousands of messages costs a few round trips, not one per message (Jakarta Mail's POP3
 * provider waits for each answer: 44 ms a message was measured here).
 *
 * <p>RFC 1939 section 3 has the server answer commands in the order they are sent, and a server
 * reading its input as a stream (all current ones) handles commands queued behind each other; RFC
 * 2449 section 6.6 PIPELINING makes it a promise, and then the window is larger.
 */
public final class Pop3Client implements AutoCloseable {
  /** Commands in flight when the server does not advertise PIPELINING. */
  static final int SMALL_WINDOW = 16;

  /** Commands in flight when it does. */
  static final int WINDOW = 128;

  private final LineConnection conn;
  private final ServerLogin login;
  private Set<String> capabilities = Set.of();
  private boolean quit;

  private Pop3Client(LineConnection conn, ServerLogin login) {
    this.conn = conn;
    this.login = login;
  }

  /** Connects, secures the connection (STLS for pop3://) and logs in. */
  public static Pop3Client connect(ServerLogin login) {
    LineConnection conn = login.connect();
    Pop3Client c = new Pop3Client(conn, login);
    try {
      c.greeting();
      c.capabilities = c.capa();
      if (!login.url().implicitTls()) {
        if (c.capabilities.contains("STLS")) {
          c.simple("STLS");
          conn.startTls();
          c.capabilities = c.capa();
        } else if (!login.allowPlaintext()) {
          throw new UnavailableException(
              conn.where()
                  + ": the server does not offer STLS, and the password would go unencrypted"
                  + " (use pop3s://, or set net-allow-plaintext)");
        }
      }
      c.authenticate();
      return c;
    } catch (RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  public Set<String> capabilities() {
    return capabilities;
  }

  // greeting = "+OK" [SP text] CRLF
  private void greeting() {
    String g = conn.readText();
    if (!g.startsWith("+OK"))
      throw new UnavailableException(conn.where() + ": not a POP3 server: " + clip(g));
  }

  // RFC 2449 5: "CAPA" -> +OK, then capability lines, then "."; -ERR from an RFC 1939-only server
  private Set<String> capa() {
    conn.send("CAPA");
    conn.flush();
    String first = conn.readText();
    Set<String> caps = new HashSet<>();
    if (!first.startsWith("+OK")) return caps;
    while (true) {
      String l = new String(conn.readLine(true), StandardCharsets.UTF_8);
      if (l.equals(".")) return caps;
      String name = l.strip().toUpperCase(Locale.ROOT);
      caps.add(name);
      int sp = name.indexOf(' ');
      if (sp > 0) caps.add(name.substring(0, sp));
    }
  }

  private void authenticate() {
    if (login.mechanism().usesToken()) {
      authenticateSasl(login.mechanism());
      return;
    }
    String user = login.user();
    String password = login.password();
    conn.secret(password);
    conn.secret(b64("\0" + user + "\0" + password));
    boolean plainSasl =
        capabilities.stream().anyMatch(c -> c.startsWith("SASL") && c.contains(" PLAIN"));
    String answer;
    if (plainSasl && !capabilities.contains("USER")) {
      // RFC 5034 4: "AUTH" SP "PLAIN" [SP initial-response]
      conn.send("AUTH PLAIN " + b64("\0" + user + "\0" + password));
      conn.flush();
      answer = conn.readText();
      if (answer.startsWith("+ ") || answer.equals("+")) {
        conn.send(b64("\0" + user + "\0" + password));
        conn.flush();
        answer = conn.readText();
      }
    } else {
      // RFC 1939 7: USER name, PASS string (sent together: the USER answer never matters)
      conn.send("USER " + user);
      conn.send("PASS " + password);
      conn.flush();
      String u = conn.readText();
      answer = conn.readText();
      if (!u.startsWith("+OK") && answer.startsWith("+OK")) answer = u;
    }
    refused(answer, user, "");
  }

  /** A failed login: 75 when the mailbox is in use (RFC 2449 8.1.2), else 77. */
  private void refused(String answer, String user, String challenge) {
    if (!answer.startsWith("+OK")) {
      String why = clip(answer.startsWith("-ERR") ? answer.substring(4).strip() : answer);
      if (!challenge.isEmpty()) why = why + (why.isEmpty() ? "" : " ") + "(" + challenge + ")";
      if (why.toUpperCase(Locale.ROOT).contains("[IN-USE]")) {
        throw new TemporaryFailureException(
            conn.where() + ": the mailbox is in use by another session: " + why);
      }
      throw new PermissionException(
          conn.where() + ": authentication failed for " + user + (why.isEmpty() ? "" : ": " + why));
    }
  }

  /** One listing line per message: number, UIDL and size. */
  public record Listed(int number, String uid, long size) {}

  /**
   * Every message with its unique id and size: UIDL and LIST, sent together (RFC 1939 7: {@code
   * unique-id = 1*70 VCHAR}, 0x21..0x7E).
   */
  public List<Listed> listing() {
    conn.send("UIDL");
    conn.send("LIST");
    conn.flush();
    Map<Integer, String> uids = new LinkedHashMap<>();
    String u = conn.readText();
    String l = null;
    if (!u.startsWith("+OK")) {
      conn.readText(); // the LIST answer, unread otherwise
      throw new UnavailableException(
          conn.where()
              + ": the server does not support UIDL (needed to fetch each message once): "
              + clip(u));
    }
    // RFC 1939 7: "UIDL" answer lines are msg-number SP unique-id. An id with spaces in it (not
    // VCHAR) is kept whole (VIOLATIONS.md); one with control characters, or one id given to two
    // messages, would break "fetch each message once" and "delete only what is stored": refused
    // before anything is fetched.
    Map<String, Integer> owner = new java.util.HashMap<>();
    for (String line : multiLine()) {
      String[] p = words(line.strip(), 2);
      if (p.length < 2) continue;
      int n = (int) number(p[0], Integer.MAX_VALUE, "UIDL");
      String id = p[1];
      for (int i = 0; i < id.length(); i++) {
        if (id.charAt(i) < 0x20 || id.charAt(i) == 0x7f)
          throw malformed("UIDL: a control character in the id of message " + n);
      }
      Integer other = owner.putIfAbsent(id, n);
      if (other != null && other != n) {
        throw malformed("UIDL gives messages " + other + " and " + n + " the same id " + clip(id));
      }
      uids.put(n, id);
    }
    l = conn.readText();
    Map<Integer, Long> sizes = new LinkedHashMap<>();
    if (l.startsWith("+OK")) {
      // scan-listing = msg-number SP size
      for (String line : multiLine()) {
        String[] p = words(line.strip(), 3);
        if (p.length >= 2)
          sizes.put(
              (int) number(p[0], Integer.MAX_VALUE, "LIST"), number(p[1], Long.MAX_VALUE, "LIST"));
      }
    }
    List<Listed> out = new ArrayList<>(uids.size());
    for (Map.Entry<Integer, String> e : uids.entrySet()) {
      out.add(new Listed(e.getKey(), e.getValue(), sizes.getOrDefault(e.getKey(), -1L)));
    }
    return out;
  }

  /**
   * The words of a listing line separated by spaces and tabs, at most {@code most} (the last one
   * holds the rest of the line): {@code split("[ \t]+", most)} without a regular expression per
   * line (thousands of lines).
   */
  static String[] words(String line, int most) {
    List<String> out = new ArrayList<>(most);
    int i = 0;
    int n = line.length();
    while (i < n) {
      if (out.size() == most - 1) {
        out.add(line.substring(i));
        break;
      }
      int j = i;
      while (j < n && line.charAt(j) != ' ' && line.charAt(j) != '\t') j++;
      out.add(line.substring(i, j));
      while (j < n && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) j++;
      i = j;
    }
    if (out.isEmpty()) out.add("");
    return out.toArray(new String[0]);
  }

  /** A decimal number of a listing, or a malformed-response failure. */
  private long number(String s, long max, String what) {
    boolean digits = !s.isEmpty() && s.length() <= 18;
    for (int i = 0; digits && i < s.length(); i++)
      digits = s.charAt(i) >= '0' && s.charAt(i) <= '9';
    if (digits) {
      long n = Long.parseLong(s);
      if (n <= max) return n;
    }
    throw malformed(what + ": " + clip(s) + " is not a number");
  }

  private UnavailableException malformed(String why) {
    return new UnavailableException(conn.where() + ": malformed response from the server: " + why);
  }

  private List<String> multiLine() {
    List<String> out = new ArrayList<>();
    while (true) {
      byte[] b = conn.readLine(false);
      if (b.length == 1 && b[0] == '.') return out;
      int off = b.length > 0 && b[0] == '.' ? 1 : 0;
      out.add(new String(b, off, b.length - off, StandardCharsets.US_ASCII));
    }
  }

  /** Receives each retrieved message, in order, as LF-terminated lines (dot-unstuffed). */
  public interface Receiver {
    void message(Listed which, byte[] lfBytes);
  }

  /**
   * RETR of each message, pipelined: up to a window of commands is in flight while answers are
   * read. A message the server refuses ({@code -ERR}, e.g. deleted by another session) is skipped.
   */
  public void retrieve(List<Listed> messages, Receiver receiver) {
    int window = capabilities.contains("PIPELINING") ? WINDOW : SMALL_WINDOW;
    int sent = 0;
    Body body = new Body();
    // the answers are read (and decrypted) by a thread of their own while this one stores them
    if (messages.size() > 1) conn.readAhead();
    for (int done = 0; done < messages.size(); done++) {
      // Keep the window full (topped up when half drained), so the server never waits for us.
      if (sent < messages.size() && sent - done <= window / 2) {
        while (sent < messages.size() && sent - done < window)
          conn.send("RETR " + messages.get(sent++).number());
        conn.flush();
      }
      Listed m = messages.get(done);
      String status = conn.readText();
      if (!status.startsWith("+OK")) continue;
      body.start(m, limit(m.size()));
      conn.readLines(body);
      receiver.message(m, body.bytes());
    }
  }

  /**
   * One message's answer as it is read: RFC 1939 3: lines ending CRLF; a line starting "." has one
   * more "." ("byte-stuffed"); "." CRLF ends the response. Kept as LF lines, unstuffed, in one
   * array (no array per line).
   */
  private final class Body implements LineConnection.LineSink {
    private byte[] b = new byte[1 << 16];
    private int len;
    private long limit;
    private Listed m;

    void start(Listed which, long most) {
      m = which;
      limit = most;
      len = 0;
    }

    @Override
    public boolean line(byte[] line, int off, int n) {
      if (n == 1 && line[off] == '.') return false;
      if (n > 0 && line[off] == '.') {
        off++;
        n--;
      }
      if (len + n + 1 > limit) {
        throw malformed(
            "message "
                + m.number()
                + " is larger than "
                + (m.size() < 0 ? "jmail keeps in memory" : "the " + m.size() + " bytes LIST said")
                + "; the messages before it are stored");
      }
      if (len + n + 1 > b.length) {
        b = java.util.Arrays.copyOf(b, (int) Math.min(limit, Math.max(2L * b.length, len + n + 1)));
      }
      System.arraycopy(line, off, b, len, n);
      len += n;
      b[len++] = '\n';
      return true;
    }

    byte[] bytes() {
      return java.util.Arrays.copyOf(b, len);
    }
  }

  /**
   * The most a message may grow to while it is received: what LIST announced (RFC 1939 5: its size
   * in octets, exact; a margin for servers that count differently), never more than a quarter of
   * the memory, so a RETR that never ends cannot exhaust it.
   */
  static long limit(long announced) {
    long most = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
    if (announced < 0) return most;
    return Math.min(most, announced + announced / 2 + (64 << 10));
  }

  /** Marks messages deleted (pipelined); the server removes them when {@link #quit()} succeeds. */
  public void delete(List<Integer> numbers) {
    int window = capabilities.contains("PIPELINING") ? WINDOW : SMALL_WINDOW;
    for (int i = 0; i < numbers.size(); i += window) {
      int end = Math.min(numbers.size(), i + window);
      for (int k = i; k < end; k++) conn.send("DELE " + numbers.get(k));
      conn.flush();
      for (int k = i; k < end; k++) {
        String a = conn.readText();
        if (!a.startsWith("+OK")) {
          throw new UnavailableException(
              conn.where() + ": cannot delete message " + numbers.get(k) + ": " + clip(a));
        }
      }
    }
  }

  /**
   * QUIT: the UPDATE state, where the server removes what was deleted (RFC 1939 6). Failing here
   * means deletions may not have happened; nothing is lost either way.
   */
  public void quit() {
    quit = true;
    conn.send("QUIT");
    conn.flush();
    String a = conn.readText();
    if (!a.startsWith("+OK")) {
      throw new TemporaryFailureException(
          conn.where() + ": QUIT failed, messages may not have been deleted: " + clip(a));
    }
  }

  public long bytesRead() {
    return conn.bytesRead();
  }

  private void simple(String command) {
    conn.send(command);
    conn.flush();
    String a = conn.readText();
    if (!a.startsWith("+OK"))
      throw new UnavailableException(conn.where() + ": " + command + " refused: " + clip(a));
  }

  private static String clip(String s) {
    String t = s.strip();
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    conn.close();
    if (!quit) quit = true;
  }

  /**
   * RFC 5034 4: {@code auth-command = "AUTH" SP sasl-mech [SP initial-response] *(CRLF [base64])
   * [CRLF cancel-response] CRLF}; the mechanism must be in the SASL capability. A refused token
   * comes back as a "+" challenge with the server's error, answered so that the -ERR follows.
   */
  private void authenticateSasl(Sasl.Mechanism m) {
    boolean offered =
        capabilities.stream()
            .anyMatch(
                c -> c.startsWith("SASL ") && (" " + c + " ").contains(" " + m.saslName() + " "));
    if (!offered) {
      throw new UnavailableException(
          conn.where() + ": the server does not offer SASL " + m.saslName() + " (pop3-auth)");
    }
    String ir = login.initialResponse();
    conn.secret(login.secret());
    conn.secret(ir);
    conn.send("AUTH " + m.saslName() + " " + ir);
    conn.flush();
    String answer = conn.readText();
    String why = "";
    for (int rounds = 0; answer.startsWith("+ ") || answer.equals("+"); rounds++) {
      String challenge = answer.substring(1).strip();
      if (challenge.isEmpty() && rounds == 0) conn.send(ir);
      else {
        why = Sasl.decodeChallenge(challenge);
        conn.send(m.abortResponse());
      }
      conn.flush();
      answer = conn.readText();
      if (rounds > 2) break;
    }
    refused(answer, login.user(), why);
  }
}
