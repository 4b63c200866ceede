package dev.jmail.store.pop3;

import java.nio.file.Files;
import java.nio.file.Path;

/** The system mailbox {@code home/spool} of an isolated run, where fetch stores by default. */
final class Spool {
  private Spool() {}

  /** The mailbox's text, "" when nothing was stored. */
  static String text(Path home) throws Exception {
    Path s = home.resolve("spool");
    return Files.exists(s) ? Files.readString(s) : "";
  }

  /** How often {@code what} occurs in {@code text}. */
  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
    return n;
  }
}
