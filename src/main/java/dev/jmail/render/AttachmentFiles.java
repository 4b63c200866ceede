package dev.jmail.render;

import dev.jmail.error.CannotCreateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;

/**
 * Saves attachments into a directory. File names come from the message, so they are hostile: only
 * the last path component is kept, controls and separators are replaced, leading dots removed; the
 * file is created new (never overwriting: {@code name-1.ext}, {@code name-2.ext}, …) and must
 * resolve inside the directory.
 */
public final class AttachmentFiles {
  private AttachmentFiles() {}

  /**
   * A safe file name for an attachment name from a message; {@code fallback} when nothing is left.
   */
  public static String safeName(String name, String fallback) {
    String n = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFC);
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    n = n.substring(slash + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || (c >= 0x80 && c < 0xa0)
          || Sanitizer.isBidiControl(c)
          || c == ':'
          || c == '*'
          || c == '?'
          || c == '"'
          || c == '<'
          || c == '>'
          || c == '|'
          || (Character.isSurrogate(c)
              && !pairedSurrogate(n, i))) { // a path cannot hold half a character
        b.append('_');
      } else b.append(c);
    }
    String s = b.toString().strip();
    while (s.startsWith(".")) s = s.substring(1);
    s = cut(s, MAX_NAME_BYTES);
    return s.isBlank() ? fallback : s;
  }

  /**
   * File names are at most 255 bytes (NAME_MAX on Linux and the BSDs); this leaves room for a
   * {@code -N} suffix.
   */
  static final int MAX_NAME_BYTES = 200;

  /** {@code s} cut to at most {@code max} bytes of UTF-8, between characters. */
  private static String cut(String s, int max) {
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes > max) return s.substring(0, i);
      i += Character.charCount(cp);
    }
    return s;
  }

  private static boolean pairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c))
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /**
   * Writes {@code content} under {@code dir} with a fresh name, streaming; returns the path
   * written. A file left half-written by a read error is removed.
   */
  public static Path save(Path dir, String name, MessageView.Content content) {
    if (!Files.isDirectory(dir)) throw new CannotCreateException(dir + ": not a directory");
    Path base = dir.toAbsolutePath().normalize();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 0; i < 10_000; i++) {
      String candidate = i == 0 ? name : stem + "-" + i + ext;
      Path target = base.resolve(candidate).normalize();
      if (!target.getParent().equals(base))
        throw new CannotCreateException(name + ": unsafe file name");
      OutputStream out;
      try {
        out =
            Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        continue; // try the next suffix
      } catch (IOException e) {
        throw new CannotCreateException(target + ": " + e.getMessage(), e);
      }
      try (out;
          InputStream in = content.open()) {
        in.transferTo(out);
        return target;
      } catch (IOException e) {
        try {
          Files.deleteIfExists(target);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw new CannotCreateException(target + ": " + e.getMessage(), e);
      }
    }
    throw new CannotCreateException(dir + ": too many files named " + name);
  }
}
