package dev.jmail.store.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
  @Test
  void the_digest_of_the_fips_examples_is_the_published_one() {
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        HexFormat.of().formatHex(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))));
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HexFormat.of().formatHex(Sha256.digest(new byte[0])));
  }

  @Test
  void every_length_around_the_block_boundaries_digests_as_message_digest_does() throws Exception {
    Random random = new Random(20261207);
    MessageDigest jdk = MessageDigest.getInstance("SHA-256");
    for (int length = 0; length < 300; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      assertArrayEquals(jdk.digest(data), Sha256.digest(data), "length " + length);
    }
  }

  @Test
  void cache_file_names_stay_the_sha256_of_the_key() throws Exception {
    String key = "/home/bob/Mail/inbox";
    assertEquals(
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))),
        CacheFiles.nameFor(key));
  }
}
