package io.edgeworks.api.analytics;

import io.edgeworks.bundle.AnalyticsCell;
import io.edgeworks.bundle.AnalyticsHistograms;
import io.edgeworks.bundle.EnvironmentRef;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Merging stored minutes into series: versions apart, nodes and minutes merged, p99 of the merged histograms. */
class AnalyticsSeriesTest {
    private static final EnvironmentRef HELLO = new EnvironmentRef("acme", "hello", "production");
    private static final Instant FROM = Instant.parse("2026-12-02T14:00:00Z");

    private static AnalyticsRepository.MinuteRow row(int version, int minute, int requests, long cpuMicros, int errors) {
        Histogram h = AnalyticsHistograms.empty();
        h.recordValueWithCount(cpuMicros, requests);
        AnalyticsCell cell = new AnalyticsCell(HELLO, version, requests, List.of(0L, (long) requests - errors, 0L, 0L, (long) errors), 0,
                Map.of(), 0, Map.of("acme/auth/production", 1L), AnalyticsHistograms.encode(h), AnalyticsHistograms.encode(h));
        return new AnalyticsRepository.MinuteRow(version, FROM.plusSeconds(60L * minute).atOffset(ZoneOffset.UTC),
                AnalyticsRepository.figures(cell));
    }

    @Test
    void stepsMergeMinutesAndTheP99IsThatOfAllTheirRequests() {
        AnalyticsRange range = new AnalyticsRange(FROM, FROM.plus(Duration.ofMinutes(10)), Duration.ofMinutes(5));
        List<AnalyticsRepository.MinuteRow> rows = new ArrayList<>();
        rows.add(row(1, 0, 990, 1_000, 0));      // node a's minute: fast
        rows.add(row(1, 3, 10, 200_000, 10));    // a later minute of the step: 10 slow failures
        rows.add(row(2, 7, 5, 2_000, 1));        // the canary, in the second step only
        EnvironmentAnalytics a = AnalyticsService.series("acme/hello/production", range, rows, 10);
        assertEquals(List.of(FROM, FROM.plusSeconds(300)), a.times());
        assertEquals(2, a.versions().size());
        VersionSeries v1 = a.versions().getFirst();
        assertEquals(1, v1.version());
        AnalyticsPoint first = v1.points().getFirst();
        assertEquals(1000, first.requests());
        assertEquals(10, first.errors());
        assertEquals(1.0, first.cpuP50Ms(), 0.01);
        assertEquals(1.0, first.cpuP99Ms(), 0.01);                 // 99 % of the 1000 requests took 1 ms
        assertEquals(1000, v1.totals().requests());
        assertEquals(Map.of("acme/auth/production", 2L), first.bindingCalls());
        assertEquals(0, v1.points().get(1).requests());
        assertNull(v1.points().get(1).cpuP99Ms());
        VersionSeries v2 = a.versions().get(1);
        assertEquals(2, v2.version());
        assertEquals(5, v2.points().get(1).requests());
        assertEquals(2.0, v2.points().get(1).cpuP99Ms(), 0.02);
        assertEquals(Map.of("1xx", 0L, "2xx", 4L, "3xx", 0L, "4xx", 0L, "5xx", 1L), v2.points().get(1).statusClasses());
    }

    @Test
    void versionsBeyondTheLimitAreSummedAsNull() {
        AnalyticsRange range = new AnalyticsRange(FROM, FROM.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1));
        List<AnalyticsRepository.MinuteRow> rows = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            rows.add(row(v, 0, v * 10, 1_000, 0));
        }
        EnvironmentAnalytics a = AnalyticsService.series("k", range, rows, 2);
        assertEquals(3, a.versions().size());
        assertEquals(5, a.versions().get(0).version());
        assertEquals(4, a.versions().get(1).version());
        assertNull(a.versions().get(2).version());
        assertEquals(60, a.versions().get(2).totals().requests());
    }
}
