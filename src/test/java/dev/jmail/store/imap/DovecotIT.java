package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jmail.testing.Bounds;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jmail against a real Dovecot: a private instance (its own config, base_dir and log under {@code
 * target/dovecot-it}, loopback ports, a passwd-file user, Maildir storage there too), never the
 * system's. Python's {@code imaplib} is the second client changing the folder meanwhile. Skipped,
 * with the reason, where Dovecot, openssl or python3 is missing or when not root (Dovecot drops the
 * mail processes to {@code nobody}).
 */
class DovecotIT {
  static Path dir;
  static Path cert;
  static int imapPort;
  static int imapsPort;
  static int pop3Port;
  static String why;

  @TempDir Path home;

  @BeforeAll
  static void startDovecot() throws Exception {
    why = missing();
    if (why != null) return;
    dir = Path.of("target/dovecot-it").toAbsolutePath();
    if (Files.exists(dir)) stop();
    deleteTree(dir);
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("state"));
    Files.createDirectories(dir.resolve("log"));
    Files.createDirectories(dir.resolve("mail"));
    cert = dir.resolve("cert.pem");
    run(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "3650",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            dir.resolve("key.pem").toString(),
            "-out",
            cert.toString()));
    Files.writeString(dir.resolve("passwd"), "bob:{PLAIN}dove secret\n");
    imapPort = freePort();
    imapsPort = freePort();
    pop3Port = freePort();
    String nobody = idOf("-u");
    String nogroup = idOf("-g");
    Files.writeString(
        dir.resolve("dovecot.conf"),
        String.join(
            "\n",
            "instance_name = jmail-it-" + ProcessHandle.current().pid(),
            "base_dir = " + dir.resolve("run"),
            "state_dir = " + dir.resolve("state"),
            "log_path = " + dir.resolve("log/dovecot.log"),
            "info_log_path = " + dir.resolve("log/dovecot.log"),
            "protocols = imap pop3",
            "listen = 127.0.0.1",
            "ssl = yes",
            "ssl_cert = <" + cert,
            "ssl_key = <" + dir.resolve("key.pem"),
            Files.exists(Path.of("/usr/share/dovecot/dh.pem"))
                ? "ssl_dh = </usr/share/dovecot/dh.pem"
                : "",
            "disable_plaintext_auth = yes",
            "auth_mechanisms = plain login",
            "passdb {",
            "  driver = passwd-file",
            "  args = scheme=PLAIN username_format=%u " + dir.resolve("passwd"),
            "}",
            "userdb {",
            "  driver = static",
            "  args = uid=" + nobody + " gid=" + nogroup + " home=" + dir.resolve("mail/%u"),
            "}",
            "first_valid_uid = " + nobody,
            "first_valid_gid = " + nogroup,
            "mail_location = maildir:" + dir.resolve("mail/%u/Maildir"),
            "mail_plugins = $mail_plugins",
            "service imap-login {",
            "  inet_listener imap {",
            "    address = 127.0.0.1",
            "    port = " + imapPort,
            "  }",
            "  inet_listener imaps {",
            "    address = 127.0.0.1",
            "    port = " + imapsPort,
            "    ssl = yes",
            "  }",
            "}",
            "service pop3-login {",
            "  inet_listener pop3 {",
            "    address = 127.0.0.1",
            "    port = " + pop3Port,
            "  }",
            "  inet_listener pop3s {",
            "    port = 0",
            "  }",
            "}",
            ""));
    run(List.of("chown", "-R", nobody + ":" + nogroup, dir.resolve("mail").toString()));
    run(List.of("chmod", "o+x", dir.toString(), dir.getParent().toString()));
    // its daemons keep stdout open: to a file, not a pipe we would wait on
    Process d =
        new ProcessBuilder("/usr/sbin/dovecot", "-c", dir.resolve("dovecot.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log/start.log").toFile())
            .start();
    if (!d.waitFor(Bounds.seconds(60), TimeUnit.SECONDS) || d.exitValue() != 0) {
      throw new IllegalStateException(
          "dovecot did not start: " + Files.readString(dir.resolve("log/start.log")) + log());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Bounds.seconds(20));
    while (!listening(imapPort) || !listening(pop3Port)) {
      if (System.nanoTime() > deadline)
        throw new IllegalStateException("Dovecot did not start: " + log());
      java.util.concurrent.locks.LockSupport.parkNanos(
          20_000_000); // polling a port: no event to wait on
    }
  }

  @AfterAll
  static void stopDovecot() throws Exception {
    if (why == null) stop();
  }

  private static void stop() throws Exception {
    Path conf = dir.resolve("dovecot.conf");
    if (Files.exists(conf)) {
      new ProcessBuilder("/usr/sbin/dovecot", "-c", conf.toString(), "stop")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(Bounds.seconds(20), TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void emptyMailbox() throws Exception {
    assumeTrue(why == null, why);
    python(
        "for n in [b'INBOX']:\n  M.select(n)\n  M.store(b'1:*', '+FLAGS', '\\\\Deleted') if int(M.select(n)[1][0]) else None\n  M.expunge()\n");
  }

  private static String missing() {
    if (!Files.isExecutable(Path.of("/usr/sbin/dovecot")))
      return "/usr/sbin/dovecot missing (apt-get install dovecot-imapd dovecot-pop3d)";
    if (!onPath("openssl")) return "openssl missing";
    if (!onPath("python3")) return "python3 missing";
    if (!"root".equals(System.getProperty("user.name")))
      return "needs root: Dovecot drops its mail processes to nobody";
    return null;
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) return true;
    }
    return false;
  }

  private InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString())
        .env("XDG_STATE_HOME", home.resolve("state").toString());
  }

  private static String[] opts(String... rest) {
    List<String> all = new ArrayList<>(List.of(rest));
    all.addAll(List.of("-S", "password=dove secret", "-S", "tls-ca-file=" + cert));
    return all.toArray(new String[0]);
  }

  private static String imaps(String mailbox) {
    return "imaps://bob@localhost:" + imapsPort + (mailbox.isEmpty() ? "" : "/" + mailbox);
  }

  /** Runs Python with {@code M}, an imaplib connection logged in as bob; returns its stdout. */
  static String python(String code) throws Exception {
    String script =
        "import imaplib, sys\n"
            + "M = imaplib.IMAP4('127.0.0.1', "
            + imapPort
            + ")\n"
            + "M.starttls()\n"
            + "M.login('bob', 'dove secret')\n"
            + code
            + "\nM.logout()\n";
    Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(Bounds.seconds(60), TimeUnit.SECONDS), "python did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  static String append(String mailbox, String subject, String body) throws Exception {
    String msg =
        "From: Alice <alice@example.org>\\r\\nTo: bob@example.org\\r\\nSubject: "
            + subject
            + "\\r\\nDate: Thu, 4 Jan 2024 09:05:02 +0000\\r\\nMessage-ID: <"
            + subject.replace(' ', '.')
            + "@example.org>\\r\\n\\r\\n"
            + body;
    return "M.append('" + mailbox + "', None, None, b'" + msg + "')\n";
  }

  @Test
  void
      condstore_resync_sees_another_clients_flags_and_expunges_and_fetches_nothing_when_nothing_changed()
          throws Exception {
    python(
        append("INBOX", "first", "one\\r\\n")
            + append("INBOX", "second", "two\\r\\n")
            + append("INBOX", "third", "three\\r\\n"));
    Result r = jmail().run(opts("list", "-v", "-f", imaps(""))).succeeded();
    assertTrue(r.out().contains("first") && r.out().contains("third"), r.out());
    assertTrue(r.err().contains("(CONDSTORE)"), "Dovecot offers CONDSTORE: " + r.err());

    python(
        "M.select('INBOX')\nM.store(b'2', '+FLAGS', '\\\\Flagged')\nM.store(b'1', '+FLAGS', '\\\\Deleted')\nM.expunge()\n");
    r = jmail().run(opts("list", "--json", "-v", "-f", imaps(""))).succeeded();
    assertTrue(r.err().contains("CHANGEDSINCE"), r.err());
    assertFalse(r.err().contains("BODY.PEEK[HEADER.FIELDS"), "no header refetched: " + r.err());
    assertFalse(r.out().contains("\"first\""), r.out());
    int second = r.out().indexOf("\"second\"");
    String obj = r.out().substring(r.out().lastIndexOf('{', second), r.out().indexOf('}', second));
    assertTrue(obj.contains("flagged"), obj);

    r = jmail().run(opts("list", "-v", "-f", imaps(""))).succeeded();
    assertFalse(
        r.err().contains("UID FETCH 1:"), "unchanged HIGHESTMODSEQ: no flag fetch: " + r.err());
    assertTrue(r.out().contains("second") && r.out().contains("third"));
  }

  @Test
  void read_marks_seen_on_the_server_and_peek_does_not() throws Exception {
    python(
        append("INBOX", "first", "hello dovecot\\r\\n") + append("INBOX", "second", "two\\r\\n"));
    jmail()
        .run(opts("read", "--peek", "-f", imaps(""), "1"))
        .succeeded()
        .outContains("hello dovecot");
    jmail().run(opts("read", "-f", imaps(""), "2")).succeeded();
    String flags = python("M.select('INBOX')\nprint(M.fetch(b'1:2', '(FLAGS)')[1])\n");
    assertTrue(
        flags.matches("(?s).*1 \\(FLAGS \\(\\)\\).*2 \\(FLAGS \\(\\\\\\\\Seen\\)\\).*"), flags);
  }

  @Test
  void a_recreated_mailbox_has_a_new_uidvalidity_and_the_cache_is_dropped() throws Exception {
    python("M.create('Lists')\n" + append("Lists", "old one", "x\\r\\n"));
    jmail().run(opts("list", "-f", imaps("Lists"))).succeeded().outContains("old one");
    python("M.delete('Lists')\nM.create('Lists')\n" + append("Lists", "new one", "y\\r\\n"));
    Result r = jmail().run(opts("list", "-f", imaps("Lists"))).succeeded();
    assertTrue(r.out().contains("new one"), r.out());
    assertFalse(
        r.out().contains("old one"),
        "a UID of the old mailbox is never confused with a new one: " + r.out());
    python("M.delete('Lists')\n");
  }

  @Test
  void plain_imap_uses_starttls_and_dovecot_refuses_nothing() throws Exception {
    python(append("INBOX", "over starttls", "x\\r\\n"));
    Result r =
        jmail().run(opts("list", "-v", "-f", "imap://bob@localhost:" + imapPort)).succeeded();
    assertTrue(r.out().contains("over starttls"), r.out());
    assertTrue(r.err().contains("C: J2 STARTTLS"), r.err());
  }

  @Test
  void pop3_fetch_with_stls_and_pipelining_stores_each_message_once() throws Exception {
    StringBuilder code = new StringBuilder();
    for (int i = 1; i <= 40; i++)
      code.append(append("INBOX", "pop " + i, "body " + i + "\\r\\n.starts with a dot\\r\\n"));
    python(code.toString());
    String url = "pop3://bob@localhost:" + pop3Port;
    Result r = jmail().run(opts("fetch", "-v", url)).succeeded();
    assertTrue(r.err().contains("C: STLS"), r.err());
    assertTrue(r.err().contains("PIPELINING"), r.err());
    String mbox = Files.readString(home.resolve("spool"));
    assertEquals(40, mbox.split("\nSubject: pop ", -1).length - 1);
    assertTrue(mbox.contains("\n.starts with a dot\n"));
    jmail().run(opts("fetch", url, "--delete")).succeeded();
    assertEquals(
        40,
        Files.readString(home.resolve("spool")).split("\nSubject: pop ", -1).length - 1,
        "none twice");
    String left = python("print(M.select('INBOX')[1])\n");
    assertTrue(left.contains("[b'0']"), "deleted on the server once stored: " + left);
  }

  // --- helpers

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String idOf(String flag) throws Exception {
    Process p = new ProcessBuilder("id", flag, "nobody").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    p.waitFor();
    if (flag.equals("-g")) {
      Process g = new ProcessBuilder("getent", "group", "nogroup").start();
      String line = new String(g.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      g.waitFor();
      if (!line.isEmpty()) return line.split(":")[2];
    }
    return out;
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(Bounds.seconds(60), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out + log());
    }
  }

  private static String log() {
    try {
      return Files.readString(dir.resolve("log/dovecot.log"));
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }
}
