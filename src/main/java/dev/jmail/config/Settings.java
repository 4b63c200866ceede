package dev.jmail.config;

import dev.jmail.error.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * mailx variables, aliases and header filters, loaded with the mailx precedence: {@code -S}
 * assignments over the user's rc file over the system rc file over built-in defaults ({@link
 * Variable}). Boolean variables are "set" (present, possibly with an empty value) or absent.
 */
public final class Settings {
  /** Where the system-wide start-up file is looked for, first existing wins. */
  public static final List<Path> SYSTEM_RC =
      List.of(Path.of("/etc/jmail.rc"), Path.of("/etc/mail.rc"), Path.of("/etc/s-nail.rc"));

  private final Map<String, String> vars = new HashMap<>();
  /** Variables unset explicitly: they mask a built-in default ({@code set noquote}). */
  private final Set<String> unsetNames = new java.util.HashSet<>();
  private final Aliases aliases = new Aliases();
  private final HeaderFilter headerFilter = new HeaderFilter();
  private final Env env;
  /** The rc file being read, while it is read: where a {@link #set} comes from. */
  private Path loading;
  /** rc files that set a password, and the variables that hold one: each gets a readable-file warning. */
  private final Map<Path, Set<String>> secretFiles = new LinkedHashMap<>();

  public Settings(Env env) {
    this.env = env;
  }

  /**
   * Loads the rc files and applies {@code -S} assignments.
   *
   * @param skipSystemRc mailx {@code -n}
   * @param assignments {@code -S name[=value]} arguments, in order
   */
  public static Settings load(Env env, boolean skipSystemRc, List<String> assignments) {
    Settings s = new Settings(env);
    RcParser parser = new RcParser(s);
    if (!skipSystemRc) {
      String sys = env.get("JMAIL_SYSTEM_RC").orElse(null);
      if (sys != null) {
        s.loadFile(parser, Path.of(sys));
      } else {
        SYSTEM_RC.stream().filter(Files::isReadable).findFirst().ifPresent(p -> s.loadFile(parser, p));
      }
    }
    Path user = s.userRc();
    if (Files.exists(user)) s.loadFile(parser, user);
    for (String a : assignments) parser.assign(a, "-S " + a);
    return s;
  }

  /** {@code $MAILRC}, else {@code ~/.mailrc}. */
  public Path userRc() {
    return env.get("MAILRC").map(Path::of).orElse(env.home().resolve(".mailrc"));
  }

  private void loadFile(RcParser parser, Path file) {
    if (file.toString().equals("/dev/null")) return;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      try {
        text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      } catch (IOException e2) {
        throw new ConfigException(file + ": " + e2.getMessage(), e2);
      }
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    loading = file;
    try {
      parser.parse(text, file.toString());
    } finally {
      loading = null;
    }
  }

  /**
   * The rc files that set a password ({@link Secrets#holdsPassword}: {@code smtp-auth-password},
   * a token, a URL such as {@code mta=smtps://bob:PW@host}), each with the variables that did.
   */
  public Map<Path, Set<String>> secretFiles() {
    return Map.copyOf(secretFiles);
  }

  public Env env() {
    return env;
  }

  public void set(String name, String value) {
    if (loading != null && Secrets.holdsPassword(name, value)) {
      secretFiles.computeIfAbsent(loading, f -> new TreeSet<>()).add(name);
    }
    vars.put(name, value);
    unsetNames.remove(name);
  }

  public void unset(String name) {
    vars.remove(name);
    unsetNames.add(name);
  }

  private Optional<String> defaultOf(String name) {
    if (unsetNames.contains(name)) return Optional.empty();
    return Variable.find(name).flatMap(Variable::defaultValue);
  }

  /** The value if set (explicitly or by a built-in default), else empty. */
  public Optional<String> get(String name) {
    String v = vars.get(name);
    if (v != null) return Optional.of(v);
    return defaultOf(name);
  }

  /** A boolean variable is on when set, whatever its value (mailx). */
  public boolean isSet(String name) {
    return vars.containsKey(name) || defaultOf(name).isPresent();
  }

  /** An integer variable; a non-number is a configuration error naming the variable. */
  public int intValue(String name, int fallback) {
    Optional<String> v = get(name).filter(s -> !s.isBlank());
    if (v.isEmpty()) return fallback;
    try {
      return Integer.parseInt(v.get().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("variable " + name + ": not a number: " + v.get());
    }
  }

  boolean isKnownBoolean(String name) {
    return Variable.find(name).map(Variable::isBoolean).orElse(false) || vars.containsKey(name);
  }

  /** Every explicitly set variable (for the interactive {@code set} listing). */
  public Map<String, String> explicitVariables() {
    return Map.copyOf(vars);
  }

  public Aliases aliases() {
    return aliases;
  }

  public HeaderFilter headerFilter() {
    return headerFilter;
  }
}
