package io.edgeworks.api.analytics;

import io.edgeworks.bundle.AnalyticsHistograms;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counters and histograms of any set of minutes, nodes and versions, merged by adding: counts add up, histograms are
 * added bucket by bucket ({@link Histogram#add}), so {@link #cpuPercentileMs} is the percentile of every request in the
 * set, never an average of percentiles. Not thread-safe.
 */
final class Figures {
    long requests;
    final long[] statusClasses = new long[5];
    long exceptions;
    long subrequests;
    final Map<String, Long> limits = new TreeMap<>();
    final Map<String, Long> bindingCalls = new TreeMap<>();
    final Histogram cpu = AnalyticsHistograms.empty();
    final Histogram wall = AnalyticsHistograms.empty();

    void add(Figures other) {
        requests += other.requests;
        for (int i = 0; i < 5; i++) {
            statusClasses[i] += other.statusClasses[i];
        }
        exceptions += other.exceptions;
        subrequests += other.subrequests;
        other.limits.forEach((k, v) -> limits.merge(k, v, Long::sum));
        other.bindingCalls.forEach((k, v) -> bindingCalls.merge(k, v, Long::sum));
        cpu.add(other.cpu);
        wall.add(other.wall);
    }

    /** Responses with a 5xx status (limit hits and uncaught exceptions answer 500 or 503 too). */
    long errors() {
        return statusClasses[4];
    }

    /** The {@code percentile} of CPU time in milliseconds; null without requests. */
    Double cpuPercentileMs(double percentile) {
        return percentileMs(cpu, percentile);
    }

    Double wallPercentileMs(double percentile) {
        return percentileMs(wall, percentile);
    }

    private static Double percentileMs(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        // µs (to the histogram's precision) shown in ms
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
