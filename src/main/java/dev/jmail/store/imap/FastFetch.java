package dev.jmail.store.imap;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The usual FETCH response read straight from its line's bytes: a listing is 20,000 of them, and
 * the general parse ({@link ImapResponse}) makes a string of every atom (the section name alone is
 * 60 characters), a list per level and upper-case copies of each word. Only this form is taken:
 *
 * <pre>
 * "*" SP nz-number SP "FETCH" SP "(" item *(SP item) ")"
 * item = ("UID" / "RFC822.SIZE") SP number / "MODSEQ" SP "(" number ")"
 *      / "FLAGS" SP "(" [flag-atom *(SP flag-atom)] ")" / "BODY[" section "]" ["&lt;" number "&gt;"] SP (literal / "NIL")
 * </pre>
 *
 * names in any case, in any order; anything else (a quoted string, an INTERNALDATE, a number too
 * long, a byte that is not ASCII in a name) answers null and the response goes through the general
 * parse, which gives the same result or the same malformed-response failure. No side effect before
 * the answer, so that fallback is always possible.
 */
final class FastFetch {
  private FastFetch() {}

  private static final byte[] FETCH = {'F', 'E', 'T', 'C', 'H'};
  private static final byte[] UID = {'U', 'I', 'D'};
  private static final byte[] SIZE = {'R', 'F', 'C', '8', '2', '2', '.', 'S', 'I', 'Z', 'E'};
  private static final byte[] MODSEQ = {'M', 'O', 'D', 'S', 'E', 'Q'};
  private static final byte[] FLAGS = {'F', 'L', 'A', 'G', 'S'};
  private static final byte[] BODY = {'B', 'O', 'D', 'Y', '['};

  /** The system flags as servers write them: one string each, not one per message. */
  private static final String[] COMMON = {
    "\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "\\Recent"
  };

  private static final byte[][] COMMON_BYTES = new byte[COMMON.length][];

  /**
   * Every set of system flags, unmodifiable (set k holds COMMON[j] for each bit j of k): a FETCH
   * answer names one of a few combinations, 20,000 times.
   */
  private static final Set<String>[] SETS = sets();

  static {
    for (int i = 0; i < COMMON.length; i++)
      COMMON_BYTES[i] = COMMON[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Set<String>[] sets() {
    Set<String>[] sets = new Set[1 << COMMON.length];
    for (int k = 0; k < sets.length; k++) {
      List<String> names = new java.util.ArrayList<>(COMMON.length);
      for (int j = 0; j < COMMON.length; j++) if ((k & 1 << j) != 0) names.add(COMMON[j]);
      sets[k] = Set.copyOf(names);
    }
    return sets;
  }

  /** The FETCH data of {@code line} (literals as markers, see {@link ImapResponse}), or null. */
  static ImapClient.Fetched parse(byte[] line, List<Object> literals) {
    return parse(line, line.length, literals);
  }

  /** As above, of the line's first {@code n} bytes in {@code b} (a reused buffer: not kept). */
  static ImapClient.Fetched parse(byte[] b, int n, List<Object> literals) {
    if (n > b.length) return null;
    // "* " nz-number " FETCH ("
    if (n < 12 || b[0] != '*' || b[1] != ' ') return null;
    int i = 2;
    int digits = i;
    while (i < n && b[i] >= '0' && b[i] <= '9') i++;
    if (i == digits || i - digits > 18 || i >= n || b[i] != ' ') return null;
    i++;
    if (!word(b, n, i, FETCH) || i + 6 >= n || b[i + 5] != ' ' || b[i + 6] != '(') return null;
    i += 7;
    long uid = -1;
    long size = -1;
    long modseq = 0;
    Set<String> flags = null;
    Object section = null;
    while (true) {
      if (i >= n) return null;
      if (b[i] == ')') {
        return i + 1 == n ? new ImapClient.Fetched(uid, flags, size, null, modseq, section) : null;
      }
      int start = i; // an item's name: an atom, its section's spaces and parentheses inside [ ]
      int depth = 0;
      while (i < n) {
        byte c = b[i];
        if (c < 0 || c == 0 || c == '"') return null;
        if (c == '[') depth++;
        else if (c == ']') depth--;
        else if (depth <= 0 && (c == ' ' || c == '(' || c == ')')) break;
        i++;
      }
      int end = i;
      if (end == start || i >= n || b[i] != ' ') return null;
      i++; // the value
      if (i >= n) return null;
      if (same(b, n, start, end, UID)) {
        int e = number(b, n, i);
        if (e < 0) return null;
        uid = value(b, i, e);
        i = e;
      } else if (same(b, n, start, end, SIZE)) {
        int e = number(b, n, i);
        if (e < 0) return null;
        size = value(b, i, e);
        i = e;
      } else if (same(b, n, start, end, MODSEQ)) {
        if (b[i] != '(') return null;
        int e = number(b, n, i + 1);
        if (e < 0 || e >= n || b[e] != ')') return null;
        modseq = value(b, i + 1, e);
        i = e + 1;
      } else if (same(b, n, start, end, FLAGS)) {
        if (b[i] != '(') return null;
        i++;
        int common = 0; // bit k: COMMON[k]
        Set<String> other = null;
        while (true) {
          if (i >= n) return null;
          if (b[i] == ')') {
            i++;
            break;
          }
          if (b[i] == ' ') {
            i++;
            continue;
          }
          int a = i;
          while (i < n && b[i] != ' ' && b[i] != ')') {
            byte c = b[i];
            // quoted, a list, a literal, a bracket, non-ASCII: the general parse decides
            if (c <= 0 || c == '"' || c == '(' || c == '[' || c == ']') return null;
            i++;
          }
          if (i - a == 3 && b[a] == 'N' && b[a + 1] == 'I' && b[a + 2] == 'L') return null;
          int k = common(b, a, i);
          if (k >= 0) {
            common |= 1 << k;
          } else {
            if (other == null) other = new HashSet<>(4);
            other.add(new String(b, a, i - a, java.nio.charset.StandardCharsets.US_ASCII));
          }
        }
        if (other == null) {
          flags = SETS[common]; // one shared set per combination: none made per message
        } else {
          for (int k = 0; k < COMMON.length; k++) if ((common & 1 << k) != 0) other.add(COMMON[k]);
          flags = other;
        }
      } else if (startsWith(b, n, start, end, BODY)) {
        if (b[i] == 0 && i + 2 < n) {
          section = literals.get(((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff));
          i += 3;
        } else if (i + 2 < n && b[i] == 'N' && b[i + 1] == 'I' && b[i + 2] == 'L') {
          section = null;
          i += 3;
          if (i < n && b[i] != ' ' && b[i] != ')') return null;
        } else {
          return null;
        }
      } else {
        return null;
      }
      // one space before the next item, or the end of the list
      if (i >= n || (b[i] != ' ' && b[i] != ')')) return null;
      if (b[i] == ' ' && (++i >= n || b[i] == ' ' || b[i] == ')')) return null;
    }
  }

  /** Where the number (1 to 18 digits) at {@code i} ends (the line ends at n), or -1. */
  private static int number(byte[] b, int n, int i) {
    int e = i;
    while (e < n && b[e] >= '0' && b[e] <= '9') e++;
    if (e == i || e - i > 18) return -1;
    if (e < n && b[e] != ' ' && b[e] != ')') return -1;
    return e;
  }

  /** The digits from {@code from} to {@code to} (at most 18: no overflow) as a number. */
  private static long value(byte[] b, int from, int to) {
    long v = 0;
    for (int k = from; k < to; k++) v = v * 10 + (b[k] - '0');
    return v;
  }

  /** Which of {@link #COMMON} the flag from {@code from} to {@code to} is, or -1. */
  private static int common(byte[] b, int from, int to) {
    for (int k = 0; k < COMMON_BYTES.length; k++) {
      byte[] c = COMMON_BYTES[k];
      if (c.length == to - from && java.util.Arrays.equals(b, from, to, c, 0, c.length)) return k;
    }
    return -1;
  }

  /** {@code w} (upper case ASCII) at {@code i}, in any case, before {@code n}. */
  private static boolean word(byte[] b, int n, int i, byte[] w) {
    if (i + w.length > n) return false;
    for (int k = 0; k < w.length; k++) {
      int c = b[i + k];
      if (c >= 'a' && c <= 'z') c -= 32;
      if (c != w[k]) return false;
    }
    return true;
  }

  private static boolean same(byte[] b, int n, int from, int to, byte[] w) {
    return to - from == w.length && word(b, n, from, w);
  }

  private static boolean startsWith(byte[] b, int n, int from, int to, byte[] w) {
    return to - from >= w.length && word(b, n, from, w);
  }
}
