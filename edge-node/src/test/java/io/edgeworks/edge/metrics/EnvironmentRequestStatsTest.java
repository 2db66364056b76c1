package io.edgeworks.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.LimitKind;
import io.edgeworks.edge.runtime.WorkerVersion;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EnvironmentRequestStatsTest {
    private static final EnvironmentRef API = new EnvironmentRef("acme", "api", "production");
    private static final EnvironmentRef PREVIEW = new EnvironmentRef("acme", "api", "pr-7");

    @Test
    void requestsAreExportedUnderTheMeterNamesTheyHadOnTheRegistryQuarkusScrapes() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompositeMeterRegistry composite = new CompositeMeterRegistry(); // what Quarkus injects: the composite, not the registry
        composite.add(prometheus);
        EdgeMetrics metrics = new EdgeMetrics(composite);
        metrics.request(API, 200, TimeUnit.MILLISECONDS.toNanos(3), TimeUnit.MICROSECONDS.toNanos(400));
        metrics.request(API, 204, TimeUnit.MILLISECONDS.toNanos(5), TimeUnit.MICROSECONDS.toNanos(600));
        metrics.request(API, 503, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        metrics.request(PREVIEW, 404, TimeUnit.MILLISECONDS.toNanos(2), 0);

        String text = prometheus.scrape();
        assertEquals(2.0, value(text, "edge_requests_total", API, "status_class=\"2xx\""), text);
        assertEquals(1.0, value(text, "edge_requests_total", API, "status_class=\"5xx\""), text);
        assertNull(value(text, "edge_requests_total", API, "status_class=\"4xx\""), "a status class appears with its first request");
        assertEquals(1.0, value(text, "edge_requests_total", PREVIEW, "status_class=\"4xx\""), text);
        assertEquals(3.0, value(text, "edge_request_duration_seconds_count", API, null), text);
        assertEquals(0.009, value(text, "edge_request_duration_seconds_sum", API, null), 1e-9, text);
        assertEquals(0.005, value(text, "edge_request_duration_seconds_max", API, null), 1e-9, text);
        assertEquals(3.0, value(text, "edge_request_cpu_ms_count", API, null), text);
        assertEquals(1.1, value(text, "edge_request_cpu_ms_sum", API, null), 1e-9, text);
        assertEquals(0.6, value(text, "edge_request_cpu_ms_max", API, null), 1e-9, text);
        assertTrue(text.contains("# TYPE edge_request_duration_seconds summary"), text);
        // (the 0.0.4 text format names a counter's family with _total, OpenMetrics without)
        assertTrue(Pattern.compile("^# TYPE edge_requests(_total)? counter$", Pattern.MULTILINE).matcher(text).find(), text);
        assertFalse(text.contains("edge_request_duration_seconds_bucket"), "no histogram per environment");
        assertEquals(4.0, value(text, "edge_node_request_duration_seconds_count", null, null), "the node's histogram counts all");
    }

    @Test
    void anEnvironmentTheServedGraphNoLongerCarriesLosesItsSeries() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EdgeMetrics metrics = new EdgeMetrics(prometheus);
        WorkerVersion preview = new WorkerVersion(PREVIEW, 1, "v1", "v1", "worker.js", Map.of("worker.js", ""), Map.of(),
                Map.of(), List.of(), 50);
        metrics.request(API, 200, 1_000_000, 0);
        metrics.request(PREVIEW, 200, 1_000_000, 0);
        metrics.limitHit(preview, LimitKind.CPU);
        metrics.subrequest(preview, "fetch");
        metrics.subrequest(preview, "service");
        metrics.subrequest(preview, "fetch");
        assertEquals(2.0, value(prometheus.scrape(), "edge_subrequests_total", PREVIEW, "kind=\"fetch\""));
        assertEquals(1.0, value(prometheus.scrape(), "edge_subrequests_total", PREVIEW, "kind=\"service\""));
        assertTrue(prometheus.scrape().contains("environment=\"pr-7\""));

        metrics.served(Set.of(API)); // the preview was deleted
        String text = prometheus.scrape();
        assertFalse(text.contains("environment=\"pr-7\""), text);
        assertEquals(1.0, value(text, "edge_request_duration_seconds_count", API, null), text);
        assertEquals(Set.of(API), metrics.environmentsWithRequests());

        // a request that took the previous graph may still land: the environment comes back until the next swap
        metrics.request(PREVIEW, 200, 1_000_000, 0);
        assertEquals(1.0, value(prometheus.scrape(), "edge_request_duration_seconds_count", PREVIEW, null));
        // and its subrequests count again from zero, on a meter the registry has (not the one removed with the series)
        metrics.subrequest(preview, "fetch");
        metrics.subrequest(preview, "fetch");
        assertEquals(2.0, value(prometheus.scrape(), "edge_subrequests_total", PREVIEW, "kind=\"fetch\""));
        metrics.served(Set.of(API));
        assertEquals(Set.of(API), metrics.environmentsWithRequests());
    }

    @Test
    void theMaximumIsOfTheLastOneToTwoMinutes() {
        AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));
        EnvironmentRequestStats stats = new EnvironmentRequestStats(now::get);
        long t0 = now.get();
        stats.record(API, 200, ms(5), ms(4));
        now.set(t0 + seconds(30));
        stats.record(API, 200, ms(2), ms(1));
        assertEquals(ms(5), only(stats).maxDurationNanos());
        assertEquals(ms(4), only(stats).maxCpuNanos());

        now.set(t0 + seconds(70)); // a new window began 10 s ago; nothing in it yet: the previous one's maximum
        assertEquals(ms(5), only(stats).maxDurationNanos());
        stats.record(API, 200, ms(1), ms(1));
        assertEquals(ms(5), only(stats).maxDurationNanos(), "the previous window's maximum still counts");

        now.set(t0 + seconds(135)); // 65 s after the window with the 1 ms request began: only that one
        assertEquals(ms(1), only(stats).maxDurationNanos());
        now.set(t0 + seconds(200)); // two windows without a request
        assertEquals(0, only(stats).maxDurationNanos());
        assertEquals(0, only(stats).maxCpuNanos());

        stats.record(API, 200, ms(3), ms(2)); // after a long pause both windows start empty
        assertEquals(ms(3), only(stats).maxDurationNanos());
        assertEquals(4, only(stats).count());
        assertEquals(ms(11), only(stats).durationNanos());
    }

    @Test
    void concurrentRequestsOfOneEnvironmentAreAllCounted() throws Exception {
        EnvironmentRequestStats stats = new EnvironmentRequestStats(System::nanoTime);
        int threads = 4, each = 50_000;
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long top = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    stats.record(API, 200, 10 + top, 1);
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        EnvironmentRequestStats.Snapshot s = only(stats);
        assertEquals((long) threads * each, s.count());
        assertEquals((long) threads * each, s.byStatusClass()[2]);
        assertEquals((long) each * (10 + 11 + 12 + 13), s.durationNanos());
        assertEquals(13, s.maxDurationNanos());
    }

    private static EnvironmentRequestStats.Snapshot only(EnvironmentRequestStats stats) {
        List<EnvironmentRequestStats.Snapshot> all = stats.snapshot();
        assertEquals(1, all.size());
        return all.getFirst();
    }

    private static long ms(long n) {
        return TimeUnit.MILLISECONDS.toNanos(n);
    }

    private static long seconds(long n) {
        return TimeUnit.SECONDS.toNanos(n);
    }

    /** A sample's value in a text exposition: {@code name{…}} with the environment's labels and {@code extra}; null if absent. */
    private static Double value(String exposition, String name, EnvironmentRef env, String extra) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (env != null && !(labels.contains("account=\"" + env.account() + "\"") && labels.contains("service=\"" + env.service() + "\"")
                    && labels.contains("environment=\"" + env.environment() + "\""))) {
                continue;
            }
            if (extra != null && !labels.contains(extra)) {
                continue;
            }
            return Double.parseDouble(m.group(2));
        }
        return null;
    }
}
