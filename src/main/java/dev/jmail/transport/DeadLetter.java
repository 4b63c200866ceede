package dev.jmail.transport;

import dev.jmail.compose.Draft;
import dev.jmail.compose.Outgoing;
import dev.jmail.compose.UnsentDraft;
import dev.jmail.config.Settings;
import dev.jmail.error.JmailException;
import dev.jmail.store.FolderLocator;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.mbox.MboxAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The one writer of the dead letter file ({@code DEAD} variable, else {@code $DEAD}, else {@code
 * ~/dead.letter}), for send mode and the compose prompt alike: unsent mail is appended in mbox
 * format under the mailbox locks, whole or not at all, in a file created with mode 0600.
 *
 * <p>Whatever jmail refused or failed to send goes there: a composed message whose delivery failed
 * ({@link #keep(Outgoing, JmailException)}), a draft refused before it became a message — bad
 * address, header injection, binary stdin, missing attachment — ({@link #keep(Draft,
 * JmailException)}, written by {@link UnsentDraft}), and a draft the user aborted ({@link
 * #save(Draft)}). The failure keeps its type (so its exit status) and gains where the text went.
 *
 * <p>A full disk leaves nothing behind: a dead letter file that did not exist and could not be
 * written is removed again; an existing one is cut back to its length before (by the appender).
 */
public final class DeadLetter {
  private final Settings settings;

  public DeadLetter(Settings settings) {
    this.settings = settings;
  }

  /** Where unsent mail goes. */
  public Path path() {
    String dead = settings.get("DEAD").or(() -> settings.env().get("DEAD")).orElse(null);
    if (dead == null || dead.isBlank()) return settings.env().home().resolve("dead.letter");
    return FolderLocator.of(settings).file(dead.strip());
  }

  /** A message that could not be delivered: the same failure, saying where the message went. */
  public JmailException keep(Outgoing message, JmailException failure) {
    return kept(failure, () -> append(message.envelope().sender(), message.lfBytes()));
  }

  /** A draft refused before it became a message: the same failure, saying where the text went. */
  public JmailException keep(Draft draft, JmailException failure) {
    return kept(failure, () -> save(draft));
  }

  /** Appends a draft as the user gave it (fields, text, bytes); returns the file. */
  public Path save(Draft draft) {
    return append(settings.env().user(), UnsentDraft.bytes(draft, settings));
  }

  private JmailException kept(JmailException failure, java.util.function.Supplier<Path> write) {
    Path dead;
    try {
      dead = write.get();
    } catch (JmailException e) {
      return failure.withMessage(
          failure.getMessage()
              + "; the message could NOT be saved to "
              + path()
              + ": "
              + e.getMessage());
    }
    return failure.withMessage(failure.getMessage() + "; message saved in " + dead);
  }

  private Path append(String sender, byte[] lfMessage) {
    // A Ctrl-C (the interactive abort) can leave this thread's interrupt status set, and a
    // FileChannel then refuses every write (ClosedByInterruptException): the draft must be kept.
    Thread.interrupted();
    Path dead = path();
    boolean existed = Files.exists(dead, LinkOption.NOFOLLOW_LINKS);
    try {
      MboxAppender.append(dead, LockPolicy.from(settings), sender, Instant.now(), lfMessage);
    } catch (JmailException e) {
      if (!existed) removeIfEmpty(dead);
      throw e;
    }
    return dead;
  }

  /** The appender cut the file back to 0 bytes; a file we created and could not fill goes again. */
  private static void removeIfEmpty(Path file) {
    try {
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == 0)
        Files.delete(file);
    } catch (IOException e) {
      // left as an empty file: nothing lost
    }
  }
}
