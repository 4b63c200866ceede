package dev.jmail.store;

import dev.jmail.message.Flag;
import java.util.Set;

/**
 * What a change does to one message: delete it, give it these flags (null: leave them), and/or
 * replace its text (RFC 5322 bytes, LF line ends, no From_ line: what mailx's {@code edit} leaves;
 * null: keep the stored text). A replaced message keeps its From_ line (mbox) or unique name
 * (Maildir).
 */
public record MessageEdit(boolean delete, Set<Flag> flags, byte[] replacement) {
  public MessageEdit {
    flags = flags == null ? null : Flag.setOf(flags);
  }

  public MessageEdit(boolean delete, Set<Flag> flags) {
    this(delete, flags, null);
  }

  public static MessageEdit deleteIt() {
    return new MessageEdit(true, null);
  }

  public static MessageEdit flags(Set<Flag> flags) {
    return new MessageEdit(false, flags);
  }

  /** The message's text replaced, with these flags (null: as stored). */
  public static MessageEdit replace(byte[] message, Set<Flag> flags) {
    return new MessageEdit(false, flags, message);
  }

  public boolean replaces() {
    return !delete && replacement != null;
  }
}
