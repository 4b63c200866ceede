package dev.jmail.message;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The state of one message, independent of how the store keeps it.
 *
 * <ul>
 *   <li>mbox: no {@code Status:} header = {@link #NEW}; {@code Status: O} = old (not new), {@code
 *       R} = {@link #SEEN}; {@code X-Status:} {@code A} = {@link #ANSWERED}, {@code F} = {@link
 *       #FLAGGED}, {@code D} = {@link #DELETED}, {@code T} = {@link #DRAFT}.
 *   <li>Maildir: in {@code new/} = {@link #NEW}; info {@code :2,} letters {@code S} seen, {@code R}
 *       answered (replied), {@code F} flagged, {@code T} trashed = deleted, {@code D} draft, {@code
 *       P} passed (forwarded: no flag of ours, kept in the file name).
 * </ul>
 *
 * <p>The JSON name ({@link #jsonName()}) is part of the {@code list --json} contract.
 */
public enum Flag {
  NEW,
  SEEN,
  ANSWERED,
  FLAGGED,
  DELETED,
  DRAFT;

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** An immutable copy (an empty collection is allowed, unlike {@link EnumSet#copyOf}). */
  public static Set<Flag> setOf(Collection<Flag> flags) {
    EnumSet<Flag> s = EnumSet.noneOf(Flag.class);
    s.addAll(flags);
    return java.util.Collections.unmodifiableSet(s);
  }
}
