package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.store.Fixtures;
import dev.jmail.testing.InProcess;
import dev.jmail.testing.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jmail reads mail that other projects collected to test their own parsers: the 48 test messages of
 * CPython's {@code email} package (vendored under {@code corpora/cpython-email}, PSF licence) and
 * the 80 of Apache James Mime4j (its {@code tests} jar on Maven Central, Apache licence: its own
 * and those it took from Perl's MIME-tools). For each message: {@code read}, {@code read --json}
 * and {@code read --raw} (and {@code list} of them all) exit 0 with nothing on stderr, {@code
 * --raw} gives the stored bytes, and the text Python's {@code email} finds in it (subject, sender,
 * each line of text, as {@code src/test/corpora/reference-text.py} wrote it to {@code
 * corpora/NAME.expected}) is in what {@code read} shows; where Python finds a multipart's boundary
 * missing, jmail says so too. The differences jmail makes on purpose are {@link #DIFFERENCES}, each
 * named in VIOLATIONS.md.
 */
class ForeignCorporaTest {
  @TempDir Path home;

  static final String ENCODED_MESSAGE =
      "a base64-encoded message/rfc822 (RFC 2046 5.2.1 allows no encoding) is decoded and shown as a"
          + " message; Python shows the base64 lines";

  static final String BLANK_ENDED_BOUNDARY =
      "a boundary parameter ending in a blank keeps it, as Mime4j reads it (RFC 2046 5.1.1 allows no"
          + " trailing blank); Python strips it, so a line without the blank splits parts there";

  /** Message → why jmail's text differs from Python's there (VIOLATIONS.md, "Corpora"). */
  static final Map<String, String> DIFFERENCES =
      Map.ofEntries(
          Map.entry(
              "testmsgs/obsolete.msg",
              "fields with blanks before the colon (Subject :) are fields, RFC 5322 4.5; Python takes them for text"),
          Map.entry("testmsgs/base64encoded-rfc822message.msg", ENCODED_MESSAGE),
          Map.entry("testmsgs/base64encoded-rfc822message-nested.msg", ENCODED_MESSAGE),
          Map.entry("testmsgs/bad-newlines-multiple-parts-base64.msg", ENCODED_MESSAGE),
          Map.entry("mimetools-testmsgs/multi-2gifs-base64.msg", ENCODED_MESSAGE),
          Map.entry(
              "testmsgs/multipartemptypart.msg",
              "a close delimiter right after a delimiter closes the multipart (RFC 2046 5.1.1); Python skips it as"
                  + " a repeated delimiter, takes the epilogue for a part and finds the close delimiter missing"),
          Map.entry("testmsgs/very-long-boundary.msg", BLANK_ENDED_BOUNDARY),
          Map.entry("testmsgs/very-very-long-boundary.msg", BLANK_ENDED_BOUNDARY),
          Map.entry("testmsgs/weird-boundary.msg", BLANK_ENDED_BOUNDARY));

  /** Python's defects that mean a multipart's boundary lines are not all there. */
  static final List<String> BOUNDARY_DEFECTS =
      List.of(
          "CloseBoundaryNotFoundDefect",
          "StartBoundaryNotFoundDefect",
          "NoBoundaryInMultipartDefect");

  @Test
  void every_cpython_email_test_message_reads_cleanly_with_the_text_python_finds()
      throws IOException {
    Map<String, byte[]> messages = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Fixtures.path("corpora/cpython-email"))) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().startsWith("msg_")).sorted().toList()) {
        messages.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    check("cpython-email", messages);
  }

  @Test
  void every_mime4j_test_message_reads_cleanly_with_the_text_python_finds() throws IOException {
    URL one = getClass().getClassLoader().getResource("testmsgs/basic-plain.msg");
    assertTrue(one != null, "the apache-mime4j-core tests jar is not on the test class path");
    Map<String, byte[]> messages = new LinkedHashMap<>();
    JarURLConnection c = (JarURLConnection) one.openConnection();
    c.setUseCaches(false);
    try (JarFile jar = c.getJarFile()) {
      for (JarEntry e :
          Collections.list(jar.entries()).stream()
              .filter(e -> e.getName().endsWith(".msg"))
              .sorted((a, b) -> a.getName().compareTo(b.getName()))
              .toList()) {
        try (InputStream in = jar.getInputStream(e)) {
          messages.put(e.getName(), in.readAllBytes());
        }
      }
    }
    check("mime4j", messages);
  }

  /** Reads every message of a corpus from a Maildir (which stores them byte for byte). */
  void check(String corpus, Map<String, byte[]> messages) throws IOException {
    Map<String, Expected> expected = Expected.read(corpus);
    assertEquals(
        expected.keySet(), messages.keySet(), "the messages " + corpus + ".expected describes");
    Path maildir = home.resolve(corpus);
    for (String d : List.of("cur", "new", "tmp")) Files.createDirectories(maildir.resolve(d));
    List<String> names = new ArrayList<>(messages.keySet());
    for (int i = 0; i < names.size(); i++) {
      Files.write(
          maildir.resolve("cur/" + (1_000_000_000 + i) + ".M" + i + "P1.corpus:2,S"),
          messages.get(names.get(i)));
    }
    InProcess jmail = InProcess.isolated(home, "alice");
    String f = maildir.toString();
    List<String> failures = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    Result list = jmail.run("list", "-f", f);
    if (list.status() != 0
        || list.stderr().length > 0
        || list.out().lines().count() != names.size()) {
      failures.add(
          "list: exit "
              + list.status()
              + ", "
              + list.out().lines().count()
              + " lines, stderr: "
              + list.err());
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i), n = String.valueOf(i + 1);
      Result read = jmail.run("read", "--peek", "-f", f, n);
      Result json = jmail.run("read", "--peek", "--json", "-f", f, n);
      Result raw = jmail.run("read", "--peek", "--raw", "-f", f, n);
      for (Result r : List.of(read, json, raw)) {
        if (r.status() != 0 || r.stderr().length > 0) {
          failures.add(name + ": exit " + r.status() + ", stderr: " + r.err());
        }
      }
      if (!Arrays.equals(messages.get(name), raw.stdout()))
        failures.add(name + ": --raw differs from the stored bytes");
      Expected e = expected.get(name);
      List<String> missing = e.missingFrom(normalise(read.out()));
      String problems = json.out().substring(Math.max(0, json.out().lastIndexOf("\"problems\":[")));
      if (e.boundaryDefect() && !problems.contains("multipart/")) {
        missing.add("a problem about its boundary (Python: " + e.defects() + ")");
      }
      if (!missing.isEmpty() && !DIFFERENCES.containsKey(name)) {
        failures.add(name + ": Python finds, jmail does not show: " + missing + "\n" + read.out());
      }
      if (!missing.isEmpty()) differing.add(name);
    }
    for (String name : DIFFERENCES.keySet()) {
      if (messages.containsKey(name) && !differing.contains(name)) {
        failures.add(
            name
                + ": listed as a difference but jmail now shows what Python finds: drop it from DIFFERENCES");
      }
    }
    assertEquals(
        List.of(), failures, corpus + ": " + failures.size() + " of " + names.size() + " messages");
  }

  /** Each line with its runs of blanks made one space, as the reference text is written. */
  static String normalise(String s) {
    StringBuilder b = new StringBuilder();
    for (String line : s.split("\n", -1))
      b.append(String.join(" ", line.trim().split("\\s+"))).append('\n');
    return b.toString();
  }

  /** One message's entry in {@code corpora/NAME.expected}. */
  record Expected(List<String> shown, List<String> defects) {
    boolean boundaryDefect() {
      return defects.stream().anyMatch(BOUNDARY_DEFECTS::contains);
    }

    List<String> missingFrom(String output) {
      List<String> missing = new ArrayList<>();
      for (String s : shown) if (!output.contains(s)) missing.add(s);
      return missing;
    }

    static Map<String, Expected> read(String corpus) {
      Map<String, Expected> out = new LinkedHashMap<>();
      try {
        List<String> shown = null, defects = null;
        for (String line :
            Files.readAllLines(
                Fixtures.path("corpora/" + corpus + ".expected"), StandardCharsets.UTF_8)) {
          if (line.startsWith("#")) continue;
          if (line.startsWith("== ")) {
            shown = new ArrayList<>();
            defects = new ArrayList<>();
            out.put(line.substring(3), new Expected(shown, defects));
          } else if (line.startsWith("defect: ")) {
            defects.add(line.substring(8));
          } else {
            shown.add(line.substring(line.indexOf(": ") + 2));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }
  }
}
