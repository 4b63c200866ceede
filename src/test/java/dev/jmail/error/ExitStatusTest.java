package dev.jmail.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExitStatusTest {
  private static final List<JmailException> EVERY_TYPE =
      List.of(
          new UsageException("x"),
          new DataFormatException("x"),
          new NoInputException("x"),
          new UnavailableException("x"),
          new CannotCreateException("x"),
          new IoFailureException("x"),
          new TemporaryFailureException("x"),
          new PermissionException("x"),
          new ConfigException("x"));

  @Test
  void each_failure_type_names_its_own_sysexits_status() {
    int[] expected = {64, 65, 66, 69, 73, 74, 75, 77, 78};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          expected[i],
          ExitStatus.of(EVERY_TYPE.get(i)).code(),
          EVERY_TYPE.get(i).getClass().getSimpleName());
    }
  }

  @Test
  void a_longer_message_keeps_the_type_and_so_the_status_and_the_cause() {
    for (JmailException e : EVERY_TYPE) {
      JmailException longer = e.withMessage("x; message saved in dead.letter");
      assertSame(e.getClass(), longer.getClass());
      assertEquals(e.status(), longer.status());
      assertSame(e, longer.getCause());
      assertEquals("x; message saved in dead.letter", longer.getMessage());
    }
  }

  @Test
  void anything_that_is_not_a_jmail_failure_is_a_bug() {
    assertEquals(ExitStatus.SOFTWARE, ExitStatus.of(new IllegalStateException("x")));
  }
}
