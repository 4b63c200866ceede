package dev.jmail.store.mbox;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.MessageEdit;
import dev.jmail.store.lock.MailboxLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The new bytes of an edited mbox: kept messages byte for byte, flag headers replaced where edited,
 * replaced texts quoted (mboxrd), deleted messages left out.
 */
final class NewContent {
  private NewContent() {}

  static boolean changesFlags(MboxRewriter.Scanned s, MessageEdit e) {
    return e != null
        && !e.delete()
        && e.flags() != null
        && !s.headerTruncated()
        && !StatusHeaders.sameStored(s.entry().flags(), e.flags());
  }

  /** True when the edit changes the bytes of message {@code s}. */
  static boolean changes(MboxRewriter.Scanned s, MessageEdit e) {
    return e != null && (e.delete() || e.replaces() || changesFlags(s, e));
  }

  /**
   * Writes the new content of every message starting at or after offset {@code from} to {@code out}
   * at {@code at}; returns the number of bytes written.
   */
  static long write(
      MailboxLock lock,
      List<MboxRewriter.Scanned> scanned,
      Map<Integer, MessageEdit> edits,
      long from,
      FileChannel out,
      long at)
      throws IOException {
    FileChannel src = lock.channel();
    long pos = at;
    long n = 0;
    long runStart = -1; // a run of unchanged messages is copied in one go
    long runEnd = -1;
    for (MboxRewriter.Scanned s : scanned) {
      MessageLocation.Mbox loc = s.location();
      if (loc.start() < from) continue;
      MessageEdit e = edits.get(s.entry().number());
      if (!changes(s, e)) {
        if (runStart < 0) runStart = loc.start();
        runEnd = loc.end();
        continue;
      }
      if (runStart >= 0) {
        ChannelBytes.copy(src, runStart, runEnd, out, pos);
        pos += runEnd - runStart;
        runStart = -1;
      }
      if (e.delete()) continue;
      byte[] bytes;
      if (e.replaces()) {
        byte[] fromLine =
            ChannelBytes.read(src, loc.start(), (int) (loc.contentStart() - loc.start()));
        bytes = concat(fromLine, quoted(withFlags(e.replacement(), e.flags())));
      } else {
        byte[] head = ChannelBytes.read(src, loc.start(), (int) (loc.contentStart() - loc.start()));
        byte[] header = ChannelBytes.read(src, loc.contentStart(), s.headerLength());
        bytes = concat(head, StatusHeaders.replace(header, e.flags()));
        ChannelBytes.write(out, pos, bytes);
        pos += bytes.length;
        bytes = null;
        long restFrom = loc.contentStart() + s.headerLength();
        ChannelBytes.copy(src, restFrom, loc.end(), out, pos);
        pos += loc.end() - restFrom;
      }
      if (bytes != null) {
        ChannelBytes.write(out, pos, bytes);
        pos += bytes.length;
      }
      if ((++n & 1023) == 0) lock.touch();
    }
    if (runStart >= 0) {
      ChannelBytes.copy(src, runStart, runEnd, out, pos);
      pos += runEnd - runStart;
    }
    return pos - at;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /**
   * A replacement text with its flag headers set to {@code flags} (null: as the text has them),
   * ending with LF.
   */
  static byte[] withFlags(byte[] message, Set<Flag> flags) {
    int end = headerEnd(message);
    byte[] header = Arrays.copyOf(message, end);
    byte[] h = flags == null ? header : StatusHeaders.replace(header, flags);
    ByteArrayOutputStream b = new ByteArrayOutputStream(message.length + 40);
    b.writeBytes(h);
    // the last header line ends (the flag headers, when added, already end theirs)
    if (h.length > 0 && h[h.length - 1] != '\n') b.write('\n');
    if (end == message.length) b.write('\n'); // no body: the blank line that ends the header
    b.write(message, end, message.length - end);
    if (end < message.length && message[message.length - 1] != '\n') b.write('\n');
    return b.toByteArray();
  }

  /** Where the header section ends: the offset of the blank line's LF (or the length). */
  private static int headerEnd(byte[] m) {
    if (m.length > 0 && m[0] == '\n') return 0;
    for (int i = 0; i + 1 < m.length; i++) {
      if (m[i] == '\n' && m[i + 1] == '\n') return i + 1;
      if (m[i] == '\n' && m[i + 1] == '\r' && i + 2 < m.length && m[i + 2] == '\n') return i + 1;
    }
    return m.length;
  }

  /** mboxrd-quoted text, CRLF to LF, followed by the blank separator line. */
  static byte[] quoted(byte[] m) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(m.length + 64);
    int i = 0;
    int n = m.length;
    while (i < n) {
      int eol = i;
      while (eol < n && m[eol] != '\n') eol++;
      int lineEnd = eol;
      if (lineEnd > i && m[lineEnd - 1] == '\r' && eol < n) lineEnd--;
      if (MboxAppender.isQuotableFrom(m, i, lineEnd)) b.write('>');
      b.write(m, i, lineEnd - i);
      b.write('\n');
      i = eol + 1;
    }
    b.write('\n');
    return b.toByteArray();
  }
}
