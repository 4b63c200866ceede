package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.config.Env;
import dev.jmail.config.Settings;
import dev.jmail.error.NoInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLocatorTest {
  @TempDir Path home;

  private FolderLocator locator(Map<String, String> env, String... sets) {
    Env e =
        Env.of(
            new java.util.HashMap<>(env) {
              {
                put("HOME", home.toString());
                put("USER", "alice");
              }
            });
    Settings s = new Settings(e);
    for (String kv : sets) {
      String[] p = kv.split("=", 2);
      s.set(p[0], p[1]);
    }
    return new FolderLocator(e, s);
  }

  @Test
  void the_default_folder_is_mail_or_the_users_spool() {
    assertEquals(Path.of("/x/inbox"), locator(Map.of("MAIL", "/x/inbox")).resolve(null).path());
    FolderLocator.Ref spool = locator(Map.of()).resolve(null);
    assertTrue(spool.systemMailbox());
    assertTrue(
        spool.path().equals(Path.of("/var/mail/alice"))
            || spool.path().equals(Path.of("/var/spool/mail/alice")));
    assertEquals(spool.path(), locator(Map.of()).resolve("%").path());
  }

  @Test
  void ampersand_is_mbox_or_home_mbox() {
    assertEquals(home.resolve("mbox"), locator(Map.of()).resolve("&").path());
    assertEquals(Path.of("/m/box"), locator(Map.of("MBOX", "/m/box")).resolve("&").path());
  }

  @Test
  void plus_names_resolve_under_the_folder_variable_relative_to_home() {
    assertEquals(
        home.resolve("Mail/lists"), locator(Map.of(), "folder=Mail").resolve("+lists").path());
    assertEquals(
        Path.of("/srv/mail/x"), locator(Map.of(), "folder=/srv/mail").resolve("+x").path());
    assertEquals(home.resolve("x"), locator(Map.of()).resolve("~/x").path());
  }

  @Test
  void type_prefixes_force_the_type_and_directories_are_detected() throws IOException {
    Path md = home.resolve("Maildir");
    Files.createDirectories(md.resolve("cur"));
    Files.createDirectories(md.resolve("new"));
    assertEquals(FolderType.MAILDIR, locator(Map.of()).resolve(md.toString()).type());
    assertEquals(FolderType.MAILDIR, locator(Map.of()).resolve("maildir:" + md).type());
    Path f = Files.writeString(home.resolve("f"), "");
    assertEquals(FolderType.MBOX, locator(Map.of()).resolve(f.toString()).type());
    assertEquals(FolderType.MBOX, locator(Map.of()).resolve("mbox:" + f).type());
  }

  @Test
  void a_missing_named_folder_is_no_input() {
    assertThrows(
        NoInputException.class,
        () -> locator(Map.of()).resolve(home.resolve("nope").toString()).open());
  }

  @Test
  void every_form_of_a_folder_or_file_name_resolves_by_one_table() throws IOException {
    Path md = home.resolve("Maildir");
    Files.createDirectories(md.resolve("cur"));
    Path cd = Files.createDirectories(home.resolve("cd"));
    FolderLocator l =
        locator(Map.of("MAIL", "/spool/alice", "MBOX", "~/read"), "folder=Mail").in(cd);
    String spool = l.systemMailboxPath("bob").toString();
    // name, path, type, system mailbox
    Object[][] table = {
      {null, "/spool/alice", FolderType.MBOX, true},
      {"%", "/spool/alice", FolderType.MBOX, true},
      {"%bob", spool, FolderType.MBOX, true},
      {"&", home + "/read", FolderType.MBOX, false},
      {"+lists", home + "/Mail/lists", FolderType.MBOX, false},
      {"~", home.toString(), FolderType.MBOX, false},
      {"~/Maildir", md.toString(), FolderType.MAILDIR, false},
      {"mbox:~/Maildir", md.toString(), FolderType.MBOX, false},
      {"maildir:+Sent", home + "/Mail/Sent", FolderType.MAILDIR, false},
      {"maildir:~/Sent", home + "/Sent", FolderType.MAILDIR, false},
      {"mbox:%", "/spool/alice", FolderType.MBOX, true},
      {"relative/box", cd + "/relative/box", FolderType.MBOX, false},
      {"mbox:relative", cd + "/relative", FolderType.MBOX, false},
      {"/abs/box", "/abs/box", FolderType.MBOX, false},
    };
    for (Object[] row : table) {
      FolderLocator.Ref ref = l.resolve((String) row[0]);
      String what = String.valueOf(row[0]);
      assertEquals(Path.of((String) row[1]), ref.path(), what);
      assertEquals(row[2], ref.type(), what);
      assertEquals(row[3], ref.systemMailbox(), what);
    }
    // plain file names: the same forms, no type prefixes
    assertEquals(home.resolve("Mail/x.txt"), l.file("+x.txt"));
    assertEquals(home.resolve("x.txt"), l.file("~/x.txt"));
    assertEquals(cd.resolve("x.txt"), l.file("x.txt"));
    assertEquals(
        Path.of("x.txt"),
        locator(Map.of()).file("x.txt"),
        "without a session: the process's directory");
  }

  @Test
  void imap_urls_are_imap_folders_pop3_urls_are_refused_and_neither_is_read_as_a_path() {
    for (String url : new String[] {"imap://mail.example.com/INBOX", "IMAPS://h/x"}) {
      FolderLocator.Ref ref = locator(Map.of()).resolve(url);
      assertEquals(FolderType.IMAP, ref.type(), url);
      assertTrue(ref.store() instanceof dev.jmail.store.imap.ImapStore, url);
      assertThrows(dev.jmail.error.UsageException.class, () -> locator(Map.of()).file(url), url);
    }
    for (String url : new String[] {"pop3://h", "pop3s://u@h"}) {
      var e =
          assertThrows(
              dev.jmail.error.UsageException.class, () -> locator(Map.of()).resolve(url), url);
      assertTrue(e.getMessage().contains("jmail fetch"), e.getMessage());
      assertEquals(64, e.status().code());
      assertThrows(dev.jmail.error.UsageException.class, () -> locator(Map.of()).file(url), url);
    }
    assertEquals(
        FolderType.IMAP,
        locator(Map.of(), "folder=imaps://bob@h").resolve("+Lists/dev").type(),
        "+name");
    assertEquals(
        FolderType.IMAP,
        locator(Map.of(), "inbox=imaps://bob@h").resolve(null).type(),
        "a remote inbox");
    assertEquals(
        FolderType.IMAP,
        locator(Map.of("MAIL", "imaps://bob@h/INBOX")).resolve(null).type(),
        "a remote $MAIL");
    assertEquals(
        FolderType.MBOX,
        locator(Map.of("MAIL", "imaps://bob@h/INBOX"), "inbox=/x/in").resolve(null).type(),
        "the inbox variable first");
  }

  @Test
  void the_store_is_chosen_once_by_the_kind_of_folder() throws IOException {
    Path md = home.resolve("Maildir");
    Files.createDirectories(md.resolve("new"));
    assertTrue(
        locator(Map.of()).resolve(md.toString()).store()
            instanceof dev.jmail.store.maildir.MaildirStore);
    assertTrue(
        locator(Map.of()).resolve("~/box").store() instanceof dev.jmail.store.mbox.MboxStore);
  }
}
