package dev.jmail.compose;

import dev.jmail.config.Settings;
import dev.jmail.error.ConfigException;
import dev.jmail.error.IoFailureException;
import dev.jmail.error.NoInputException;
import dev.jmail.error.UsageException;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the MIME message from a {@link Draft}: checks every header input, reads attachments
 * (before anything is sent), and produces the exact bytes every transport will send.
 *
 * <p>Everything is UTF-8 whatever the locale: Jakarta Mail falls back to the platform charset for
 * display names, parameters and text when none is given, so a charset is always given.
 */
public final class Composer {
  static {
    // Jakarta Mail's fallback charset for words and parameters: never the locale's.
    System.setProperty("mail.mime.charset", "UTF-8");
  }

  /** Headers jmail writes itself; {@code -C} cannot set them (use the option named instead). */
  private static final List<String> MANAGED =
      List.of(
          "to:-c/arguments",
          "cc:-c",
          "bcc:-b",
          "from:-r",
          "subject:-s",
          "date:",
          "message-id:",
          "mime-version:",
          "content-type:",
          "content-transfer-encoding:",
          "content-disposition:");

  private final Settings settings;
  private final Clock clock;
  private final boolean viaMimeMessage;

  public Composer(Settings settings) {
    // Only instants are taken from the clock; a zone would cost a time-zone provider look-up.
    this(settings, Clock.systemUTC());
  }

  Composer(Settings settings, Clock clock) {
    this(settings, clock, false);
  }

  /** {@code viaMimeMessage}: every message through MimeMessage (the reference for a test). */
  Composer(Settings settings, Clock clock, boolean viaMimeMessage) {
    this.settings = settings;
    this.clock = clock;
    this.viaMimeMessage = viaMimeMessage;
  }

  /** The message, or empty when {@code -E} (or {@code skipemptybody}) applies to an empty one. */
  public Optional<Outgoing> compose(Draft draft) {
    Fields fields = fields(draft);
    if (skipped(draft, fields)) return Optional.empty();
    Addressed addressed = validate(draft, fields);
    return Optional.of(build(fields, addressed));
  }

  /** What the draft and (with {@code -t}) its template header section say, classified. */
  private static final class Fields {
    final List<String> to = new ArrayList<>();
    final List<String> cc = new ArrayList<>();
    final List<String> bcc = new ArrayList<>();
    String subject;
    String fromText;
    final List<String[]> extra = new ArrayList<>();
    String subtype = "plain";
    String bodyText = "";

    /** A whole MIME entity on stdin ({@code -t} with a multipart or non-text body), else null. */
    TemplateBody.Entity entity;
  }

  /** The validated addresses and attachments: what the envelope and the MIME structure need. */
  private record Addressed(
      InternetAddress from,
      List<InternetAddress> to,
      List<InternetAddress> cc,
      Set<String> recipients,
      List<Attachment> attachments) {}

  /** Step 1: the draft's fields, and with {@code -t} the template's header fields sorted in. */
  private Fields fields(Draft draft) {
    Charset inputCharset = inputCharset();
    Fields f = new Fields();
    f.to.addAll(draft.to());
    f.cc.addAll(draft.cc());
    f.bcc.addAll(draft.bcc());
    f.subject = draft.subject();
    f.fromText = draft.from() != null ? draft.from() : settings.get("from").orElse(null);
    for (String h : draft.headers()) f.extra.add(customHeader(h));
    if (!draft.readHeaders()) {
      f.bodyText = BodyText.decode(draft.body(), inputCharset, "stdin");
      return f;
    }
    TemplateHeaders block = TemplateHeaders.parse(draft.body(), inputCharset);
    List<String[]> content = classify(draft, block, f);
    TemplateBody body = TemplateBody.of(content, block.body(), inputCharset);
    if (body instanceof TemplateBody.Text t) {
      f.bodyText = t.text();
      f.subtype = t.subtype() + t.params();
      for (String[] field : content) {
        String name = field[0].toLowerCase(Locale.ROOT);
        if (!name.equals("content-type") && !name.equals("content-transfer-encoding")) {
          f.extra.add(
              new String[] {
                field[0],
                HeaderText.requireSingleLine("-t header " + field[0], decodeWords(field[1]))
              });
        }
      }
    } else {
      f.entity = (TemplateBody.Entity) body;
      if (!draft.attachments().isEmpty()) {
        throw new UsageException(
            "-t: a MIME message on stdin cannot take -a attachments; attach them inside it");
      }
    }
    return f;
  }

  /** Sorts the template's header fields into {@code f}; returns the Content-* fields. */
  private static List<String[]> classify(Draft draft, TemplateHeaders block, Fields f) {
    List<String[]> content = new ArrayList<>();
    for (String[] field : block.fields()) {
      String name = field[0].toLowerCase(Locale.ROOT);
      String value = decodeWords(field[1]);
      switch (name) {
        case "to" -> f.to.add(value);
        case "cc" -> f.cc.add(value);
        case "bcc" -> f.bcc.add(value);
        case "subject" -> {
          if (f.subject == null) f.subject = value;
        }
        case "from" -> {
          if (draft.from() == null) f.fromText = value;
        }
        case "date", "message-id", "mime-version" -> {
          // jmail writes these itself
        }
        default -> {
          if (name.startsWith("content-")) content.add(field);
          else
            f.extra.add(
                new String[] {
                  field[0], HeaderText.requireSingleLine("-t header " + field[0], value)
                });
        }
      }
    }
    return content;
  }

  /** Step 2: {@code -E} / {@code skipemptybody} on an empty message without attachments. */
  private boolean skipped(Draft draft, Fields f) {
    if (!draft.skipEmpty() && !settings.isSet("skipemptybody")) return false;
    boolean empty = f.entity != null ? f.entity.crlfBody().length == 0 : f.bodyText.isEmpty();
    return empty && draft.attachments().isEmpty();
  }

  /** Step 3: the subject, addresses and attachments checked (usage errors before any work). */
  private Addressed validate(Draft draft, Fields f) {
    HeaderText.requireSingleLine("subject", f.subject);
    InternetAddress from =
        f.fromText != null ? Addresses.parse("from address", f.fromText) : defaultFrom();
    List<InternetAddress> toAddrs = recipients("recipient", f.to);
    List<InternetAddress> ccAddrs = recipients("cc address", f.cc);
    List<InternetAddress> bccAddrs = recipients("bcc address", f.bcc);
    Set<String> rcpts = new LinkedHashSet<>();
    for (List<InternetAddress> l : List.of(toAddrs, ccAddrs, bccAddrs))
      rcpts.addAll(Addresses.envelope(l));
    if (rcpts.isEmpty()) throw new UsageException("no recipients given");
    List<Attachment> attachments = new ArrayList<>();
    for (String a : draft.attachments()) attachments.add(Attachment.open(a));
    return new Addressed(from, toAddrs, ccAddrs, rcpts, attachments);
  }

  /** Step 4: the MIME message built and serialised, with its SMTP envelope. */
  private Outgoing build(Fields f, Addressed a) {
    String messageId = messageId(a.from());
    SmtpEnvelope envelope =
        new SmtpEnvelope(a.from().getAddress(), new ArrayList<>(a.recipients()));
    try {
      // A text without attachments, the usual send, is written without a MimeMessage: its class
      // initialiser sets up java.util.logging and a locale-aware date format (start-up time,
      // src/bench/startup.sh). The fields go through the same InternetHeaders (its order of
      // fields) and come out as MimeMessage writes them (TextPartTest compares both).
      if (!viaMimeMessage && f.entity == null && a.attachments().isEmpty()) {
        byte[] bytes = plainText(f, a, messageId);
        HeaderText.requireShortLines(bytes);
        return new Outgoing(envelope, messageId, bytes);
      }
      // No Session: building a message needs none (no session properties are set), and each
      // Session reads the provider lists of every jar (start-up time, src/bench/startup.sh).
      FixedIdMessage m = new FixedIdMessage(messageId);
      headers(m.headers(), f, a);
      if (f.entity != null)
        return new Outgoing(envelope, messageId, withEntity(m, messageId, f.entity));
      byte[] bodyBytes = f.bodyText.getBytes(StandardCharsets.UTF_8);
      if (a.attachments().isEmpty()) {
        m.setTextBody(bodyBytes, f.subtype);
      } else {
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(textPart(bodyBytes, f.subtype));
        for (Attachment att : a.attachments()) mixed.addBodyPart(att.part());
        m.setContent(mixed);
      }
      m.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.writeTo(out);
      HeaderText.requireShortLines(out.toByteArray());
      return new Outgoing(envelope, messageId, out.toByteArray());
    } catch (MessagingException e) {
      throw new UsageException("cannot build the message: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IoFailureException("cannot build the message: " + e.getMessage(), e);
    }
  }

  /** The fields every message has: addresses, subject, date, the extra ones, User-Agent. */
  private void headers(InternetHeaders h, Fields f, Addressed a) {
    h.setHeader("From", addressField("From", List.of(a.from())));
    if (!a.to().isEmpty()) h.setHeader("To", addressField("To", a.to()));
    if (!a.cc().isEmpty()) h.setHeader("Cc", addressField("Cc", a.cc()));
    if (f.subject != null) h.setHeader("Subject", HeaderText.unstructured("Subject", f.subject));
    h.setHeader("Date", DateField.of(clock.instant()));
    for (String[] x : f.extra) h.addHeader(x[0], fieldValue(x[0], x[1]));
    h.setHeader("User-Agent", "jmail/" + version());
  }

  /**
   * A text message as {@link FixedIdMessage#setTextBody} and {@code saveChanges()} make it, and as
   * {@code writeTo} writes it: the header lines (CRLF), an empty line, the body as encoded.
   */
  private byte[] plainText(Fields f, Addressed a, String messageId) throws MessagingException {
    InternetHeaders h = new InternetHeaders();
    headers(h, f, a);
    byte[] utf8 = f.bodyText.getBytes(StandardCharsets.UTF_8);
    String cte = BodyText.transferEncoding(utf8);
    String type = "text/" + f.subtype + "; charset=utf-8";
    byte[] body;
    if (cte.equals("quoted-printable")) {
      h.setHeader("Content-Type", type);
      body = QuotedPrintable.encode(utf8);
    } else {
      // saveChanges() writes the data source's type as ContentType renders it
      h.setHeader("Content-Type", new ContentType(type).toString());
      body = utf8;
    }
    h.setHeader("Content-Transfer-Encoding", cte);
    h.setHeader("MIME-Version", "1.0");
    h.setHeader("Message-ID", messageId);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
    for (java.util.Enumeration<String> e = h.getAllHeaderLines(); e.hasMoreElements(); ) {
      writeAscii(out, e.nextElement());
      out.writeBytes(CRLF);
    }
    out.writeBytes(CRLF);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** A header line as Jakarta Mail's LineOutputStream writes it: one byte a char. */
  private static void writeAscii(ByteArrayOutputStream out, String line) {
    for (int i = 0; i < line.length(); i++) out.write((byte) line.charAt(i));
  }

  /**
   * The text as UTF-8 bytes behind a data source: the same headers and bytes as {@code
   * part.setText(text, "utf-8", subtype)}, without the activation framework's mailcap look-up (it
   * reads mailcap files from every jar: start-up time of a send, src/bench/startup.sh).
   */
  static void setText(jakarta.mail.internet.MimePart part, byte[] utf8, String subtype)
      throws MessagingException {
    part.setDataHandler(
        new DataHandler(new ByteArrayDataSource(utf8, "text/" + subtype + "; charset=utf-8")));
    part.setHeader("Content-Transfer-Encoding", BodyText.transferEncoding(utf8));
  }

  /**
   * The text as a body part: 7bit through {@link #setText}; quoted-printable encoded by {@link
   * QuotedPrintable} (bare CR and From_ lines kept exact) and handed over as encoded bytes, which
   * Jakarta Mail writes as they are.
   */
  static MimeBodyPart textPart(byte[] utf8, String subtype) throws MessagingException {
    String cte = BodyText.transferEncoding(utf8);
    if (!cte.equals("quoted-printable")) {
      MimeBodyPart part = new MimeBodyPart();
      setText(part, utf8, subtype);
      return part;
    }
    InternetHeaders h = new InternetHeaders();
    h.setHeader("Content-Type", "text/" + subtype + "; charset=utf-8");
    h.setHeader("Content-Transfer-Encoding", cte);
    return new MimeBodyPart(h, QuotedPrintable.encode(utf8));
  }

  private Charset inputCharset() {
    return inputCharset(settings);
  }

  /**
   * The {@code input-charset} variable (default UTF-8); an unknown name is a configuration error.
   */
  static Charset inputCharset(Settings settings) {
    String name = settings.get("input-charset").orElse("UTF-8").strip();
    try {
      return Charset.forName(name.isEmpty() ? "UTF-8" : name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("input-charset: unknown charset '" + name + "'");
    }
  }

  /** Expands aliases, splits comma lists, and checks each address. */
  private List<InternetAddress> recipients(String what, List<String> raw) {
    List<String> names = new ArrayList<>();
    for (String r : raw) {
      HeaderText.requireSingleLine(what + " '" + Addresses.printable(r) + "'", r);
      names.addAll(Addresses.split(r));
    }
    List<String> expanded = new ArrayList<>();
    for (String n : settings.aliases().expand(names)) expanded.addAll(Addresses.split(n));
    return Addresses.parseAll(what, expanded);
  }

  private InternetAddress defaultFrom() {
    InternetAddress a = new InternetAddress();
    a.setAddress(settings.env().user() + "@" + HostName.of(settings.env()));
    return a;
  }

  /**
   * Fields whose value is an address list (RFC 5322 3.6.2, 3.6.3, 3.6.6; RFC 8098; the common
   * Mail-Followup-To and Mail-Reply-To): only the display names may be encoded words (RFC 2047
   * 5(3)).
   */
  private static final Set<String> ADDRESS_FIELDS =
      Set.of(
          "sender",
          "reply-to",
          "resent-from",
          "resent-sender",
          "resent-to",
          "resent-cc",
          "mail-followup-to",
          "mail-reply-to",
          "disposition-notification-to",
          "return-receipt-to",
          "errors-to");

  /**
   * The value of a custom field as written: an address field is parsed and written as addresses (a
   * non-ASCII display name encoded, the address itself never, so a reply reaches it); any other
   * field is unstructured text.
   */
  private String fieldValue(String name, String value) {
    if (!ADDRESS_FIELDS.contains(name.toLowerCase(Locale.ROOT)))
      return HeaderText.unstructured(name, value);
    List<InternetAddress> addrs = Addresses.parseAll(name + " address", Addresses.split(value));
    if (addrs.isEmpty()) throw new UsageException(name + ": no address given");
    return addressField(name, addrs);
  }

  /**
   * An address list folded between addresses, never right after the field name: Jakarta Mail writes
   * {@code "From: \r\n\t=?UTF-8?Q?...?= <a@b>"} when the first address is long, and a script's
   * {@code grep '^From:.*a@b'} (or a procmail recipe on the raw line) then misses it.
   */
  String addressField(String name, List<InternetAddress> addrs) {
    InternetAddress[] written = new InternetAddress[addrs.size()];
    for (int i = 0; i < written.length; i++) written[i] = qualified(addrs.get(i));
    String v = InternetAddress.toString(written, name.length() + 2);
    return v.startsWith("\r\n\t") ? v.substring(3) : v;
  }

  /**
   * RFC 5322 3.4.1: an addr-spec has a domain. A local user name ({@code root}) is written as
   * {@code root@HOST} in the header, as sendmail and exim qualify it and as the default From is
   * written; the envelope keeps the name as given, for the MTA (or local delivery) to qualify.
   */
  private InternetAddress qualified(InternetAddress a) {
    if (a.isGroup() || a.getAddress().indexOf('@') >= 0) return a;
    InternetAddress q = (InternetAddress) a.clone();
    q.setAddress(a.getAddress() + "@" + HostName.of(settings.env()));
    return q;
  }

  /** {@code -C "Name: value"}. */
  private static String[] customHeader(String spec) {
    HeaderText.requireSingleLine("-C header", spec);
    int colon = spec.indexOf(':');
    if (colon <= 0 || !HeaderText.isFieldName(spec.substring(0, colon).strip())) {
      throw new UsageException("-C '" + spec + "': expected 'Name: value'");
    }
    String name = spec.substring(0, colon).strip();
    String lower = name.toLowerCase(Locale.ROOT);
    for (String m : MANAGED) {
      int sep = m.indexOf(':');
      if (m.substring(0, sep).equals(lower)) {
        String use = m.substring(sep + 1);
        throw new UsageException(
            "-C '"
                + name
                + "': jmail writes this header itself"
                + (use.isEmpty() ? "" : "; use " + use));
      }
    }
    return new String[] {name, spec.substring(colon + 1).strip()};
  }

  private static String decodeWords(String value) {
    try {
      return MimeUtility.decodeText(value);
    } catch (UnsupportedEncodingException e) {
      return value;
    }
  }

  /**
   * The message with a prepared MIME entity from {@code -t} as its body: jmail's header fields, the
   * entity's Content-* fields as written (folded where long), and its body byte for byte.
   */
  private static byte[] withEntity(MimeMessage m, String messageId, TemplateBody.Entity entity)
      throws MessagingException {
    m.setHeader("Message-ID", messageId);
    m.setHeader("MIME-Version", "1.0");
    for (String[] f : entity.fields()) m.setHeader(f[0], MimeUtility.fold(f[0].length() + 2, f[1]));
    ByteArrayOutputStream out = new ByteArrayOutputStream(entity.crlfBody().length + 1024);
    for (java.util.Enumeration<String> e = m.getAllHeaderLines(); e.hasMoreElements(); ) {
      out.writeBytes(e.nextElement().getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(CRLF);
    }
    out.writeBytes(CRLF);
    out.writeBytes(entity.crlfBody());
    byte[] bytes = out.toByteArray();
    HeaderText.requireShortLines(bytes);
    return bytes;
  }

  private static final byte[] CRLF = {'\r', '\n'};

  /**
   * RFC 5322 3.6.4: {@code msg-id = "<" id-left "@" id-right ">"}, unique: time + 80 random bits.
   */
  private String messageId(InternetAddress from) {
    String addr = from.getAddress();
    int at = addr.lastIndexOf('@');
    String right =
        at > 0 && addr.substring(at + 1).matches("[A-Za-z0-9.-]+")
            ? addr.substring(at + 1)
            : HostName.of(settings.env());
    byte[] r = randomBytes(10);
    return "<"
        + Long.toString(clock.millis(), 36)
        + "."
        + HexFormat.of().formatHex(r)
        + "@"
        + right
        + ">";
  }

  /**
   * Random bytes from /dev/urandom, which is what SecureRandom reads on Linux too, without the
   * security-provider set-up that costs about 10 ms of every send; SecureRandom where there is
   * none.
   */
  private static byte[] randomBytes(int n) {
    byte[] r = new byte[n];
    try (InputStream in = new java.io.FileInputStream("/dev/urandom")) {
      if (in.readNBytes(r, 0, n) == n) return r;
    } catch (IOException e) {
      // not Linux, or no /dev: SecureRandom below
    }
    new SecureRandom().nextBytes(r);
    return r;
  }

  static String version() {
    String v = Composer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Keeps our Message-ID: Jakarta Mail would make one from InetAddress.getLocalHost(). */
  static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(String id) {
      super((Session) null);
      this.id = id;
    }

    /** The text as the whole body, encoded as {@link #textPart} encodes it. */
    void setTextBody(byte[] utf8, String subtype) throws MessagingException {
      String cte = BodyText.transferEncoding(utf8);
      if (!cte.equals("quoted-printable")) {
        Composer.setText(this, utf8, subtype);
        return;
      }
      setHeader("Content-Type", "text/" + subtype + "; charset=utf-8");
      setHeader("Content-Transfer-Encoding", cte);
      // Raw content with no data handler: written byte for byte, not encoded again.
      dh = null;
      content = QuotedPrintable.encode(utf8);
    }

    InternetHeaders headers() {
      return headers;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }

  /** One {@code -a FILE}: checked and typed when the message is built. */
  private record Attachment(Path path, String type) {
    static Attachment open(String name) {
      Path p;
      try {
        p = Path.of(name);
      } catch (java.nio.file.InvalidPathException e) {
        throw new NoInputException("attachment " + name + ": invalid file name");
      }
      if (Files.isDirectory(p))
        throw new NoInputException("attachment " + name + ": is a directory");
      byte[] head = new byte[8192];
      int n;
      try (InputStream in = Files.newInputStream(p)) {
        n = in.readNBytes(head, 0, head.length);
      } catch (NoSuchFileException e) {
        throw new NoInputException("attachment " + name + ": no such file");
      } catch (AccessDeniedException e) {
        throw new NoInputException("attachment " + name + ": permission denied");
      } catch (IOException e) {
        throw new NoInputException("attachment " + name + ": cannot read: " + e.getMessage(), e);
      }
      return new Attachment(p, ContentTypes.detect(fileName(p), head, n));
    }

    /**
     * The name the message advertises: the file's name with control characters (a file name may
     * hold LF or CR) replaced by {@code _}, so no parameter is ever folded or quoted around one.
     */
    static String fileName(Path p) {
      Path f = p.getFileName();
      if (f == null) return "attachment";
      StringBuilder b = new StringBuilder(f.toString());
      for (int i = 0; i < b.length(); i++)
        if (b.charAt(i) < 0x20 || b.charAt(i) == 0x7f) b.setCharAt(i, '_');
      return b.toString();
    }

    MimeBodyPart part() throws MessagingException {
      MimeBodyPart part = new MimeBodyPart();
      part.setDataHandler(new DataHandler(new FileDataSource(path.toFile())));
      String fileName = fileName(path);
      // RFC 2231 (filename*=utf-8''…) for non-ASCII names, split into continuations when long.
      ContentType ct = new ContentType(type);
      ParameterList ctParams =
          ct.getParameterList() == null ? new ParameterList() : ct.getParameterList();
      ctParams.set("name", fileName, "UTF-8");
      ct.setParameterList(ctParams);
      ContentDisposition cd = new ContentDisposition("attachment");
      ParameterList cdParams = new ParameterList();
      cdParams.set("filename", fileName, "UTF-8");
      cd.setParameterList(cdParams);
      part.setHeader("Content-Type", MimeUtility.fold(14, ct.toString()));
      part.setHeader("Content-Disposition", MimeUtility.fold(21, cd.toString()));
      part.setHeader("Content-Transfer-Encoding", "base64");
      return part;
    }
  }
}
