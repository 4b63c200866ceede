package dev.jmail.compose;

import dev.jmail.config.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * This machine's name, without a DNS lookup ({@code InetAddress.getLocalHost()} can hang for
 * seconds on a host without working resolver): {@code $HOSTNAME}, the kernel's name, else {@code
 * localhost}.
 */
public final class HostName {
  private HostName() {}

  public static String of(Env env) {
    String h = env.get("HOSTNAME").orElse(null);
    if (h == null) {
      try {
        h =
            Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII)
                .strip();
      } catch (IOException | RuntimeException e) {
        h = null;
      }
    }
    if (h == null || h.isEmpty() || !h.matches("[A-Za-z0-9.-]+")) return "localhost";
    return h.toLowerCase(Locale.ROOT);
  }
}
