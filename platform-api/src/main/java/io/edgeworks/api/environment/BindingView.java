package io.edgeworks.api.environment;

import io.edgeworks.api.deployment.Split;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A service binding of a deployed version, with where it lands now. */
public record BindingView(
        @Schema(description = "The deployed version of this environment that declares the binding", example = "4") int inVersion,
        @Schema(description = "Name in the worker's env", example = "AUTH") String name,
        @Schema(description = "Target service", example = "auth") String service,
        @Schema(description = "The target environment the binding reaches now", example = "staging") String environment,
        @Schema(description = "True when the binding names no environment and follows (re-resolved as environments come and go)") boolean follows,
        @Schema(description = "The pinned version of the target, when the binding pins one", example = "3") Integer version,
        @Schema(description = "The target's versions that serve the binding's calls now: the pinned one, else the target's current deployment (empty when the target is not deployed)") List<Split> versions) {
}
