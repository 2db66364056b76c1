package io.edgeworks.api.environment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST …/environments}. */
public record CreateEnvironment(
        @Schema(description = "A DNS label, unique in the service", example = "staging", required = true) String name,
        @Schema(description = "Environment of the same service whose latest code, vars, secrets and bindings become version 1 (deployed)", example = "production") String cloneFrom) {
}
