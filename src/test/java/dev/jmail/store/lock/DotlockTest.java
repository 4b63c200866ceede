package dev.jmail.store.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.TemporaryFailureException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotlockTest {
  @TempDir Path dir;
  static final LockPolicy QUICK = new LockPolicy(Duration.ofMillis(300), Duration.ofSeconds(300));

  @Test
  void the_lock_file_holds_our_pid_and_host_and_is_removed_on_close() throws Exception {
    Path box = dir.resolve("box");
    try (Dotlock l = Dotlock.acquire(box, QUICK)) {
      String s = Files.readString(dir.resolve("box.lock"), StandardCharsets.US_ASCII);
      assertEquals(ProcessHandle.current().pid() + "\n" + LockHolder.HOST + "\n", s);
    }
    assertFalse(Files.exists(dir.resolve("box.lock")));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "no temporary link files left");
    }
  }

  @Test
  void a_lock_held_by_a_live_process_makes_us_give_up_with_a_temporary_failure() throws Exception {
    Path box = dir.resolve("box");
    Files.writeString(dir.resolve("box.lock"), "1\n" + LockHolder.HOST + "\n"); // pid 1 lives
    long t0 = System.nanoTime();
    TemporaryFailureException e =
        assertThrows(TemporaryFailureException.class, () -> Dotlock.acquire(box, QUICK));
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "bounded wait");
    assertTrue(e.getMessage().contains("locked by pid 1"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("box.lock")), "a live holder's lock is not removed");
  }

  @Test
  void a_lock_of_a_dead_process_on_this_host_is_removed_at_once() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Path box = dir.resolve("box");
    Files.writeString(dir.resolve("box.lock"), p.pid() + "\n" + LockHolder.HOST + "\n");
    try (Dotlock l = Dotlock.acquire(box, QUICK)) {
      assertTrue(Files.readString(l.path()).startsWith(ProcessHandle.current().pid() + "\n"));
    }
  }

  @Test
  void a_pid_only_lock_of_a_dead_process_is_stale_at_once() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Path box = dir.resolve("box");
    Files.writeString(
        dir.resolve("box.lock"), p.pid() + "\n"); // liblockfile's dotlockfile -p, procmail
    try (Dotlock l = Dotlock.acquire(box, QUICK)) {
      assertTrue(Files.readString(l.path()).startsWith(ProcessHandle.current().pid() + "\n"));
    }
  }

  @Test
  void a_pid_only_lock_of_a_live_process_is_respected_and_named() throws Exception {
    Path box = dir.resolve("box");
    Files.writeString(dir.resolve("box.lock"), "1\n");
    TemporaryFailureException e =
        assertThrows(TemporaryFailureException.class, () -> Dotlock.acquire(box, QUICK));
    assertTrue(e.getMessage().contains("locked by pid 1"), e.getMessage());
  }

  @Test
  void a_lock_from_another_host_is_removed_only_when_older_than_lock_stale() throws Exception {
    Path box = dir.resolve("box");
    Path lock = dir.resolve("box.lock");
    Files.writeString(lock, "12345\nother-host\n");
    assertThrows(TemporaryFailureException.class, () -> Dotlock.acquire(box, QUICK));
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(301)));
    try (Dotlock l = Dotlock.acquire(box, QUICK)) {
      assertTrue(Files.exists(lock));
    }
  }

  @Test
  void an_empty_or_unparseable_lock_file_of_unknown_holder_is_judged_by_age() throws Exception {
    Path box = dir.resolve("box");
    Path lock = dir.resolve("box.lock");
    for (String content : new String[] {"", "not a pid\n"}) {
      Files.writeString(lock, content);
      assertThrows(TemporaryFailureException.class, () -> Dotlock.acquire(box, QUICK));
      Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(400)));
      Dotlock.acquire(box, QUICK).close();
    }
  }

  @Test
  void an_unwritable_spool_directory_means_fcntl_locking_only() throws Exception {
    Path spool = Files.createDirectory(dir.resolve("spool"));
    Path box = spool.resolve("user");
    Files.writeString(box, "");
    Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      if (Files.isWritable(spool)) return; // running as root: cannot simulate
      assertNull(Dotlock.acquire(box, QUICK));
      try (MailboxLock l = MailboxLock.existing(box, QUICK)) {
        assertFalse(l.dotlocked());
      }
    } finally {
      Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void a_second_locker_in_the_same_jvm_waits_for_the_first_then_times_out() throws Exception {
    Path box = dir.resolve("box");
    try (MailboxLock first = MailboxLock.exclusive(box, QUICK)) {
      assertTrue(first.dotlocked());
      assertThrows(TemporaryFailureException.class, () -> MailboxLock.exclusive(box, QUICK));
    }
    MailboxLock.exclusive(box, QUICK).close();
  }
}
