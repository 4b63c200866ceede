package dev.jmail.render;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Lenient Content-Transfer-Encoding decoders (RFC 2045 6.7, 6.8) as streams, so a part of any size
 * is decoded in bounded memory: they never fail, and report what was skipped.
 */
final class TransferDecoding {
  private TransferDecoding() {}

  private static final int CHUNK = 1 << 14;

  /** Reads the encoded stream in chunks and decodes each into {@code out}. */
  private abstract static class Decoder extends InputStream {
    final InputStream in;
    final byte[] buf = new byte[CHUNK];
    int pos;
    int lim;
    boolean eof;
    final byte[] out = new byte[CHUNK];
    int outPos;
    int outLen;

    Decoder(InputStream in) {
      this.in = in;
    }

    /** Decodes more of the input into out[0..outLen); leaves outLen 0 only at the end. */
    abstract void produce() throws IOException;

    /**
     * True when at least {@code n} unread bytes are in the buffer, reading more as needed; false at
     * the end of the input or when they would not fit.
     */
    boolean ensure(int n) throws IOException {
      if (lim - pos >= n) return true;
      if (eof || n > buf.length) return false;
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      }
      while (lim - pos < n) {
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) {
          eof = true;
          endOfInput();
          return false;
        }
        lim += r;
      }
      return true;
    }

    void endOfInput() {}

    @Override
    public int read() throws IOException {
      if (outPos >= outLen) {
        outPos = 0;
        outLen = 0;
        produce();
        if (outLen == 0) return -1;
      }
      return out[outPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      if (outPos >= outLen) {
        outPos = 0;
        outLen = 0;
        produce();
        if (outLen == 0) return -1;
      }
      int n = Math.min(len, outLen - outPos);
      System.arraycopy(out, outPos, b, off, n);
      outPos += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Base64: characters outside the alphabet are skipped (line breaks and blanks silently, others
   * counted and reported once at the end); "=" ends a quantum, and data after it is decoded as a
   * second stream glued on (seen in the wild).
   */
  static final class Base64 extends Decoder {
    private static final int BLANK = -1, PAD = -2, BAD = -3;

    /** The 6-bit value of each byte, or BLANK (CR, LF, space, tab), PAD ("="), BAD. */
    private static final byte[] VALUE = new byte[256];

    static {
      java.util.Arrays.fill(VALUE, (byte) BAD);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      for (int i = 0; i < alphabet.length(); i++) VALUE[alphabet.charAt(i)] = (byte) i;
      for (char c : new char[] {'\r', '\n', ' ', '\t'}) VALUE[c] = BLANK;
      VALUE['='] = PAD;
    }

    private final List<String> problems;
    private int acc;
    private int bits;
    private long bad;

    Base64(InputStream in, List<String> problems) {
      super(in);
      this.problems = problems;
    }

    @Override
    void produce() throws IOException {
      while (outLen == 0) {
        if (!ensure(1)) return;
        // one input byte yields at most one output byte: a chunk always fits
        byte[] src = buf;
        byte[] o = out;
        int a = acc, n = bits, w = 0;
        for (int i = pos; i < lim; i++) {
          int v = VALUE[src[i] & 0xff];
          if (v < 0) {
            if (v == PAD) {
              a = 0;
              n = 0;
            } else if (v == BAD) bad++;
            continue;
          }
          a = (a << 6) | v;
          n += 6;
          if (n >= 8) {
            n -= 8;
            o[w++] = (byte) (a >> n);
          }
        }
        pos = lim;
        acc = a;
        bits = n;
        outLen = w;
      }
    }

    @Override
    void endOfInput() {
      if (bad > 0 && problems != null)
        problems.add("broken base64: " + bad + " invalid characters skipped");
    }
  }

  /**
   * Quoted-printable, RFC 2045 6.7: "=XX" is a byte, "=" [blanks] line break is a soft line break
   * (so is "=" [blanks] at the very end), and a bad escape is kept as written. Blanks after "=" are
   * looked ahead up to a chunk (16 KiB); a longer run is taken as text.
   */
  static final class QuotedPrintable extends Decoder {
    QuotedPrintable(InputStream in) {
      super(in);
    }

    @Override
    void produce() throws IOException {
      while (outLen < out.length) {
        if (!ensure(1)) return;
        byte b = buf[pos];
        if (b != '=') {
          out[outLen++] = b;
          pos++;
          continue;
        }
        int k = 1; // offset from pos of the first byte after the blanks
        while (ensure(k + 1) && (buf[pos + k] == ' ' || buf[pos + k] == '\t')) k++;
        if (lim - pos > k) {
          byte c = buf[pos + k];
          if (c == '\n') {
            pos += k + 1;
            continue;
          }
          if (c == '\r' && ensure(k + 2) && buf[pos + k + 1] == '\n') {
            pos += k + 2;
            continue;
          }
        } else if (eof) {
          pos = lim; // "=" [blanks] at the end: a soft break
          continue;
        }
        if (ensure(3)) {
          int h = Character.digit(buf[pos + 1], 16), l = Character.digit(buf[pos + 2], 16);
          if (h >= 0 && l >= 0) {
            out[outLen++] = (byte) (h * 16 + l);
            pos += 3;
            continue;
          }
        }
        out[outLen++] = b;
        pos++;
      }
    }
  }
}
