package io.edgeworks.api.version;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST …/environments/{e}/promote}. */
public record Promote(
        @Schema(description = "Target environment of the same service", example = "production", required = true) String to,
        @Schema(description = "Message of the new version", example = "release 1.4") String message) {
}
