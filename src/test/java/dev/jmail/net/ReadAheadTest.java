package dev.jmail.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jmail.error.TemporaryFailureException;
import dev.jmail.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link LineConnection#readAhead}: a thread reads what the server sends while the caller is busy;
 * what the caller sees must not change: the same lines in order, the same timeout (its own wait),
 * IDLE's wait for data, and the end of the connection.
 */
class ReadAheadTest {
  private static LineConnection open(ScriptedServer s) {
    return LineConnection.open(
        "test", "127.0.0.1", s.port(), false, new TlsPolicy(false, null), 1, null);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Test
  void lines_come_in_order_across_many_buffers_and_the_end_of_the_connection_is_reported()
      throws Exception {
    String big = "y".repeat(100_000);
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  StringBuilder b = new StringBuilder();
                  for (int i = 0; i < 50_000; i++) b.append("line ").append(i).append("\r\n");
                  p.send(b + big + "\r\n").drop();
                });
        LineConnection c = open(s)) {
      c.readAhead();
      for (int i = 0; i < 50_000; i++) assertEquals("line " + i, text(c.readLine(false)));
      assertEquals(big, text(c.readLine(false)));
      long sent = big.length() + 2;
      for (int i = 0; i < 50_000; i++) sent += ("line " + i).length() + 2;
      assertEquals(sent, c.bytesRead());
      TemporaryFailureException e =
          assertThrows(TemporaryFailureException.class, () -> c.readLine(false));
      assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
      assertThrows(TemporaryFailureException.class, () -> c.readLine(false), "and again");
    }
  }

  @Test
  void a_server_silent_for_the_timeout_fails_the_read_with_75_as_without_read_ahead()
      throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  p.send("* OK hello\r\n");
                  try {
                    done.await(30, TimeUnit.SECONDS); // then silent
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        LineConnection c = open(s)) {
      c.readAhead();
      assertEquals("* OK hello", text(c.readLine(false)));
      TemporaryFailureException e =
          assertThrows(TemporaryFailureException.class, () -> c.readLine(false));
      assertTrue(e.getMessage().contains("no answer from the server in 1 s"), e.getMessage());
      assertEquals(75, e.status().code());
    } finally {
      done.countDown();
    }
  }

  @Test
  void waiting_for_data_says_whether_some_came_and_keeps_it_for_the_next_read() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    try (ScriptedServer s =
            new ScriptedServer(
                p -> {
                  try {
                    go.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  p.send("* 3 EXISTS\r\n");
                  p.hang();
                });
        LineConnection c = open(s)) {
      c.readAhead();
      assertFalse(c.awaitData(50), "nothing sent yet");
      go.countDown();
      assertTrue(c.awaitData(30_000));
      assertTrue(c.awaitData(1), "still there until read");
      assertEquals("* 3 EXISTS", text(c.readLine(false)));
    }
  }
}
