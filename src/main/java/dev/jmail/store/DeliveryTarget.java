package dev.jmail.store;

import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.maildir.MaildirDelivery;
import dev.jmail.store.mbox.MboxAppender;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A local folder receiving new mail the way local delivery does: an mbox gets each batch appended
 * under the dotlock and fcntl locks, one fsync per batch; a Maildir gets each message through
 * {@code tmp/} into {@code new/}, fsynced. When {@link #deliver} returns, the messages are on disk.
 */
public final class DeliveryTarget {
  private final FolderLocator.Ref ref;
  private final LockPolicy policy;

  public DeliveryTarget(FolderLocator.Ref ref, LockPolicy policy) {
    this.ref = ref;
    this.policy = policy;
  }

  public String describe() {
    return ref.path().toString();
  }

  /** Stores the messages (LF line ends, RFC 5322 bytes), durably, or none on failure (mbox). */
  public void deliver(List<byte[]> messages) {
    if (messages.isEmpty()) return;
    if (ref.type() == FolderType.MAILDIR) {
      for (byte[] m : messages) MaildirDelivery.deliver(ref.path(), m);
      return;
    }
    Instant now = Instant.now();
    List<MboxAppender.Entry> entries = new ArrayList<>(messages.size());
    for (byte[] m : messages) entries.add(MboxAppender.Entry.of(returnPath(m), now, m));
    MboxAppender.appendAll(ref.path(), policy, entries);
  }

  /**
   * The address of the first {@code Return-Path:} header (RFC 5322 3.6.7: {@code return =
   * "Return-Path:" path CRLF}, {@code path = angle-addr / ([CFWS] "<" [CFWS] ">" [CFWS])}), for the
   * From_ line; "" when there is none (the From_ line then says MAILER-DAEMON).
   */
  static String returnPath(byte[] m) {
    int i = 0;
    while (i < m.length) {
      int eol = i;
      while (eol < m.length && m[eol] != '\n') eol++;
      if (eol == i || (eol == i + 1 && m[i] == '\r')) return ""; // end of the header section
      if (eol - i > 12
          && new String(m, i, 12, StandardCharsets.US_ASCII).equalsIgnoreCase("Return-Path:")) {
        String v = new String(m, i + 12, eol - i - 12, StandardCharsets.UTF_8).strip();
        int lt = v.indexOf('<');
        int gt = v.indexOf('>', lt + 1);
        return lt >= 0 && gt > lt ? v.substring(lt + 1, gt) : v;
      }
      i = eol + 1;
    }
    return "";
  }
}
