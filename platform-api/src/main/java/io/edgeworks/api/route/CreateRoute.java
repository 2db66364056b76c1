package io.edgeworks.api.route;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/accounts/{a}/routes}. */
public record CreateRoute(
        @Schema(description = "[scheme://]host[/path]; '*' only as host prefix or path suffix", example = "shop.example.com/api/*", required = true) String pattern,
        @Schema(description = "Target service", example = "hello", required = true) String service,
        @Schema(description = "Target environment, default production", example = "production") String environment) {
}
