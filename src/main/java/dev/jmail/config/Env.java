package dev.jmail.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment as jmail sees it. Everything below the command line reads environment
 * variables through this, so tests can run the whole program in-process with a fake HOME, USER,
 * MAIL, DEAD, … without touching the real ones.
 */
public final class Env {
  private final Map<String, String> vars;

  private Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  public static Env of(Map<String, String> vars) {
    return new Env(vars);
  }

  public Optional<String> get(String name) {
    String v = vars.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** {@code $HOME}, else the JVM's idea of it. */
  public Path home() {
    return Path.of(get("HOME").orElse(System.getProperty("user.home")));
  }

  /** The login name: {@code $USER}, {@code $LOGNAME}, else the JVM's user name. */
  public String user() {
    return get("USER").or(() -> get("LOGNAME")).orElse(System.getProperty("user.name"));
  }

  public Map<String, String> asMap() {
    return vars;
  }
}
