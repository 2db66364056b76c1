package io.edgeworks.api.route;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A custom route and the environment it serves; served only while a domain covering it is active. */
public record RouteView(UUID id, String pattern, String service, String environment,
                        @Schema(description = "active: served; inactive: accepted but not served", enumeration = {"active", "inactive"}) String status,
                        @Schema(description = "Why the route is not served; null when active", example = "domain example.com is pending verification") String reason,
                        Instant createdAt) {

    RouteView withStatus(String reason) {
        return new RouteView(id, pattern, service, environment, reason == null ? "active" : "inactive", reason, createdAt);
    }
}
