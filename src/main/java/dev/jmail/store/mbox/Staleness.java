package dev.jmail.store.mbox;

import dev.jmail.error.DataFormatException;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import java.nio.file.Path;
import java.util.List;

/** Whether a caller's earlier view of an mbox still holds under the lock. */
final class Staleness {
  private Staleness() {}

  /**
   * Checks that the messages a caller saw (e.g. an interactive session's listing) are still the
   * first messages of the locked scan, at the same offsets; new mail may follow them.
   */
  static void check(Path mbox, List<MessageEntry> seen, List<MboxRewriter.Scanned> now) {
    if (now.size() < seen.size())
      throw changed(mbox, "it has fewer messages than when it was opened");
    for (int i = 0; i < seen.size(); i++) {
      MessageLocation.Mbox a = (MessageLocation.Mbox) seen.get(i).location();
      MessageLocation.Mbox b = now.get(i).location();
      boolean last = i == seen.size() - 1;
      boolean same = MboxStore.same(a, b, last);
      if (!same) throw changed(mbox, "message " + (i + 1) + " is no longer where it was");
    }
  }

  static DataFormatException changed(Path mbox, String why) {
    return new DataFormatException(
        mbox
            + ": folder changed since it was opened ("
            + why
            + "); nothing was changed: list it again");
  }
}
