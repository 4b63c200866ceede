package dev.jmail.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** mailx {@code alias name addr…}: names expand, recursively, to addresses. */
public final class Aliases {
  private final Map<String, List<String>> table = new LinkedHashMap<>();

  /** A second {@code alias} for the same name adds to it, as in mailx. */
  public void define(String name, List<String> members) {
    table.computeIfAbsent(name, k -> new ArrayList<>()).addAll(members);
  }

  public void remove(String name) {
    table.remove(name);
  }

  public Map<String, List<String>> all() {
    return java.util.Collections.unmodifiableMap(table);
  }

  /** Expands aliases in a recipient list; loops are cut, order kept, duplicates dropped. */
  public List<String> expand(List<String> recipients) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String r : recipients) expand(r, out, seen, new HashSet<>());
    return out;
  }

  private void expand(String r, List<String> out, Set<String> seen, Set<String> visiting) {
    List<String> members = table.get(r);
    if (members != null) {
      if (!visiting.add(r)) return; // a loop: the name is already being expanded
      for (String m : members) expand(m, out, seen, visiting);
      visiting.remove(r);
      return;
    }
    if (seen.add(r)) out.add(r);
  }
}
