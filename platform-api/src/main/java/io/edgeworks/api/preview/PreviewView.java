package io.edgeworks.api.preview;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A full-stack preview: the environments it made, one per service, each at its own hostname. */
public record PreviewView(
        @Schema(example = "pr-42") String name,
        @Schema(description = "The environment each service's preview was cloned from (a service without it: its production)", example = "production") String from,
        @Schema(description = "Services in the preview, by name") List<String> services,
        @Schema(description = "The preview's environments (named like the preview)") List<Environment> environments,
        Instant createdAt,
        @Schema(example = "alice") String createdBy) {

    /** One environment of the preview. */
    public record Environment(@Schema(example = "gateway") String service, @Schema(example = "pr-42") String environment,
                              @Schema(example = "pr-42-gateway.acme.localhost") String hostname) {
    }
}
