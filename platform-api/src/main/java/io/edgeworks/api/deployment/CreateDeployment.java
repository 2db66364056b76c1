package io.edgeworks.api.deployment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body of {@code POST …/deployments}. */
public record CreateDeployment(
        @Schema(description = "One version at 100, or two whose percentages sum to 100", required = true) List<Split> versions,
        @Schema(description = "Why", example = "roll back to v2") String message) {
}
