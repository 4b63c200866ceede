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
    Env e = Env.of(new java.util.HashMap<>(env) {{ put("HOME", home.toString()); put("USER", "alice"); }});
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
    assertTrue(spool.path().equals(Path.of("/var/mail/alice")) || spool.path().equals(Path.of("/var/spool/mail/alice")));
    assertEquals(spool.path(), locator(Map.of()).resolve("%").path());
  }

  @Test
  void ampersand_is_mbox_or_home_mbox() {
    assertEquals(home.resolve("mbox"), locator(Map.of()).resolve("&").path());
    assertEquals(Path.of("/m/box"), locator(Map.of("MBOX", "/m/box")).resolve("&").path());
  }

  @Test
  void plus_names_resolve_under_the_folder_variable_relative_to_home() {
    assertEquals(home.resolve("Mail/lists"), locator(Map.of(), "folder=Mail").resolve("+lists").path());
    assertEquals(Path.of("/srv/mail/x"), locator(Map.of(), "folder=/srv/mail").resolve("+x").path());
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
    assertThrows(NoInputException.class, () -> locator(Map.of()).resolve(home.resolve("nope").toString()).open());
  }
}
