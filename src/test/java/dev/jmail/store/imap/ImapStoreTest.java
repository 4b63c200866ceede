package dev.jmail.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.testing.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the IMAP store does for the commands that change a server's mailbox (GreenMail on
 * 127.0.0.1): the flags a Maildir message takes with it, what quit says it did, and when a copy
 * stays inside the server.
 */
class ImapStoreTest extends GreenMailCase {
  /** Each message's subject and its flags from {@code list --json}, new/unread left out. */
  private List<String> flags(String mailbox) {
    String json = cachedJmail().run(asBob("list", "--json", "-f", bobs(mailbox))).succeeded().out();
    List<String> out = new ArrayList<>();
    for (String obj : json.split("\\},?\\s*\\{")) {
      String subject = obj.replaceAll("(?s).*\"subject\":\\s*\"([^\"]*)\".*", "$1");
      String f = obj.replaceAll("(?s).*\"flags\":\\s*\\[([^\\]]*)\\].*", "$1");
      String kept =
          String.join(
              ",",
              java.util.Arrays.stream(f.replace("\"", "").split(","))
                  .map(String::strip)
                  .filter(s -> !s.isEmpty() && !s.equals("new") && !s.equals("unread"))
                  .sorted()
                  .toList());
      out.add(subject + (kept.isEmpty() ? "" : " " + kept));
    }
    return out;
  }

  /** A copy is not deleted where it arrives (T, trashed, stays behind); P is no flag of ours. */
  @Test
  void each_maildir_flag_letter_becomes_its_imap_flag_when_saved_to_a_server() throws Exception {
    Path md = home.resolve("Maildir");
    Files.createDirectories(md.resolve("new"));
    Files.createDirectories(md.resolve("tmp"));
    Path cur = Files.createDirectories(md.resolve("cur"));
    String[][] files = {
      {"1700000001.M1P1.host:2,D", "draft"},
      {"1700000002.M1P1.host:2,F", "flagged"},
      {"1700000003.M1P1.host:2,R", "answered"},
      {"1700000004.M1P1.host:2,S", "seen"},
      {"1700000005.M1P1.host:2,T", "trashed"},
      {"1700000006.M1P1.host:2,P", "passed"},
    };
    for (String[] f : files)
      Files.writeString(cur.resolve(f[0]), "From: a@b\nSubject: " + f[1] + "\n\nx\n");
    cachedJmail().run(asBob("save", "-f", md.toString(), "1-6", bobs("Box"))).succeeded();
    assertEquals(
        List.of(
            "draft draft",
            "flagged flagged",
            "answered answered",
            "seen seen",
            "trashed",
            "passed"),
        flags("Box"));
  }

  @Test
  void quit_on_an_imap_folder_says_how_many_messages_it_deleted_and_kept() throws Exception {
    for (String s : List.of("one", "two", "three", "four")) mail.deliver(s, "x\r\n");
    Result r =
        cachedJmail().stdin("d 1\nd 3\nq\n").run(asBob("-N", "-f", bobs("INBOX"))).succeeded();
    assertTrue(r.out().endsWith(bobs("INBOX") + " updated: 2 messages deleted, 2 kept\n"), r.out());
    r = cachedJmail().stdin("d 2\nq\n").run(asBob("-N", "-f", bobs("INBOX"))).succeeded();
    assertTrue(r.out().endsWith(" updated: 1 message deleted, 1 kept\n"), r.out());
    assertEquals(List.of("two"), flags("INBOX"));
    r = cachedJmail().stdin("q\n").run(asBob("-N", "-f", bobs("INBOX"))).succeeded();
    assertEquals("", r.out(), "nothing deleted: nothing said");
  }

  @Test
  void a_copy_stays_inside_the_server_only_on_the_same_host_port_and_user() throws Exception {
    mail.deliver("traveller", "x\r\n");
    int imaps = greenMail.getImaps().getPort();
    // the host name compared without case: the same account
    Result same =
        cachedJmail()
            .run(
                asBob(
                    "save",
                    "-v",
                    "-f",
                    bobs("INBOX"),
                    "1",
                    "imaps://bob@LOCALHOST:" + imaps + "/Same"))
            .succeeded();
    assertTrue(same.err().contains("UID COPY") && !same.err().contains("APPEND"), same.err());
    // the same server through its other port: another account as far as jmail can tell
    Result other =
        cachedJmail()
            .run(
                asBob(
                    "save",
                    "-v",
                    "-S",
                    "net-allow-plaintext",
                    "-f",
                    bobs("INBOX"),
                    "1",
                    "imap://bob@localhost:" + greenMail.getImap().getPort() + "/Other"))
            .succeeded();
    assertTrue(other.err().contains("APPEND") && !other.err().contains("UID COPY"), other.err());
    assertEquals(List.of("traveller"), flags("Same"));
    assertEquals(List.of("traveller"), flags("Other"));
  }
}
