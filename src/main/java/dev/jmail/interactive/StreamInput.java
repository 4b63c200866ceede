package dev.jmail.interactive;

import dev.jmail.error.IoFailureException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Commands from a pipe or a file: one per line, UTF-8, no prompt. */
final class StreamInput implements LineInput {
  private final BufferedReader reader;

  StreamInput(InputStream in) {
    reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  @Override
  public String readLine(String prompt) {
    try {
      String line = reader.readLine();
      if (line != null && line.endsWith("\r")) line = line.substring(0, line.length() - 1);
      return line;
    } catch (IOException e) {
      throw new IoFailureException("stdin: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean isTerminal() {
    return false;
  }
}
