package dev.jmail.testing;

import dev.jmail.app.Context;
import dev.jmail.cli.Cli;
import dev.jmail.config.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the whole command line in this JVM over byte streams: fast tests of CLI behaviour. */
public final class InProcess {
  private final Map<String, String> env = new HashMap<>();
  private byte[] stdin = new byte[0];
  private boolean tty;

  /**
   * A run as {@code user} with {@code home} as HOME, no rc files, and the system mailbox {@code
   * home/spool}: what most command and session tests start from.
   */
  public static InProcess isolated(java.nio.file.Path home, String user) {
    return new InProcess()
        .env("HOME", home.toString())
        .env("USER", user)
        .env("MAILRC", "/dev/null")
        .env("JMAIL_SYSTEM_RC", "/dev/null")
        .env("MAIL", home.resolve("spool").toString());
  }

  public InProcess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public InProcess stdin(String text) {
    stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  public InProcess stdin(byte[] bytes) {
    stdin = bytes.clone();
    return this;
  }

  /** Pretend stdin and stdout are terminals. */
  public InProcess tty() {
    tty = true;
    return this;
  }

  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context ctx =
        new Context(
            Env.of(env),
            new ByteArrayInputStream(stdin),
            new PrintStream(out, false, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            tty,
            tty);
    int status = Cli.run(ctx, args);
    return new Result(status, out.toByteArray(), err.toByteArray());
  }
}
