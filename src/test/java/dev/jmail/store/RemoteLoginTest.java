package dev.jmail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.ServerSetup;
import dev.jmail.testing.BobsMailbox;
import dev.jmail.testing.DroppingProxy;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.LoopbackGreenMail;
import dev.jmail.testing.Result;
import dev.jmail.testing.ScriptedServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Logging in to IMAP and POP3 servers (GreenMail on 127.0.0.1) with the password sources and TLS
 * rules SMTP has, and the exit statuses of their failures: 77 a wrong password, 69 a certificate
 * that does not verify or a server that would get the password unencrypted, 75 unreachable or
 * silent, 78 a setting that cannot work. Each case runs for {@code list -f imaps://} and {@code
 * fetch pop3s://}.
 */
class RemoteLoginTest {
  @RegisterExtension
  static final BobsMailbox mail =
      BobsMailbox.serving(
          ServerSetup.PROTOCOL_IMAP,
          ServerSetup.PROTOCOL_IMAPS,
          ServerSetup.PROTOCOL_POP3,
          ServerSetup.PROTOCOL_POP3S);

  @TempDir Path home;

  /** The two protocols: how to name bob's mailbox and what shows the login worked. */
  enum Protocol {
    IMAP,
    POP3;

    String url(String user) {
      int port =
          this == IMAP ? mail.server().getImaps().getPort() : mail.server().getPop3s().getPort();
      return (this == IMAP ? "imaps://" : "pop3s://")
          + (user == null ? "" : user + "@")
          + "localhost:"
          + port;
    }

    /** imap:// or pop3:// on GreenMail's plain port, which offers no STARTTLS/STLS. */
    String plainUrl(int port) {
      return (this == IMAP ? "imap" : "pop3") + "://bob@127.0.0.1:" + port;
    }

    int plainPort() {
      return this == IMAP ? mail.server().getImap().getPort() : mail.server().getPop3().getPort();
    }

    List<String> command(String url) {
      return this == IMAP ? List.of("list", "-f", url) : List.of("fetch", url);
    }
  }

  @BeforeEach
  void oneMessage() throws Exception {
    mail.deliver("hello remote", "x\r\n");
  }

  private InProcess jmail() {
    return InProcess.isolated(home, "tester")
        .env("XDG_CACHE_HOME", home.resolve("cache").toString())
        .env("XDG_STATE_HOME", home.resolve("state").toString());
  }

  /** jmail {@code p}'s command on {@code url} with these options (and the test CA). */
  private Result run(Protocol p, String url, String... options) {
    List<String> a = new ArrayList<>(p.command(url));
    a.addAll(List.of(options));
    if (!String.join(" ", options).contains("tls-ca-file"))
      a.addAll(List.of("-S", "tls-ca-file=" + LoopbackGreenMail.CA));
    return jmail().run(a.toArray(String[]::new));
  }

  /** The login worked: the message was listed, or fetched into the spool. */
  private void loggedIn(Protocol p, Result r) throws Exception {
    r.succeeded();
    if (p == Protocol.IMAP) assertTrue(r.out().contains("hello remote"), r.out());
    else assertTrue(Files.readString(home.resolve("spool")).contains("Subject: hello remote"));
  }

  private static Result failsWith(Result r, int status, String why) {
    r.exits(status).errIsOneLine();
    assertTrue(r.err().contains(why), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    return r;
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void password_user_at_host_comes_before_password_host_and_password(Protocol p) throws Exception {
    loggedIn(
        p,
        run(
            p,
            p.url("bob"),
            "-S",
            "password=wrong",
            "-S",
            "password-localhost=also wrong",
            "-S",
            "password-bob@localhost=" + BobsMailbox.PASSWORD));
    failsWith(
        run(
            p,
            p.url("bob"),
            "-S",
            "password-bob@localhost=wrong",
            "-S",
            "password=" + BobsMailbox.PASSWORD),
        77,
        "authentication failed for bob");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void password_host_comes_before_password(Protocol p) throws Exception {
    loggedIn(
        p,
        run(
            p,
            p.url("bob"),
            "-S",
            "password=wrong",
            "-S",
            "password-localhost=" + BobsMailbox.PASSWORD));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void an_accounts_password_is_used_with_dash_capital_a(Protocol p) throws Exception {
    Path rc = home.resolve("mailrc");
    Files.writeString(
        rc,
        "set password=wrong\naccount work {\n  set password-bob@localhost=\""
            + BobsMailbox.PASSWORD
            + "\"\n}\n");
    Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
    List<String> a = new ArrayList<>(List.of("-A", "work"));
    a.addAll(p.command(p.url("bob")));
    a.addAll(List.of("-S", "tls-ca-file=" + LoopbackGreenMail.CA));
    loggedIn(p, jmail().env("MAILRC", rc.toString()).run(a.toArray(String[]::new)));
    List<String> b = new ArrayList<>(p.command(p.url("bob")));
    b.addAll(List.of("-S", "tls-ca-file=" + LoopbackGreenMail.CA));
    failsWith(
        jmail().env("MAILRC", rc.toString()).run(b.toArray(String[]::new)),
        77,
        "authentication failed");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void the_password_command_prints_the_password_and_its_failures_are_78(Protocol p)
      throws Exception {
    loggedIn(
        p,
        run(
            p,
            p.url("bob"),
            "-S",
            "password-eval=printf '" + BobsMailbox.PASSWORD + "\\nsecond line\\n'"));
    failsWith(
        run(p, p.url("bob"), "-S", "password-eval=exit 3"),
        78,
        "password-eval: command exited with status 3");
    failsWith(
        run(p, p.url("bob"), "-S", "password-eval-bob@localhost=true"),
        78,
        "password-eval-bob@localhost: command printed no password");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void netrc_gives_the_user_and_the_password_when_nothing_else_does(Protocol p) throws Exception {
    Path netrc = home.resolve(".netrc");
    Files.writeString(
        netrc,
        "machine other.example login carol password nope\n"
            + "machine localhost login bob password \""
            + BobsMailbox.PASSWORD
            + "\"\n");
    Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
    Result r = run(p, p.url(null));
    loggedIn(p, r);
    assertEquals("", r.err(), "a private ~/.netrc: no warning");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void no_password_anywhere_is_a_configuration_error_78(Protocol p) throws Exception {
    failsWith(run(p, p.url("bob")), 78, "no password for bob at localhost");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void a_certificate_that_does_not_verify_is_69_and_no_password_is_asked_for(Protocol p)
      throws Exception {
    // another CA: GreenMail's certificate is not signed by it; the password command never runs
    Path ran = home.resolve("asked");
    failsWith(
        run(
            p,
            p.url("bob"),
            "-S",
            "tls-ca-file=" + LoopbackGreenMail.TLS.resolve("other.pem"),
            "-S",
            "password-eval=touch " + ran + "; echo x"),
        69,
        "TLS failed: certificate not trusted (set tls-ca-file=FILE.pem");
    assertFalse(Files.exists(ran), "the password is looked up only after TLS is verified");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void tls_to_a_port_that_does_not_speak_it_is_69_saying_so(Protocol p) throws Exception {
    String url = p.plainUrl(p.plainPort()).replaceFirst("://", "s://");
    failsWith(
        run(p, url, "-S", "password=x"),
        69,
        "TLS failed: the server does not speak TLS on this port");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void an_unreachable_server_is_75(Protocol p) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String url = (p == Protocol.IMAP ? "imaps" : "pop3s") + "://bob@127.0.0.1:" + closed;
    failsWith(run(p, url, "-S", "password=x"), 75, "127.0.0.1");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void a_server_that_never_greets_times_out_with_75(Protocol p) throws Exception {
    try (ScriptedServer silent = new ScriptedServer(ScriptedServer.Peer::hang)) {
      String url = p.plainUrl(silent.port());
      failsWith(
          run(p, url, "-S", "password=x", "-S", "net-allow-plaintext", "-S", "net-timeout=1"),
          75,
          "127.0.0.1");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void settings_that_cannot_work_are_78(Protocol p) throws Exception {
    failsWith(run(p, p.url("bob"), "-S", "password=x", "-S", "net-timeout=0"), 78, "net-timeout");
    failsWith(
        run(p, p.url("bob"), "-S", "password=x", "-S", "tls-ca-file=" + home.resolve("none.pem")),
        78,
        "tls-ca-file");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void the_password_is_never_sent_in_plain_text_unless_allowed(Protocol p) throws Exception {
    try (DroppingProxy wire = new DroppingProxy(p.plainPort())) {
      String url = p.plainUrl(wire.port());
      failsWith(
          run(p, url, "-S", "password=" + BobsMailbox.PASSWORD),
          69,
          "the password would go unencrypted");
      assertTrue(
          wire.lines().stream().noneMatch(l -> l.text().contains(BobsMailbox.PASSWORD)),
          "nothing of the password on the wire: " + wire.lines());
      assertTrue(
          wire.lines().stream()
              .noneMatch(l -> l.text().matches("(?i)(J\\d+ )?(LOGIN|PASS|USER|AUTH).*")),
          wire.lines().toString());
      // IMAP lists it; POP3 fetches it into the spool
      String[] allowed = {"-S", "password=" + BobsMailbox.PASSWORD, "-S", "net-allow-plaintext"};
      Result r = run(p, url, allowed);
      loggedIn(p, r);
    }
  }
}
