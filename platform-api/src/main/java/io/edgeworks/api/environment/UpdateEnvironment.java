package io.edgeworks.api.environment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PATCH …/environments/{e}}: a new name, the version-overrides switch, or both. */
public record UpdateEnvironment(
        @Schema(description = "The new name; the hostname follows", example = "preview") String name,
        @Schema(description = "Whether a request may choose this environment's version with the Edgeworks-Version-Overrides header (default true)", example = "false") Boolean versionOverrides) {
}
