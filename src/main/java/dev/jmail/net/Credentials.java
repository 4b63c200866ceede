package dev.jmail.net;

import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where a password comes from, the same for SMTP, IMAP and POP3: rc variables (checked in the order
 * given), the output of a password command, the URL's {@code user:password@}, then {@code
 * ~/.netrc}.
 */
public final class Credentials {
  private Credentials() {}

  /**
   * The password, or null when no source has one.
   *
   * @param variables rc variables holding a password, most specific first
   * @param evalVariables rc variables holding a command that prints it, most specific first
   */
  public static String password(
      Settings s,
      String host,
      String user,
      List<String> variables,
      List<String> evalVariables,
      String urlPassword,
      Consumer<String> warn) {
    for (String v : variables) {
      Optional<String> value = s.get(v);
      if (value.isPresent()) return value.get(); // config.Secrets warns about passwords in rc files
    }
    for (String v : evalVariables) {
      Optional<String> command = s.get(v);
      if (command.isPresent() && !command.get().isBlank()) return eval(v, command.get());
    }
    if (urlPassword != null) return urlPassword;
    Optional<Netrc.Entry> netrc = netrc(s, host, user, warn);
    if (netrc.isPresent() && netrc.get().password() != null) {
      SecretFiles.checkPrivate(s.env().home().resolve(".netrc"), "passwords", warn);
      return netrc.get().password();
    }
    return null;
  }

  /**
   * An OAuth 2.0 access token for XOAUTH2 or OAUTHBEARER, the same for IMAP, POP3 and SMTP: the
   * first output line of the command in {@code oauth-token-eval-USER@HOST}, {@code
   * oauth-token-eval-HOST} or {@code oauth-token-eval} (run for every connection, as mutt runs
   * {@code imap_oauth_refresh_command}: the command refreshes the token when it has expired), else
   * whatever the protocol's password sources hold ({@code password}: s-nail keeps the token there).
   */
  public static String token(
      Settings s, String host, String user, java.util.function.Supplier<String> password) {
    for (String v : tokenVariables(host, user)) {
      Optional<String> command = s.get(v);
      if (command.isPresent() && !command.get().isBlank()) return eval(v, command.get());
    }
    return password.get();
  }

  /** The token command variables, most specific first. */
  public static List<String> tokenVariables(String host, String user) {
    return user == null
        ? List.of("oauth-token-eval-" + host, "oauth-token-eval")
        : List.of(
            "oauth-token-eval-" + user + "@" + host,
            "oauth-token-eval-" + host,
            "oauth-token-eval");
  }

  /** The {@code ~/.netrc} entry for this host (and user, when known). */
  public static Optional<Netrc.Entry> netrc(
      Settings s, String host, String user, Consumer<String> warn) {
    Path netrcFile = s.env().home().resolve(".netrc");
    if (!Files.isRegularFile(netrcFile)) return Optional.empty();
    try {
      return Netrc.read(netrcFile).find(host, user);
    } catch (IOException e) {
      warn.accept("warning: cannot read " + netrcFile + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** msmtp's passwordeval: a shell command whose first output line is the password. */
  public static String eval(String variable, String command) {
    Process p;
    try {
      p =
          new ProcessBuilder("/bin/sh", "-c", command)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new ConfigException(variable + ": cannot run: " + e.getMessage(), e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ConfigException(variable + ": command did not finish in 60 s");
      }
    } catch (IOException e) {
      throw new ConfigException(variable + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException(variable + ": interrupted");
    }
    if (p.exitValue() != 0) {
      throw new ConfigException(variable + ": command exited with status " + p.exitValue());
    }
    String text = out.toString(StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String pw = nl < 0 ? text : text.substring(0, nl);
    if (pw.endsWith("\r")) pw = pw.substring(0, pw.length() - 1);
    if (pw.isEmpty()) throw new ConfigException(variable + ": command printed no password");
    return pw;
  }
}
