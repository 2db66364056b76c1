package io.edgeworks.edge.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.AnalyticsBatch;
import io.edgeworks.bundle.AnalyticsCell;
import io.edgeworks.bundle.AnalyticsCodec;
import io.edgeworks.bundle.AnalyticsHistograms;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.LimitKind;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MinuteAggregatorTest {
    private static final EnvironmentRef HELLO = new EnvironmentRef("acme", "hello", "production");
    private static final EnvironmentRef AUTH = new EnvironmentRef("acme", "auth", "production");
    private static final long T0 = 1764669900000L; // a minute's start
    private final AtomicLong clock = new AtomicLong(T0 + 1_000);
    private final AtomicInteger overflowed = new AtomicInteger();

    private static WorkerVersion version(EnvironmentRef env, int number) {
        return new WorkerVersion(env, number, "v" + number, "d" + number, "worker.js", Map.of("worker.js", ""), Map.of(), Map.of(),
                List.of(), 50);
    }

    private MinuteAggregator aggregator(int maxCells) {
        return new MinuteAggregator(maxCells, clock::get, overflowed::incrementAndGet);
    }

    private static AnalyticsCell cell(AnalyticsBatch batch, EnvironmentRef env, int version) {
        return batch.cells().stream().filter(c -> env.equals(c.environment()) && c.version() == version).findFirst().orElseThrow();
    }

    @Test
    void countsPerEnvironmentVersionAndMinute() {
        MinuteAggregator agg = aggregator(10);
        WorkerVersion v1 = version(HELLO, 1);
        WorkerVersion v2 = version(HELLO, 2);
        for (int i = 1; i <= 100; i++) {
            agg.request(v1, i == 100 ? 500 : 200, i * 2_000_000L, i * 1_000_000L, i == 100);
        }
        agg.request(v2, 404, 3_000_000, 1_000_000, false);
        agg.limitHit(v2, LimitKind.CPU);
        agg.subrequest(v1);
        agg.subrequest(v1);
        agg.bindingCall(v1, AUTH);

        assertEquals(List.of(), agg.drain("edge-a", false), "the current minute is not finished");
        clock.set(T0 + 60_000 + 5);
        agg.request(v1, 200, 1, 1, false); // next minute
        List<AnalyticsBatch> batches = agg.drain("edge-a", false);
        assertEquals(1, batches.size());
        AnalyticsBatch batch = AnalyticsCodec.decode(AnalyticsCodec.encode(batches.getFirst()));
        assertEquals(T0, batch.minute());
        AnalyticsCell one = cell(batch, HELLO, 1);
        assertEquals(100, one.requests());
        assertEquals(List.of(0L, 99L, 0L, 0L, 1L), one.statusClasses());
        assertEquals(1, one.exceptions());
        assertEquals(2, one.subrequests());
        assertEquals(Map.of("acme/auth/production", 1L), one.bindingCalls());
        Histogram cpu = AnalyticsHistograms.decode(one.cpu());
        assertEquals(50_000, cpu.getValueAtPercentile(50), 500);
        assertEquals(99_000, cpu.getValueAtPercentile(99), 1_000);
        assertEquals(100_000, AnalyticsHistograms.decode(one.wall()).getValueAtPercentile(50), 1_000);
        AnalyticsCell two = cell(batch, HELLO, 2);
        assertEquals(List.of(0L, 0L, 0L, 1L, 0L), two.statusClasses());
        assertEquals(Map.of("cpu", 1L), two.limits());

        List<AnalyticsBatch> current = agg.drain("edge-a", true);
        assertEquals(1, current.size());
        assertEquals(T0 + 60_000, current.getFirst().minute());
        assertEquals(List.of(), agg.drain("edge-a", true), "drained counts are not shipped twice");
    }

    @Test
    void versionsBeyondTheCapGoToTheOverflowCell() {
        MinuteAggregator agg = aggregator(3);
        for (int v = 1; v <= 50; v++) {
            agg.request(version(HELLO, v), 200, 1_000_000, 1_000_000, false);
        }
        AnalyticsBatch batch = agg.drain("edge-a", true).getFirst();
        assertEquals(4, batch.cells().size(), "three versions and the overflow cell");
        AnalyticsCell other = batch.cells().stream().filter(AnalyticsCell::overflow).findFirst().orElseThrow();
        assertEquals(47, other.requests());
        assertEquals(47, overflowed.get());
    }

    @Test
    void concurrentWritersLoseNothingAcrossDrains() throws Exception {
        MinuteAggregator agg = aggregator(10);
        WorkerVersion v1 = version(HELLO, 1);
        int threads = 4;
        int perThread = 50_000;
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            writers[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    agg.request(v1, 200, 1_000, 1_000, false);
                }
            });
        }
        long total = 0;
        boolean running = true;
        while (running) {
            running = false;
            for (Thread w : writers) {
                running |= w.isAlive();
            }
            for (AnalyticsBatch b : agg.drain("edge-a", true)) {
                total += cell(b, HELLO, 1).requests();
                assertEquals(cell(b, HELLO, 1).requests(), AnalyticsHistograms.decode(cell(b, HELLO, 1).cpu()).getTotalCount());
            }
        }
        for (AnalyticsBatch b : agg.drain("edge-a", true)) {
            total += cell(b, HELLO, 1).requests();
        }
        assertEquals((long) threads * perThread, total);
    }

    @Test
    void aLongIdleNodeKeepsABoundedNumberOfMinutes() {
        MinuteAggregator agg = aggregator(10);
        for (int m = 0; m < 20; m++) {
            clock.set(T0 + m * 60_000L);
            agg.request(version(HELLO, 1), 200, 1, 1, false);
        }
        List<AnalyticsBatch> batches = agg.drain("edge-a", true);
        assertTrue(batches.size() <= MinuteAggregator.MAX_CLOSED + 1, batches.size() + " batches");
        assertEquals(T0 + 19 * 60_000L, batches.getLast().minute());
    }
}
