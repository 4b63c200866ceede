package dev.jmail.store;

import dev.jmail.message.Flag;
import java.util.Set;

/** What a change does to one message: delete it, or give it these flags (null: leave them). */
public record MessageEdit(boolean delete, Set<Flag> flags) {
  public MessageEdit {
    flags = flags == null ? null : Flag.setOf(flags);
  }

  public static MessageEdit deleteIt() {
    return new MessageEdit(true, null);
  }

  public static MessageEdit flags(Set<Flag> flags) {
    return new MessageEdit(false, flags);
  }
}
