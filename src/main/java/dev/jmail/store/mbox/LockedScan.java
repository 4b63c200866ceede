package dev.jmail.store.mbox;

import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import dev.jmail.store.lock.MailboxLock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The scan of a locked mbox, through the lock's own channel (never a second descriptor: closing one
 * would drop our {@code fcntl} lock). A journal left by a killed change is completed first, so the
 * scan sees a whole folder; everything in the file is scanned, so mail delivered after the caller
 * listed the folder is part of it and is kept.
 */
final class LockedScan {
  private LockedScan() {}

  static List<MboxRewriter.Scanned> scan(MailboxLock lock) {
    JournalRecovery.recover(lock);
    List<MboxRewriter.Scanned> out = new ArrayList<>();
    try {
      MboxFolder.scan(
          lock.channel(),
          MboxScanner.entries(
              1,
              (e, block) -> {
                String id = block.field("message-id");
                out.add(
                    new MboxRewriter.Scanned(
                        e, block.length(), block.truncated(), id == null ? null : id.strip()));
              }));
    } catch (MboxScanner.NotMboxException e) {
      throw new DataFormatException(
          lock.mailbox() + ": not an mbox folder (the first line is not a \"From \" line)");
    } catch (IOException e) {
      throw new IoFailureException(lock.mailbox() + ": " + e.getMessage(), e);
    }
    return out;
  }
}
