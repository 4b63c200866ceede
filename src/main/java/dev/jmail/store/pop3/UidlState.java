package dev.jmail.store.pop3;

import dev.jmail.config.Env;
import dev.jmail.error.CannotCreateException;
import dev.jmail.error.DataFormatException;
import dev.jmail.error.IoFailureException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which messages of one POP3 mailbox were already stored, by UIDL: one file per user and server
 * under {@code $XDG_STATE_HOME/jmail/pop3/} (default {@code ~/.local/state}), mode 0600 in 0700
 * directories. Format: the line {@code jmail-pop3-uidl 1}, then one unique id per line. Ids are
 * appended and fsynced right after the messages are stored, so a crash can fetch a message twice,
 * never lose one.
 */
public final class UidlState {
  static final String MAGIC = "jmail-pop3-uidl 1";
  private final Path file;
  private final Set<String> stored;

  private UidlState(Path file, Set<String> stored) {
    this.file = file;
    this.stored = stored;
  }

  /** The state file of {@code user} at {@code host:port}. */
  public static Path fileFor(Env env, String user, String host, int port) {
    Path base =
        env.get("XDG_STATE_HOME")
            .filter(s -> s.startsWith("/"))
            .map(Path::of)
            .orElse(env.home().resolve(".local/state"));
    return base.resolve("jmail").resolve("pop3").resolve(safe(user + "@" + host + ":" + port));
  }

  static String safe(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "@.:_-".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  public static UidlState load(Path file) {
    Set<String> ids = new LinkedHashSet<>();
    if (Files.exists(file)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IoFailureException(file + ": cannot read: " + e.getMessage(), e);
      }
      if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
        throw new DataFormatException(
            file + ": not a jmail POP3 state file (move it away to fetch everything again)");
      }
      for (String l : lines.subList(1, lines.size())) if (!l.isEmpty()) ids.add(l);
    }
    return new UidlState(file, ids);
  }

  public boolean contains(String uid) {
    return stored.contains(uid);
  }

  public int size() {
    return stored.size();
  }

  /** Records ids as stored: appended and fsynced before this returns. */
  public void record(Collection<String> uids) {
    if (uids.isEmpty()) return;
    StringBuilder b = new StringBuilder();
    if (!Files.exists(file)) b.append(MAGIC).append('\n');
    for (String u : uids) if (stored.add(u)) b.append(u).append('\n');
    write(b.toString(), StandardOpenOption.APPEND);
  }

  /**
   * Forgets ids no longer on the server (deleted there): rewritten into a new file and renamed over
   * the old one, so the state is never half written.
   */
  public void keepOnly(Set<String> onServer) {
    if (!stored.retainAll(onServer)) return;
    StringBuilder b = new StringBuilder(MAGIC).append('\n');
    for (String u : stored) b.append(u).append('\n');
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      throw new IoFailureException(tmp + ": " + e.getMessage(), e);
    }
    writeTo(tmp, b.toString(), StandardOpenOption.APPEND);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IoFailureException(file + ": cannot replace: " + e.getMessage(), e);
    }
  }

  private void write(String text, StandardOpenOption mode) {
    writeTo(file, text, mode);
  }

  private static void writeTo(Path f, String text, StandardOpenOption mode) {
    try {
      Path dir = f.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new CannotCreateException(f.getParent() + ": cannot create: " + e.getMessage(), e);
    }
    try (FileChannel ch =
        FileChannel.open(
            f,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    } catch (IOException e) {
      throw new IoFailureException(f + ": cannot write: " + e.getMessage(), e);
    }
  }
}
