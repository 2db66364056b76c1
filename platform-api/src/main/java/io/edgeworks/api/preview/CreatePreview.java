package io.edgeworks.api.preview;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body of {@code POST /api/accounts/{a}/previews}. */
public record CreatePreview(
        @Schema(description = "Name of the preview and of every environment it creates (a DNS label)", example = "pr-42", required = true) String name,
        @Schema(description = "The environment to clone in each service (default production)", example = "production") String from,
        @Schema(description = "Services to preview; every service they reach through service bindings (that follow or name `from`) is previewed too", example = "[\"gateway\"]", required = true) List<String> services) {
}
