package dev.jmail.store.mbox;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Undoes mbox From_ quoting on read: a line matching {@code >+From } loses one {@code >} (mboxrd,
 * any depth). For mboxo files this restores the common case ({@code >From } written for {@code From
 * }); mboxo cannot tell an original {@code >From } apart, so nothing better is possible.
 */
final class FromUnquotingInputStream extends FilterInputStream {
  private static final int MAX_QUOTES = 4096;
  private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

  private final byte[] pending = new byte[MAX_QUOTES + FROM.length];
  private int pendingPos;
  private int pendingLen;
  private boolean atLineStart = true;

  FromUnquotingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    if (pendingPos < pendingLen) return emit(pending[pendingPos++] & 0xff);
    int c = in.read();
    if (c < 0) return -1;
    if (atLineStart && c == '>') {
      lookAhead();
      return read();
    }
    return emit(c);
  }

  private int emit(int c) {
    atLineStart = c == '\n';
    return c;
  }

  /** Reads a run of '>' and what follows; drops one '>' when "From " follows. */
  private void lookAhead() throws IOException {
    int n = 0;
    pending[n++] = '>';
    int c;
    while (n < MAX_QUOTES && (c = in.read()) >= 0) {
      pending[n++] = (byte) c;
      if (c != '>') break;
    }
    int quotes = 0;
    while (quotes < n && pending[quotes] == '>') quotes++;
    // pending[quotes] (if any) is the first byte after the run; read the rest of "From "
    int k = n - quotes; // bytes after the run already read (0 or 1)
    boolean match = true;
    for (int i = 0; i < FROM.length; i++) {
      if (i >= k) {
        c = in.read();
        if (c < 0) {
          match = false;
          break;
        }
        pending[n++] = (byte) c;
        k++;
      }
      if (pending[quotes + i] != FROM[i]) {
        match = false;
        break;
      }
    }
    atLineStart = false;
    if (match && quotes > 0 && quotes < MAX_QUOTES) {
      pendingPos = 1; // drop one '>'
    } else {
      pendingPos = 0;
    }
    pendingLen = n;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    int i = 0;
    while (i < len) {
      int c = i == 0 ? read() : (available() > 0 || pendingPos < pendingLen ? read() : -2);
      if (c == -2) break;
      if (c < 0) return i == 0 ? -1 : i;
      b[off + i++] = (byte) c;
    }
    return i;
  }

  @Override
  public long skip(long n) throws IOException {
    long k = 0;
    while (k < n && read() >= 0) k++;
    return k;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
