package dev.jmail.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * POSIX mailx {@code retain} / {@code ignore}: which headers {@code print} shows. When any header
 * is retained, only retained headers are shown; otherwise all but the ignored ones.
 */
public final class HeaderFilter {
  private final Set<String> retained = new LinkedHashSet<>();
  private final Set<String> ignored = new LinkedHashSet<>();

  void command(String cmd, List<String> args) {
    boolean un = cmd.startsWith("un");
    Set<String> target = cmd.contains("ret") ? retained : ignored;
    for (String a : args) {
      String h = a.toLowerCase(Locale.ROOT);
      if (un) target.remove(h);
      else target.add(h);
    }
  }

  public void retain(String header) {
    retained.add(header.toLowerCase(Locale.ROOT));
  }

  public void ignore(String header) {
    ignored.add(header.toLowerCase(Locale.ROOT));
  }

  public Set<String> retained() {
    return Set.copyOf(retained);
  }

  public Set<String> ignored() {
    return Set.copyOf(ignored);
  }

  /** Whether a header with this name is shown. */
  public boolean shows(String name) {
    String h = name.toLowerCase(Locale.ROOT);
    if (!retained.isEmpty()) return retained.contains(h);
    return !ignored.contains(h);
  }
}
