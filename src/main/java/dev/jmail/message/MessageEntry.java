package dev.jmail.message;

import java.util.Set;

/**
 * One message as a folder scan sees it: light, kept for every message of a listing (never the
 * body).
 *
 * @param number 1-based position in the folder, in folder order
 * @param location where the message is stored: its stable identity within the store
 * @param size bytes of the stored message (mbox: without the From_ line and the separating blank
 *     line; Maildir: the file size)
 * @param lines number of lines of the stored message, or -1 when not cheaply known (Maildir)
 * @param flags the message's state as stored
 */
public record MessageEntry(
    int number, MessageLocation location, long size, long lines, Set<Flag> flags) {
  public MessageEntry {
    flags = Flag.setOf(flags);
  }

  public boolean has(Flag f) {
    return flags.contains(f);
  }
}
