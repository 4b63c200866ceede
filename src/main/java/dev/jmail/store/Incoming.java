package dev.jmail.store;

import dev.jmail.store.mbox.MboxAppender;

/**
 * A message on its way from one folder into another ({@code save}, {@code move}, the quit-time move
 * to {@code MBOX}): the target store asks for the form it stores, so an mbox copies an mbox message
 * byte for byte and a Maildir gets the flags in the file name. Computed when asked: one message in
 * memory at a time.
 */
public interface Incoming {
  /** The From_ line and the text for an mbox (already mboxrd-quoted when copied verbatim). */
  MboxAppender.Entry mboxEntry();

  /** The message text, LF line ends, no From_ line. */
  byte[] text();

  /** The Maildir info letters ({@code DFRS}), or null for a new message. */
  String maildirFlags();

  /**
   * When the message arrived in its folder, for the target to keep where it can (IMAP APPEND's
   * date-time, a Maildir file's time, an mbox From_ line): an mbox's From_ line date, a Maildir
   * file's modification time, IMAP's INTERNALDATE; null when unknown.
   */
  default java.time.Instant internalDate() {
    return null;
  }
}
