package io.edgeworks.api.analytics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** An environment's traffic per version over a range, in steps. */
public record EnvironmentAnalytics(
        @Schema(description = "account/service/environment", example = "acme/hello/production") String environment,
        @Schema(description = "Start of the range (whole minute)") Instant from,
        @Schema(description = "End of the range, exclusive (whole minute)") Instant to,
        @Schema(description = "Length of a step in seconds", example = "60") long stepSeconds,
        @Schema(description = "Start of each step") List<Instant> times,
        @Schema(description = "One series per version that served requests in the range, busiest first") List<VersionSeries> versions) {
}
