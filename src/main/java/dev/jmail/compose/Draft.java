package dev.jmail.compose;

import java.util.List;

/**
 * What the user asked to send, before anything is checked: the raw texts from the command line, the
 * rc file and stdin. {@link Composer} turns it into an {@link Outgoing} message or refuses it.
 *
 * @param from {@code -r} or the {@code from} variable; null for user@host
 * @param to recipients (arguments), each possibly a comma-separated list or an alias
 * @param subject {@code -s}; null for none
 * @param headers {@code -C "Name: value"} strings
 * @param attachments {@code -a} file names
 * @param body stdin, read to EOF
 * @param readHeaders {@code -t}: stdin starts with headers naming recipients and subject
 * @param skipEmpty {@code -E}: an empty message is not sent
 */
public record Draft(
    String from,
    List<String> to,
    List<String> cc,
    List<String> bcc,
    String subject,
    List<String> headers,
    List<String> attachments,
    byte[] body,
    boolean readHeaders,
    boolean skipEmpty) {
  public Draft {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    bcc = List.copyOf(bcc);
    headers = List.copyOf(headers);
    attachments = List.copyOf(attachments);
  }
}
