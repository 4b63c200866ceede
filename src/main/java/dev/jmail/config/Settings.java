package dev.jmail.config;

import dev.jmail.error.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

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
  private final Set<String> unsetNames = new HashSet<>();

  private final Aliases aliases = new Aliases();
  private final HeaderFilter headerFilter = new HeaderFilter();
  private final Env env;
  private final Map<String, Account> accounts = new LinkedHashMap<>();

  /** While an account applies: each variable it changed, with the value it had before. */
  private final Map<String, Optional<String>> accountUndo = new LinkedHashMap<>();

  private final Set<String> accountUndoMasked = new HashSet<>();
  private boolean applyingAccount;
  private String account;
  private RcParser.Mode mode = RcParser.Mode.RECEIVE;

  /** Where warnings go; null while loading (they are held until the rc files are read). */
  private Consumer<String> warnings;

  private final List<String> heldWarnings = new ArrayList<>();

  /** The rc file being read, while it is read: where a {@link #set} comes from. */
  private Path loading;

  /**
   * rc files that set a password, and the variables that hold one: each gets a readable-file
   * warning.
   */
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
    return load(env, RcParser.Mode.RECEIVE, skipSystemRc, null, assignments, w -> {});
  }

  /**
   * Loads the rc files (their conditionals test {@code mode}), applies the account ({@code -A
   * NAME}, may be null), then the {@code -S} assignments. Warnings (unknown commands, conditions
   * jmail cannot read) go to {@code warnings} once the files are read, unless {@code
   * ignore-unknown-commands} is set by then.
   */
  public static Settings load(
      Env env,
      RcParser.Mode mode,
      boolean skipSystemRc,
      String account,
      List<String> assignments,
      Consumer<String> warnings) {
    Settings s = new Settings(env);
    s.mode = mode;
    try {
      s.read(skipSystemRc, account, assignments);
    } finally {
      // the warnings before an error in a later line are shown too
      s.warnings = warnings;
      if (!s.isSet(QUIET)) s.heldWarnings.forEach(warnings);
      s.heldWarnings.clear();
    }
    return s;
  }

  private void read(boolean skipSystemRc, String account, List<String> assignments) {
    RcParser parser = new RcParser(this);
    if (!skipSystemRc) {
      String sys = env.get("JMAIL_SYSTEM_RC").orElse(null);
      if (sys != null) {
        loadFile(parser, Path.of(sys));
      } else {
        for (Path p : SYSTEM_RC) { // (no stream: start-up time, see Variable.find)
          if (Files.isReadable(p)) {
            loadFile(parser, p);
            break;
          }
        }
      }
    }
    Path user = userRc();
    if (Files.exists(user)) loadFile(parser, user);
    if (account != null) applyAccount(account);
    for (String a : assignments) parser.assign(a, "-S " + a);
  }

  /** The variable that silences rc-file warnings (for rc files shared with other programs). */
  public static final String QUIET = "ignore-unknown-commands";

  /** A warning about the rc files: held while loading, then printed unless silenced. */
  void warn(String text) {
    if (warnings == null) heldWarnings.add(text);
    else if (!isSet(QUIET)) warnings.accept(text);
  }

  /** What the rc files' {@code if r|s|t} test. */
  public RcParser.Mode mode() {
    return mode;
  }

  // --- accounts

  void defineAccount(Account a) {
    accounts.put(a.name(), a);
    // an account's block runs later (-A, the account command): its passwords are noted now, with
    // the file that holds them
    if (loading != null && a.body().stream().anyMatch(l -> Secrets.isSecretLine(l.text()))) {
      secretFiles.computeIfAbsent(loading, f -> new TreeSet<>()).add("account " + a.name());
    }
  }

  void removeAccount(String name) {
    accounts.remove(name);
  }

  /** The accounts defined, in file order. */
  public List<Account> accounts() {
    return List.copyOf(accounts.values());
  }

  /** The account in use, if any. */
  public Optional<String> account() {
    return Optional.ofNullable(account);
  }

  /**
   * Chooses an account: first every variable the previous account changed gets its value from
   * before, then the new account's block runs on top of the global settings. An unknown name is a
   * configuration error (exit 78) that leaves the settings as they were.
   */
  public void applyAccount(String name) {
    Account a = accounts.get(name);
    if (a == null) {
      String known =
          accounts.isEmpty() ? "none defined" : "defined: " + String.join(", ", accounts.keySet());
      throw new ConfigException("account " + name + ": no such account (" + known + ")");
    }
    if (applyingAccount)
      throw new ConfigException(a.where() + ": account " + name + ": chosen inside an account");
    restoreGlobal();
    applyingAccount = true;
    try {
      new RcParser(this).run(a.body(), "account " + name);
    } finally {
      applyingAccount = false;
    }
    account = name;
  }

  private void restoreGlobal() {
    accountUndo.forEach(
        (name, before) -> {
          if (before.isPresent()) vars.put(name, before.get());
          else vars.remove(name);
          if (accountUndoMasked.contains(name)) unsetNames.add(name);
          else unsetNames.remove(name);
        });
    accountUndo.clear();
    accountUndoMasked.clear();
    account = null;
  }

  private void remember(String name) {
    if (!applyingAccount || accountUndo.containsKey(name)) return;
    accountUndo.put(name, Optional.ofNullable(vars.get(name)));
    if (unsetNames.contains(name)) accountUndoMasked.add(name);
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
      parser.parse(text, shortName(file));
    } finally {
      loading = null;
    }
  }

  /** A file's name in messages: {@code ~/.mailrc} rather than the home directory spelled out. */
  String shortName(Path file) {
    Path home = env.home();
    return file.startsWith(home) && !file.equals(home)
        ? "~/" + home.relativize(file)
        : file.toString();
  }

  /**
   * The rc files that set a password ({@link Secrets#holdsPassword}: {@code smtp-auth-password}, a
   * token, a URL such as {@code mta=smtps://bob:PW@host}), each with the variables that did.
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
    remember(name);
    vars.put(name, value);
    unsetNames.remove(name);
  }

  public void unset(String name) {
    remember(name);
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
