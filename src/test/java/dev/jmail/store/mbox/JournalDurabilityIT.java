package dev.jmail.store.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a power cut during an mbox rewrite would find on disk: the order in which the launcher
 * writes and flushes the journal, the folder and their directory, read from {@code strace -y}. A
 * SIGKILL (the crash sweep, {@code JournaledRewriteTest}'s kill points) leaves the page cache in
 * place, so only the order of the {@code fdatasync}/{@code fsync} calls against the writes tells
 * whether a journal header can reach the disk before the data it vouches for, or the folder be
 * overwritten before the commit is durable.
 */
class JournalDurabilityIT {
  @TempDir Path dir;

  private static final String SYSCALLS =
      "openat,write,pwrite64,sendfile,copy_file_range,fsync,fdatasync,ftruncate,unlink,unlinkat";

  /** One system call on a file of the test: what it does, to what, and the journal offset. */
  record Event(String kind, String file, long offset) {
    @Override
    public String toString() {
      return kind + " " + file + (offset >= 0 ? " @" + offset : "");
    }
  }

  private static final Pattern CALL =
      Pattern.compile("^\\d+ +(\\w+)\\((.*?)(?:\\) += .*| <unfinished \\.\\.\\.>)$");
  private static final Pattern FD = Pattern.compile("^-?\\d+<([^>]*)>");

  private Path mbox() throws IOException {
    Path mbox = dir.resolve("box");
    if (Files.exists(mbox)) return mbox;
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      b.append("From a@example.org Mon Jan  1 10:00:0")
          .append(i)
          .append(" 2024\nSubject: m")
          .append(i)
          .append("\n\nbody ")
          .append(i)
          .append("\n\n");
    }
    Files.writeString(mbox, b);
    return mbox;
  }

  /** The launcher run with {@code args} (BOX: the folder) under strace; its exit status. */
  private int strace(List<String> straceArgs, String... args) throws Exception {
    Path mbox = mbox();
    Path home = Files.createDirectories(dir.resolve("home"));
    List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq"));
    cmd.addAll(straceArgs);
    cmd.add(Launcher.path().toString());
    for (String a : args) cmd.add(a.replace("BOX", mbox.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("JMAIL"));
    env.put("HOME", home.toString());
    env.put("MAILRC", "/dev/null");
    env.put("JMAIL_SYSTEM_RC", "/dev/null");
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jmail under strace hangs");
    if (out.contains("ptrace") && out.contains("Operation not permitted")) {
      assumeTrue(false, "ptrace is not permitted here (strace cannot attach)");
    }
    return p.exitValue();
  }

  private List<Event> traced(String... args) throws Exception {
    Path trace = dir.resolve("trace");
    int status = strace(List.of("-y", "-o", trace.toString(), "-e", "trace=" + SYSCALLS), args);
    assertEquals(0, status, "jmail " + String.join(" ", args));
    return events(Files.readAllLines(trace), mbox());
  }

  /** The calls on the folder, its journal and their directory, in the order they were made. */
  static List<Event> events(List<String> lines, Path mbox) {
    String folder = mbox.toAbsolutePath().toString();
    String journal = MboxJournal.beside(mbox).toString();
    String parent = mbox.toAbsolutePath().getParent().toString();
    List<Event> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = CALL.matcher(line);
      if (!m.matches()) continue;
      String call = m.group(1);
      String[] a = m.group(2).split(", ");
      String target;
      long offset = -1;
      String kind;
      switch (call) {
        case "pwrite64", "write", "ftruncate" -> {
          target = fd(a[0]);
          kind = call.equals("ftruncate") ? "truncate" : "write";
          if (call.equals("pwrite64")) offset = Long.parseLong(a[a.length - 1]);
        }
        case "sendfile" -> {
          target = fd(a[0]);
          kind = "write";
        }
        case "copy_file_range" -> {
          target = a.length > 2 ? fd(a[2]) : null;
          kind = "write";
        }
        case "fsync", "fdatasync" -> {
          target = fd(a[0]);
          kind = "sync";
        }
        case "unlink" -> {
          target = a[0].replace("\"", "");
          kind = "unlink";
        }
        case "unlinkat" -> {
          target = a.length > 1 ? a[1].replace("\"", "") : null;
          kind = "unlink";
        }
        default -> {
          continue;
        }
      }
      if (target == null) continue;
      String name =
          target.equals(folder)
              ? "folder"
              : target.equals(journal) ? "journal" : target.equals(parent) ? "dir" : null;
      if (name != null) out.add(new Event(kind, name, offset));
    }
    return out;
  }

  private static String fd(String arg) {
    Matcher m = FD.matcher(arg.strip());
    return m.find() ? m.group(1) : null;
  }

  private static int first(List<Event> ev, int from, String kind, String file) {
    for (int i = from; i < ev.size(); i++) {
      if (ev.get(i).kind().equals(kind) && ev.get(i).file().equals(file)) return i;
    }
    return -1;
  }

  private static boolean isHeader(Event e) {
    return e.kind().equals("write") && e.file().equals("journal") && e.offset() == 0;
  }

  /**
   * The rules a power cut needs, checked on the calls of one rewrite: (1) the journal's data is
   * flushed before any header is written over it; (2) after each header, the journal and its
   * directory are flushed before the folder is touched; (3) the NUL bytes that reserve room in the
   * folder are flushed before the commit; (4) the folder is flushed after its last write and before
   * the journal is removed; (5) the removal is flushed (the directory).
   */
  private static void assertDurable(List<Event> ev, boolean grows) {
    String all = ev.toString();
    int firstHeader = -1;
    for (int i = 0; i < ev.size(); i++) if (isHeader(ev.get(i)) && firstHeader < 0) firstHeader = i;
    assertTrue(firstHeader > 0, "a journal header is written: " + all);
    int lastData = -1;
    for (int i = 0; i < firstHeader; i++) {
      Event e = ev.get(i);
      if (e.kind().equals("write") && e.file().equals("journal")) lastData = i;
    }
    assertTrue(lastData >= 0, "the journal's data comes before its header: " + all);
    int sync = first(ev, lastData, "sync", "journal");
    assertTrue(
        sync > lastData && sync < firstHeader,
        "the journal's data is flushed before a header says it is there: " + all);
    int headers = 0;
    for (int i = 0; i < ev.size(); i++) {
      if (!isHeader(ev.get(i))) continue;
      headers++;
      int nextFolder = -1;
      for (int k = i + 1; k < ev.size(); k++) {
        Event e = ev.get(k);
        if (e.file().equals("folder") && !e.kind().equals("sync")) {
          nextFolder = k;
          break;
        }
      }
      assertTrue(nextFolder > i, "the folder is written after header " + headers + ": " + all);
      int js = first(ev, i + 1, "sync", "journal");
      int ds = first(ev, i + 1, "sync", "dir");
      assertTrue(
          js > i && js < nextFolder && ds > i && ds < nextFolder,
          "header " + headers + " and its directory are flushed before the folder changes: " + all);
    }
    assertEquals(grows ? 2 : 1, headers, "PREPARED then COMMITTED, or COMMITTED alone: " + all);
    if (grows) {
      int reserved = -1;
      int commit = -1;
      for (int i = 0, h = 0; i < ev.size(); i++) {
        if (isHeader(ev.get(i)) && ++h == 2) commit = i;
        if (h == 1 && reserved < 0 && ev.get(i).file().equals("folder"))
          if (ev.get(i).kind().equals("write")) reserved = i;
      }
      int fs = first(ev, reserved + 1, "sync", "folder");
      assertTrue(
          reserved > 0 && fs > reserved && fs < commit,
          "the room reserved in the folder is flushed before the commit: " + all);
    }
    int unlink = first(ev, 0, "unlink", "journal");
    assertTrue(unlink > 0, "the journal is removed at the end: " + all);
    int lastFolderChange = -1;
    for (int i = 0; i < unlink; i++) {
      Event e = ev.get(i);
      if (e.file().equals("folder") && !e.kind().equals("sync")) lastFolderChange = i;
    }
    int fs = first(ev, lastFolderChange + 1, "sync", "folder");
    assertTrue(
        lastFolderChange > 0 && fs > lastFolderChange && fs < unlink,
        "the folder's new content is flushed before the journal that holds it is removed: " + all);
    assertTrue(
        first(ev, unlink + 1, "sync", "dir") > unlink,
        "the journal's removal is flushed (its directory): " + all);
  }

  private static void assumeStrace() {
    assumeTrue(ForeignAppendersIT.has("strace"), "strace is not installed");
  }

  @Test
  void an_expunge_flushes_the_journal_before_its_commit_and_the_folder_before_removing_it()
      throws Exception {
    assumeStrace();
    List<Event> ev = traced("delete", "--folder", "BOX", "1");
    assertDurable(ev, false);
    assertTrue(
        new String(Files.readAllBytes(dir.resolve("box")), StandardCharsets.US_ASCII)
            .startsWith("From a@example.org Mon Jan  1 10:00:02 2024\n"));
  }

  @Test
  void a_flag_change_that_makes_the_folder_longer_flushes_the_room_it_reserves_before_the_commit()
      throws Exception {
    assumeStrace();
    List<Event> ev = traced("flag", "--folder", "BOX", "2", "3", "flagged", "seen");
    assertDurable(ev, true);
    String box = Files.readString(dir.resolve("box"), StandardCharsets.US_ASCII);
    assertEquals(5, box.split("\nFrom ", -1).length, box);
    assertTrue(box.indexOf("X-Status: F") > 0, box);
  }

  /**
   * jmail killed (SIGKILL) at its {@code n}-th {@code fdatasync} of {@code args}, then {@code
   * list}: the recovery's calls.
   */
  private List<Event> recoveredAfterKillAt(int n, String... args) throws Exception {
    int killed =
        strace(
            List.of(
                "-o",
                "/dev/null",
                "-e",
                "trace=fdatasync",
                "-e",
                "inject=fdatasync:signal=SIGKILL:when=" + n),
            args);
    assertEquals(128 + 9, killed, "killed at fdatasync " + n);
    assertTrue(Files.exists(MboxJournal.beside(mbox())), "a journal is left to recover");
    return traced("list", "--folder", "BOX");
  }

  /** Recovery: the folder's last change flushed before the journal goes, then the removal. */
  private static void assertRecoveryDurable(List<Event> ev) {
    String all = ev.toString();
    int unlink = first(ev, 0, "unlink", "journal");
    assertTrue(unlink > 0, "the journal is removed: " + all);
    int lastFolderChange = -1;
    for (int i = 0; i < unlink; i++) {
      Event e = ev.get(i);
      if (e.file().equals("folder") && !e.kind().equals("sync")) lastFolderChange = i;
    }
    int fs = first(ev, lastFolderChange + 1, "sync", "folder");
    assertTrue(
        lastFolderChange >= 0 && fs > lastFolderChange && fs < unlink,
        "the completed or undone change is flushed before its journal is removed: " + all);
    assertTrue(
        first(ev, unlink + 1, "sync", "dir") > unlink,
        "the journal's removal is flushed (its directory): " + all);
  }

  @Test
  void completing_an_expunge_cut_short_after_its_commit_flushes_the_folder_first()
      throws Exception {
    assumeStrace();
    // fdatasync 1: the journal's data, 2: its COMMITTED header, 3: the folder (killed there)
    assertRecoveryDurable(recoveredAfterKillAt(3, "delete", "--folder", "BOX", "1"));
    String box = Files.readString(dir.resolve("box"), StandardCharsets.US_ASCII);
    assertEquals(4, box.split("\nFrom ", -1).length, box);
    assertTrue(box.startsWith("From a@example.org Mon Jan  1 10:00:02 2024\n"), box);
  }

  @Test
  void undoing_a_flag_change_cut_short_before_its_commit_flushes_the_folder_first()
      throws Exception {
    assumeStrace();
    // 1: the journal's data, 2: its PREPARED header, 3: the folder's reserved room (killed)
    assertRecoveryDurable(
        recoveredAfterKillAt(3, "flag", "--folder", "BOX", "2", "3", "flagged", "seen"));
    String box = Files.readString(dir.resolve("box"), StandardCharsets.US_ASCII);
    assertEquals(-1, box.indexOf('\0'), "the reserved NUL bytes are gone");
    assertEquals(-1, box.indexOf("X-Status"), "the change is undone, not half made");
  }

  @Test
  void the_trace_reader_sees_writes_syncs_and_removals_of_the_three_files() throws IOException {
    Path mbox = Path.of("/m/box");
    List<String> lines =
        List.of(
            "7 pwrite64(35</m/.box.jmail-journal>, \"From \"..., 69, 512) = 69",
            "7 sendfile(35</m/.box.jmail-journal>, 29</m/box>, [101] => [110], 9) = 9",
            "7 fdatasync(35</m/.box.jmail-journal>) = 0",
            "7 fsync(36</m> <unfinished ...>",
            "7 <... fsync resumed>)              = 0",
            "7 copy_file_range(35</m/.box.jmail-journal>, [512], 29</m/box>, [0], 9, 0) = 9",
            "7 ftruncate(29</m/box>, 220) = 0",
            "7 write(30</m/other>, \"x\", 1) = 1",
            "7 unlink(\"/m/.box.jmail-journal\") = 0");
    assertEquals(
        "[write journal @512, write journal, sync journal, sync dir, write folder,"
            + " truncate folder, unlink journal]",
        events(lines, mbox).toString());
  }
}
