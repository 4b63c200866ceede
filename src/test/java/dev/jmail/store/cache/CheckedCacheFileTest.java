package dev.jmail.store.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache files with a CRC per block ({@link CacheFiles#readChecked}) of the local indexes. */
class CheckedCacheFileTest {
  @TempDir Path dir;

  private static final int LENGTH = 3 * CacheFiles.BLOCK + 100;

  private Path written(byte[] payload) throws IOException {
    Path file = dir.resolve("c").resolve("f.index");
    // in parts that do not fall on block boundaries, as an index's head and table come
    CacheFiles.writeChecked(
        file,
        "TESTIDX",
        7,
        ByteBuffer.wrap(payload, 0, 1000),
        ByteBuffer.wrap(payload, 1000, payload.length - 1000));
    return file;
  }

  private static byte[] payload() {
    byte[] b = new byte[LENGTH];
    new Random(1).nextBytes(b);
    return b;
  }

  @Test
  void a_checked_file_reads_back_its_payload_and_every_block_checks() throws IOException {
    byte[] p = payload();
    Path file = written(p);
    CacheFiles.Checked c = CacheFiles.readChecked(file, "TESTIDX", 7).orElseThrow();
    c.checkAll();
    ByteBuffer b = c.payload();
    byte[] got = new byte[b.remaining()];
    b.get(got);
    assertArrayEquals(p, got);
    assertEquals(Files.size(file), 20 + LENGTH + 4 * 4 + 4 + 4);
  }

  @Test
  void a_damaged_block_fails_its_check_and_only_its_own() throws IOException {
    byte[] p = payload();
    Path file = written(p);
    byte[] bytes = Files.readAllBytes(file);
    int at = 20 + 2 * CacheFiles.BLOCK + 5; // block 2
    bytes[at] ^= 0x10;
    Files.write(file, bytes);
    CacheFiles.Checked c = CacheFiles.readChecked(file, "TESTIDX", 7).orElseThrow();
    c.check(0, 2 * CacheFiles.BLOCK); // blocks 0 and 1
    c.check(3 * CacheFiles.BLOCK, 100); // block 3
    assertThrows(IllegalStateException.class, () -> c.check(2 * CacheFiles.BLOCK + 4000, 1));
    assertThrows(
        IllegalStateException.class, () -> c.check(CacheFiles.BLOCK, 2 * CacheFiles.BLOCK));
    assertThrows(IllegalStateException.class, c::checkAll);
    assertThrows(IllegalStateException.class, () -> c.check(LENGTH - 10, 11));
  }

  @Test
  void a_damaged_head_or_crc_table_or_a_truncated_file_is_not_read() throws IOException {
    Path file = written(payload());
    byte[] good = Files.readAllBytes(file);
    for (int at : new int[] {0, 9, 13, good.length - 1, good.length - 5, good.length - 9}) {
      byte[] bad = good.clone();
      bad[at] ^= 0x04;
      Files.write(file, bad);
      assertTrue(CacheFiles.readChecked(file, "TESTIDX", 7).isEmpty(), "damaged at " + at);
    }
    Files.write(file, java.util.Arrays.copyOf(good, good.length - 4));
    assertTrue(CacheFiles.readChecked(file, "TESTIDX", 7).isEmpty(), "truncated");
    Files.write(file, good);
    assertTrue(CacheFiles.readChecked(file, "TESTIDX", 8).isEmpty(), "another version");
    assertTrue(CacheFiles.readChecked(file, "OTHERIX", 7).isEmpty(), "another magic");
    // a file of the whole-CRC layout is not one of these
    CacheFiles.write(file, "TESTIDX", 7, ByteBuffer.wrap(payload()));
    assertTrue(CacheFiles.readChecked(file, "TESTIDX", 7).isEmpty(), "the other layout");
    assertTrue(CacheFiles.readChecked(dir.resolve("none"), "TESTIDX", 7).isEmpty(), "missing");
  }

  @Test
  void an_empty_payload_is_a_file_of_no_blocks() throws IOException {
    Path file = dir.resolve("e.index");
    CacheFiles.writeChecked(file, "TESTIDX", 7);
    CacheFiles.Checked c = CacheFiles.readChecked(file, "TESTIDX", 7).orElseThrow();
    c.checkAll();
    assertEquals(0, c.payload().remaining());
  }
}
