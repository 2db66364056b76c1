package io.edgeworks.api.analytics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The account's environments over a range: the busiest and the most failing. */
public record AccountAnalytics(
        Instant from,
        Instant to,
        @Schema(description = "Environments by requests, most first") List<EnvironmentSummary> busiest,
        @Schema(description = "Environments with errors by error rate (5xx / requests), highest first") List<EnvironmentSummary> mostFailing) {

    /** One environment's totals over the range. */
    public record EnvironmentSummary(String service, String environment, long requests,
                                     @Schema(description = "Responses with a 5xx status") long errors,
                                     @Schema(description = "Requests that ended with an uncaught exception") long exceptions,
                                     long limitHits,
                                     @Schema(description = "errors / requests, 0..1") double errorRate) {
    }
}
