package dev.jmail.store;

/**
 * A message's identity in its store, opaque outside it: equal keys are the same message. mbox: the
 * offsets of its From_ line and header; Maildir: the unique part of the file name; IMAP (to come):
 * UIDVALIDITY and UID.
 */
public record MessageKey(Object value) {}
