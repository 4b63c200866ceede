package dev.jmail.render;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

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

  private static final Session SESSION = Session.getInstance(sessionProperties());

  private static Properties sessionProperties() {
    Properties p = new Properties();
    p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
    p.setProperty("mail.mime.multipart.ignoreexistingboundaryparameter", "false");
    p.setProperty("mail.mime.multipart.allowempty", "true");
    p.setProperty("mail.mime.parameters.strict", "false");
    p.setProperty("mail.mime.decodeparameters", "true");
    p.setProperty("mail.mime.address.strict", "false");
    p.setProperty("mail.mime.allowutf8", "false");
    return p;
  }

  private final boolean allHeaders;
  private final StringBuilder body = new StringBuilder();
  private final List<MessageView.Part> parts = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  private MimeWalker(boolean allHeaders) {
    this.allHeaders = allHeaders;
  }

  /** Parses the raw message and builds its view. */
  public static MessageView view(int number, InputStream raw, boolean allHeaders) throws IOException {
    byte[] bytes = raw.readAllBytes();
    MimeWalker w = new MimeWalker(allHeaders);
    List<MessageView.Header> headers;
    try {
      MimeMessage msg = new MimeMessage(SESSION, new HeaderSectionEnd(new ByteArrayInputStream(bytes)));
      headers = w.headers(msg, allHeaders ? null : SHOWN);
      w.walk(msg, 0);
    } catch (MessagingException | RuntimeException e) {
      headers = List.of();
      w.problems.add("cannot parse the message (" + e.getClass().getSimpleName() + "): shown raw");
      w.body.append(Charsets.decode(bytes, null));
    }
    String text = w.body.toString();
    return new MessageView(number, headers, text, List.copyOf(w.parts), List.copyOf(w.problems));
  }

  private List<MessageView.Header> headers(Part p, List<String> names) throws MessagingException {
    List<MessageView.Header> out = new ArrayList<>();
    if (names == null) {
      Enumeration<Header> all = p.getAllHeaders();
      while (all.hasMoreElements()) {
        Header h = all.nextElement();
        out.add(new MessageView.Header(h.getName(), decode(h.getValue())));
      }
    } else {
      for (String n : names) {
        String[] v = p.getHeader(n);
        if (v == null) v = obsoleteHeader(p, n);
        if (v == null) continue;
        // RFC 5322 3.6: at most one of each; a duplicated To/Cc still names everyone, a
        // duplicated From, Date or Subject shows the first, as the listing does
        String value = ADDRESS_LISTS.contains(n) ? String.join(", ", v) : v[0];
        out.add(new MessageView.Header(n, decode(value)));
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

  private void walk(Part p, int depth) {
    walk(p, depth, false);
  }

  /** @param inDigest a child of multipart/digest: no Content-Type means message/rfc822 (RFC 2046 5.1.5) */
  private void walk(Part p, int depth, boolean inDigest) {
    if (depth > MAX_DEPTH) {
      problems.add("MIME nesting deeper than " + MAX_DEPTH + " levels: not shown");
      return;
    }
    ContentType ct = inDigest && hasNoContentType(p) ? MESSAGE_RFC822 : contentType(p);
    try {
      if (ct.match("multipart/*")) {
        Multipart mp = multipart(p, ct);
        if (mp == null) {
          leaf(p, new ContentType("text", "plain", null), true);
          return;
        }
        if (ct.getSubType().equalsIgnoreCase("alternative")) {
          BodyPart best = chooseAlternative(mp);
          if (best != null) walk(best, depth + 1);
        } else {
          boolean digest = ct.getSubType().equalsIgnoreCase("digest");
          for (int i = 0; i < mp.getCount(); i++) walk(mp.getBodyPart(i), depth + 1, digest);
        }
      } else if (ct.match("message/rfc822") && !isAttachmentDisposition(p)) {
        byte[] inner = decodedBytes(p);
        MimeMessage m = new MimeMessage(SESSION, new HeaderSectionEnd(new ByteArrayInputStream(inner)));
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
      problems.add("part " + ct.getBaseType() + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "; shown raw");
      try {
        leaf(p, new ContentType("text", "plain", null), true);
      } catch (Exception e2) {
        // nothing more to show
      }
    }
  }

  /**
   * The parts of a multipart, parsed straight from its raw body (no DataHandler or mailcap
   * lookup: that machinery costs a tenth of a second of start-up for nothing).
   */
  private Multipart multipart(Part p, ContentType ct) {
    try {
      byte[] raw = rawBody(p);
      String type = ct.toString(); // re-quoted when the header was parsed leniently
      MimeMultipart mp = new MimeMultipart(new RawSource(raw, type));
      mp.getCount(); // forces the parse: errors surface here
      return mp;
    } catch (Exception e) {
      problems.add("broken multipart (" + e.getMessage() + "): shown raw");
    }
    return null;
  }

  /** A part's raw bytes as a DataSource for {@link MimeMultipart}. */
  private record RawSource(byte[] bytes, String type) implements jakarta.activation.DataSource {
    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public java.io.OutputStream getOutputStream() throws IOException {
      throw new IOException("read-only");
    }

    @Override
    public String getContentType() {
      return type;
    }

    @Override
    public String getName() {
      return "part";
    }
  }

  private BodyPart chooseAlternative(Multipart mp) throws MessagingException {
    BodyPart html = null, other = null;
    for (int i = 0; i < mp.getCount(); i++) {
      BodyPart bp = mp.getBodyPart(i);
      ContentType ct = contentType(bp);
      if (ct.match("text/plain") && !isAttachmentDisposition(bp)) return bp;
      if (ct.match("text/html") && html == null) html = bp;
      if (ct.match("multipart/*") && other == null) other = bp;
    }
    if (html != null) return html;
    if (other != null) return other;
    return mp.getCount() > 0 ? mp.getBodyPart(mp.getCount() - 1) : null;
  }

  private void leaf(Part p, ContentType ct, boolean forceText) throws MessagingException, IOException {
    byte[] data = forceText ? rawBody(p) : decodedBytes(p);
    String name = fileName(p);
    boolean text = forceText || ct.match("text/plain") || ct.match("text/html");
    boolean inline = text && !isAttachmentDisposition(p) && (name.isEmpty() || ct.match("text/*"));
    parts.add(new MessageView.Part(parts.size() + 1, ct.getBaseType().toLowerCase(Locale.ROOT),
        name, data.length, inline, data));
    if (!inline) return;
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
    if (body.length() == 0 || (body.length() >= 2 && body.charAt(body.length() - 2) == '\n'
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

  /**
   * A Content-Type with unquoted tspecials in a value ({@code boundary=a/b=c}, {@code
   * name=my file.pdf}; RFC 2045 5.1 wants them quoted): type and subtype as written, each value
   * up to the next {@code ;}. Null when even the type is not {@code token/token}.
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

  private static byte[] rawBody(Part p) throws MessagingException, IOException {
    if (p instanceof MimeMessage m) {
      try (InputStream in = m.getRawInputStream()) {
        return in.readAllBytes();
      }
    }
    if (p instanceof MimeBodyPart b) {
      try (InputStream in = b.getRawInputStream()) {
        return in.readAllBytes();
      }
    }
    try (InputStream in = p.getInputStream()) {
      return in.readAllBytes();
    }
  }

  /** The body with its Content-Transfer-Encoding undone, leniently (our own decoders). */
  private byte[] decodedBytes(Part p) throws MessagingException, IOException {
    byte[] raw = rawBody(p);
    String cte = null;
    if (p instanceof MimePart mp) cte = mp.getEncoding();
    if (cte == null) return raw;
    cte = cte.trim().toLowerCase(Locale.ROOT);
    switch (cte) {
      case "base64":
        return TransferDecoding.base64(raw, problems);
      case "quoted-printable":
        return TransferDecoding.quotedPrintable(raw);
      case "7bit", "8bit", "binary", "":
        return raw;
      default:
        if (cte.startsWith("x-uue") || cte.equals("uuencode")) return raw;
        problems.add("unknown transfer encoding \"" + cte + "\": shown undecoded");
        return raw;
    }
  }

  /** Lenient transfer decoders: never fail, report what was skipped. */
  static final class TransferDecoding {
    private TransferDecoding() {}

    static byte[] base64(byte[] raw, List<String> problems) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 3 / 4 + 3);
      int acc = 0, bits = 0, bad = 0;
      boolean padded = false;
      for (byte b : raw) {
        int c = b & 0xff;
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+') v = 62;
        else if (c == '/') v = 63;
        else {
          if (c == '=') {
            padded = true;
            acc = 0;
            bits = 0;
          } else if (c != '\r' && c != '\n' && c != ' ' && c != '\t') bad++;
          continue;
        }
        if (padded) {
          // data after padding: a second base64 stream glued on (seen in the wild)
          padded = false;
        }
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out.write((acc >> bits) & 0xff);
        }
      }
      if (bad > 0) problems.add("broken base64: " + bad + " invalid characters skipped");
      return out.toByteArray();
    }

    /** RFC 2045 6.7; a bad escape is kept as written. */
    static byte[] quotedPrintable(byte[] raw) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
      for (int i = 0; i < raw.length; i++) {
        byte b = raw[i];
        if (b != '=') {
          out.write(b);
          continue;
        }
        // soft line break: "=" [spaces] CRLF or LF
        int j = i + 1;
        while (j < raw.length && (raw[j] == ' ' || raw[j] == '\t')) j++;
        if (j < raw.length && raw[j] == '\n') {
          i = j;
          continue;
        }
        if (j + 1 < raw.length && raw[j] == '\r' && raw[j + 1] == '\n') {
          i = j + 1;
          continue;
        }
        if (j >= raw.length) {
          i = j;
          continue;
        }
        if (i + 2 < raw.length) {
          int h = Character.digit(raw[i + 1], 16), l = Character.digit(raw[i + 2], 16);
          if (h >= 0 && l >= 0) {
            out.write(h * 16 + l);
            i += 2;
            continue;
          }
        }
        out.write(b);
      }
      return out.toByteArray();
    }
  }
}
