package dev.jmail.message;

import java.nio.file.Path;

/** Where a message lives in its store: the identity a rewrite or a flag change works on. */
public sealed interface MessageLocation {

  /**
   * A message in an mbox file. Offsets are bytes from the start of the file:
   *
   * <pre>
   * start          the "From " separator line
   * contentStart   the first header line (just after the From_ line's LF)
   * contentEnd     end of the message (before the blank separator line, if any)
   * end            the next message's "From " line, or the end of the file
   * </pre>
   */
  record Mbox(long start, long contentStart, long contentEnd, long end) implements MessageLocation {
    /** Bytes from the From_ line to the next message: what a rewrite copies. */
    public long spanLength() {
      return end - start;
    }

    public long contentLength() {
      return contentEnd - contentStart;
    }
  }

  /**
   * A message file in a Maildir.
   *
   * @param file absolute path of the file, in {@code new/} or {@code cur/}
   */
  record Maildir(Path file) implements MessageLocation {
    /** {@code new} or {@code cur}. */
    public String subdir() {
      return file.getParent().getFileName().toString();
    }

    public String fileName() {
      return file.getFileName().toString();
    }

    /** The unique part of the name, before the {@code :2,} info. */
    public String uniqueName() {
      String n = fileName();
      int colon = n.indexOf(':');
      return colon < 0 ? n : n.substring(0, colon);
    }

    /** The info letters after {@code :2,}, or "" when none. */
    public String infoFlags() {
      String n = fileName();
      int i = n.indexOf(":2,");
      return i < 0 ? "" : n.substring(i + 3);
    }
  }

  /** A message on an IMAP server: its UID, meaningful only with the mailbox's UIDVALIDITY. */
  record Imap(long uidValidity, long uid) implements MessageLocation {}
}
