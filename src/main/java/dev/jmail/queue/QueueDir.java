package dev.jmail.queue;

import dev.jmail.config.Env;
import dev.jmail.config.PrivateFiles;
import dev.jmail.config.Settings;
import dev.jmail.config.StateDir;
import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The queue directory, Maildir-style: {@code tmp/} for entries being written, {@code queued/} for
 * complete ones (mode 0700, files 0600). An entry is written to {@code tmp/}, fsynced, linked into
 * {@code queued/} (a link fails rather than replace an entry of the same name) and the directory
 * fsynced: after a crash an entry is there whole or not at all. A changed entry is written the same
 * way and renamed over the old one.
 *
 * <p>Whoever sends, changes or removes an entry holds an fcntl lock on its file (released by the
 * kernel when the process dies, so {@code kill -9} leaves no stale lock). Whoever removes or
 * replaces an entry empties the old file under that lock before unlocking, and a process that gets
 * the lock checks that the file is not empty and still the one the name points to: a flush that
 * waited for another never sends what the other already sent.
 */
public final class QueueDir {
  private static final FileAttribute<?> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Path dir;
  private final String crashAt;

  QueueDir(Path dir, String crashAt) {
    this.dir = dir;
    this.crashAt = crashAt;
  }

  /**
   * The directory the {@code queue} variable names ({@code set queue=DIR}), else {@code
   * $XDG_STATE_HOME/jmail/queue}, else {@code ~/.local/state/jmail/queue}.
   */
  public static QueueDir of(Settings s) {
    Env env = s.env();
    String v = s.get("queue").orElse("").strip();
    Path dir;
    if (!v.isEmpty()) {
      dir = v.startsWith("~/") ? env.home().resolve(v.substring(2)) : Path.of(v);
      if (!dir.isAbsolute()) dir = env.home().resolve(dir);
    } else {
      dir = StateDir.of(env).resolve("queue");
    }
    // A test seam: JMAIL_QUEUE_CRASH_AT=POINT stops the process there as kill -9 would.
    return new QueueDir(dir, env.get("JMAIL_QUEUE_CRASH_AT").orElse(""));
  }

  public Path path() {
    return dir;
  }

  private Path queued() {
    return dir.resolve("queued");
  }

  /** The entries' ids, oldest first (an id starts with its UTC creation time). */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(queued())) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".")) ids.add(name);
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new IoFailureException(queued() + ": " + e.getMessage(), e);
    }
    Collections.sort(ids);
    return ids;
  }

  /** Removes what a crash left in {@code tmp/} more than 36 hours ago (the Maildir rule). */
  void cleanTmp(Instant now) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("tmp"))) {
      for (Path p : s) {
        if (Files.getLastModifiedTime(p)
            .toInstant()
            .isBefore(now.minus(java.time.Duration.ofHours(36)))) {
          deleteQuietly(p);
        }
      }
    } catch (IOException e) {
      // nothing to clean, or not now
    }
  }

  /** Reads an entry without locking it (listing); empty when it is gone or being removed. */
  public Optional<QueueEntry> peek(String id) {
    try {
      byte[] bytes = Files.readAllBytes(queued().resolve(id));
      return bytes.length == 0 ? Optional.empty() : Optional.of(QueueEntry.parse(id, bytes));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IoFailureException(queued().resolve(id) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A fresh id: the UTC time to the millisecond and 6 random hex digits, {@code
   * 20261207-034825.123-3fa9c1}.
   */
  static String newId(Instant now) {
    return IdTime.FORMAT.format(now)
        + "-"
        + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  /** Loaded only when an entry is added: a send that succeeds pays nothing for java.time.format. */
  private static final class IdTime {
    static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);
  }

  /** Adds an entry durably (see the class comment); returns it with the id it was stored under. */
  QueueEntry add(QueueEntry e, Instant now) {
    create();
    for (int tries = 0; ; tries++) {
      QueueEntry named = withId(e, newId(now));
      Path tmp = writeTmp(named);
      crashPoint("enqueue-written");
      try {
        Files.createLink(queued().resolve(named.id()), tmp);
      } catch (FileAlreadyExistsException taken) {
        deleteQuietly(tmp);
        if (tries < 10) continue;
        throw new CannotCreateException(queued() + ": cannot find a free entry name");
      } catch (IOException ex) {
        deleteQuietly(tmp);
        throw failure("cannot queue the message", ex);
      }
      crashPoint("enqueue-linked");
      syncDir();
      deleteQuietly(tmp);
      return named;
    }
  }

  private static QueueEntry withId(QueueEntry e, String id) {
    return new QueueEntry(
        id,
        e.sender(),
        e.recipients(),
        e.transport(),
        e.messageId(),
        e.created(),
        e.attempts(),
        e.nextTry(),
        e.lastError(),
        e.message());
  }

  private void create() {
    try {
      for (Path p : List.of(dir, dir.resolve("tmp"), queued())) PrivateFiles.directory(p);
    } catch (IOException e) {
      throw failure("cannot create the queue directory", e);
    }
  }

  private Path writeTmp(QueueEntry e) {
    Path tmp =
        dir.resolve("tmp")
            .resolve(
                e.id()
                    + "."
                    + ProcessHandle.current().pid()
                    + "."
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
    try (FileChannel ch =
        FileChannel.open(
            tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PRIVATE_FILE)) {
      ByteBuffer b = ByteBuffer.wrap(e.toBytes());
      while (b.hasRemaining()) ch.write(b);
      ch.force(true);
      return tmp;
    } catch (IOException ex) {
      deleteQuietly(tmp);
      throw failure("cannot queue the message", ex);
    }
  }

  /**
   * Locks an entry for sending or changing it; empty when another process holds it or it is gone.
   */
  Optional<Held> lock(String id) {
    Path p = queued().resolve(id);
    Object before;
    FileChannel ch;
    try {
      before = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
      ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("cannot open queue entry " + id, e);
    }
    try {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this JVM holds it (tests run flushes on threads)
      }
      Object now = fileKey(p);
      if (lock != null && ch.size() == 0 && before.equals(now)) {
        Files.deleteIfExists(p); // emptied by a remove that was stopped before the unlink
      }
      if (lock == null || ch.size() == 0 || now == null || !now.equals(before)) {
        ch.close();
        return Optional.empty();
      }
      ByteBuffer b = ByteBuffer.allocate((int) ch.size());
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // read it all
      }
      return Optional.of(new Held(id, p, ch, QueueEntry.parse(id, b.array())));
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException r) throw r;
      throw failure("cannot lock queue entry " + id, (IOException) e);
    }
  }

  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** A locked entry; closing it releases the lock. */
  final class Held implements AutoCloseable {
    private final String id;
    private final Path path;
    private final FileChannel channel;
    private QueueEntry entry;

    private Held(String id, Path path, FileChannel channel, QueueEntry entry) {
      this.id = id;
      this.path = path;
      this.channel = channel;
      this.entry = entry;
    }

    QueueEntry entry() {
      return entry;
    }

    /** Puts a changed entry in place of this one, durably. */
    void replace(QueueEntry changed) {
      Path tmp = writeTmp(changed);
      try {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDir();
        channel.truncate(0); // a flush that waited on the old file sees it is stale
        entry = changed;
      } catch (IOException e) {
        deleteQuietly(tmp);
        throw failure("cannot update queue entry " + id, e);
      }
    }

    /** Removes the entry (sent, expired or dropped). */
    void remove() {
      try {
        channel.truncate(0);
        Files.deleteIfExists(path);
        syncDir();
      } catch (IOException e) {
        throw failure("cannot remove queue entry " + id, e);
      }
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing releases the lock whatever it reports
      }
    }
  }

  /**
   * fsync of queued/, so a link, rename or unlink survives a crash (Linux opens a directory
   * read-only).
   */
  private void syncDir() {
    try (FileChannel ch = FileChannel.open(queued(), StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not supported here: the rename itself is still atomic
    }
  }

  /** Stops the process at a named point, as kill -9 would, when a test asks for it. */
  void crashPoint(String point) {
    if (point.equals(crashAt)) Runtime.getRuntime().halt(137);
  }

  private RuntimeException failure(String what, IOException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof AccessDeniedException)
      return new CannotCreateException(dir + ": " + what + ": permission denied", e);
    return new IoFailureException(dir + ": " + what + ": " + why, e);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a stray file in tmp/ is harmless
    }
  }
}
