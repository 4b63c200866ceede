package dev.jmail.net;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code -v} dialogue, line by line, with secrets masked: the argument of every {@code AUTH}
 * command and any occurrence of a known secret (the password, its base64 forms) become {@code
 * ********}. Control characters are shown as {@code ?}: the output goes to a terminal.
 */
public final class MaskingOutputStream extends OutputStream {
  private static final Pattern AUTH =
      Pattern.compile("^(AUTH\\s+\\S+)\\s+\\S.*$", Pattern.CASE_INSENSITIVE);
  private final PrintStream target;
  private final List<String> secrets;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  public MaskingOutputStream(PrintStream target, List<String> secrets) {
    this.target = target;
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 3).toList();
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      flushLine();
    } else {
      line.write(b);
    }
  }

  private void flushLine() {
    String s = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
    s = AUTH.matcher(s).replaceAll("$1 ********");
    for (String secret : secrets) s = s.replace(secret, "********");
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 && c != '\t' || c == 0x7f ? '?' : c);
    }
    target.println(b);
  }

  @Override
  public synchronized void flush() {
    target.flush();
  }

  @Override
  public synchronized void close() {
    if (line.size() > 0) flushLine();
    target.flush();
  }
}
