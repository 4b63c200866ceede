package dev.jmail.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ~/.netrc} (the ftp(1) format, as curl and msmtp read it): tokens {@code machine NAME},
 * {@code default}, {@code login USER}, {@code password PASS}; {@code macdef} bodies are skipped.
 */
public final class Netrc {
  public record Entry(String machine, String login, String password) {}

  private final List<Entry> entries;

  private Netrc(List<Entry> entries) {
    this.entries = entries;
  }

  public static Netrc read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  public static Netrc parse(String text) {
    List<String> tokens = tokens(text);
    List<Entry> out = new ArrayList<>();
    String machine = null;
    String login = null;
    String password = null;
    boolean inEntry = false;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      switch (t) {
        case "machine", "default" -> {
          if (inEntry) out.add(new Entry(machine, login, password));
          inEntry = true;
          machine = t.equals("default") ? null : (i + 1 < tokens.size() ? tokens.get(++i) : "");
          login = null;
          password = null;
        }
        case "login" -> login = i + 1 < tokens.size() ? tokens.get(++i) : null;
        case "password" -> password = i + 1 < tokens.size() ? tokens.get(++i) : null;
        case "account" -> i++;
        default -> {
          // macdef bodies and unknown tokens are ignored
        }
      }
    }
    if (inEntry) out.add(new Entry(machine, login, password));
    return new Netrc(out);
  }

  /** The first entry for {@code host} (and {@code login}, when given), else the default entry. */
  public Optional<Entry> find(String host, String login) {
    for (Entry e : entries) {
      if (e.machine() != null && e.machine().equalsIgnoreCase(host) && matches(e, login))
        return Optional.of(e);
    }
    for (Entry e : entries) {
      if (e.machine() == null && matches(e, login)) return Optional.of(e);
    }
    return Optional.empty();
  }

  private static boolean matches(Entry e, String login) {
    return login == null || login.equals(e.login());
  }

  private static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    boolean inMacro = false;
    for (String line : lines) {
      if (inMacro) {
        if (line.isBlank()) inMacro = false;
        continue;
      }
      StringBuilder cur = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else if (c == '\\' && quoted && i + 1 < line.length()) {
          cur.append(line.charAt(++i));
        } else if (!quoted && Character.isWhitespace(c)) {
          if (cur.length() > 0) out.add(cur.toString());
          cur.setLength(0);
        } else if (!quoted && c == '#' && cur.length() == 0) {
          break;
        } else {
          cur.append(c);
        }
      }
      if (cur.length() > 0) out.add(cur.toString());
      if (!out.isEmpty() && out.get(out.size() - 1).equals("macdef")) {
        inMacro = true;
      } else if (out.size() >= 2 && out.get(out.size() - 2).equals("macdef")) {
        inMacro = true;
      }
    }
    return out;
  }
}
