package dev.jmail.store;

/** How a folder is stored. */
public enum FolderType {
  /** One file; messages start at "From " lines (mboxo and mboxrd read alike). */
  MBOX,
  /** A directory with {@code cur/}, {@code new/} and {@code tmp/}, one file per message. */
  MAILDIR,
  /** A mailbox on an IMAP server ({@code imap://}, {@code imaps://}), summaries cached on disk. */
  IMAP
}
