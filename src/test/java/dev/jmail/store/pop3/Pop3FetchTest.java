package dev.jmail.store.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.BobsMailbox;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code jmail fetch} against GreenMail's POP3 and POP3S on 127.0.0.1, and scripted failures. */
class Pop3FetchTest {
  static final Path TLS = LoopbackGreenMail.TLS;

  @RegisterExtension
  static final BobsMailbox mail =
      BobsMailbox.serving(ServerSetup.PROTOCOL_POP3, ServerSetup.PROTOCOL_POP3S);

  @TempDir Path home;

  private InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_STATE_HOME", home.resolve("state").toString());
  }

  private String pop3s() {
    return "pop3s://bob@localhost:" + mail.server().getPop3s().getPort();
  }

  private String[] args(String... rest) {
    String[] base = {
      "fetch",
      "-S",
      "password-bob@localhost=open sesame",
      "-S",
      "tls-ca-file=" + TLS.resolve("localhost.pem")
    };
    String[] all = new String[base.length + rest.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(rest, 0, all, base.length, rest.length);
    return all;
  }

  static void deliver(String subject, String body) throws Exception {
    mail.deliver(subject, body);
  }

  private String spool() throws Exception {
    return Spool.text(home);
  }

  private static int count(String text, String what) {
    return Spool.count(text, what);
  }

  @Test
  void new_messages_are_fetched_once_each_into_the_system_mailbox() throws Exception {
    deliver("one", "first\r\n.dot line\r\nFrom here\r\n");
    deliver("two", "second\r\n");
    jmail().run(args(pop3s())).succeeded().errEquals("");
    String mbox = spool();
    assertEquals(2, count(mbox, "\nSubject: "), mbox);
    assertTrue(mbox.contains("\n.dot line\n"), "dot-unstuffed, LF line ends: " + mbox);
    assertTrue(mbox.contains("\n>From here\n"), "mboxrd-quoted in the mbox");

    jmail().run(args(pop3s())).succeeded();
    assertEquals(2, count(spool(), "\nSubject: "), "nothing fetched twice");
    deliver("three", "third\r\n");
    jmail().run(args(pop3s())).succeeded();
    assertEquals(3, count(spool(), "\nSubject: "));
    assertEquals(
        3,
        mail.server().getReceivedMessagesForDomain("example.org").length,
        "kept on the server by default");

    Path state =
        home.resolve("state/jmail/pop3/bob@localhost:" + mail.server().getPop3s().getPort());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(state.getParent())));
  }

  @Test
  void delete_removes_from_the_server_what_was_stored() throws Exception {
    deliver("one", "first\r\n");
    deliver("two", "second\r\n");
    jmail().run(args(pop3s(), "--delete")).succeeded();
    assertEquals(2, count(spool(), "\nSubject: "));
    assertEquals(0, mail.server().getReceivedMessagesForDomain("example.org").length);
  }

  @Test
  void a_maildir_target_gets_each_message_in_new() throws Exception {
    deliver("one", "first\r\n");
    Path md = home.resolve("Maildir");
    Files.createDirectories(md.resolve("new"));
    Files.createDirectories(md.resolve("cur"));
    jmail().run(args(pop3s(), "-f", md.toString())).succeeded();
    try (var files = Files.list(md.resolve("new"))) {
      List<Path> got = files.toList();
      assertEquals(1, got.size());
      assertTrue(Files.readString(got.get(0)).contains("Subject: one\n"));
    }
    jmail().run("list", "-f", md.toString()).succeeded().outContains("one");
  }

  @Test
  void a_wrong_password_exits_77_and_stores_nothing() throws Exception {
    deliver("one", "first\r\n");
    Result r =
        jmail()
            .run(
                "fetch",
                "-S",
                "password=wrong",
                "-S",
                "tls-ca-file=" + TLS.resolve("localhost.pem"),
                pop3s())
            .exits(77)
            .errIsOneLine();
    assertTrue(r.err().contains("authentication failed for bob"), r.err());
    assertEquals("", spool());
  }

  @Test
  void a_certificate_that_does_not_verify_exits_69() throws Exception {
    jmail()
        .run("fetch", "-S", "password=x", "-S", "tls-ca-file=" + TLS.resolve("other.pem"), pop3s())
        .exits(69)
        .errContains("TLS failed");
  }

  @Test
  void plain_pop3_without_stls_is_refused_unless_allowed() throws Exception {
    deliver("one", "first\r\n");
    String url = "pop3://bob@127.0.0.1:" + mail.server().getPop3().getPort();
    jmail().run(args(url)).exits(69).errContains("does not offer STLS");
    assertEquals("", spool());
    jmail()
        .run(args("-S", "net-allow-plaintext", "-S", "password-bob@127.0.0.1=open sesame", url))
        .succeeded();
    assertEquals(1, count(spool(), "\nSubject: "));
  }

  @Test
  void the_verbose_dialogue_masks_the_password() throws Exception {
    deliver("one", "first\r\n");
    Result r = jmail().run(args("-v", pop3s())).succeeded();
    assertTrue(r.err().contains("C: RETR 1"), r.err());
    assertFalse(r.err().contains("open sesame"), r.err());
    assertTrue(r.err().contains("********"), r.err());
  }

  @Test
  void a_user_name_with_an_encoded_at_sign_logs_in_as_that_user() throws Exception {
    GreenMailUser carol = mail.server().setUser("carol@example.org", "carol@example.org", "pw123");
    BobsMailbox.deliverRaw(carol, "Subject: for carol\r\n\r\nhi\r\n");
    jmail()
        .run(
            "fetch",
            "-S",
            "password=pw123",
            "-S",
            "tls-ca-file=" + TLS.resolve("localhost.pem"),
            "pop3s://carol%40example.org@localhost:" + mail.server().getPop3s().getPort())
        .succeeded();
    assertTrue(spool().contains("Subject: for carol"));
  }

  @Test
  void a_connection_dropped_mid_retr_exits_75_and_keeps_the_whole_messages() throws Exception {
    try (ScriptedPop3 server = new ScriptedPop3(3, false, 3, 0)) {
      Result r =
          jmail()
              .run("fetch", "-S", "password=x", "-S", "net-allow-plaintext", server.url())
              .exits(75)
              .errIsOneLine();
      assertTrue(r.err().contains("closed the connection"), r.err());
      String mbox = spool();
      assertEquals(
          2, count(mbox, "\nSubject: "), "messages 1 and 2 stored, not the cut one: " + mbox);
      assertFalse(mbox.contains("cut"));
      server.retrs.clear();
      jmail()
          .run("fetch", "-S", "password=x", "-S", "net-allow-plaintext", server.url())
          .succeeded();
      assertEquals(3, count(spool(), "\nSubject: "), "only message 3 fetched the second time");
      assertEquals(List.of("RETR 3"), server.retrs());
    }
  }

  @Test
  void a_server_that_stops_answering_times_out_with_75() throws Exception {
    try (ScriptedPop3 server = new ScriptedPop3(1, true, 0)) {
      jmail()
          .run(
              "fetch",
              "-S",
              "password=x",
              "-S",
              "net-allow-plaintext",
              "-S",
              "net-timeout=1",
              server.url())
          .exits(75)
          .errContains("no answer from the server in 1 s");
    }
  }

  /**
   * A POP3 server on 127.0.0.1 with {@code n} messages (UIDL uid-N) that cuts a connection in the
   * middle of message {@code cutAt} (0: never), or never answers after the greeting.
   */
  static final class ScriptedPop3 implements AutoCloseable {
    final ServerSocket socket;
    final Thread thread;
    final List<String> retrs = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One connection per entry of {@code cutAt}, one after the other. */
    ScriptedPop3(int n, boolean silent, int... cutAt) throws Exception {
      socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                for (int c : cutAt) serve(n, c, silent);
              });
      thread.setDaemon(true);
      thread.start();
    }

    List<String> retrs() {
      return List.copyOf(retrs);
    }

    String url() {
      return "pop3://tester@127.0.0.1:" + socket.getLocalPort();
    }

    private void serve(int n, int cutAt, boolean silent) {
      try (Socket s = socket.accept()) {
        OutputStream out = s.getOutputStream();
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        out.write("+OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Pattern retr = Pattern.compile("RETR (\\d+)");
        for (String line; (line = in.readLine()) != null; ) {
          if (silent) continue;
          StringBuilder a = new StringBuilder();
          Matcher m = retr.matcher(line);
          if (line.equals("CAPA")) a.append("-ERR no\r\n");
          else if (line.startsWith("USER") || line.startsWith("PASS")) a.append("+OK\r\n");
          else if (line.equals("UIDL") || line.equals("LIST")) {
            a.append("+OK\r\n");
            for (int i = 1; i <= n; i++)
              a.append(i).append(line.equals("UIDL") ? " uid-" + i : " 40").append("\r\n");
            a.append(".\r\n");
          } else if (m.matches()) {
            int k = Integer.parseInt(m.group(1));
            retrs.add(line);
            if (k == cutAt) {
              out.write(
                  ("+OK\r\nSubject: cut " + k + "\r\n\r\nhalf")
                      .getBytes(StandardCharsets.US_ASCII));
              out.flush();
              return;
            }
            a.append("+OK\r\nSubject: message ")
                .append(k)
                .append("\r\n\r\nbody ")
                .append(k)
                .append("\r\n.\r\n");
          } else if (line.equals("QUIT")) {
            out.write("+OK bye\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
          } else a.append("-ERR unknown\r\n");
          out.write(a.toString().getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (Exception e) {
        // the test ends the server
      }
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(10_000);
    }
  }
}
