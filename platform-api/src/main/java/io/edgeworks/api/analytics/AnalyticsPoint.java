package io.edgeworks.api.analytics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** What one version (or the rest of the versions) did in one step of the range, merged over every edge node. */
public record AnalyticsPoint(
        @Schema(description = "Start of the step") Instant time,
        @Schema(description = "Requests served") long requests,
        @Schema(description = "Responses by status class", example = "{\"1xx\":0,\"2xx\":97,\"3xx\":0,\"4xx\":2,\"5xx\":1}")
        Map<String, Long> statusClasses,
        @Schema(description = "Responses with a 5xx status (uncaught exceptions and limit hits answer 5xx too)") long errors,
        @Schema(description = "Requests that ended with an uncaught exception") long exceptions,
        @Schema(description = "Limit hits by kind (cpu, wall_clock, memory, subrequests, binding_depth, …)", example = "{\"cpu\":1}")
        Map<String, Long> limits,
        @Schema(description = "Median CPU time per request in ms, from the merged histograms of every node; null without requests")
        Double cpuP50Ms,
        @Schema(description = "99th percentile of CPU time per request in ms (merged histograms, not an average); null without requests")
        Double cpuP99Ms,
        @Schema(description = "Median wall time per request in ms (until the response headers)") Double wallP50Ms,
        @Schema(description = "99th percentile of wall time per request in ms") Double wallP99Ms,
        @Schema(description = "fetch() and service binding calls made") long subrequests,
        @Schema(description = "Service binding calls by the environment they reached", example = "{\"acme/auth/production\":12}")
        Map<String, Long> bindingCalls) {

    static AnalyticsPoint of(Instant time, Figures f) {
        Map<String, Long> status = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            status.put((i + 1) + "xx", f.statusClasses[i]);
        }
        return new AnalyticsPoint(time, f.requests, status, f.errors(), f.exceptions, Map.copyOf(f.limits),
                f.cpuPercentileMs(50), f.cpuPercentileMs(99), f.wallPercentileMs(50), f.wallPercentileMs(99), f.subrequests,
                Map.copyOf(f.bindingCalls));
    }
}
