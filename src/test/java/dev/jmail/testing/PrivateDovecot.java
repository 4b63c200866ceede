package dev.jmail.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * A private Dovecot for the integration tests: its own config file, base_dir and log under {@code
 * target/NAME}, loopback ports, one passwd-file user ({@code bob}, password {@link #PASSWORD}),
 * Maildir storage there too, a self-signed certificate ({@link #cert()}, CN=localhost, SAN
 * 127.0.0.1); never the system's Dovecot. {@link #missing()} says why it cannot run here (Dovecot,
 * openssl or python3 missing, not root: Dovecot drops its mail processes to {@code nobody}), for
 * {@code assumeTrue}. Python's {@code imaplib} is the test's own client ({@link #python}).
 */
public final class PrivateDovecot implements AutoCloseable {
  public static final String USER = "bob";
  public static final String PASSWORD = "dove secret";

  private final Path dir;
  private final Path cert;
  private final int imapPort;
  private final int imapsPort;
  private final int pop3Port;

  private PrivateDovecot(Path dir) throws IOException {
    this.dir = dir;
    this.cert = dir.resolve("cert.pem");
    int[] ports = freePorts(3);
    this.imapPort = ports[0];
    this.imapsPort = ports[1];
    this.pop3Port = ports[2];
  }

  /** Why Dovecot cannot run here, or null when it can. */
  public static String missing() {
    if (!Files.isExecutable(Path.of("/usr/sbin/dovecot")))
      return "/usr/sbin/dovecot missing (apt-get install dovecot-imapd dovecot-pop3d)";
    if (!ExternalTools.installed("openssl")) return "openssl missing";
    if (!ExternalTools.installed("python3")) return "python3 missing";
    if (!"root".equals(System.getProperty("user.name")))
      return "needs root: Dovecot drops its mail processes to nobody";
    return null;
  }

  /**
   * Starts an instance under {@code target/name} (a stale one there is stopped first).
   *
   * @param extraConfig lines appended to its dovecot.conf
   */
  public static PrivateDovecot start(String name, String... extraConfig) throws Exception {
    Path dir = Path.of("target", name).toAbsolutePath();
    if (Files.exists(dir.resolve("dovecot.conf"))) stop(dir);
    deleteTree(dir);
    for (String d : List.of("run", "state", "log", "mail")) Files.createDirectories(dir.resolve(d));
    PrivateDovecot d = new PrivateDovecot(dir);
    d.configureAndRun(extraConfig);
    return d;
  }

  private void configureAndRun(String... extraConfig) throws Exception {
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
    Files.writeString(dir.resolve("passwd"), USER + ":{PLAIN}" + PASSWORD + "\n");
    String nobody = idOf("-u");
    String nogroup = idOf("-g");
    List<String> conf =
        new ArrayList<>(
            List.of(
                "instance_name = jmail-it-"
                    + dir.getFileName()
                    + "-"
                    + ProcessHandle.current().pid(),
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
                "}"));
    conf.addAll(List.of(extraConfig));
    conf.add("");
    Files.writeString(dir.resolve("dovecot.conf"), String.join("\n", conf));
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

  public Path cert() {
    return cert;
  }

  public int imapPort() {
    return imapPort;
  }

  public int imapsPort() {
    return imapsPort;
  }

  public int pop3Port() {
    return pop3Port;
  }

  /** {@code imaps://bob@localhost:PORT[/mailbox]}. */
  public String imaps(String mailbox) {
    return "imaps://" + USER + "@localhost:" + imapsPort + (mailbox.isEmpty() ? "" : "/" + mailbox);
  }

  /** jmail options that log in as bob and trust the certificate. */
  public String[] jmailOptions(String... rest) {
    List<String> all = new ArrayList<>(List.of(rest));
    all.addAll(List.of("-S", "password=" + PASSWORD, "-S", "tls-ca-file=" + cert));
    return all.toArray(new String[0]);
  }

  /** Runs Python with {@code M}, an imaplib connection logged in as bob; returns its stdout. */
  public String python(String code) throws Exception {
    String script =
        "import imaplib, sys\n"
            + "M = imaplib.IMAP4('127.0.0.1', "
            + imapPort
            + ")\n"
            + "M.starttls()\n"
            + "M.login('"
            + USER
            + "', '"
            + PASSWORD
            + "')\n"
            + code
            + "\nM.logout()\n";
    Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(Bounds.seconds(60), TimeUnit.SECONDS), "python did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** Python code APPENDing one small message (for {@link #python}). */
  public static String append(String mailbox, String subject, String body) {
    String msg =
        "From: Alice <alice@example.org>\\r\\nTo: bob@example.org\\r\\nSubject: "
            + subject
            + "\\r\\nDate: Thu, 4 Jan 2024 09:05:02 +0000\\r\\nMessage-ID: <"
            + subject.replace(' ', '.')
            + "@example.org>\\r\\n\\r\\n"
            + body;
    return "M.append('" + mailbox + "', None, None, b'" + msg + "')\n";
  }

  /** Empties INBOX and deletes every other mailbox. */
  public void reset() throws Exception {
    python(
        "import re\n"
            + "for l in M.list()[1]:\n"
            + "  n = re.match(r'\\(.*?\\) (?:\"[^\"]*\"|NIL) (.*)', l.decode()).group(1).strip('\"')\n"
            + "  if n != 'INBOX': M.delete('\"' + n + '\"')\n"
            + "M.select('INBOX')\n"
            + "if int(M.select('INBOX')[1][0]):\n"
            + "  M.store(b'1:*', '+FLAGS', '\\\\Deleted')\n"
            + "  M.expunge()\n");
  }

  /** Dovecot's log so far (for failure messages). */
  public String log() {
    try {
      return Files.readString(dir.resolve("log/dovecot.log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws Exception {
    stop(dir);
  }

  private static void stop(Path dir) throws Exception {
    Path conf = dir.resolve("dovecot.conf");
    if (Files.exists(conf)) {
      new ProcessBuilder("/usr/sbin/dovecot", "-c", conf.toString(), "stop")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(Bounds.seconds(20), TimeUnit.SECONDS);
    }
  }

  /**
   * Distinct free ports: each socket stays open until all are chosen, because a port closed at once
   * may be handed out again by the next request (Dovecot then refuses its "duplicate listener").
   */
  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> open = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : open) s.close();
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

  private void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(Bounds.seconds(60), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out + log());
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }
}
