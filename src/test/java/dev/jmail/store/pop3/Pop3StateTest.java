package dev.jmail.store.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code jmail fetch} remembers between runs of which POP3 messages it already stored (the
 * UIDL state file): where it lives, who may read it, what it holds after each run, and what happens
 * when it is not one of ours. Getting it wrong fetches a message twice or never.
 */
class Pop3StateTest extends ScriptedPop3Case {
  private static FakePop3 messages(String... ids) {
    FakePop3 f = new FakePop3();
    for (String id : ids) f.message(id, "subject " + id);
    return f;
  }

  private Path state(ScriptedServer s) {
    return home.resolve("state/jmail/pop3/tester@127.0.0.1:" + s.port());
  }

  @Test
  void the_state_lists_each_stored_id_once_under_its_header_readable_only_by_the_user()
      throws Exception {
    try (ScriptedServer s = new ScriptedServer(messages("a", "b"), messages("a", "b", "c"))) {
      jmail().run(args(s)).succeeded();
      Path state = state(s);
      assertEquals(List.of("jmail-pop3-uidl 1", "a", "b"), Files.readAllLines(state));
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(state.getParent())));
      jmail().run(args(s)).succeeded();
      assertEquals(
          List.of("jmail-pop3-uidl 1", "a", "b", "c"),
          Files.readAllLines(state),
          "appended, the header once");
      assertEquals(1, count(spool(), "Subject: subject a"));
      assertEquals(1, count(spool(), "Subject: subject c"));
    }
  }

  @Test
  void a_state_file_that_is_not_ours_is_65_and_nothing_is_fetched_or_overwritten()
      throws Exception {
    try (ScriptedServer s = new ScriptedServer(messages("a"))) {
      Path state = state(s);
      Files.createDirectories(state.getParent());
      Files.writeString(state, "a\nb\n");
      Result r = jmail().run(args(s)).exits(65).errIsOneLine();
      assertTrue(r.err().contains(state + ": not a jmail POP3 state file"), r.err());
      assertEquals("a\nb\n", Files.readString(state));
      assertEquals("", spool());
      Files.writeString(state, "");
      jmail().run(args(s)).exits(65);
    }
  }

  @Test
  void blank_lines_in_the_state_are_no_ids_and_a_missing_state_fetches_everything()
      throws Exception {
    try (ScriptedServer s = new ScriptedServer(messages("a", "b"), messages("a", "b"))) {
      Path state = state(s);
      Files.createDirectories(state.getParent());
      Files.writeString(state, "jmail-pop3-uidl 1\n\na\n\n");
      jmail().run(args(s)).succeeded();
      assertEquals(0, count(spool(), "Subject: subject a"), "a was stored before");
      assertEquals(1, count(spool(), "Subject: subject b"));
      Files.delete(state);
      jmail().run(args(s)).succeeded();
      assertEquals(1, count(spool(), "Subject: subject a"), "state lost: fetched again");
      assertEquals(2, count(spool(), "Subject: subject b"));
    }
  }

  @Test
  void each_user_and_server_has_a_state_of_its_own_named_safely() throws Exception {
    Path base = home.resolve("state/jmail/pop3");
    assertEquals(
        base.resolve("a%2Fb%20c%C3%A9@Host-1.example_x:110"),
        UidlState.fileFor(envWithState(home.resolve("state")), "a/b cé", "Host-1.example_x", 110));
    assertEquals(
        home.resolve(".local/state/jmail/pop3/u@h:995"),
        UidlState.fileFor(envWithState(Path.of("relative/dir")), "u", "h", 995),
        "a relative XDG_STATE_HOME is ignored, as the XDG specification says");
    assertEquals(
        home.resolve(".local/state/jmail/pop3/u@h:995"),
        UidlState.fileFor(envWithState(null), "u", "h", 995));
    assertEquals("AZaz09@.:_-%7E%25", UidlState.safe("AZaz09@.:_-~%"));
  }

  private dev.jmail.config.Env envWithState(Path state) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    m.put("HOME", home.toString());
    if (state != null) m.put("XDG_STATE_HOME", state.toString());
    return dev.jmail.config.Env.of(m);
  }

  @Test
  void ids_gone_from_the_server_are_dropped_by_replacing_the_state_whole() throws Exception {
    try (ScriptedServer s = new ScriptedServer(messages("a", "b", "c"), messages("b"))) {
      jmail().run(args(s)).succeeded();
      Path state = state(s);
      Files.writeString(state.resolveSibling(state.getFileName() + ".new"), "left by a crash\n");
      jmail().run(args(s)).succeeded();
      assertEquals(List.of("jmail-pop3-uidl 1", "b"), Files.readAllLines(state));
      assertFalse(Files.exists(state.resolveSibling(state.getFileName() + ".new")));
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    }
  }
}
