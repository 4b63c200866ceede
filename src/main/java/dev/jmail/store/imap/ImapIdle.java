package dev.jmail.store.imap;

/**
 * A connection waiting for new mail in one mailbox: EXAMINE (read-only, so nothing is changed),
 * then IDLE (RFC 2177), renewed by the caller's interval.
 */
public final class ImapIdle implements AutoCloseable {
  private final ImapClient client;

  private ImapIdle(ImapClient client) {
    this.client = client;
  }

  /** Connects, logs in and examines the opener's mailbox; a server without IDLE is 69. */
  public static ImapIdle open(ImapFolder.Opener opener) {
    ImapClient c = ImapClient.connect(opener.login());
    try {
      if (!c.has("IDLE")) {
        throw new dev.jmail.error.UnavailableException(
            c.where() + ": the server does not offer IDLE (RFC 2177)");
      }
      c.select(opener.mailbox(), true);
      return new ImapIdle(c);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Idles until new messages arrive (true) or {@code renewMillis} pass (false). */
  public boolean waitForNew(long renewMillis) {
    return client.idle(renewMillis);
  }

  @Override
  public void close() {
    client.close();
  }
}
