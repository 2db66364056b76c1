package io.edgeworks.api.analytics;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One version's figures over the range: its totals and one point per step (the same steps as {@code times}). */
public record VersionSeries(
        @Schema(description = "The version number; null for the sum of the versions beyond platform.analytics.max-versions")
        Integer version,
        @Schema(description = "The whole range merged (percentiles from the merged histograms)") AnalyticsPoint totals,
        @Schema(description = "One point per step, aligned with times") List<AnalyticsPoint> points) {
}
