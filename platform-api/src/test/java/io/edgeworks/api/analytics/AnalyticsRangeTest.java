package io.edgeworks.api.analytics;

import io.edgeworks.api.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyticsRangeTest {
    private static final Instant NOW = Instant.parse("2026-12-02T14:30:20Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    private static AnalyticsRange parse(String from, String to, String step) {
        return AnalyticsRange.parse(from, to, step, NOW, RETENTION, 1440);
    }

    private static String error(String from, String to, String step) {
        ProblemException e = assertThrows(ProblemException.class, () -> parse(from, to, step));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void defaultsToTheLastHourInSixtyWholeMinutes() {
        AnalyticsRange r = parse(null, null, null);
        assertEquals(Instant.parse("2026-12-02T14:31:00Z"), r.to());
        assertEquals(Instant.parse("2026-12-02T13:31:00Z"), r.from());
        assertEquals(Duration.ofMinutes(1), r.step());
        assertEquals(60, r.points());
        AnalyticsRange week = parse("2026-11-25T14:30:00Z", null, null);
        assertEquals(Duration.ofMinutes(169), week.step());
        assertTrue(week.points() <= 60);
    }

    @Test
    void stepsAreWholeMinutesInEitherForm() {
        assertEquals(Duration.ofMinutes(5), parse(null, null, "5m").step());
        assertEquals(Duration.ofHours(1), parse("2026-12-01T00:00:00Z", null, "1h").step());
        assertEquals(Duration.ofMinutes(15), parse(null, null, "PT15M").step());
        assertEquals(Duration.ofMinutes(2), parse(null, null, "120s").step());
        assertEquals(Duration.ofDays(1), parse("2026-11-10T00:00:00Z", null, "1d").step());
    }

    @Test
    void badRangesAreClear400s() {
        assertTrue(error("yesterday", null, null).contains("from: must be an ISO-8601 instant"));
        assertTrue(error("2026-12-02T15:00:00Z", "2026-12-02T14:00:00Z", null).contains("must be before to"));
        assertTrue(error("2026-01-01T00:00:00Z", null, "1d").contains("at most the retention (30 days"));
        assertTrue(error(null, null, "30s").contains("step: must be a whole number of minutes"));
        assertTrue(error(null, null, "90s").contains("whole number of minutes"));
        assertTrue(error(null, null, "fast").contains("step: must be a duration such as 5m"));
        assertTrue(error("2026-11-20T00:00:00Z", null, "1m").contains("at most 1440 (platform.analytics.max-points)"));
    }
}
