package dev.jmail.compose;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The MIME type of an attachment, from its first bytes and its name: unambiguous magic numbers
 * first, then the file name extension, then "is it UTF-8 text?", else application/octet-stream.
 */
public final class ContentTypes {
  private ContentTypes() {}

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("txt", "text/plain"),
          Map.entry("log", "text/plain"),
          Map.entry("csv", "text/csv"),
          Map.entry("tsv", "text/tab-separated-values"),
          Map.entry("html", "text/html"),
          Map.entry("htm", "text/html"),
          Map.entry("md", "text/markdown"),
          Map.entry("ics", "text/calendar"),
          Map.entry("xml", "application/xml"),
          Map.entry("json", "application/json"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("webp", "image/webp"),
          Map.entry("zip", "application/zip"),
          Map.entry("gz", "application/gzip"),
          Map.entry("tgz", "application/gzip"),
          Map.entry("bz2", "application/x-bzip2"),
          Map.entry("xz", "application/x-xz"),
          Map.entry("zst", "application/zstd"),
          Map.entry("tar", "application/x-tar"),
          Map.entry("doc", "application/msword"),
          Map.entry("xls", "application/vnd.ms-excel"),
          Map.entry(
              "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
          Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
          Map.entry(
              "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
          Map.entry("odt", "application/vnd.oasis.opendocument.text"),
          Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("mp4", "video/mp4"));

  /** A MIME type (without parameters but a charset for text) for a file. */
  public static String detect(String fileName, byte[] head, int headLength) {
    String magic = magic(head, headLength);
    String ext = extension(fileName);
    String byName = ext == null ? null : BY_EXTENSION.get(ext);
    // A zip container is many formats (docx, odt, jar): the name says which.
    if (magic != null && !(magic.equals("application/zip") && byName != null)) return magic;
    if (byName != null) {
      return byName.startsWith("text/")
          ? byName + "; charset=" + textCharset(head, headLength)
          : byName;
    }
    if (isUtf8Text(head, headLength)) return "text/plain; charset=utf-8";
    return "application/octet-stream";
  }

  private static String textCharset(byte[] head, int n) {
    for (int i = 0; i < n; i++)
      if (head[i] < 0) return isUtf8Text(head, n) ? "utf-8" : "unknown-8bit";
    return "us-ascii";
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) return null;
    return name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String magic(byte[] h, int n) {
    if (starts(h, n, 0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf";
    if (starts(h, n, 0x89, 'P', 'N', 'G')) return "image/png";
    if (starts(h, n, 'G', 'I', 'F', '8')) return "image/gif";
    if (starts(h, n, 0xff, 0xd8, 0xff)) return "image/jpeg";
    if (starts(h, n, 0x1f, 0x8b)) return "application/gzip";
    if (starts(h, n, 'B', 'Z', 'h')) return "application/x-bzip2";
    if (starts(h, n, 0xfd, '7', 'z', 'X', 'Z', 0)) return "application/x-xz";
    if (starts(h, n, 'P', 'K', 3, 4)) return "application/zip";
    return null;
  }

  private static boolean starts(byte[] h, int n, int... magic) {
    if (n < magic.length) return false;
    for (int i = 0; i < magic.length; i++) if ((h[i] & 0xff) != magic[i]) return false;
    return true;
  }

  /**
   * Valid UTF-8 without NUL or C0 controls other than tab, CR, LF, FF (a cut last char is fine).
   */
  static boolean isUtf8Text(byte[] h, int n) {
    for (int i = 0; i < n; i++) {
      int b = h[i] & 0xff;
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7f) return false;
    }
    int end = n;
    // The sample may stop inside a multi-byte character: drop an incomplete tail.
    for (int back = 1; back <= 3 && end - back >= 0; back++) {
      int b = h[end - back] & 0xff;
      if ((b & 0xc0) == 0xc0) {
        int need = (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : 4;
        if (back < need) end -= back;
        break;
      }
      if ((b & 0x80) == 0) break;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(h, 0, end));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
