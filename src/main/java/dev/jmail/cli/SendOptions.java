package dev.jmail.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The mailx send-mode options, shared by the root command and {@code jmail send}. */
public final class SendOptions {
  @Option(
      names = {"-s", "--subject"},
      paramLabel = "SUBJECT",
      description = "Subject of the message.")
  String subject;

  @Option(
      names = {"-c", "--cc"},
      paramLabel = "ADDRS",
      split = ",",
      description = "Carbon-copy recipients (comma-separated or repeated).")
  List<String> cc = new ArrayList<>();

  @Option(
      names = {"-b", "--bcc"},
      paramLabel = "ADDRS",
      split = ",",
      description = "Blind carbon-copy recipients: envelope only, never in a header.")
  List<String> bcc = new ArrayList<>();

  @Option(
      names = {"-a", "--attach"},
      paramLabel = "FILE",
      description =
          "Attach a file (repeatable). As in s-nail, Heirloom mailx and mutt; bsd-mailx and GNU"
              + " mail use -a for a header: use -C here.")
  List<String> attachments = new ArrayList<>();

  @Option(
      names = {"-r", "--from"},
      paramLabel = "FROM",
      description = "From: address and envelope sender.")
  String from;

  @Option(
      names = {"-C", "--header"},
      paramLabel = "'NAME: VALUE'",
      description = "Add a custom header (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(
      names = {"-E", "--skip-empty"},
      description = "Do not send a message whose body is empty (exit 0).")
  boolean skipEmpty;

  @Option(
      names = {"-t", "--read-recipients"},
      description =
          "Read To:, Cc:, Bcc: and Subject: from the headers of the message on stdin. Its"
              + " Content-Type charset and Content-Transfer-Encoding are honoured; a prepared MIME message"
              + " (multipart, …; 7-bit) is sent with its structure and body unchanged.")
  boolean recipientsFromHeaders;

  @Option(
      names = "--dry-run",
      description = "Print the envelope and the complete message instead of sending it.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the result of the send as a JSON object.")
  boolean json;

  public String subject() {
    return subject;
  }

  public List<String> cc() {
    return cc;
  }

  public List<String> bcc() {
    return bcc;
  }

  public List<String> attachments() {
    return attachments;
  }

  public String from() {
    return from;
  }

  public List<String> headers() {
    return headers;
  }

  public boolean skipEmpty() {
    return skipEmpty;
  }

  public boolean recipientsFromHeaders() {
    return recipientsFromHeaders;
  }

  public boolean dryRun() {
    return dryRun;
  }

  public boolean json() {
    return json;
  }

  /** Whether any option that only makes sense when sending was given. */
  boolean anyGiven() {
    return subject != null
        || !cc.isEmpty()
        || !bcc.isEmpty()
        || !attachments.isEmpty()
        || from != null
        || !headers.isEmpty()
        || skipEmpty
        || recipientsFromHeaders
        || dryRun;
  }
}
