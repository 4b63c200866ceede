package dev.jmail.app;

import dev.jmail.error.IoFailureException;
import dev.jmail.message.MessageEntry;
import dev.jmail.render.MessageBytes;
import dev.jmail.store.FileRegion;
import dev.jmail.store.Folder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Opens a stored message for {@code MimeWalker}: in the heap when small, else as file windows. */
public final class MessageOpener {
  private MessageOpener() {}

  /**
   * Message {@code e} of {@code f}: read into the heap up to {@link MessageBytes#IN_MEMORY} bytes;
   * beyond, a window of the folder's file when the store keeps the bytes unaltered, else (an mbox
   * message with {@code >From } lines to un-quote) a private spool file.
   */
  public static MessageBytes open(Folder f, MessageEntry e) {
    try {
      if (e.size() > MessageBytes.IN_MEMORY) {
        Optional<FileRegion> region = f.openRegion(e);
        if (region.isPresent()) {
          FileRegion r = region.get();
          return MessageBytes.window(r.channel(), r.start(), r.end());
        }
      }
      try (InputStream in = f.open(e)) {
        return MessageBytes.read(in);
      }
    } catch (IOException ex) {
      throw new IoFailureException(
          f.path() + ": message " + e.number() + ": " + ex.getMessage(), ex);
    }
  }
}
