package dev.jmail.render;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Walks a message's MIME tree (RFC 2045-2049) into a {@link MessageView}: text/plain preferred in
 * multipart/alternative, HTML rendered as text, every charset and transfer encoding decoded
 * leniently, attachments listed, message/rfc822 shown with its own headers. Never throws on bad
 * mail: what cannot be decoded is shown raw and named in {@link MessageView#problems()}.
 */
public final class MimeWalker {
  /** Headers of the human view, in this order. */
  public static final List<String> SHOWN = List.of("From", "To", "Cc", "Date", "Subject");

  private static final int MAX_DEPTH = 32;

  private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

  static {
    // Jakarta Mail 2.1 looks its StreamProvider up for every body part and every header section
    // it parses; through the ServiceLoader that is a scan of the class path's jars each time (a
    // multipart of 50,000 parts took over 5 s). Named here, it is one Class.forName.
    String angus = "org.eclipse.angus.mail.util.MailStreamProvider";
    if (System.getProperty(STREAM_PROVIDER) == null && loadable(angus))
      System.setProperty(STREAM_PROVIDER, angus);
  }

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, MimeWalker.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false; // another implementation: found the slow way
    }
  }

  /**
   * Decoded text held for the view, per message: beyond it text parts are cut short (with a note in
   * the problems), so a 500 MB text/plain part does not fill the heap.
   */
  static final int TEXT_LIMIT = 4 << 20;

  /**
   * Body parts split out of multiparts, per message: beyond it a multipart's further parts are
   * counted, not parsed, so 100,000 parts cost no more heap than this many.
   */
  static final int PART_LIMIT = 10_000;

  private final boolean allHeaders;
  private final StringBuilder body = new StringBuilder();
  private final List<MessageView.Part> parts = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private int textBudget = TEXT_LIMIT;
  private int partBudget = PART_LIMIT;

  private MimeWalker(boolean allHeaders) {
    this.allHeaders = allHeaders;
  }

  /**
   * Parses the raw message and builds its view. The message is read into the heap or spooled to a
   * private temporary file (see {@link MessageBytes}); the view's part contents cannot be read
   * afterwards: use {@link #view(int, MessageBytes, boolean)} for that.
   */
  public static MessageView view(int number, InputStream raw, boolean allHeaders)
      throws IOException {
    try (MessageBytes source = MessageBytes.read(raw)) {
      return view(number, source, allHeaders);
    }
  }

  /**
   * Builds the view of a message. Parts stay windows of the source (nothing but the text shown is
   * held in the heap); their {@link MessageView.Part#content()} is readable while it is open.
   */
  public static MessageView view(int number, MessageBytes source, boolean allHeaders) {
    MimeWalker w = new MimeWalker(allHeaders);
    List<MessageView.Header> headers;
    try (InputStream in = source.stream()) {
      MimeBodyPart msg = HeaderSectionEnd.parse(in, w.problems);
      headers = w.headers(msg, allHeaders ? null : SHOWN);
      w.walk(msg, 0);
    } catch (MessagingException | IOException | RuntimeException e) {
      headers = List.of();
      w.body.setLength(0);
      w.parts.clear();
      w.problems.add("cannot parse the message (" + e.getClass().getSimpleName() + "): shown raw");
      w.textBudget = TEXT_LIMIT;
      w.partBudget = PART_LIMIT;
      w.showRaw(source);
    }
    String text = w.body.toString();
    return new MessageView(number, headers, text, List.copyOf(w.parts), List.copyOf(w.problems));
  }

  /** The message's bytes as text, up to the text limit. */
  private void showRaw(MessageBytes source) {
    try (InputStream in = source.stream()) {
      byte[] shown = in.readNBytes(textBudget);
      body.append(Charsets.decode(shown, null));
      if (shown.length < source.length()) {
        problems.add(
            "message too long to show: the first "
                + MessageView.humanSize(shown.length)
                + " of "
                + MessageView.humanSize(source.length())
                + " shown; all of it: --raw");
      }
    } catch (IOException e) {
      problems.add("cannot read the message: " + e.getMessage());
    }
  }

  private List<MessageView.Header> headers(Part p, List<String> names) throws MessagingException {
    List<MessageView.Header> out = new ArrayList<>();
    if (names == null) {
      Enumeration<Header> all = p.getAllHeaders();
      while (all.hasMoreElements()) {
        Header h = all.nextElement();
        out.add(new MessageView.Header(h.getName(), decode(h.getName(), h.getValue())));
      }
    } else {
      for (String n : names) {
        String[] v = p.getHeader(n);
        if (v == null) v = obsoleteHeader(p, n);
        if (v == null) continue;
        // RFC 5322 3.6: at most one of each; a duplicated To/Cc still names everyone, a
        // duplicated From, Date or Subject shows the first, as the listing does
        String value = ADDRESS_LISTS.contains(n) ? String.join(", ", v) : v[0];
        out.add(new MessageView.Header(n, decode(n, value)));
      }
    }
    return out;
  }

  private static final List<String> ADDRESS_LISTS = List.of("To", "Cc");

  /** RFC 5322 4.5.x: {@code obs-from = "From" *WSP ":" ...}: blanks before the colon. */
  private static String[] obsoleteHeader(Part p, String name) throws MessagingException {
    List<String> values = new ArrayList<>();
    Enumeration<Header> all = p.getAllHeaders();
    while (all.hasMoreElements()) {
      Header h = all.nextElement();
      if (h.getName().strip().equalsIgnoreCase(name)) values.add(h.getValue());
    }
    return values.isEmpty() ? null : values.toArray(new String[0]);
  }

  private static String decode(String raw) {
    if (raw == null) return "";
    String unfolded = raw.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", " ");
    return Rfc2047.decodeHeader(unfolded).strip();
  }

  /** RFC 5322 3.6.2, 3.6.3, 3.6.6, 3.6.7 and the common list fields: addresses, not text. */
  private static final java.util.Set<String> ADDRESS_FIELDS =
      java.util.Set.of(
          "from",
          "sender",
          "reply-to",
          "to",
          "cc",
          "bcc",
          "resent-from",
          "resent-sender",
          "resent-to",
          "resent-cc",
          "resent-bcc",
          "return-path",
          "delivered-to",
          "mail-followup-to",
          "mail-reply-to",
          "disposition-notification-to",
          "errors-to");

  /**
   * A field's value for display: in address fields, encoded words only in names ({@link
   * Mailbox#decodeList}).
   */
  private static String decode(String name, String raw) {
    if (raw == null || !ADDRESS_FIELDS.contains(name.strip().toLowerCase(java.util.Locale.ROOT)))
      return decode(raw);
    String unfolded = raw.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", " ");
    return Mailbox.decodeList(unfolded).strip();
  }

  private void walk(Part p, int depth) {
    walk(p, depth, false);
  }

  /**
   * @param inDigest a child of multipart/digest: no Content-Type means message/rfc822 (RFC 2046
   *     5.1.5)
   */
  private void walk(Part p, int depth, boolean inDigest) {
    if (depth > MAX_DEPTH) {
      problems.add("MIME nesting deeper than " + MAX_DEPTH + " levels: not shown");
      return;
    }
    ContentType ct = inDigest && hasNoContentType(p) ? MESSAGE_RFC822 : contentType(p);
    try {
      if (ct.match("multipart/*")) {
        List<? extends BodyPart> mp = multipart(p, ct);
        if (mp == null) {
          leaf(p, new ContentType("text", "plain", null), true);
          return;
        }
        if (ct.getSubType().equalsIgnoreCase("alternative")) {
          BodyPart best = chooseAlternative(mp);
          if (best != null) walk(best, depth + 1);
        } else {
          boolean digest = ct.getSubType().equalsIgnoreCase("digest");
          for (BodyPart part : mp) walk(part, depth + 1, digest);
        }
      } else if (ct.match("message/rfc822") && !isAttachmentDisposition(p)) {
        MimeBodyPart m = innerMessage(p);
        if (m == null) {
          leaf(p, ct, false); // encoded, against RFC 2046 5.2.1, and too long to hold: listed
          return;
        }
        separate();
        body.append("---------- forwarded message ----------\n");
        for (MessageView.Header h : headers(m, SHOWN)) {
          body.append(h.name()).append(": ").append(h.value()).append('\n');
        }
        body.append('\n');
        walk(m, depth + 1);
      } else {
        leaf(p, ct, false);
      }
    } catch (MessagingException | IOException | RuntimeException e) {
      problems.add(
          "part "
              + ct.getBaseType()
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "; shown raw");
      try {
        leaf(p, new ContentType("text", "plain", null), true);
      } catch (Exception e2) {
        // nothing more to show
      }
    }
  }

  /**
   * The parts of a multipart, split straight from its raw body ({@link Rfc2046Multipart}: each part
   * a window of the source, not a copy); null when it has none, so its body is shown as text. What
   * is broken is said in the problems: the text is never dropped.
   */
  private List<? extends BodyPart> multipart(Part p, ContentType ct)
      throws MessagingException, IOException {
    String type = ct.getBaseType().toLowerCase(Locale.ROOT);
    String boundary = ct.getParameter("boundary");
    if (boundary == null || boundary.isEmpty()) {
      problems.add(type + " without boundary parameter: shown as text");
      return null;
    }
    Rfc2046Multipart mp = Rfc2046Multipart.split(rawStream(p), boundary, partBudget);
    partBudget -= mp.parts().size();
    if (mp.skipped() > 0) {
      problems.add(
          type
              + " with more parts than "
              + PART_LIMIT
              + " in the message: the last "
              + mp.skipped()
              + " not shown");
    }
    if (!mp.started()) {
      problems.add(type + " without its first boundary line: shown as text");
      return null;
    }
    if (!mp.closed())
      problems.add(type + " without its closing boundary: the last part runs to the end");
    return mp.parts();
  }

  /**
   * A message/rfc822 part as a message: a window of the source when it is not transfer-encoded (RFC
   * 2046 5.2.1 allows only 7bit, 8bit, binary); decoded into the heap when it is and fits the text
   * limit; else null.
   */
  private MimeBodyPart innerMessage(Part p) throws MessagingException, IOException {
    if (isIdentity(encoding(p))) return HeaderSectionEnd.parse(rawStream(p), problems);
    try (InputStream in = decodedStream(p, problems)) {
      byte[] inner = in.readNBytes(TEXT_LIMIT + 1);
      if (inner.length > TEXT_LIMIT) return null;
      return HeaderSectionEnd.parse(new SharedByteArrayInputStream(inner), problems);
    }
  }

  private BodyPart chooseAlternative(List<? extends BodyPart> mp) {
    BodyPart html = null, other = null;
    for (BodyPart bp : mp) {
      ContentType ct = contentType(bp);
      if (ct.match("text/plain") && !isAttachmentDisposition(bp)) return bp;
      if (ct.match("text/html") && html == null) html = bp;
      if (ct.match("multipart/*") && other == null) other = bp;
    }
    if (html != null) return html;
    if (other != null) return other;
    return mp.isEmpty() ? null : mp.get(mp.size() - 1);
  }

  private void leaf(Part p, ContentType ct, boolean forceText)
      throws MessagingException, IOException {
    String name = fileName(p);
    // RFC 2046 4.1.4: an unrecognised subtype of text is treated as text/plain
    boolean text = forceText || ct.match("text/*");
    boolean inline = text && !isAttachmentDisposition(p) && (name.isEmpty() || ct.match("text/*"));
    String type = ct.getBaseType().toLowerCase(Locale.ROOT);
    int index = parts.size() + 1;
    MessageView.Content content =
        () -> {
          try {
            return forceText ? rawStream(p) : decodedStream(p, null);
          } catch (MessagingException e) {
            throw new IOException(e.getMessage(), e);
          }
        };
    if (!inline) {
      // the size is counted by decoding the part as a stream, exactly, holding none of it
      long size;
      try (InputStream in = forceText ? rawStream(p) : decodedStream(p, problems)) {
        size = in.transferTo(OutputStream.nullOutputStream());
      }
      parts.add(new MessageView.Part(index, type, name, size, false, false, content));
      return;
    }
    byte[] data;
    long size;
    try (InputStream in = forceText ? rawStream(p) : decodedStream(p, problems)) {
      data = in.readNBytes(textBudget);
      size =
          data.length
              + (data.length < textBudget ? 0 : in.transferTo(OutputStream.nullOutputStream()));
    }
    textBudget -= data.length;
    boolean truncated = size > data.length;
    parts.add(new MessageView.Part(index, type, name, size, true, truncated, content));
    if (truncated) {
      problems.add(
          "part "
              + index
              + " ("
              + type
              + ", "
              + MessageView.humanSize(size)
              + ") too long to show: "
              + (data.length == 0
                  ? "not shown"
                  : "the first " + MessageView.humanSize(data.length) + " shown")
              + "; all of it: --save-attachments DIR, or --raw");
    }
    String charset = ct.getParameter("charset");
    if (charset != null && Charsets.lookup(charset) == null) {
      problems.add("unknown charset \"" + charset + "\": guessed");
    }
    String s = Charsets.decode(data, charset);
    if (ct.match("text/html") && !forceText) s = HtmlText.toText(s);
    if (s.isBlank()) return; // an empty part adds no blank line
    separate();
    body.append(s);
    if (!s.isEmpty() && !s.endsWith("\n")) body.append('\n'); // the last LF belongs to the boundary
  }

  private void separate() {
    if (body.length() == 0
        || (body.length() >= 2
            && body.charAt(body.length() - 2) == '\n'
            && body.charAt(body.length() - 1) == '\n')) {
      return; // already after a blank line (the end of a forwarded message's headers)
    }
    if (body.charAt(body.length() - 1) != '\n') body.append('\n');
    body.append('\n');
  }

  private static boolean isAttachmentDisposition(Part p) {
    try {
      String d = p.getDisposition();
      return d != null && d.equalsIgnoreCase(Part.ATTACHMENT);
    } catch (MessagingException e) {
      return false;
    }
  }

  /** The part's file name: Content-Disposition's filename, else Content-Type's name (RFC 2231). */
  private static String fileName(Part p) {
    String n = null;
    try {
      n = Rfc2231.parameter(first(p, "Content-Disposition"), "filename");
      if (n == null || n.isBlank()) n = Rfc2231.parameter(first(p, "Content-Type"), "name");
    } catch (MessagingException | RuntimeException e) {
      n = null;
    }
    return n == null ? "" : n.strip();
  }

  private static String first(Part p, String name) throws MessagingException {
    String[] v = p.getHeader(name);
    return v == null || v.length == 0 ? null : v[0];
  }

  private static final ContentType MESSAGE_RFC822 = new ContentType("message", "rfc822", null);

  private static boolean hasNoContentType(Part p) {
    try {
      return p.getHeader("Content-Type") == null;
    } catch (MessagingException e) {
      return false;
    }
  }

  private ContentType contentType(Part p) {
    String raw = null;
    try {
      raw = p.getContentType();
      if (raw != null) return new ContentType(raw);
    } catch (Exception e) {
      ContentType lenient = lenientContentType(raw);
      if (lenient != null) return lenient;
      problems.add("unparseable Content-Type: taken as text/plain");
    }
    try {
      return new ContentType("text/plain");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A part's body as stored (transfer-encoded); a window of the source, not a copy. */
  private static InputStream rawStream(Part p) throws MessagingException, IOException {
    if (p instanceof MimeBodyPart b) return b.getRawInputStream();
    return p.getInputStream();
  }

  /**
   * A Content-Type with unquoted tspecials in a value ({@code boundary=a/b=c}, {@code name=my
   * file.pdf}; RFC 2045 5.1 wants them quoted): type and subtype as written, each value up to the
   * next {@code ;}. Null when even the type is not {@code token/token}.
   */
  static ContentType lenientContentType(String raw) {
    if (raw == null) return null;
    int semi = raw.indexOf(';');
    String type = (semi < 0 ? raw : raw.substring(0, semi)).strip();
    int slash = type.indexOf('/');
    if (slash <= 0 || slash == type.length() - 1) return null;
    String primary = type.substring(0, slash).strip(), sub = type.substring(slash + 1).strip();
    if (!isToken(primary) || !isToken(sub)) return null;
    jakarta.mail.internet.ParameterList params = new jakarta.mail.internet.ParameterList();
    for (String[] av : Rfc2231.parameters(raw)) {
      if (isToken(av[0]) && params.get(av[0]) == null) params.set(av[0], av[1]);
    }
    return new ContentType(primary, sub, params);
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) return false;
    }
    return true;
  }

  private static String encoding(Part p) throws MessagingException {
    String cte = p instanceof MimePart mp ? mp.getEncoding() : null;
    return cte == null ? null : cte.trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isIdentity(String cte) {
    return cte == null
        || cte.equals("7bit")
        || cte.equals("8bit")
        || cte.equals("binary")
        || cte.isEmpty();
  }

  /**
   * The body with its Content-Transfer-Encoding undone, leniently (our own decoders), as a stream;
   * what is wrong goes to {@code problems} (null: not reported again).
   */
  private static InputStream decodedStream(Part p, List<String> problems)
      throws MessagingException, IOException {
    String cte = encoding(p);
    InputStream raw = rawStream(p);
    if (isIdentity(cte)) return raw;
    switch (cte) {
      case "base64":
        return new TransferDecoding.Base64(raw, problems);
      case "quoted-printable":
        return new TransferDecoding.QuotedPrintable(raw);
      default:
        if (cte.startsWith("x-uue") || cte.equals("uuencode")) return raw;
        if (problems != null)
          problems.add("unknown transfer encoding \"" + cte + "\": shown undecoded");
        return raw;
    }
  }
}
