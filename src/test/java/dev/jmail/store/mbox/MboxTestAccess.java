package dev.jmail.store.mbox;

import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.RawHeaders;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the scanner with a chosen chunk size (tests only). */
public final class MboxTestAccess {
  private MboxTestAccess() {}

  /** The split found by the two-thread segment scan with tiny segments. */
  public static List<MessageEntry> parallelEntries(Path p, long segment) {
    List<MessageEntry> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(p)) {
      ParallelScan.scan(
          ch,
          ch.size(),
          segment,
          null,
          seg -> {
            for (int i = 0; i < seg.spans.size(); i++) {
              long[] s = seg.spans.get(i);
              byte[] h = seg.headers.get(i);
              out.add(
                  new MessageEntry(
                      out.size() + 1,
                      new MessageLocation.Mbox(s[0], s[1], s[2], s[3]),
                      s[2] - s[1],
                      s[4],
                      StatusHeaders.decode(new RawHeaders(h, h.length, false))));
            }
          });
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** Subjects and flags as the two-thread scan maps them on its workers, in order. */
  public static List<String> parallelMappedSubjects(Path p, long segment) {
    List<String> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(p)) {
      ParallelScan.scan(
          ch,
          ch.size(),
          segment,
          h -> h.field("Subject"),
          seg -> {
            for (int i = 0; i < seg.spans.size(); i++)
              out.add(seg.mapped.get(i) + " " + seg.flags.get(i));
          });
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }

  public static List<MessageEntry> entries(Path p, int chunk) {
    List<MessageEntry> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(p)) {
      new MboxScanner(ch, chunk)
          .scan(
              (s, cs, ce, e, lines, h, hl, t, ls, lc, fl, fll) ->
                  out.add(
                      new MessageEntry(
                          out.size() + 1,
                          new MessageLocation.Mbox(s, cs, ce, e),
                          ce - cs,
                          lines,
                          StatusHeaders.decode(new RawHeaders(h, hl, t)))));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** The envelope sender of each message's From_ line, scanning with a small chunk size. */
  public static List<String> envelopeSenders(Path p, int chunk) {
    List<String> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(p)) {
      RawHeaders block = new RawHeaders(new byte[0], 0, false);
      new MboxScanner(ch, chunk)
          .scan(
              (s, cs, ce, e, lines, h, hl, t, ls, lc, fl, fll) -> {
                block.set(h, hl, t, ls, lc, fl, fll);
                out.add(block.envelopeSender());
              });
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** The envelope senders as the two-thread scan maps them on its workers, in order. */
  public static List<String> parallelMappedEnvelopeSenders(Path p, long segment) {
    List<String> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(p)) {
      ParallelScan.scan(
          ch,
          ch.size(),
          segment,
          RawHeaders::envelopeSender,
          seg -> {
            for (int i = 0; i < seg.spans.size(); i++) out.add((String) seg.mapped.get(i));
          });
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }
}
