package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The five-field cron rules both planes share: what parses, what is refused and why, and the next tick in UTC. */
class CronScheduleTest {
    private static final Instant WEDNESDAY = Instant.parse("2026-12-02T10:03:07Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "* * * * *        | 2026-12-02T10:04:00Z",
            "*/5 * * * *      | 2026-12-02T10:05:00Z",
            "0 9 * * MON-FRI  | 2026-12-03T09:00:00Z",
            "0 0 * * 7        | 2026-12-06T00:00:00Z",
            "0 0 1 * 1        | 2026-12-07T00:00:00Z",  // both day fields restricted: either matches (crontab)
            "0 12 * JAN,FEB 0 | 2027-01-03T12:00:00Z",
            "15,45 10-12/2 * * * | 2026-12-02T10:15:00Z",
    })
    void nextTickInUtc(String expression, String next) {
        assertEquals(Optional.of(Instant.parse(next)), CronSchedule.parse(expression).next(WEDNESDAY));
    }

    @Test
    void aTickIsStrictlyAfterTheGivenInstant() {
        CronSchedule everyMinute = CronSchedule.parse("* * * * *");
        Instant tick = Instant.parse("2026-12-02T10:04:00Z");
        assertEquals(Optional.of(Instant.parse("2026-12-02T10:05:00Z")), everyMinute.next(tick));
        assertEquals(Optional.of(tick), everyMinute.next(tick.minusMillis(1)));
    }

    @Test
    void whiteSpaceIsNormalised() {
        assertEquals("*/5 * * * *", CronSchedule.parse("  */5   *\t* * *  ").expression());
        assertEquals(CronSchedule.parse("*/5 * * * *"), CronSchedule.parse(" */5 * * * * "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "* * * *             | has 4 fields; a cron expression has five",
            "* * * * * *         | has 6 fields",
            "hello               | has 1 field;",
            "61 * * * *          | Value 61 not in range [0, 59]",
            "*/0 * * * *         | not a valid cron expression",
            "@hourly             | has 1 field",
            "0 0 L * *           | Invalid chars",
            "0 0 ? * *           | not a valid cron expression",
            "0 0 31 2 *          | never fires",
            "0 25 * * *          | not in range",
    })
    void refusesWithAReason(String expression, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(expression));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void refusesEmptyAndOverlongExpressions() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("  ")).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("1,".repeat(200) + "2 * * * *"))
                .getMessage().contains("at most 256"));
    }
}
