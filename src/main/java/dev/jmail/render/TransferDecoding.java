package dev.jmail.render;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Lenient Content-Transfer-Encoding decoders (RFC 2045 6.7, 6.8) as streams, so a part of any
 * size is decoded in bounded memory: they never fail, and report what was skipped.
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
     * True when at least {@code n} unread bytes are in the buffer, reading more as needed; false
     * at the end of the input or when they would not fit.
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
        for (; pos < lim; pos++) {
          int c = buf[pos] & 0xff;
          int v;
          if (c >= 'A' && c <= 'Z') v = c - 'A';
          else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
          else if (c >= '0' && c <= '9') v = c - '0' + 52;
          else if (c == '+') v = 62;
          else if (c == '/') v = 63;
          else {
            if (c == '=') {
              acc = 0;
              bits = 0;
            } else if (c != '\r' && c != '\n' && c != ' ' && c != '\t') bad++;
            continue;
          }
          acc = (acc << 6) | v;
          bits += 6;
          if (bits >= 8) {
            bits -= 8;
            out[outLen++] = (byte) (acc >> bits);
          }
        }
      }
    }

    @Override
    void endOfInput() {
      if (bad > 0 && problems != null) problems.add("broken base64: " + bad + " invalid characters skipped");
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
