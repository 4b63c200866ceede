package dev.jmail.store.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.error.CannotCreateException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.error.TemporaryFailureException;
import dev.jmail.testing.Bounds;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three locks of a mailbox writer, with a second holder simulated in this process: another
 * descriptor's {@code flock} (flock locks belong to the open file, so they conflict within one
 * process), another {@code FileChannel}'s {@code fcntl} lock (the JVM refuses it as a second
 * process would), and a dotlock file naming a live process (pid 1).
 */
class MailboxLockTest {
  @TempDir Path dir;

  static final LockPolicy QUICK = new LockPolicy(Duration.ofMillis(300), Duration.ofSeconds(300));

  /** Long enough that only a lock wrongly held to the deadline makes a test time out. */
  static LockPolicy patient() {
    return new LockPolicy(Duration.ofMillis(Bounds.millis(20_000)), Duration.ofSeconds(300));
  }

  private Path box() throws Exception {
    Path box = dir.resolve("box");
    Files.writeString(box, "From a@example.org Mon Jan  1 10:00:00 2024\n\nbody\n\n");
    return box;
  }

  /** Polls (not a fixed sleep) until {@code done}, within a bound. */
  private static void awaitTrue(BooleanSupplier done, String what) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Bounds.millis(15_000));
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("never happened: " + what);
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** Whether this process holds a {@code fcntl} lock on {@code file}, as /proc/locks shows it. */
  private static boolean fcntlHeldHere(Path file) {
    return ProcLocks.holder(file, "POSIX") == LockHolder.pid();
  }

  /** Another open file can take flock on {@code file}: nobody holds it. */
  private static void assertFlockFree(Path file) throws java.io.IOException {
    if (!Flock.available()) return;
    Flock probe = Flock.open(file, false);
    try {
      assertTrue(probe.tryLock(), "flock is still held");
    } finally {
      probe.close();
    }
  }

  private static String holderLine(long pid) {
    return pid + "\n" + LockHolder.HOST + "\n";
  }

  @Test
  void a_mailbox_flocked_by_another_program_is_not_taken_and_the_error_names_flock_and_its_pid()
      throws Exception {
    assumeTrue(Flock.available(), "flock(2) is not reachable through JNA here");
    Path box = box();
    Flock other = Flock.open(box, false);
    try {
      assertTrue(other.tryLock());
      long t0 = System.nanoTime();
      TemporaryFailureException e =
          assertThrows(TemporaryFailureException.class, () -> MailboxLock.existing(box, QUICK));
      assertTrue(
          System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(Bounds.millis(5_000)), "bounded");
      assertEquals(75, e.status().code());
      assertTrue(
          e.getMessage().contains("locked (flock) by pid " + LockHolder.pid()), e.getMessage());
      assertTrue(e.getMessage().contains("(lock-timeout)"), e.getMessage());
      assertFalse(fcntlHeldHere(box), "the fcntl lock taken before is let go");
      assertFalse(Files.exists(Dotlock.lockFileFor(box)), "no dotlock left behind");
    } finally {
      other.close();
    }
    try (MailboxLock l = MailboxLock.existing(box, QUICK)) {
      assertTrue(l.dotlocked());
    }
  }

  @Test
  void a_mailbox_fcntl_locked_by_another_program_is_not_taken_and_nothing_is_left_locked()
      throws Exception {
    Path box = box();
    try (FileChannel ch = FileChannel.open(box, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      TemporaryFailureException e =
          assertThrows(TemporaryFailureException.class, () -> MailboxLock.existing(box, QUICK));
      assertTrue(
          e.getMessage().contains("locked (fcntl) by pid " + LockHolder.pid()), e.getMessage());
      assertTrue(held.isValid());
      assertFalse(Files.exists(Dotlock.lockFileFor(box)), "no dotlock left behind");
      assertFlockFree(box);
    }
    try (MailboxLock l = MailboxLock.existing(box, QUICK)) {
      assertTrue(l.channel().isOpen());
    }
  }

  @Test
  void a_dotlock_of_a_live_process_is_waited_for_and_taken_as_soon_as_it_goes() throws Exception {
    Path box = box();
    Path dot = Dotlock.lockFileFor(box);
    Files.writeString(dot, holderLine(1)); // pid 1 runs: not stale
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () -> {
              // the waiter holds fcntl while it waits for the dotlock: then the holder goes
              awaitTrue(() -> fcntlHeldHere(box), "the waiter's fcntl lock");
              try {
                Files.delete(dot);
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
            });
    long t0 = System.nanoTime();
    try (MailboxLock l = MailboxLock.existing(box, patient())) {
      assertTrue(l.dotlocked());
      assertEquals(
          holderLine(LockHolder.pid()),
          Files.readString(dot, StandardCharsets.US_ASCII),
          "ours now");
    }
    holder.get(Bounds.millis(15_000), TimeUnit.MILLISECONDS);
    assertTrue(
        System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(patient().timeout().toMillis()),
        "taken before the deadline");
    assertFalse(Files.exists(dot), "released on close");
  }

  @Test
  void a_flock_holder_is_waited_for_and_the_lock_taken_as_soon_as_it_lets_go() throws Exception {
    assumeTrue(Flock.available(), "flock(2) is not reachable through JNA here");
    Path box = box();
    Flock other = Flock.open(box, false);
    assertTrue(other.tryLock());
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () -> {
              // the waiter holds fcntl while it waits for flock: then the holder lets go
              awaitTrue(() -> fcntlHeldHere(box), "the waiter's fcntl lock");
              other.close();
            });
    try (MailboxLock l = MailboxLock.existing(box, patient())) {
      assertTrue(l.dotlocked());
      holder.get(Bounds.millis(15_000), TimeUnit.MILLISECONDS);
      Flock probe = Flock.open(box, false);
      try {
        assertFalse(probe.tryLock(), "the flock lock is ours now");
      } finally {
        probe.close();
      }
    } finally {
      other.close();
    }
  }

  /**
   * procmail, Postfix and liblockfile take the dotlock first and then block on fcntl; we take fcntl
   * first. Holding fcntl while waiting for their dotlock until our deadline would deadlock with
   * them until then: we let everything go after a short slice, so they can finish.
   */
  @Test
  void a_program_that_takes_the_dotlock_first_and_then_waits_for_fcntl_is_not_deadlocked()
      throws Exception {
    Path box = box();
    Path dot = Dotlock.lockFileFor(box);
    Files.writeString(dot, holderLine(1));
    CompletableFuture<Long> procmail =
        CompletableFuture.supplyAsync(
            () -> {
              awaitTrue(() -> fcntlHeldHere(box), "our fcntl lock while we wait for the dotlock");
              long t = System.nanoTime();
              try (FileChannel ch =
                  FileChannel.open(box, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock[] got = {null};
                awaitTrue(
                    () -> {
                      try {
                        got[0] = ch.tryLock();
                      } catch (OverlappingFileLockException e) {
                        return false; // still ours
                      } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                      }
                      return got[0] != null;
                    },
                    "fcntl let go between slices");
                long waited = System.nanoTime() - t;
                Files.writeString(box, "delivered\n", StandardOpenOption.APPEND);
                got[0].release();
                ch.close();
                Files.delete(dot);
                return waited;
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
            });
    try (MailboxLock l = MailboxLock.existing(box, patient())) {
      assertTrue(l.dotlocked());
      long waited = procmail.get(Bounds.millis(15_000), TimeUnit.MILLISECONDS);
      assertTrue(
          waited < TimeUnit.MILLISECONDS.toNanos(Bounds.millis(10_000)),
          "the other program waited " + waited / 1_000_000 + " ms");
      assertTrue(Files.readString(box).endsWith("delivered\n"));
    }
  }

  @Test
  void a_stale_dotlock_is_broken_by_the_mailbox_lock_and_a_fresh_one_of_another_host_is_not()
      throws Exception {
    Path box = box();
    Path dot = Dotlock.lockFileFor(box);
    Files.writeString(dot, "4242\nanother-host\n");
    TemporaryFailureException e =
        assertThrows(TemporaryFailureException.class, () -> MailboxLock.existing(box, QUICK));
    assertTrue(e.getMessage().contains("pid 4242 on another-host"), e.getMessage());
    assertTrue(Files.exists(dot), "a fresh lock of another host is kept");
    assertFalse(fcntlHeldHere(box), "the kernel locks are let go on giving up");
    Files.setLastModifiedTime(dot, FileTime.from(Instant.now().minusSeconds(301)));
    try (MailboxLock l = MailboxLock.existing(box, QUICK)) {
      assertEquals(holderLine(LockHolder.pid()), Files.readString(dot, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void close_lets_every_lock_go_so_the_next_writer_gets_them_all() throws Exception {
    Path box = box();
    MailboxLock first = MailboxLock.existing(box, QUICK);
    assertTrue(fcntlHeldHere(box));
    assertTrue(Files.exists(Dotlock.lockFileFor(box)));
    assertEquals(box, first.mailbox());
    assertEquals(QUICK, first.policy());
    first.close();
    assertFalse(first.channel().isOpen());
    assertFalse(fcntlHeldHere(box));
    assertFalse(Files.exists(Dotlock.lockFileFor(box)));
    assertFlockFree(box);
  }

  @Test
  void touch_keeps_the_dotlock_of_a_long_change_from_looking_stale() throws Exception {
    Path box = box();
    Path dot = Dotlock.lockFileFor(box);
    try (MailboxLock l = MailboxLock.existing(box, QUICK)) {
      Files.setLastModifiedTime(dot, FileTime.from(Instant.now().minusSeconds(3600)));
      l.touch();
      Instant m = Files.getLastModifiedTime(dot).toInstant();
      assertTrue(m.isAfter(Instant.now().minusSeconds(60)), "touched: " + m);
    }
  }

  @Test
  void a_missing_mailbox_is_created_mode_0600_for_a_delivery_and_refused_for_a_change()
      throws Exception {
    Path box = dir.resolve("new-box");
    NoInputException missing =
        assertThrows(NoInputException.class, () -> MailboxLock.existing(box, QUICK));
    assertEquals(66, missing.status().code());
    assertFalse(Files.exists(box), "a change does not create the mailbox");
    assertFalse(Files.exists(Dotlock.lockFileFor(box)));
    try (MailboxLock l = MailboxLock.exclusive(box, QUICK)) {
      assertTrue(l.dotlocked());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(box)));
    }
    assertFalse(Files.exists(Dotlock.lockFileFor(box)));
    Files.setPosixFilePermissions(box, PosixFilePermissions.fromString("rw-r-----"));
    try (MailboxLock l = MailboxLock.exclusive(box, QUICK)) {
      assertEquals(
          "rw-r-----",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(box)),
          "an existing mailbox keeps its mode");
    }
  }

  @Test
  void a_mailbox_in_a_missing_directory_cannot_be_created_exit_73() {
    Path box = dir.resolve("no-such-dir/box");
    CannotCreateException e =
        assertThrows(CannotCreateException.class, () -> MailboxLock.exclusive(box, QUICK));
    assertEquals(73, e.status().code());
    assertFalse(Files.exists(dir.resolve("no-such-dir")));
  }

  @Test
  void a_symbolic_link_is_not_followed_when_the_caller_asks_so() throws Exception {
    Path target = box();
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    IoFailureException e =
        assertThrows(IoFailureException.class, () -> MailboxLock.existingNoFollow(link, QUICK));
    assertFalse(Files.exists(Dotlock.lockFileFor(link)), "no dotlock left behind");
    assertFalse(fcntlHeldHere(target));
    assertNotNull(e.getMessage());
    try (MailboxLock l = MailboxLock.existing(link, QUICK)) {
      assertTrue(l.channel().size() > 0, "followed when allowed");
    }
  }
}
