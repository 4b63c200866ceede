package dev.jmail.net;

import dev.jmail.error.JmailException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.error.UnavailableException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * One connection to a line-based mail server (POP3, IMAP): CRLF lines read as bytes from a buffer
 * of our own, commands written into a buffer that is sent on {@link #flush()} so that several can
 * go in one packet (pipelining), TLS from the start or after STARTTLS/STLS, a read timeout, and the
 * {@code -v} dialogue with secrets masked. I/O failures become one typed failure: 75 for a timeout
 * or a dropped/refused connection, 69 for a TLS failure.
 */
public final class LineConnection implements Closeable {
  /**
   * The longest line accepted from a server (a UID SEARCH of a million messages is 8 MB); a longer
   * one, or one that never ends, is refused before it fills the memory.
   */
  public static final int MAX_LINE = 32 << 20;

  private final String where;
  private final String host;
  private final int port;
  private final TlsPolicy tls;
  private final int timeoutSeconds;
  private final PrintStream verbose;
  private final List<String> secrets = new ArrayList<>();
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  private byte[] wbuf = new byte[1 << 14];
  private int wlen;
  private long bytesRead;

  private LineConnection(
      String where, String host, int port, TlsPolicy tls, int timeoutSeconds, PrintStream verbose) {
    this.where = where;
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.timeoutSeconds = timeoutSeconds;
    this.verbose = verbose;
  }

  /** Connects (and with {@code implicitTls} does the TLS handshake) within the timeout. */
  public static LineConnection open(
      String where,
      String host,
      int port,
      boolean implicitTls,
      TlsPolicy tls,
      int timeoutSeconds,
      PrintStream verbose) {
    LineConnection c = new LineConnection(where, host, port, tls, timeoutSeconds, verbose);
    try {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(host, port), timeoutSeconds * 1000);
      s.setSoTimeout(timeoutSeconds * 1000);
      s.setTcpNoDelay(true);
      c.socket = implicitTls ? tls.layer(s, host, port) : s;
      c.in = c.socket.getInputStream();
      c.out = c.socket.getOutputStream();
      return c;
    } catch (IOException e) {
      c.close();
      throw c.failure(e);
    }
  }

  /** Upgrades the connection to TLS (after the server accepted STARTTLS or STLS). */
  public void startTls() {
    if (ahead != null) throw new IllegalStateException("STARTTLS after readAhead");
    if (pos < lim) {
      throw new UnavailableException(
          where + ": the server sent data before the TLS handshake (refused: injection)");
    }
    try {
      socket = tls.layer(socket, host, port);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * A secret to mask in the {@code -v} dialogue (a password and its encodings). Longer secrets are
   * masked first: a password can occur inside its own base64 login ("lc3" in the AUTH PLAIN
   * response for "tester"), and masking it first would break that response up and show the rest.
   */
  public void secret(String s) {
    if (s == null || s.length() < 3) return;
    int i = 0;
    while (i < secrets.size() && secrets.get(i).length() >= s.length()) i++;
    secrets.add(i, s);
  }

  public String where() {
    return where;
  }

  /** Bytes received so far (for progress and the benchmark). */
  public long bytesRead() {
    return bytesRead;
  }

  /** Queues one command line (CRLF added); sent on {@link #flush()}. */
  public void send(String line) {
    trace("C: ", line);
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    write(b, 0, b.length);
    write(new byte[] {'\r', '\n'}, 0, 2);
  }

  /** Queues raw bytes (an IMAP literal), not shown in the dialogue. */
  public void sendRaw(byte[] b, int off, int len) {
    write(b, off, len);
  }

  private void write(byte[] b, int off, int len) {
    if (wlen + len > wbuf.length) {
      flush();
      if (len > wbuf.length) {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw failure(e);
        }
        return;
      }
    }
    System.arraycopy(b, off, wbuf, wlen, len);
    wlen += len;
  }

  public void flush() {
    try {
      if (wlen > 0) out.write(wbuf, 0, wlen);
      wlen = 0;
      out.flush();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * The next line without its CRLF (a lone LF is accepted too), shown in the dialogue when {@code
   * show}. End of stream is a failure: the server closed the connection.
   */
  public byte[] readLine(boolean show) {
    byte[][] r = {null};
    readLines(
        (b, off, len) -> {
          r[0] = Arrays.copyOfRange(b, off, off + len);
          return false;
        });
    if (show) trace("S: ", new String(r[0], StandardCharsets.UTF_8));
    return r[0];
  }

  /** Receives lines read in bulk ({@link #readLines}). */
  public interface LineSink {
    /**
     * One line without its CRLF (or lone LF), as {@code len} bytes of {@code b} from {@code off},
     * valid only during the call; false stops after this line.
     */
    boolean line(byte[] b, int off, int len);
  }

  /**
   * Hands lines to {@code sink} until it returns false, straight from the receive buffer (a line
   * that spans two reads is put together first): no array per line, for the bodies of a POP3
   * download. Not shown in the dialogue.
   */
  public void readLines(LineSink sink) {
    byte[] acc = null;
    int have = 0;
    while (true) {
      if (pos == lim) fill();
      int i = pos;
      while (i < lim && buf[i] != '\n') i++;
      if (i == lim) { // no line end in the buffer: keep the partial line, read on
        int n = lim - pos;
        if (have + n > MAX_LINE) {
          throw new UnavailableException(
              where + ": malformed response from the server: a line over 32 MiB");
        }
        if (acc == null) acc = new byte[Math.max(256, n * 2)];
        if (have + n > acc.length) acc = Arrays.copyOf(acc, Math.max(acc.length * 2, have + n));
        System.arraycopy(buf, pos, acc, have, n);
        have += n;
        pos = lim;
        continue;
      }
      boolean more;
      if (acc == null) {
        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
        int start = pos;
        pos = i + 1;
        more = sink.line(buf, start, end - start);
      } else {
        int n = i - pos;
        if (have + n > acc.length) acc = Arrays.copyOf(acc, have + n);
        System.arraycopy(buf, pos, acc, have, n);
        have += n;
        pos = i + 1;
        byte[] line = acc;
        int len = have > 0 && line[have - 1] == '\r' ? have - 1 : have;
        acc = null;
        have = 0;
        more = sink.line(line, 0, len);
      }
      if (!more) return;
    }
  }

  /** Shows a line the caller read (with {@code show} false) in the dialogue. */
  public void showServer(String line) {
    trace("S: ", line);
  }

  /** Whether the dialogue is being shown (-v). */
  public boolean showing() {
    return verbose != null;
  }

  /** The next line as text (UTF-8, malformed bytes replaced). */
  public String readText() {
    return new String(readLine(true), StandardCharsets.UTF_8);
  }

  /** Fills {@code b} (an IMAP literal known to fit in memory). */
  public void readExactly(byte[] b) {
    int at = 0;
    while (at < b.length) {
      if (pos == lim) fill();
      int k = Math.min(b.length - at, lim - pos);
      System.arraycopy(buf, pos, b, at, k);
      pos += k;
      at += k;
    }
  }

  /** Reads exactly {@code n} bytes (an IMAP literal) into {@code sink}. */
  public void readExactly(long n, OutputStream sink) throws IOException {
    while (n > 0) {
      if (pos == lim) fill();
      int k = (int) Math.min(n, lim - pos);
      sink.write(buf, pos, k);
      pos += k;
      n -= k;
    }
  }

  /**
   * Waits up to {@code millis} for the server to send something (IMAP IDLE); false when nothing
   * came. The usual {@code net-timeout} applies again afterwards.
   */
  public boolean awaitData(long millis) {
    if (pos < lim) return true;
    if (ahead != null) return ahead.await(millis);
    try {
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
      try {
        fill();
        return true;
      } catch (JmailException e) {
        if (e.getCause() instanceof SocketTimeoutException) return false;
        throw e;
      } finally {
        socket.setSoTimeout(timeoutSeconds * 1000);
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * From now on a thread of its own reads (and, over TLS, decrypts) what the server sends while the
   * caller parses and stores what came before: a bulk download (POP3) then uses both cores. At most
   * {@link ReadAhead#BUFFERS} receive buffers are filled ahead (bounded memory). The read timeout
   * is the caller's as before: how long it waits for data, however long the reading thread has been
   * waiting while the caller was busy; an idle connection (IDLE, a prompt) waits as before. Not
   * before STARTTLS (refused after it).
   */
  public void readAhead() {
    if (ahead != null) return;
    try {
      socket.setSoTimeout(0); // the caller's wait is bounded instead (ReadAhead.next)
    } catch (IOException e) {
      throw failure(e);
    }
    ahead = new ReadAhead(in, buf.length, where);
  }

  private ReadAhead ahead;

  /** What {@link #readAhead} has read: filled buffers in order, emptied ones back. */
  private static final class ReadAhead implements Runnable {
    static final int BUFFERS = 4;

    /** A filled buffer, or the end: {@code n < 0} (closed by the server) or a failure. */
    record Chunk(byte[] b, int n, IOException failure) {}

    final java.util.concurrent.BlockingQueue<Chunk> filled =
        new java.util.concurrent.ArrayBlockingQueue<>(BUFFERS + 1);
    final java.util.concurrent.BlockingQueue<byte[]> free =
        new java.util.concurrent.ArrayBlockingQueue<>(BUFFERS);
    final InputStream in;
    final Thread thread;
    Chunk end; // the end, once the caller took it: every later read ends the same way

    ReadAhead(InputStream in, int size, String where) {
      this.in = in;
      for (int i = 1; i < BUFFERS; i++) free.add(new byte[size]); // the caller holds one
      thread = new Thread(this, "read-ahead " + where);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      try {
        while (true) {
          byte[] b = free.take();
          int n;
          try {
            n = in.read(b, 0, b.length);
          } catch (IOException e) {
            filled.put(new Chunk(null, -1, e));
            return;
          }
          filled.put(new Chunk(b, n, null));
          if (n < 0) return;
        }
      } catch (InterruptedException e) {
        // closed
      }
    }

    Chunk pending; // taken by await, not yet by next

    /** Waits up to {@code millis} for something from the server (IDLE); false when nothing came. */
    boolean await(long millis) {
      if (end != null || pending != null) return true;
      try {
        pending = filled.poll(Math.max(1, millis), java.util.concurrent.TimeUnit.MILLISECONDS);
        return pending != null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TemporaryFailureException("interrupted");
      }
    }

    /** The next chunk; a wait longer than the timeout is a timeout failure. */
    Chunk next(String where, int timeoutSeconds) {
      if (end != null) return end;
      try {
        Chunk c = pending;
        pending = null;
        if (c == null) c = filled.poll(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
        if (c == null) c = new Chunk(null, -1, new SocketTimeoutException("read timed out"));
        if (c.n() < 0) end = c;
        return c;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TemporaryFailureException(where + ": interrupted");
      }
    }
  }

  private void fill() {
    if (ahead != null) {
      pos = 0;
      lim = 0;
      ReadAhead.Chunk c = ahead.next(where, timeoutSeconds);
      if (c.failure() != null) throw failure(c.failure());
      if (c.n() < 0)
        throw new TemporaryFailureException(where + ": the server closed the connection");
      ahead.free.offer(buf);
      buf = c.b();
      lim = c.n();
      bytesRead += lim;
      return;
    }
    try {
      pos = 0;
      lim = 0;
      int n = in.read(buf, 0, buf.length);
      if (n < 0) throw new TemporaryFailureException(where + ": the server closed the connection");
      lim = n;
      bytesRead += n;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Maps an I/O failure to its type: that type decides the exit status. */
  public JmailException failure(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SocketTimeoutException) {
        return new TemporaryFailureException(
            where + ": no answer from the server in " + timeoutSeconds + " s (net-timeout)", e);
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return new TemporaryFailureException(
            where + ": cannot connect: " + oneLine(c.getMessage()), e);
      }
      if (c instanceof UnknownHostException) {
        return new TemporaryFailureException(where + ": unknown host " + host, e);
      }
      if (c instanceof SSLException) {
        return new UnavailableException(where + ": TLS failed: " + tlsWhy(c.getMessage()), e);
      }
    }
    return new TemporaryFailureException(where + ": " + oneLine(e.getMessage()), e);
  }

  /**
   * Java's words for a failed handshake as a user can act on them: an untrusted certificate or a
   * port without TLS said so, else the message without the Java class names it carries.
   */
  static String tlsWhy(String message) {
    String m = message == null ? "" : message;
    if (m.contains("PKIX") || m.contains("certification path"))
      return "certificate not trusted (set tls-ca-file=FILE.pem if the server uses a private CA)";
    if (m.contains("Unsupported or unrecognized SSL message"))
      return "the server does not speak TLS on this port (imaps:// and pop3s:// are TLS from the"
          + " first byte; for a STARTTLS port use imap:// or pop3://)";
    return oneLine(
            m.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ", ""))
        + " (set tls-ca-file if the server uses a private CA)";
  }

  private void trace(String prefix, String line) {
    if (verbose == null) return;
    String s = line;
    for (String secret : secrets) s = s.replace(secret, "********");
    StringBuilder b = new StringBuilder(prefix.length() + s.length());
    b.append(prefix);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f || shownAsQuestionMark(c) ? '?' : c);
    }
    verbose.println(b);
  }

  /**
   * C1 controls (U+009B is a CSI that some terminals obey), bidi controls and the Unicode line
   * separators: server text must not reach a terminal with them (CVE-2021-42574).
   */
  private static boolean shownAsQuestionMark(char c) {
    return (c >= 0x80 && c < 0xa0)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c
        || c == 0x2028
        || c == 0x2029;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  @Override
  public void close() {
    if (ahead != null) ahead.thread.interrupt();
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing after a failure: the first failure is the one reported
      }
    }
  }
}
