package dev.jmail.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jmail.error.UsageException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** mailx message lists: which messages a command line or an interactive command names. */
class MessageNumbersTest {
  private static List<Integer> parse(String spec, int count) {
    return MessageNumbers.parse(spec, count);
  }

  private static String refusal(Runnable r) {
    return assertThrows(UsageException.class, r::run).getMessage();
  }

  @Test
  void numbers_ranges_and_the_special_words_name_messages_in_the_order_given_once_each() {
    assertEquals(List.of(3), parse("3", 9));
    assertEquals(List.of(2, 5, 6, 7), parse("2 5-7", 9));
    assertEquals(List.of(4, 9), parse("4,9", 9));
    assertEquals(List.of(4, 9), parse("  4 ,  9 ", 9));
    assertEquals(List.of(4), parse(", 4", 9));
    assertEquals(List.of(1), parse("^", 9));
    assertEquals(List.of(9), parse("$", 9));
    assertEquals(List.of(1, 2, 3), parse("*", 3));
    assertEquals(List.of(7, 8, 9), parse("7-$", 9));
    assertEquals(List.of(1, 2), parse("^-2", 9));
    assertEquals(List.of(3), parse("3-3", 9));
    assertEquals(List.of(5, 2, 3, 4), parse("5 2 5 3-4", 9));
    assertEquals(List.of(1, 9, 2), MessageNumbers.parse(List.of("1 9", "2,1"), 9));
  }

  @Test
  void a_number_outside_the_folder_or_a_word_that_is_no_number_is_refused_saying_why() {
    assertEquals(List.of(5), parse("5", 5));
    assertEquals("no message 6 (the folder has 5)", refusal(() -> parse("6", 5)));
    assertEquals("no message 0 (the folder has 5)", refusal(() -> parse("0", 5)));
    assertEquals("no message -3 (the folder has 5)", refusal(() -> parse("-3", 5)));
    assertEquals("no message 9 (the folder has 5)", refusal(() -> parse("2-9", 5)));
    assertEquals("not a message number: x", refusal(() -> parse("x", 5)));
    assertEquals("not a message number: ", refusal(() -> parse("3-", 5)));
    assertEquals("message range backwards: 4-2", refusal(() -> parse("4-2", 5)));
    assertEquals("no message number given", refusal(() -> parse(" , ", 5)));
    assertEquals("no messages", refusal(() -> parse("*", 0)));
    assertEquals("no messages", refusal(() -> parse("^", 0)));
    assertEquals("no messages", refusal(() -> parse("1", 0)));
  }

  /** Six messages; 2 and 5 deleted; 1 and 4 new; 3 and 6 read; the current one is 3 (0: none). */
  private record Folder(int current, Set<Integer> deletedOnes) implements MessageNumbers.Selection {
    Folder(int current) {
      this(current, Set.of(2, 5));
    }

    @Override
    public int count() {
      return 6;
    }

    @Override
    public boolean deleted(int n) {
      return deletedOnes.contains(n);
    }

    @Override
    public boolean has(int n, Flag flag) {
      return switch (flag) {
        case NEW -> n == 1 || n == 4;
        case SEEN -> n == 3 || n == 6;
        default -> false;
      };
    }

    @Override
    public String subject(int n) {
      return List.of("Hello", "Re: budget", "lunch", "RE: Budget 2027", "spam", "minutes")
          .get(n - 1);
    }

    @Override
    public String from(int n) {
      return List.of(
              "Ann <ann@example.org>",
              "Bob <bob@example.org>",
              "Ann <ann@example.org>",
              "Carol <carol@example.net>",
              "Bob <bob@example.org>",
              "Dan <dan@example.com>")
          .get(n - 1);
    }
  }

  private static List<Integer> select(String items, MessageNumbers.Selection f) {
    return MessageNumbers.select(List.of(items), f, false);
  }

  @Test
  void an_interactive_list_selects_undeleted_messages_in_folder_order() {
    Folder f = new Folder(3);
    assertEquals(List.of(1, 3, 4, 6), select("*", f));
    assertEquals(List.of(1, 6), select("6 1", f));
    assertEquals(List.of(4), select("2 4", f), "a deleted one among others is left out");
    assertEquals(List.of(3), select(".", f));
    assertEquals(List.of(3, 4, 6), select(".-$", f));
    assertEquals(List.of(1), select("^", f));
    assertEquals(List.of(6), select("$", f));
    assertEquals(List.of(4), select("/budget", f), "subject, any case; 2 is deleted");
    assertEquals(List.of(1, 3, 4, 6), select("/", f));
    assertEquals(List.of(1, 3), select("ANN", f), "sender, any case");
    assertEquals(List.of(1, 4), select(":n", f));
    assertEquals(List.of(3, 6), select(":o", f));
    assertEquals(List.of(1, 4), select(":u", f));
    assertEquals(List.of(3, 6), select(":r", f));
    assertEquals(List.of(2, 5), select(":d", f), ":d selects the deleted ones for any command");
    assertEquals(List.of(1, 3, 4), select("1,3 4", f));
  }

  @Test
  void the_first_message_is_the_first_undeleted_one_and_undelete_looks_at_deleted_ones() {
    Folder f = new Folder(3, Set.of(1, 2));
    assertEquals(List.of(3), select("^", f));
    assertEquals(List.of(1), MessageNumbers.select(List.of("^"), f, true));
    assertEquals(List.of(1, 2), MessageNumbers.select(List.of("*"), f, true));
    assertEquals(
        "no applicable messages",
        refusal(() -> select("^", new Folder(3, Set.of(1, 2, 3, 4, 5, 6)))));
  }

  @Test
  void an_interactive_list_that_selects_nothing_says_why() {
    Folder f = new Folder(3);
    assertEquals("2: deleted message", refusal(() -> select("2", f)));
    assertEquals("3: not deleted", refusal(() -> MessageNumbers.select(List.of("3"), f, true)));
    assertEquals("no applicable messages", refusal(() -> select("2 5", f)));
    assertEquals("no applicable messages", refusal(() -> select("/nothing like it", f)));
    assertEquals("no applicable messages", refusal(() -> select("nobody@example.org", f)));
    assertEquals("no current message", refusal(() -> select(".", new Folder(0))));
    assertEquals("unknown message type :x (use :n :o :u :r :d)", refusal(() -> select(":x", f)));
    assertEquals("no message 7 (the folder has 6)", refusal(() -> select("7", f)));
    assertEquals("no messages", refusal(() -> select("*", new Empty())));
  }

  /** A folder without messages. */
  private static final class Empty implements MessageNumbers.Selection {
    @Override
    public int count() {
      return 0;
    }

    @Override
    public int current() {
      return 0;
    }

    @Override
    public boolean deleted(int n) {
      return false;
    }

    @Override
    public boolean has(int n, Flag flag) {
      return false;
    }

    @Override
    public String subject(int n) {
      return "";
    }

    @Override
    public String from(int n) {
      return "";
    }
  }

  @Test
  void a_dot_inside_a_number_is_not_the_current_message_spliced_into_it() {
    // "3.5" once read as 3, the current message (4) and 5: message 345
    Folder f = new Folder(4);
    assertEquals("not a message number: 3.5", refusal(() -> select("3.5", f)));
    assertEquals(List.of(4, 6), select(".-6", f));
    assertEquals(List.of(1, 3, 4), select("1-.", f));
  }
}
