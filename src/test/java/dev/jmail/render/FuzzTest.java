package dev.jmail.render;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jmail.app.MessageOpener;
import dev.jmail.error.DataFormatException;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageSummary;
import dev.jmail.message.RawHeaders;
import dev.jmail.store.Fixtures;
import dev.jmail.store.maildir.MaildirFolder;
import dev.jmail.store.mbox.MboxFolder;
import dev.jmail.store.mbox.MboxTestAccess;
import dev.jmail.testing.Bounds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * A seeded mutation fuzzer over the read side: the byte fixtures under {@code fixtures/} (mime,
 * mbox, maildir) are mutated (bit flips, inserted and deleted bytes, duplicated and cut ranges,
 * spliced inputs, boundary lines, encoded-word and quoted-printable fragments, CR, NUL, ESC, C1 and
 * bidi bytes, very long lines, blank lines removed, multiparts nested deep) and each mutant is read
 * the ways jmail reads mail: {@link MimeWalker#view} rendered as text and JSON (parts drained),
 * {@link Summaries#fields} and {@link Summaries#line} over its header section, an mbox folder
 * holding it (scan, entries, open, read each message; the scan compared with the small-chunk and
 * two-thread scans) and a Maildir holding it.
 *
 * <p>Asserted for every mutant: nothing but the documented typed error escapes (a file that is not
 * an mbox is a {@code DataFormatException}); no rendered string holds a raw C0 control (LF and TAB
 * excepted in the text view), DEL, a C1 control or a bidi override; each mutant is read within a
 * time bound.
 *
 * <p>The CI run is small and deterministic. A long local run: {@code mvn -o test -Dtest=FuzzTest
 * -Djmail.fuzz.iterations=200000 -Djmail.fuzz.seed=7}; failures are minimised and written to {@code
 * target/fuzz-failures/}.
 */
class FuzzTest {
  static final long SEED = Long.getLong("jmail.fuzz.seed", 20240601L);
  static final int ITERATIONS = Integer.getInteger("jmail.fuzz.iterations", 1200);

  /** For each way of reading one mutant. */
  static final Duration BOUND =
      Bounds.of(Duration.ofSeconds(Long.getLong("jmail.fuzz.timeout", 5)));

  static final String FROM_LINE = "From fuzz@example.com Mon Jan  1 00:00:00 2024\n";

  @TempDir Path tmp;

  @Test
  void mutated_mail_is_read_without_a_crash_a_hang_or_a_raw_control_character() throws IOException {
    String report = run(SEED, ITERATIONS, tmp);
    if (report != null) fail(report);
  }

  /**
   * A long run outside Maven (the build may go on meanwhile): {@code java -cp
   * target/test-classes:target/classes:DEPS dev.jmail.render.FuzzTest SEED ITERATIONS}.
   */
  public static void main(String[] args) throws IOException {
    long seed = Long.parseLong(args[0]);
    int iterations = Integer.parseInt(args[1]);
    Path dir = Files.createTempDirectory("jmail-fuzz");
    String report = run(seed, iterations, dir);
    System.out.println(
        report == null ? "seed " + seed + ": " + iterations + " mutants, no failure" : report);
  }

  static String run(long seedValue, int iterations, Path tmp) throws IOException {
    final long SEED = seedValue;
    final int ITERATIONS = iterations;
    List<byte[]> seeds = seeds();
    Mutator mutator = new Mutator(new Random(SEED), seeds);
    Reader reader = new Reader(tmp);
    Map<String, byte[]> failures = new LinkedHashMap<>();
    long started = System.nanoTime();
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] input = mutator.next();
      String problem = reader.problem(input);
      if (problem != null && !failures.containsKey(problem)) {
        failures.put(problem, input);
        if (ITERATIONS > 1200) System.out.printf("mutant %d: %s%n", i, problem);
        if (failures.size() >= 20) break;
      }
      if (ITERATIONS > 1200 && i % 10_000 == 0) {
        System.out.printf("%d mutants, %d s%n", i, (System.nanoTime() - started) / 1_000_000_000);
      }
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    if (ITERATIONS > 1200)
      System.out.printf("FuzzTest: seed %d, %d mutants, %d ms%n", SEED, ITERATIONS, ms);
    if (failures.isEmpty()) return null;
    StringBuilder report =
        new StringBuilder("seed " + SEED + ": " + failures.size() + " distinct failures\n");
    Path out = Path.of("target", "fuzz-failures");
    Files.createDirectories(out);
    int n = 0;
    for (Map.Entry<String, byte[]> f : failures.entrySet()) {
      byte[] small =
          f.getKey().startsWith("timeout")
              ? f.getValue()
              : reader.minimise(f.getValue(), f.getKey());
      Path file = out.resolve(SEED + "-" + (++n) + ".eml");
      Files.write(file, small);
      report
          .append("  ")
          .append(f.getKey())
          .append("  -> ")
          .append(file)
          .append(" (")
          .append(small.length)
          .append(" bytes)\n");
    }
    return report.toString();
  }

  /**
   * The header decoders alone, on text built from the pieces that trip them (encoded-word
   * fragments, quotes, brackets, comments, controls, 8-bit and bidi characters): many more inputs
   * than the whole-message run, each decoded value made terminal-safe as the listing does.
   */
  @Test
  void header_decoders_take_any_text_without_a_crash_or_a_raw_control_character() {
    Random rnd = new Random(SEED);
    String[] pieces = {
      "=?",
      "?=",
      "=?utf-8?q?",
      "=?UTF-8?B?",
      "=?iso-8859-1?q?",
      "=?x-bogus?b?",
      "=?utf-8*fr?Q?",
      "?q?",
      "?b?",
      "=1B",
      "=C2=9B",
      "=E2=80=AE",
      "=FF",
      "=",
      "4oCu",
      "Gw==",
      "wps=",
      "_",
      "\"",
      "\\",
      "<",
      ">",
      "@",
      ",",
      ";",
      ":",
      "(",
      ")",
      "[",
      "]",
      " ",
      "\t",
      "\r\n ",
      "\n",
      "\u0000",
      "\u001b",
      "\u009b",
      "\u00e9",
      "\u202e",
      "\u2066",
      "a",
      "Bob",
      "example.com",
      "Mon, ",
      "1 Jan 2024 ",
      "10:00:00 ",
      "+0100",
      "-0000",
      "(CET)",
      "GMT",
      "99",
      "'",
      "%",
      "%E2%80%AE",
      "%1b",
      "''",
      "*0*=",
      "*1=",
      "name",
      "&#x202e;",
      "<b>",
      "</p>",
      "\ud83d",
      "\ude00",
      "-Jan-",
      "99999999999",
      "-",
      ".",
      "24:00",
      "\u0663",
      "\uff11",
      "T",
      "2024-01-01T",
      "Z",
    };
    String[] charsets = {
      null, "utf-8", "x-unknown", "utf-16", "utf-7", "iso-2022-jp", "\"\"", "*", "cp-850", ""
    };
    assertTimeoutPreemptively(
        Bounds.of(Duration.ofSeconds(20)),
        () -> {
          for (int i = 0; i < ITERATIONS * 10; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = rnd.nextInt(40); k > 0; k--) b.append(pieces[rnd.nextInt(pieces.length)]);
            String v = b.toString();
            safe("subject", Sanitizer.line(Rfc2047.decodeHeader(v)), false);
            Mailbox m = Mailbox.parseFirst(v);
            safe("name", Sanitizer.line(m.name()), false);
            safe("address", Sanitizer.line(m.address()), false);
            safe("address list", Sanitizer.line(Mailbox.decodeList(v)), false);
            Rfc5322Date.stamp(v);
            String param = Rfc2231.parameter("x; " + v, "name");
            if (param != null) safe("parameter", Sanitizer.line(param), false);
            byte[] bytes =
                v.getBytes(
                    rnd.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            safe(
                "text",
                Sanitizer.text(Charsets.decode(bytes, charsets[rnd.nextInt(charsets.length)])),
                true);
            safe("html", Sanitizer.text(HtmlText.toText(v)), true);
            safe("file name", AttachmentFiles.safeName(v, "part"), false);
          }
        });
  }

  /** Every byte fixture under mime/, mbox/ and maildir/. */
  static List<byte[]> seeds() throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String dir : List.of("mime", "mbox", "maildir")) {
      try (Stream<Path> s = Files.walk(Fixtures.path(dir))) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList())
          out.add(Files.readAllBytes(p));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // the read side, as jmail reads mail

  /** Reads one input every way jmail does; null when all is well, else a short signature. */
  static final class Reader {
    private final Path tmp;
    private int generation;
    private Path mbox;
    private Path maildir;

    Reader(Path tmp) throws IOException {
      this.tmp = tmp;
      freshFiles();
    }

    /** New file names: after a timeout the abandoned thread may still be writing the old ones. */
    private void freshFiles() throws IOException {
      Path dir = tmp.resolve("g" + generation++);
      mbox = dir.resolve("fuzz.mbox");
      maildir = dir.resolve("Maildir");
      for (String s : List.of("cur", "new", "tmp")) Files.createDirectories(maildir.resolve(s));
      last = null;
    }

    /** Each way of reading, within the time bound. */
    private interface Stage {
      void run(byte[] input) throws IOException;
    }

    String problem(byte[] input) {
      String[] names = {"view", "summary", "mbox", "maildir"};
      Stage[] stages = {Reader::view, in -> summary(in), this::mbox, this::maildir};
      for (int k = 0; k < stages.length; k++) {
        String stage = names[k];
        Stage run = stages[k];
        try {
          assertTimeoutPreemptively(BOUND, () -> run.run(input));
        } catch (AssertionFailedError e) {
          if (e.getMessage() != null && e.getMessage().contains("timed out")) {
            try {
              freshFiles();
            } catch (IOException io) {
              throw new UncheckedIOException(io);
            }
            return "timeout in " + stage + " at " + frame(e.getCause() == null ? e : e.getCause());
          }
          return stage + ": " + e.getMessage();
        } catch (AssertionError e) {
          return stage + ": " + e.getMessage();
        } catch (Throwable e) {
          return stage + ": " + e.getClass().getSimpleName() + " at " + frame(e);
        }
      }
      return null;
    }

    private static String frame(Throwable e) {
      for (StackTraceElement f : e.getStackTrace()) {
        if (f.getClassName().startsWith("dev.jmail") && !f.getClassName().contains("FuzzTest")) {
          return f.getClassName().substring(10) + "." + f.getMethodName() + ":" + f.getLineNumber();
        }
      }
      StackTraceElement[] st = e.getStackTrace();
      return st.length == 0 ? "?" : st[0].toString();
    }

    private static void view(byte[] input) throws IOException {
      try (MessageBytes source = MessageBytes.of(input)) {
        render(MimeWalker.view(1, source, false));
        render(MimeWalker.view(1, source, true));
      }
    }

    private static void render(MessageView v) throws IOException {
      safe("text view", v.toText(), true);
      safe("json view", Json.write(v.toJson()), false);
      for (MessageView.Part p : v.parts()) {
        try (InputStream in = p.content().open()) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        fileName(AttachmentFiles.safeName(p.name(), "part"));
      }
    }

    private static final Path SAVE_DIR = Path.of("/tmp/jmail-fuzz-saves");

    /**
     * The name {@code --save-attachments} would write: one component, inside the directory, ≤ 255
     * bytes.
     */
    private static void fileName(String name) {
      safe("file name", name, false);
      if (name.startsWith(".")
          || name.contains("/")
          || name.getBytes(StandardCharsets.UTF_8).length > 240) {
        throw new AssertionError("unsafe file name");
      }
      if (!SAVE_DIR.resolve(name).normalize().getParent().equals(SAVE_DIR))
        throw new AssertionError("name leaves the directory");
    }

    /** Summaries over the header section (up to the first blank line) and over the whole input. */
    private static void summary(byte[] input) {
      int end = headerEnd(input);
      list(Summaries.fields(new RawHeaders(input, end, false)), 1);
      list(Summaries.fields(new RawHeaders(input, input.length, true)), 2);
    }

    private static int headerEnd(byte[] b) {
      for (int i = 0; i + 1 < b.length; i++) {
        if (b[i] == '\n'
            && (b[i + 1] == '\n' || (b[i + 1] == '\r' && i + 2 < b.length && b[i + 2] == '\n'))) {
          return i + 1;
        }
      }
      return b.length;
    }

    private static void list(Summaries.Fields f, int n) {
      MessageEntry e =
          new MessageEntry(
              n, new dev.jmail.message.MessageLocation.Mbox(0, 0, 0, 0), 0, 0, java.util.Set.of());
      summary(Summaries.of(e, f));
    }

    /** Summaries hold the exact text (for JSON); what a terminal gets of it is safe. */
    private static void summary(MessageSummary s) {
      safe("fromName", Summaries.forTerminal(s.fromName()), false);
      safe("fromAddress", Summaries.forTerminal(s.fromAddress()), false);
      safe("subject", Summaries.forTerminal(s.subject()), false);
      if (s.messageId() != null) safe("messageId", Summaries.forTerminal(s.messageId()), false);
      safe("line 80", Summaries.line(s, true, 80), false);
      safe("line 20", Summaries.line(s, false, 20), false);
      safe("list json", Json.write(Summaries.toJson(s)), false);
    }

    private void mbox(byte[] input) throws IOException {
      boolean isMbox = startsWith(input, "From ");
      int hash = Arrays.hashCode(input);
      boolean costly = (hash & 3) == 0; // the slower cross-checks, on a quarter of the inputs
      if (!isMbox) {
        if (costly) {
          Files.write(mbox, input);
          try {
            new MboxFolder(mbox, false).entries();
            if (input.length > 0) throw new AssertionError("not an mbox, yet read as one");
          } catch (DataFormatException expected) {
            // documented: a file whose first line is not a From_ line is not an mbox
          }
        }
        byte[] framed = new byte[FROM_LINE.length() + input.length];
        System.arraycopy(
            FROM_LINE.getBytes(StandardCharsets.US_ASCII), 0, framed, 0, FROM_LINE.length());
        System.arraycopy(input, 0, framed, FROM_LINE.length(), input.length);
        input = framed;
      }
      Files.write(mbox, input);
      MboxFolder f = new MboxFolder(mbox, false);
      List<MessageEntry> entries = f.entries();
      f.scanMapped(Summaries::fields, (e, fields) -> summary(Summaries.of(e, fields)));
      if (!f.hasMessages()) throw new AssertionError("an mbox with a From_ line has no messages");
      int chunk = 12 + Math.floorMod(hash, 200);
      if (!MboxTestAccess.entries(mbox, chunk).equals(entries)) {
        throw new AssertionError("a scan with a small chunk splits differently");
      }
      long segment =
          Math.max(64, input.length / 3); // a few segments: each scanner has a 1 MiB buffer
      if (costly && !MboxTestAccess.parallelEntries(mbox, segment).equals(entries)) {
        throw new AssertionError("the two-thread scan splits differently");
      }
      readEach(f, entries, input, false);
    }

    private Path last;

    /** Maildir names, proper and odd: info, sizes that lie or overflow, no time, unknown flags. */
    private static final String[] NAMES = {
      "1700000000.M1P1.host",
      "1700000001.M2P2.host:2,S",
      "1700000002.M3P3Q4.host,S=5:2,RF",
      "x",
      "99999999999999999999999.M99999999999999999999999Q.host,S=99999999999999999999:2,SRFTDPa",
      "1700000000.M.Q.:2,",
      ":2,S",
      "1700000000.host,S=abc:2,",
      "1700000000.host,S=:2,S:2,T",
      "1700000000.\u00e9.host",
    };

    private void maildir(byte[] input) throws IOException {
      // one message, in new/ or in cur/, under a name from the list
      if (last != null) Files.deleteIfExists(last);
      String name = NAMES[Math.floorMod(Arrays.hashCode(input), NAMES.length)];
      last = maildir.resolve(((input.length & 1) == 0 ? "new/" : "cur/") + name);
      Files.write(last, input);
      MaildirFolder f = new MaildirFolder(maildir, false);
      List<MessageEntry> entries = f.entries();
      f.scan((e, h) -> summary(Summaries.of(e, h)));
      if (entries.size() != 1 || f.count() != 1)
        throw new AssertionError("Maildir lost the message");
      readEach(f, entries, input, true);
    }

    /**
     * Opens and views each message; a message whose bytes are the input's, small enough to be read
     * into the heap, was viewed already (the view of the same bytes).
     */
    private static void readEach(
        dev.jmail.store.Folder f, List<MessageEntry> entries, byte[] input, boolean whole)
        throws IOException {
      for (MessageEntry e : entries) {
        byte[] stored;
        try (InputStream in = f.open(e)) {
          stored = in.readAllBytes();
        }
        if (whole && !Arrays.equals(stored, input))
          throw new AssertionError("open() changed the bytes");
        if (Arrays.equals(stored, input) && stored.length <= MessageBytes.IN_MEMORY) continue;
        try (MessageBytes source = MessageOpener.open(f, e)) {
          render(MimeWalker.view(e.number(), source, false));
        }
      }
    }

    /** A smaller input with the same failure (chunks removed while it persists), for a fixture. */
    byte[] minimise(byte[] input, String signature) {
      int checks = 0;
      for (int chunk = Math.max(1, input.length / 2); chunk >= 1 && checks < 3000; chunk /= 2) {
        for (int at = 0; at < input.length && checks < 3000; ) {
          int to = Math.min(input.length, at + chunk);
          byte[] shorter = new byte[input.length - (to - at)];
          System.arraycopy(input, 0, shorter, 0, at);
          System.arraycopy(input, to, shorter, at, input.length - to);
          checks++;
          if (signature.equals(problem(shorter))) input = shorter;
          else at += chunk;
        }
      }
      return input;
    }
  }

  static boolean startsWith(byte[] b, String prefix) {
    if (b.length < prefix.length()) return false;
    for (int i = 0; i < prefix.length(); i++) if (b[i] != prefix.charAt(i)) return false;
    return true;
  }

  /**
   * Throws when {@code s} holds a character a terminal acts on: C0 controls (LF and TAB allowed in
   * the text view only), DEL, C1 controls, bidi embeddings, overrides and isolates.
   */
  static void safe(String where, String s, boolean lfAndTab) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad =
          (c < 0x20 && !(lfAndTab && (c == '\n' || c == '\t')))
              || (c >= 0x7f && c <= 0x9f)
              || (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069)
              || c == 0x061c;
      if (bad) throw new AssertionError(String.format("U+%04X in %s", (int) c, where));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // mutations

  static final class Mutator {
    private final Random rnd;
    private final List<byte[]> seeds;

    Mutator(Random rnd, List<byte[]> seeds) {
      this.rnd = rnd;
      this.seeds = seeds;
    }

    private static final byte[] INTERESTING = {
      0,
      0x1b,
      '\r',
      '\n',
      '=',
      '?',
      '-',
      ' ',
      '\t',
      ':',
      ';',
      '"',
      '\\',
      '<',
      '>',
      '(',
      ')',
      '@',
      ',',
      (byte) 0x80,
      (byte) 0x9b,
      (byte) 0xc2,
      (byte) 0xe2,
      (byte) 0xff,
      (byte) 0xfe,
      0x7f,
      0x07,
      0x08
    };

    private static final String[] TOKENS = {
      "=?",
      "?=",
      "=?utf-8?q?",
      "=?utf-8?b?",
      "=?UTF-8?Q?a=",
      "=?iso-2022-jp?b?GyRC?=",
      "=?x-unknown?q?a?=",
      "=?utf-8*en?q?x?=",
      "=?utf-8?q?=1B[2J?=",
      "=?utf-8?b?4oCu?=",
      "=?utf-8?q?=C2=9B?=",
      "=?utf-8?q?=E2=80=AE?=",
      "=?utf-16?b?2D3=?=",
      "=?utf-16le?b?AAA=?=",
      "=?utf-7?q?+AGE?=",
      "=?windows-1252?q?=9B?=",
      "=?",
      "=",
      "=\n",
      "=0",
      "=\r\n",
      "=1B",
      "=C2=9B",
      "=E2=80=AE",
      "\r",
      "\0",
      "\u001b[31m",
      "\u001b]0;title\u0007",
      "\n\n",
      "\r\n\r\n",
      "\n" + FROM_LINE,
      "\n>From x\n",
      ">From ",
      "--",
      "\"",
      "<>",
      "<@a,@b:c@d>",
      "(",
      ")",
      "\\",
      "; charset=",
      "; boundary=",
      "; name*0*=utf-8''%E2%80%AE; name*1=x",
      "*0*=",
      "%",
      "%1B",
      "&#x1b;",
      "&#155;",
      "&#8238;",
      "&#x202e;",
      "<html><body>",
      "</",
      "<script>",
      "<style>",
      "<!--",
      "<pre>",
      "<table><tr><td>",
      "begin 644 x\n",
      "\n\t",
      "\n ",
      ":",
      "Subject:",
      "\n.\n",
      "@",
      "\u00e9",
    };

    private static final String[] HEADERS = {
      "Content-Type: multipart/mixed; boundary=\"b\"\n",
      "Content-Type: multipart/alternative; boundary=b\n",
      "Content-Type: multipart/digest; boundary=b\n",
      "Content-Type: multipart/related; boundary=\"\"\n",
      "Content-Type: multipart/mixed\n",
      "Content-Type: message/rfc822\n",
      "Content-Type: message/rfc822; x=\n",
      "Content-Type: text/html; charset=utf-8\n",
      "Content-Type: text/plain; charset=utf-16\n",
      "Content-Type: text/plain; charset=utf-32be\n",
      "Content-Type: text/plain; charset=utf-7\n",
      "Content-Type: text/plain; charset=iso-2022-jp\n",
      "Content-Type: text/plain; charset=x-unknown\n",
      "Content-Type: text/plain; charset=\"\"\n",
      "Content-Type: text/plain; charset=\"\u001b[31m\"\n",
      "Content-Type: ;\n",
      "Content-Type: /\n",
      "Content-Type: text/plain; name*0*=utf-8''a; name*1*=%E2%80%AE%1B; name*2=\"x\"\n",
      "Content-Type: application/octet-stream; name=\"\u001b[2J.exe\"\n",
      "Content-Transfer-Encoding: base64\n",
      "Content-Transfer-Encoding: quoted-printable\n",
      "Content-Transfer-Encoding: x-uuencode\n",
      "Content-Transfer-Encoding: BASE64 \n",
      "Content-Transfer-Encoding: \n",
      "Content-Disposition: attachment; filename=\"=?utf-8?b?4oCu?=\"\n",
      "Content-Disposition: inline; filename*=utf-8''%C2%9B%1B\n",
      "Content-Disposition: attachment\n",
      "Content-Disposition: attachment; filename=\"" + "a".repeat(199) + "\uD83D\uDE00.txt\"\n",
      "Content-Disposition: attachment; filename*=utf-8''" + "%E6%97%A5".repeat(120) + "\n",
      "Subject: =?utf-8?q?=1b?= =?utf-8?b?4oCu?=\n",
      "Subject:\n",
      "From: =?utf-8?b?4oCu?= <a@b>\n",
      "From: \"\\\" <@x:a@b>\n",
      "From: =?utf-8?q?=1B?= <=?utf-8?q?=1B?=@x>\n",
      "From: a, b, (c\n",
      "From:\n",
      "Sender: \u001b <s@x>\n",
      "Return-Path: <\u009b@x>\n",
      "Date: Mon, 99 Foo 99999 99:99:99 +9999\n",
      "Date: Mon, 31 Feb 2024 25:61:61 +2500\n",
      "Date: 0\n",
      "Date: 99999999999-Jan-2024 10:00\n",
      "Date: 2024-01-01T99:99:99+99:99\n",
      "Date: \u0663 Jan \u0663\u0663\u0663\u0663 \u0663:\u0663\u0663 +0000\n",
      "Date: \n",
      "Message-ID: <\u001b[2J@x>\n",
      "To: a@b, (((((((((((\n",
      "Status: RO\n",
      "X-Status: F\n",
      "Subject :\n",
      " continued\n",
    };

    byte[] next() {
      byte[] b = seeds.get(rnd.nextInt(seeds.size()));
      int n = 1 + rnd.nextInt(1 + rnd.nextInt(6));
      for (int k = 0; k < n; k++) {
        b = mutate(b);
        if (b.length > (4 << 20)) b = Arrays.copyOf(b, 4 << 20);
      }
      return b;
    }

    private int pos(byte[] b) {
      return b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
    }

    /** A position at a line start. */
    private int lineStart(byte[] b) {
      int p = pos(b);
      while (p > 0 && p < b.length && b[p - 1] != '\n') p++;
      return Math.min(p, b.length);
    }

    private byte[] mutate(byte[] b) {
      switch (rnd.nextInt(17)) {
        case 0:
          { // bit flips
            if (b.length == 0) return b;
            byte[] c = b.clone();
            for (int k = 1 + rnd.nextInt(4); k > 0; k--)
              c[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
            return c;
          }
        case 1:
          return insert(b, pos(b), new byte[] {(byte) rnd.nextInt(256)});
        case 2:
          return insert(b, pos(b), new byte[] {INTERESTING[rnd.nextInt(INTERESTING.length)]});
        case 3:
          { // delete a few bytes
            if (b.length == 0) return b;
            int at = rnd.nextInt(b.length);
            return cut(b, at, Math.min(b.length, at + 1 + rnd.nextInt(16)));
          }
        case 4:
          { // duplicate a range
            if (b.length == 0) return b;
            int from = rnd.nextInt(b.length),
                to = Math.min(b.length, from + 1 + rnd.nextInt(1 + b.length / 2));
            byte[] r = Arrays.copyOfRange(b, from, to);
            int times = rnd.nextInt(8) == 0 ? 2 + rnd.nextInt(200) : 1;
            byte[] c = b;
            for (int k = 0; k < times && c.length < (2 << 20); k++) c = insert(c, to, r);
            return c;
          }
        case 5:
          { // delete a range
            if (b.length == 0) return b;
            int from = rnd.nextInt(b.length);
            return cut(b, from, Math.min(b.length, from + 1 + rnd.nextInt(1 + b.length / 3)));
          }
        case 6: // truncate
          return Arrays.copyOf(b, pos(b));
        case 7:
          { // splice: a head of this one, a tail of another
            byte[] o = seeds.get(rnd.nextInt(seeds.size()));
            int at = pos(b), from = pos(o);
            byte[] c = Arrays.copyOf(b, at + o.length - from);
            System.arraycopy(o, from, c, at, o.length - from);
            return c;
          }
        case 8:
          return insert(
              b,
              rnd.nextBoolean() ? pos(b) : lineStart(b),
              bytes(TOKENS[rnd.nextInt(TOKENS.length)]));
        case 9:
          { // a boundary line, of a boundary the input declares if it has one
            String boundary = boundary(b);
            String line =
                "--"
                    + boundary
                    + (rnd.nextInt(3) == 0 ? "--" : "")
                    + (rnd.nextBoolean() ? "\n" : "\r\n");
            if (rnd.nextInt(4) == 0) line += "\n";
            return insert(b, lineStart(b), bytes(line));
          }
        case 10:
          { // a very long line
            int[] sizes = {200, 1000, 10_000, 100_000, 1_000_000};
            int size = sizes[rnd.nextInt(rnd.nextInt(20) == 0 ? 5 : 4)];
            String[] fills = {
              "a",
              "=",
              "A",
              " ",
              "=?",
              "-",
              "=?utf-8?q?a?= ",
              "\u00e9",
              "<b>",
              "&amp;",
              "=?a?q? ",
              "a,",
              ";",
              "(",
              "<",
              "\"",
              "\\",
              ":",
              "a=b;",
              " =?utf-8?b?",
              "%",
              "<td></td>",
              "<b> </b>",
              "\t",
            };
            String fill = fills[rnd.nextInt(fills.length)];
            byte[] f = bytes(fill);
            byte[] r = new byte[size];
            for (int k = 0; k < size; k++) r[k] = f[k % f.length];
            return insert(b, pos(b), r);
          }
        case 11: // blank lines removed
          return removeBlankLines(b, rnd.nextBoolean());
        case 12:
          return nest(b, rnd.nextInt(10) == 0 ? 50 + rnd.nextInt(2000) : 1 + rnd.nextInt(40));
        case 13:
          { // line ends changed in a range
            int from = pos(b), to = Math.min(b.length, from + rnd.nextInt(1 + b.length));
            String mode = new String[] {"crlf", "lf", "cr"}[rnd.nextInt(3)];
            return lineEnds(b, from, to, mode);
          }
        case 14: // a header line, at the top or at some line start
          return insert(
              b, rnd.nextBoolean() ? 0 : lineStart(b), bytes(HEADERS[rnd.nextInt(HEADERS.length)]));
        case 15:
          { // a line repeated many times (folded lines, Received fields, boundaries)
            int at = lineStart(b);
            int end = at;
            while (end < b.length && b[end] != '\n') end++;
            byte[] line = Arrays.copyOfRange(b, at, Math.min(b.length, end + 1));
            if (line.length == 0 || line.length > 2000) return b;
            int times = 2 + rnd.nextInt(rnd.nextInt(10) == 0 ? 20_000 : 100);
            byte[] c = new byte[b.length + line.length * times];
            System.arraycopy(b, 0, c, 0, at);
            for (int k = 0; k < times; k++)
              System.arraycopy(line, 0, c, at + k * line.length, line.length);
            System.arraycopy(b, at, c, at + line.length * times, b.length - at);
            return c;
          }
        default:
          { // an 8-bit or encoded terminal attack inside text
            String[] attacks = {"\u001b[2J", "\u009b31m", "\u202e", "\u2066", "\u0000", "\u0007"};
            String a = attacks[rnd.nextInt(attacks.length)];
            byte[] enc =
                a.getBytes(
                    rnd.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            return insert(b, pos(b), enc);
          }
      }
    }

    private static String boundary(byte[] b) {
      String s = new String(b, 0, Math.min(b.length, 64 << 10), StandardCharsets.ISO_8859_1);
      int i = s.toLowerCase(java.util.Locale.ROOT).indexOf("boundary=");
      if (i < 0) return "b";
      int from = i + 9;
      if (from < s.length() && s.charAt(from) == '"') from++;
      int to = from;
      while (to < s.length() && " \";\r\n".indexOf(s.charAt(to)) < 0) to++;
      return s.substring(from, to);
    }

    private static byte[] nest(byte[] b, int depth) {
      StringBuilder head = new StringBuilder(), tail = new StringBuilder();
      for (int d = 0; d < depth; d++) {
        head.append("Content-Type: multipart/mixed; boundary=\"n")
            .append(d)
            .append("\"\n\n--n")
            .append(d)
            .append('\n');
        tail.insert(0, "\n--n" + d + "--\n");
      }
      byte[] h = bytes(head.toString()), t = bytes(tail.toString());
      byte[] c = new byte[h.length + b.length + t.length];
      System.arraycopy(h, 0, c, 0, h.length);
      System.arraycopy(b, 0, c, h.length, b.length);
      System.arraycopy(t, 0, c, h.length + b.length, t.length);
      return c;
    }

    private static byte[] removeBlankLines(byte[] b, boolean onlyFirst) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length);
      boolean done = false;
      for (int i = 0; i < b.length; i++) {
        boolean blank =
            (i == 0 || b[i - 1] == '\n')
                && (b[i] == '\n' || (b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n'));
        if (blank && !(onlyFirst && done)) {
          done = true;
          if (b[i] == '\r') i++;
          continue;
        }
        out.write(b[i]);
      }
      return out.toByteArray();
    }

    private static byte[] lineEnds(byte[] b, int from, int to, String mode) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length + 64);
      out.write(b, 0, from);
      for (int i = from; i < to; i++) {
        if (b[i] == '\r' && i + 1 < to && b[i + 1] == '\n') continue; // re-written at the LF
        if (b[i] == '\n') {
          switch (mode) {
            case "crlf" -> out.writeBytes(new byte[] {'\r', '\n'});
            case "lf" -> out.write('\n');
            default -> out.write('\r');
          }
        } else out.write(b[i]);
      }
      out.write(b, to, b.length - to);
      return out.toByteArray();
    }

    private byte[] insert(byte[] b, int at, byte[] r) {
      byte[] c = new byte[b.length + r.length];
      System.arraycopy(b, 0, c, 0, at);
      System.arraycopy(r, 0, c, at, r.length);
      System.arraycopy(b, at, c, at + r.length, b.length - at);
      return c;
    }

    private static byte[] cut(byte[] b, int from, int to) {
      byte[] c = new byte[b.length - (to - from)];
      System.arraycopy(b, 0, c, 0, from);
      System.arraycopy(b, to, c, from, b.length - to);
      return c;
    }

    private static byte[] bytes(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
