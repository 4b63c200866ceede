package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Header bytes are taken as UTF-8 only when they are well-formed UTF-8 ({@link
 * Charsets#strictUtf8}, checked byte by byte, then decoded by String): exactly what the JDK's
 * decoder reporting malformed input accepts, else a header in another charset would be shown with
 * U+FFFD or as mojibake.
 */
class StrictUtf8Test {
  /** The JDK's reporting decoder: what strictUtf8 did before, and must still do. */
  private static String reference(byte[] b, int off, int len) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  @Test
  void overlong_forms_surrogates_code_points_past_u10ffff_and_cut_sequences_are_not_utf8() {
    for (String bad :
        new String[] {
          "c0 80",
          "c1 bf",
          "e0 80 80",
          "e0 9f bf",
          "ed a0 80",
          "ed bf bf",
          "f0 80 80 80",
          "f0 8f bf bf",
          "f4 90 80 80",
          "f5 80 80 80",
          "ff",
          "fe",
          "80",
          "bf",
          "c3",
          "e2 82",
          "f0 9f 98",
          "41 c3",
          "c3 28",
          "e2 28 a1",
          "e2 82 28",
          "f0 28 8c bc",
          "f0 90 28 bc",
          "f0 90 8c 28"
        }) {
      byte[] b = hex(bad);
      assertNull(Charsets.strictUtf8(b, 0, b.length), bad);
      assertNull(reference(b, 0, b.length), bad);
    }
  }

  @Test
  void the_edges_of_each_well_formed_range_decode_as_the_jdk_decodes_them() {
    for (String good :
        new String[] {
          "",
          "00",
          "7f",
          "c2 80",
          "df bf",
          "e0 a0 80",
          "e1 80 80",
          "ec bf bf",
          "ed 80 80",
          "ed 9f bf",
          "ee 80 80",
          "ef bf bf",
          "f0 90 80 80",
          "f1 80 80 80",
          "f3 bf bf bf",
          "f4 80 80 80",
          "f4 8f bf bf",
          "52 c3 a9 73 75 6d c3 a9",
          "f0 9f 98 80 e4 bc 9a"
        }) {
      byte[] b = hex(good);
      String s = Charsets.strictUtf8(b, 0, b.length);
      assertEquals(reference(b, 0, b.length), s, good);
      assertEquals(new String(b, StandardCharsets.UTF_8), s, good);
    }
  }

  @Test
  void random_bytes_and_windows_of_them_are_judged_as_the_jdk_decoder_judges_them() {
    Random r = new Random(2047);
    byte[] lead = hex("c2 df e0 e1 ed ee ef f0 f3 f4 f5 c0 80 bf 9f a0 8f 90 41");
    for (int n = 0; n < 200_000; n++) {
      byte[] b = new byte[1 + r.nextInt(9)];
      for (int i = 0; i < b.length; i++) {
        int k = r.nextInt(4);
        b[i] =
            k == 0
                ? lead[r.nextInt(lead.length)]
                : k == 1 ? (byte) (0x80 | r.nextInt(0x40)) : (byte) r.nextInt(256);
      }
      int off = r.nextInt(b.length);
      int len = r.nextInt(b.length - off + 1);
      assertEquals(
          reference(b, off, len),
          Charsets.strictUtf8(b, off, len),
          () -> HexFormat.ofDelimiter(" ").formatHex(b) + " at " + off + " for " + len);
    }
  }

  @Test
  void text_labelled_windows_1252_is_read_as_utf_8_only_when_it_is_well_formed_utf_8() {
    assertEquals("Résumé", Charsets.decode(hex("52 c3 a9 73 75 6d c3 a9"), "windows-1252"));
    assertEquals("Résumé", Charsets.decode(hex("52 e9 73 75 6d e9"), "windows-1252"));
    assertEquals("\u00c3\u00a9\u20ac", Charsets.decode(hex("c3 a9 80"), "windows-1252"));
    assertEquals("Résumé", Rfc2047.decode("=?utf-8?q?R=C3=A9sum=C3=A9?="));
  }
}
