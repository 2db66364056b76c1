package io.edgeworks.api.route;

import java.time.Instant;
import java.util.UUID;

/** A custom route and the environment it serves. */
public record RouteView(UUID id, String pattern, String service, String environment, Instant createdAt) {
}
