package dev.jmail.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths of byte fixtures under src/test/resources/fixtures. */
public final class Fixtures {
  private Fixtures() {}

  public static Path path(String relative) {
    try {
      return Paths.get(Fixtures.class.getResource("/fixtures/" + relative).toURI());
    } catch (Exception e) {
      throw new IllegalArgumentException("no fixture " + relative, e);
    }
  }

  public static byte[] bytes(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
