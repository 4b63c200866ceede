package dev.jmail.interactive;

import dev.jmail.compose.HostName;
import dev.jmail.config.Settings;
import dev.jmail.error.IoFailureException;
import dev.jmail.message.AddressList;
import dev.jmail.render.Mailbox;
import dev.jmail.render.Summaries;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The draft of a reply (POSIX mailx reply/Reply): recipients from Reply-To (else From), plus the
 * other To and Cc recipients for a reply to all, without the user's own address; {@code Re:} once;
 * {@code In-Reply-To} and {@code References} (RFC 5322 3.6.4); the text quoted with {@code
 * indentprefix} when {@code quote} is set.
 */
final class Replies {
  private Replies() {}

  static ComposePrompt.State draft(Repl r, int n, boolean all) {
    InternetHeaders h;
    try (InputStream in = r.session.openMessage(n)) {
      h = new InternetHeaders(in);
    } catch (IOException | MessagingException e) {
      throw new IoFailureException(r.session.name() + ": message " + n + ": " + e.getMessage(), e);
    }
    ComposePrompt.State s = new ComposePrompt.State();
    s.replyTo = n;
    Set<String> me = me(r.settings);
    String replyTo = header(h, "Reply-To");
    List<String> senders = addresses(replyTo != null ? replyTo : header(h, "From"));
    if (senders.isEmpty()) senders = addresses(header(h, "Sender"));
    Set<String> seen = new LinkedHashSet<>();
    for (String a : senders) if (seen.add(key(a))) s.to.add(a);
    if (all) {
      for (String a : addresses(header(h, "To"))) {
        if (!me.contains(key(a)) && seen.add(key(a))) s.to.add(a);
      }
      for (String a : addresses(header(h, "Cc"))) {
        if (!me.contains(key(a)) && seen.add(key(a))) s.cc.add(a);
      }
    }
    s.subject = reSubject(decode(header(h, "Subject")));
    String id = header(h, "Message-ID");
    if (id != null && !id.isBlank()) {
      id = id.strip();
      s.headers.add("In-Reply-To: " + id);
      String refs = header(h, "References");
      if (refs == null) refs = header(h, "In-Reply-To");
      s.headers.add(
          "References: "
              + (refs == null || refs.isBlank()
                  ? id
                  : refs.strip().replaceAll("\\s+", " ") + " " + id));
    }
    if (r.settings.isSet("quote")) {
      String prefix = r.settings.get("indentprefix").orElse("> ");
      String who = Summaries.forTerminal(r.session.summary(n).from());
      s.body.append(who.isEmpty() ? "" : who + " wrote:\n");
      s.body.append(quote(ReadingCommands.view(r, n, false).body(), prefix));
    }
    return s;
  }

  /** {@code Re: } once: an existing {@code Re:} (any case, also {@code RE :}) is kept as it is. */
  static String reSubject(String subject) {
    String s = subject == null ? "" : subject.strip();
    if (s.regionMatches(true, 0, "re:", 0, 3) || s.toLowerCase(Locale.ROOT).matches("^re\\s*:.*"))
      return s;
    return "Re: " + s;
  }

  static String quote(String body, String prefix) {
    StringBuilder b = new StringBuilder();
    for (String line : body.split("\n", -1)) b.append(prefix).append(line).append('\n');
    // the split leaves one empty piece after a final newline
    if (body.endsWith("\n")) b.setLength(b.length() - prefix.length() - 1);
    return b.toString();
  }

  private static String header(InternetHeaders h, String name) {
    String v = h.getHeader(name, ", ");
    return v == null ? null : MimeUtility.unfold(v).replaceAll("[\\r\\n]", " ");
  }

  private static String decode(String v) {
    if (v == null) return "";
    try {
      return MimeUtility.decodeText(v);
    } catch (UnsupportedEncodingException e) {
      return v;
    }
  }

  /** The mailboxes of an address header, comments stripped (a lone comment is the name). */
  private static List<String> addresses(String value) {
    List<String> out = new ArrayList<>();
    for (Mailbox m : Mailbox.parseAll(value)) if (!m.address().isBlank()) out.add(m.full());
    return out;
  }

  private static String key(String address) {
    String a = AddressList.first(address).address();
    return (a.isEmpty() ? address : a).toLowerCase(Locale.ROOT);
  }

  /** The user's own addresses: from, alternates, user@host. */
  private static Set<String> me(Settings settings) {
    Set<String> me = new LinkedHashSet<>();
    settings.get("from").ifPresent(f -> me.add(key(f)));
    settings
        .get("alternates")
        .ifPresent(
            a -> {
              for (String x : a.split("[,\\s]+")) if (!x.isBlank()) me.add(key(x));
            });
    me.add((settings.env().user() + "@" + HostName.of(settings.env())).toLowerCase(Locale.ROOT));
    return me;
  }
}
