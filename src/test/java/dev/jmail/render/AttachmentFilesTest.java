package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jmail.error.CannotCreateException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names attachments are saved under: a message's file name is hostile input. */
class AttachmentFilesTest {
  @TempDir Path dir;

  private static String safe(String name) {
    return AttachmentFiles.safeName(name, "part-1");
  }

  @Test
  void only_the_last_path_component_is_kept_whichever_separator_it_uses() {
    assertEquals("passwd", safe("../../etc/passwd"));
    assertEquals("evil.exe", safe("C:\\Users\\x\\evil.exe"));
  }

  @Test
  void controls_and_characters_windows_refuses_become_underscores() {
    assertEquals("a_b_c_d", safe("a\u0001b\u001fc\u007fd"));
    assertEquals("a_b_c", safe("a\u0080b\u009fc"));
    assertEquals("x_______y", safe("x:*?\"<>|y"));
    assertEquals("a b\u00a0c", safe("a b\u00a0c"));
  }

  @Test
  void a_bidi_override_cannot_disguise_the_extension() {
    assertEquals("invoice_fdp.exe", safe("invoice\u202Efdp.exe"));
  }

  @Test
  void half_a_character_becomes_an_underscore_and_a_whole_one_is_kept() {
    assertEquals("😀.txt", safe("\uD83D\uDE00.txt"));
    assertEquals("a_.txt", safe("a\uD83D.txt"));
    assertEquals("_a.txt", safe("\uDE00a.txt"));
    assertEquals("a_", safe("a\uD83D"));
  }

  @Test
  void leading_dots_and_surrounding_blanks_are_removed() {
    assertEquals("bashrc", safe(".bashrc"));
    assertEquals("hidden.txt", safe("  ..hidden.txt  "));
  }

  @Test
  void a_name_with_nothing_left_gets_the_fallback() {
    assertEquals("part-1", safe(null));
    assertEquals("part-1", safe(""));
    assertEquals("part-1", safe("..."));
    assertEquals("part-1", safe("dir/"));
  }

  @Test
  void a_decomposed_name_is_saved_composed() {
    assertEquals("caf\u00e9.txt", safe("cafe\u0301.txt"));
  }

  @Test
  void a_long_name_is_cut_to_200_bytes_of_utf8_between_characters() {
    assertEquals("a".repeat(200), safe("a".repeat(200)));
    assertEquals("a".repeat(200), safe("a".repeat(201)));
    String[] chars = {"\u07ff", "\u0800", "\uffe0", "\uD800\uDC00"}; // 2, 3, 3 and 4 bytes
    for (String c : chars) {
      int size = c.getBytes(StandardCharsets.UTF_8).length;
      String cut = safe(c.repeat(120));
      assertEquals(200 / size, cut.codePointCount(0, cut.length()), c);
      assertFalse(cut.getBytes(StandardCharsets.UTF_8).length > 200, c);
    }
  }

  private static MessageView.Content bytes(String s) {
    return () -> new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_name_already_taken_gets_a_number_before_its_extension() throws Exception {
    assertEquals(dir.resolve("a.tar.gz"), AttachmentFiles.save(dir, "a.tar.gz", bytes("1")));
    assertEquals(dir.resolve("a.tar-1.gz"), AttachmentFiles.save(dir, "a.tar.gz", bytes("2")));
    assertEquals(dir.resolve("a.tar-2.gz"), AttachmentFiles.save(dir, "a.tar.gz", bytes("3")));
    assertEquals("1", Files.readString(dir.resolve("a.tar.gz")));
    assertEquals("3", Files.readString(dir.resolve("a.tar-2.gz")));
    AttachmentFiles.save(dir, "README", bytes("x"));
    assertEquals(dir.resolve("README-1"), AttachmentFiles.save(dir, "README", bytes("y")));
    AttachmentFiles.save(dir, ".profile", bytes("x"));
    assertEquals(dir.resolve(".profile-1"), AttachmentFiles.save(dir, ".profile", bytes("y")));
  }

  @Test
  void a_name_that_leaves_the_directory_is_refused() throws Exception {
    Path inner = Files.createDirectory(dir.resolve("inner")); // "../x" stays in the temporary dir
    assertThrows(
        CannotCreateException.class, () -> AttachmentFiles.save(inner, "../x", bytes("x")));
    assertFalse(Files.exists(dir.resolve("x")));
  }

  @Test
  void a_file_not_a_directory_is_refused_as_the_target() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "");
    assertThrows(CannotCreateException.class, () -> AttachmentFiles.save(file, "a", bytes("x")));
  }

  @Test
  void a_part_that_cannot_be_read_to_the_end_leaves_no_file_behind() {
    MessageView.Content broken =
        () ->
            new InputStream() {
              int n;

              @Override
              public int read() throws IOException {
                if (n++ < 10) return 'x';
                throw new IOException("bad base64");
              }
            };
    CannotCreateException e =
        assertThrows(
            CannotCreateException.class, () -> AttachmentFiles.save(dir, "half.bin", broken));
    assertEquals(dir.resolve("half.bin") + ": bad base64", e.getMessage());
    assertFalse(Files.exists(dir.resolve("half.bin")));
    assertArrayEquals(new String[0], dir.toFile().list());
  }
}
