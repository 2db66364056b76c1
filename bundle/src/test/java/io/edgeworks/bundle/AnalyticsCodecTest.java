package io.edgeworks.bundle;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-minute aggregates edge nodes add to {@link RedisLayout#ANALYTICS_STREAM}, pinned by a golden file. */
class AnalyticsCodecTest {

    /** The golden batch: v3 of acme/hello/production (10 requests of 1..10 ms CPU) and the overflow cell. */
    static AnalyticsBatch representative() {
        Histogram cpu = AnalyticsHistograms.empty();
        Histogram wall = AnalyticsHistograms.empty();
        for (int ms = 1; ms <= 10; ms++) {
            cpu.recordValue(AnalyticsHistograms.micros(ms * 1_000_000L));
            wall.recordValue(AnalyticsHistograms.micros(ms * 3_000_000L));
        }
        AnalyticsCell hello = new AnalyticsCell(Fixtures.HELLO, 3, 10, List.of(0L, 7L, 0L, 1L, 2L), 1, Map.of("cpu", 1L), 4,
                Map.of("acme/auth/production", 2L), AnalyticsHistograms.encode(cpu), AnalyticsHistograms.encode(wall));
        Histogram one = AnalyticsHistograms.empty();
        one.recordValue(250);
        AnalyticsCell other = new AnalyticsCell(null, 0, 1, List.of(0L, 1L, 0L, 0L, 0L), 0, Map.of(), 0, Map.of(),
                AnalyticsHistograms.encode(one), AnalyticsHistograms.encode(one));
        return new AnalyticsBatch("edge-a", 1764669900000L, List.of(hello, other));
    }

    private static String golden() {
        return new String(Fixtures.resource("golden/analytics-batch.json"), StandardCharsets.UTF_8).strip();
    }

    @Test
    void decodesTheGoldenBytesAndEncodesThemBack() {
        AnalyticsBatch batch = AnalyticsCodec.decode(golden());
        assertEquals(golden(), AnalyticsCodec.encode(batch));
        AnalyticsBatch expected = representative();
        assertEquals(expected.node(), batch.node());
        assertEquals(expected.minute(), batch.minute());
        AnalyticsCell hello = batch.cells().getFirst();
        assertEquals(Fixtures.HELLO, hello.environment());
        assertEquals(3, hello.version());
        assertEquals(List.of(0L, 7L, 0L, 1L, 2L), hello.statusClasses());
        assertEquals(Map.of("cpu", 1L), hello.limits());
        assertEquals(Map.of("acme/auth/production", 2L), hello.bindingCalls());
        Histogram cpu = AnalyticsHistograms.decode(hello.cpu());
        assertEquals(10, cpu.getTotalCount());
        assertEquals(5_000, cpu.getValueAtPercentile(50), 50);
        assertEquals(10_000, cpu.getValueAtPercentile(99), 100);
        assertTrue(batch.cells().get(1).overflow());
        assertNull(batch.cells().get(1).environment());
    }

    @Test
    void histogramsSurviveTheWire() {
        Histogram h = AnalyticsHistograms.empty();
        h.recordValue(AnalyticsHistograms.micros(7_500_000));
        h.recordValue(AnalyticsHistograms.micros(Long.MAX_VALUE));
        Histogram back = AnalyticsHistograms.decode(AnalyticsHistograms.encode(h));
        assertEquals(h, back);
        assertEquals(AnalyticsHistograms.MAX_MICROS, back.getMaxValue(), AnalyticsHistograms.MAX_MICROS / 100);
    }

    @Test
    void theP99OfMergedNodesIsThatOfAllTheirRequests() {
        // node a: 990 fast requests (1 ms); node b: 10 slow ones (200 ms). Each node's own p99 says nothing useful
        // (a: 1 ms, b: 200 ms, their mean ~100 ms); the merged histogram has the true p99 of the 1000 requests.
        Histogram a = AnalyticsHistograms.empty();
        Histogram b = AnalyticsHistograms.empty();
        for (int i = 0; i < 990; i++) {
            a.recordValue(1_000);
        }
        for (int i = 0; i < 10; i++) {
            b.recordValue(200_000);
        }
        Histogram merged = AnalyticsHistograms.decode(AnalyticsHistograms.encode(a));
        merged.add(AnalyticsHistograms.decode(AnalyticsHistograms.encode(b)));
        assertEquals(1000, merged.getTotalCount());
        assertEquals(1_000, merged.getValueAtPercentile(99), 10);
        assertEquals(200_000, merged.getValueAtPercentile(99.5), 2_000);
        assertEquals(1_000, merged.getValueAtPercentile(50), 10);
    }

    @Test
    void decodingIsStrict() {
        String golden = golden();
        assertTrue(assertThrows(BundleFormatException.class, () -> AnalyticsCodec.decode(golden.replace("\"format\":1", "\"format\":2")))
                .getMessage().contains("format 2 is not 1"));
        assertTrue(assertThrows(BundleFormatException.class, () -> AnalyticsCodec.decode(golden.replace("\"format\":1", "\"format\":1,\"x\":1")))
                .getMessage().contains("unknown field(s) [x]"));
        assertTrue(assertThrows(BundleFormatException.class, () -> AnalyticsCodec.decode(golden.replace("[0,7,0,1,2]", "[0,7,0,1]")))
                .getMessage().contains("5 entries"));
        assertTrue(assertThrows(BundleFormatException.class, () -> AnalyticsCodec.decode(golden.replace("\"minute\":1764669900000", "\"minute\":1764669900001")))
                .getMessage().contains("multiple of 60000"));
        assertTrue(assertThrows(BundleFormatException.class, () -> AnalyticsHistograms.decode("bm90IGEgaGlzdG9ncmFt"))
                .getMessage().contains("not an encoded histogram"));
    }
}
