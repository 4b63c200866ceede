package dev.jmail.store;

import dev.jmail.message.MessageEntry;
import dev.jmail.message.RawHeaders;

/** Receives each message of a scan in folder order. */
@FunctionalInterface
public interface MessageVisitor {
  /**
   * @param entry the message's light description, safe to keep
   * @param headers its raw header section, valid only during this call
   */
  void message(MessageEntry entry, RawHeaders headers);
}
