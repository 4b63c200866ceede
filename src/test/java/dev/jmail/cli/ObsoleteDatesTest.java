package dev.jmail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jmail.store.Fixtures;
import dev.jmail.testing.InProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The obsolete and sloppy Date forms other readers take (RFC 5322 4.3 obs-date, and what Python's
 * {@code email.utils.parsedate_to_datetime}, mutt and s-nail read besides) date a message by its
 * Date field, not by its mbox From_ line (dated 2026 in the fixture, so a miss shows).
 */
class ObsoleteDatesTest {
  @TempDir Path home;

  /**
   * Each message's Date (see the fixture), as {@code list --json} gives it. Python reads the same
   * but where noted: each difference is RFC 5322 4.3's rule, or a form Python refuses.
   */
  static final List<String> EXPECTED =
      List.of(
          "2001-01-01T00:01:00+00:00", // 01 Jan 2001 00:01+0000 (the zone glued to the time)
          "2001-01-01T00:01:02-05:00", // Mon, 01 Jan 2001 00:01:02-0500
          "2001-01-01T00:01:02+00:00", // Mon,01 Jan 2001 00:01:02 +0000
          "2001-01-01T00:01:02+00:00", // Mon 01 Jan 2001 00:01:02 +0000
          "2001-01-01T00:01:02+00:00", // Jan 01 2001 00:01:02 +0000
          "2001-01-01T00:01:02-00:00", // Mon Jan  1 00:01:02 2001 (asctime: no zone)
          "2001-01-01T00:01:02+00:00", // Mon Jan 01 00:01:02 GMT 2001 (date(1))
          "2001-01-01T00:01:02+00:00", // Monday, 01-Jan-01 00:01:02 GMT (RFC 850)
          "2001-01-01T00:01:02+00:00", // 01-Jan-2001 00:01:02 +0000
          "2001-01-01T00:01:02-05:00", // 1 Jan 2001 00:01:02 EST
          "2001-01-01T00:01:02-07:00", // 1 Jan 2001 00:01:02 PDT
          "2001-01-01T00:01:02+00:00", // 1 Jan 2001 00:01:02 UT
          "2001-01-01T00:01:02+00:00", // 1 Jan 2001 00:01:02 +0000 (UTC)
          "2001-01-01T00:01:02+00:00", // 1 Jan 01 00:01:02 +0000
          "1975-01-01T00:01:02+00:00", // 1 Jan 75 00:01:02 +0000
          "2001-01-01T00:01:02+00:00", // 1 Jan 2001 00.01.02 +0000
          "2001-01-01T00:01:02+00:00", // 1 January 2001 00:01:02 +0000
          "2001-01-01T00:01:00+00:00", // 1 Jan 2001 00:01 +0000
          "2001-01-01T00:01:02+00:00", // 1 Jan 2001, 00:01:02 +0000
          "2001-01-01T00:01:02+00:00", // Mon, 1 Jan 2001 0:1:2 +0000
          "2001-01-01T00:01:02-00:00", // Mon, 1 Jan 2001 00:01:02 (no zone)
          "2001-01-01T00:01:02-00:00", // Mon, 1 Jan 2001 00:01:02 -0000
          "2001-01-01T00:01:02+00:00", // Mon, 1 Jan 2001 00:01:02 +0000 GMT
          "2001-01-01T00:01:02+00:00", // 1 jan 2001 00:01:02 +0000
          "2001-01-01T00:01:02+00:00", // Tue, 1 Jan 2001 00:01:02 +0000 (wrong day of week)
          "1950-01-01T00:01:02+00:00", // 1 Jan 50: RFC 5322 4.3 (Python, POSIX: 2050)
          "2001-01-01T00:01:02+00:00", // 1 Jan 101: RFC 5322 4.3 adds 1900 (Python: year 101)
          "2001-01-01T00:01:02-00:00", // 1 Jan 2001 00:01:02 Z: military, RFC 5322 4.3 (Python:
          // +00:00)
          "2001-01-01T00:01:02-04:00", // 1 Jan 2001 00:01:02 AST (Atlantic, as Python and mutt)
          "2001-01-01T00:01:02+00:00", // 1 Jan 2001 00:01:02 +00:00 (Python: offset unknown)
          "2001-01-01T00:01:02+00:00", // 1 Jan 2001 00:01:02.123 +0000 (Python: no date)
          "2001-01-01T00:01:02+00:00", // 2001-01-01T00:01:02Z (Python: no date)
          "2001-01-01T00:01:02-00:00"); // Mon, 1 Jan 2001 00:01:02 CEST: unknown zone, the time as

  // written

  @Test
  void obsolete_and_sloppy_dates_other_readers_take_date_the_message_not_the_from_line() {
    String f = Fixtures.path("mbox/obsolete-and-sloppy-dates.mbox").toString();
    String out = InProcess.isolated(home, "alice").run("list", "--json", "-f", f).succeeded().out();
    assertEquals(EXPECTED, ListReadAgreementTest.json(out, "date"));
  }

  @Test
  void a_time_with_its_zone_glued_on_is_listed_in_its_own_year() {
    String f = Fixtures.path("mbox/obsolete-and-sloppy-dates.mbox").toString();
    String line =
        InProcess.isolated(home, "alice")
            .run("list", "-f", f)
            .succeeded()
            .out()
            .lines()
            .findFirst()
            .orElseThrow();
    assertEquals("Mon Jan  1 00:01", ListReadAgreementTest.dates(line).get(0));
  }
}
