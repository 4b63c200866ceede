package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.testing.Bounds;
import dev.jmail.testing.ExternalTools;
import dev.jmail.testing.Launcher;
import dev.jmail.testing.PrivateDovecot;
import dev.jmail.testing.Result;
import dev.jmail.testing.Tmux;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * jmail, mutt, s-nail and Python's {@code imaplib} on one folder of a private Dovecot ({@link
 * PrivateDovecot}, via {@link DovecotCase}): what one of them flags, moves and deletes is what the
 * others then see. s-nail runs in batch mode ({@code -#}, commands on stdin, its header lines as
 * output), mutt in a tmux terminal ({@code push} for what it does, its index screen for what it
 * sees). Each test is skipped, with the reason, where a tool it needs is missing.
 */
class DovecotInteropIT extends DovecotCase {

  /** jmail options: bob's password, the certificate, and {@code folder} on the server. */
  private static String[] opts(String... rest) {
    List<String> all = new ArrayList<>(List.of(dovecot.jmailOptions(rest)));
    all.addAll(List.of("-S", "folder=" + dovecot.imaps("")));
    return all.toArray(new String[0]);
  }

  private static void appendAll(String... subjects) throws Exception {
    StringBuilder code = new StringBuilder();
    for (String s : subjects) code.append(PrivateDovecot.append("INBOX", s, s + " body\\r\\n"));
    dovecot.python(code.toString());
  }

  /** Each message of a mailbox as "subject flags" (flags sorted, keywords such as Old left out). */
  private static List<String> onServer(String mailbox) throws Exception {
    String out =
        dovecot.python(
            "n = int(M.select('"
                + mailbox
                + "')[1][0])\n"
                + "for i in range(1, n + 1):\n"
                + "  d = M.fetch(str(i), '(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])')[1][0]\n"
                + "  fl = d[0].decode().split('FLAGS (')[1].split(')')[0].split()\n"
                + "  s = d[1].decode().split(':', 1)[1].strip()\n"
                + "  print(s, ' '.join(sorted(f for f in fl if f.startswith('\\\\'))).strip())\n");
    return out.lines().map(String::strip).toList();
  }

  // --- s-nail

  /** s-nail in batch mode on {@code folder}: its output, one "attribute|subject" line a message. */
  private String snail(String folder, String commands) throws Exception {
    assumeTrue(ExternalTools.installed("s-nail"), "s-nail is not installed");
    ProcessBuilder pb =
        new ProcessBuilder(
                "s-nail",
                "-#",
                "-n",
                "-Sv15-compat",
                "-S",
                "tls-ca-file=" + dovecot.cert(),
                "-S",
                "imap-use-starttls",
                "-S",
                "password=" + PrivateDovecot.PASSWORD,
                "-S",
                "folder=imap://bob@localhost:" + dovecot.imapPort(),
                "-S",
                "headline=%a|%s",
                "-f",
                folder)
            .redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("MAILRC", "/dev/null");
    Process p = pb.start();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            Launcher.OWN_THREAD);
    try (OutputStream in = p.getOutputStream()) {
      in.write(commands.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(Bounds.seconds(30), TimeUnit.SECONDS), "s-nail did not finish");
    String o = out.get();
    assertEquals(0, p.exitValue(), o);
    return o;
  }

  /** s-nail's header lines as "attribute subject". */
  private static List<String> snailHeaders(String out) {
    return out.lines()
        .filter(l -> l.contains("|"))
        .map(l -> l.substring(0, l.indexOf('|')).strip() + " " + l.split("\\|", 2)[1].strip())
        .map(String::strip)
        .toList();
  }

  // --- mutt

  private Tmux mutt(String folder, String push) throws Exception {
    assumeTrue(ExternalTools.installed("mutt"), "mutt is not installed");
    assumeTrue(Tmux.available(), "tmux is not installed");
    Path rc = home.resolve("muttrc");
    Files.writeString(
        rc,
        String.join(
            "\n",
            "set imap_user=bob",
            "set imap_pass=\"" + PrivateDovecot.PASSWORD + "\"",
            "set ssl_starttls=yes",
            "set ssl_force_tls=yes",
            "set ssl_ca_certificates_file=" + dovecot.cert(),
            "set header_cache=\"\"",
            "set quit=yes",
            "set move=no",
            "set delete=yes",
            "set confirmappend=no",
            "set confirmcreate=no",
            "set sort=date-sent",
            "set index_format=\"<%Z> %s\"",
            "set folder=imap://bob@localhost:" + dovecot.imapPort() + "/",
            ""));
    Path script = home.resolve("mutt.sh");
    Files.writeString(
        script,
        "#!/bin/sh\nHOME='"
            + home
            + "' mutt -n -F '"
            + rc
            + "' -f '"
            + folder
            + "'"
            + (push == null ? "" : " -e 'push \"" + push + "\"'")
            + "\necho MUTT-EXIT-$?\nsleep 60\n");
    script.toFile().setExecutable(true);
    return new Tmux().start(100, 20, script.toString());
  }

  // --- the tests

  @Test
  void what_jmail_reads_flags_moves_and_deletes_is_what_mutt_and_snail_then_see() throws Exception {
    appendAll("one", "two", "three", "four", "five");
    String inbox = dovecot.imaps("");
    jmail().run(opts("read", "-f", inbox, "1")).succeeded();
    jmail().run(opts("flag", "-f", inbox, "2", "flagged")).succeeded();
    jmail().run(opts("move", "-f", inbox, "3", "+Archive")).succeeded();
    jmail().run(opts("delete", "-f", inbox, "3")).succeeded(); // "four", now the third
    assertEquals(List.of("one \\Seen", "two \\Flagged", "five"), onServer("INBOX"));

    // s-nail: read (O), flagged (F), unread (U: jmail's sessions took \Recent); Archive
    List<String> s = snailHeaders(snail("imap://bob@localhost:" + dovecot.imapPort(), "headers\n"));
    assertEquals(List.of("O one", "F two", "U five"), s);
    List<String> archive =
        snailHeaders(snail("imap://bob@localhost:" + dovecot.imapPort() + "/Archive", "headers\n"));
    assertEquals(1, archive.size(), archive.toString());
    assertTrue(archive.get(0).endsWith("three"), archive.toString());

    // mutt: the same three in INBOX (! flagged; N: unseen), "three" in =Archive
    try (Tmux t = mutt("imap://bob@localhost:" + dovecot.imapPort() + "/INBOX", null)) {
      String screen = t.waitFor(sc -> sc.contains("---Mutt: =INBOX"), "mutt's INBOX index");
      List<String> index = screen.lines().filter(l -> l.startsWith("<")).toList();
      assertEquals(3, index.size(), screen);
      assertTrue(index.get(0).matches("<\\s*> one\\s*"), screen);
      assertTrue(index.get(1).matches("<[ON ]*!> two\\s*"), screen);
      assertTrue(index.get(2).matches("<[ON]\\s*> five\\s*"), screen);
      t.keys("c", "=Archive", "Enter");
      screen = t.waitFor(sc -> sc.contains("---Mutt: =Archive"), "mutt's Archive index");
      assertTrue(screen.contains("> three"), screen);
      assertFalse(screen.contains("> four"), screen);
    }
  }

  @Test
  void what_snail_and_mutt_flag_move_and_delete_is_what_jmail_then_lists_from_its_resynced_cache()
      throws Exception {
    appendAll("one", "two", "three", "four", "five", "six");
    String inbox = dovecot.imaps("");
    jmail().run(opts("list", "-f", inbox)).succeeded().outContains("six");

    snail(
        "imap://bob@localhost:" + dovecot.imapPort(), "flag 1\nmove 2 +Archive\ndelete 3\nquit\n");
    String push =
        "<tag-pattern>~s four<enter><tag-prefix><toggle-new>"
            + "<delete-pattern>~s five<enter><quit>";
    try (Tmux t = mutt("imap://bob@localhost:" + dovecot.imapPort() + "/INBOX", push)) {
      t.waitFor(sc -> sc.contains("MUTT-EXIT-0"), "mutt to finish");
    }
    assertEquals(List.of("one \\Flagged", "four \\Seen", "six"), onServer("INBOX"));

    Result r = jmail().run(opts("list", "-v", "--json", "-f", inbox)).succeeded();
    assertTrue(r.err().contains("(QRESYNC ("), "flags resynchronised in the SELECT: " + r.err());
    assertTrue(r.err().contains("VANISHED (EARLIER)"), "expunges too: " + r.err());
    assertFalse(r.err().contains("BODY.PEEK[HEADER.FIELDS"), "no header refetched: " + r.err());
    List<String> listed = new ArrayList<>();
    for (String obj : r.out().split("\\},?\\s*\\{")) {
      String subject = obj.replaceAll("(?s).*\"subject\":\\s*\"([^\"]*)\".*", "$1");
      String flags = obj.replaceAll("(?s).*\"flags\":\\s*\\[([^\\]]*)\\].*", "$1");
      listed.add(subject + " " + flags.replace("\"", "").replace(" ", ""));
    }
    assertEquals(List.of("one flagged", "four seen", "six "), stripNew(listed), r.out());
    jmail().run(opts("list", "-f", "+Archive")).succeeded().outContains("two");
  }

  /** "unread"/"new" are how the messages nobody read are shown: compared as no flag. */
  private static List<String> stripNew(List<String> listed) {
    return listed.stream().map(l -> l.replaceAll(",?\\b(new|unread)\\b,?", "")).toList();
  }

  @Test
  void a_second_client_expunging_and_flagging_during_a_session_deletes_nothing_the_user_did_not()
      throws Exception {
    appendAll("one", "two", "three", "four");
    Process p =
        new Launcher(home)
            .env("XDG_CACHE_HOME", home.resolve("cache").toString())
            .env("XDG_STATE_HOME", home.resolve("state").toString())
            .start(dovecot.jmailOptions("-f", dovecot.imaps("")));
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.getErrorStream().readAllBytes();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            Launcher.OWN_THREAD);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.endsWith(" four")) break; // the session has the folder open
    }
    assertTrue(seen.toString().contains("four"), seen.toString());

    // meanwhile: "two" expunged, "three" flagged and "four" marked \Deleted by another client
    dovecot.python(
        "M.select('INBOX')\nM.store(b'2', '+FLAGS', '\\\\Deleted')\nM.expunge()\n"
            + "M.store(b'2', '+FLAGS', '\\\\Flagged')\nM.store(b'3', '+FLAGS', '\\\\Deleted')\n");

    try (OutputStream in = p.getOutputStream()) {
      in.write("print 2\ndelete 1\nquit\n".getBytes(StandardCharsets.UTF_8));
    }
    String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(Bounds.seconds(60), TimeUnit.SECONDS), "jmail did not finish");
    String e = new String(err.get(), StandardCharsets.UTF_8);
    assertTrue(e.contains("message 2 (UID ") && e.contains("is gone from the server"), e);
    assertTrue(e.contains("1 message was removed by another client meanwhile"), e);
    assertTrue(rest.contains("1 message deleted, 2 kept"), rest);
    assertEquals(
        List.of("three \\Flagged", "four \\Deleted"),
        onServer("INBOX"),
        "only what jmail's user deleted is expunged; the other client's flags stay");
  }

  @Test
  void a_folder_copied_mbox_to_imap_to_maildir_is_byte_exact_with_flags_and_dates()
      throws Exception {
    Path mbox = home.resolve("orig.mbox");
    Files.write(
        mbox,
        String.join(
                "\n",
                "From alice@example.org Thu Jan  4 09:05:02 2024",
                "From: Alice <alice@example.org>",
                "Subject: read and flagged",
                "Date: Thu, 4 Jan 2024 09:05:02 +0000",
                "Message-ID: <a1@example.org>",
                "Status: RO",
                "X-Status: F",
                "",
                "Hello,",
                ">From the quoted line",
                "  trailing spaces   ",
                "\ttab",
                "",
                "From carol@example.org Sat Feb 10 17:30:00 2018",
                "From: carol@example.org",
                "Subject: =?UTF-8?B?w6lsw6k=?= answered",
                "Message-ID: <a2@example.org>",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "Status: O",
                "X-Status: A",
                "",
                "café body",
                ">>From twice quoted",
                "",
                "From dave@example.org Mon Mar  1 00:00:01 2021",
                "From: dave@example.org",
                "Subject: new one",
                "Message-ID: <a3@example.org>",
                "",
                "no status at all",
                "")
            .getBytes(StandardCharsets.UTF_8));
    Path maildir = home.resolve("copy");
    jmail().run(opts("save", "-f", mbox.toString(), "*", dovecot.imaps("Imported"))).succeeded();
    jmail()
        .run(opts("save", "-f", dovecot.imaps("Imported"), "*", "maildir:" + maildir))
        .succeeded();
    assumeTrue(ExternalTools.installed("python3"), "python3 is not installed");
    String script =
        String.join(
            "\n",
            "import mailbox, re, sys, time",
            "a = list(mailbox.mbox(sys.argv[1]))",
            "m = mailbox.Maildir(sys.argv[2], factory=None)",
            "b = sorted((m.get_message(k) for k in m.keys()), key=lambda x: x['Message-ID'])",
            "assert len(a) == len(b) == 3, (len(a), len(b))",
            "for x, y in zip(a, b):",
            "  # the mbox is read as mboxrd: one '>' of a quoted From_ line is the quoting",
            "  want = re.sub(rb'(?m)^>(>*From )', rb'\\1', x.as_bytes())",
            "  assert want == y.as_bytes(), (want, y.as_bytes())",
            "  from_date = x.get_from().split(' ', 1)[1]",
            "  got = time.strftime('%a %b %e %H:%M:%S %Y', time.localtime(y.get_date()))",
            "  assert from_date == got, (from_date, got)",
            "  print(x['Message-ID'], x.get_flags(), y.get_flags(), y.get_subdir())",
            "");
    Path py = home.resolve("compare.py");
    Files.writeString(py, script);
    Process p =
        new ProcessBuilder("python3", py.toString(), mbox.toString(), maildir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(Bounds.seconds(30), TimeUnit.SECONDS), "python did not finish");
    assertEquals(0, p.exitValue(), out);
    // flags where Maildir can keep them: seen+flagged, answered (old, unseen: cur/), new: new/
    assertEquals(
        List.of(
            "<a1@example.org> ROF FS cur", "<a2@example.org> OA R cur", "<a3@example.org>   new"),
        out.lines().toList(),
        out);
  }
}
